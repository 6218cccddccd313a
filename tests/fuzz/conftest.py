"""Fuzz tests: a loopback stage per test, and the tally for ``scripts/fuzz``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import logging
import os

import aiohttp
import pytest

from ..fakes.loopback import serve
from . import tally
from .stage import Loopback, Stage


@pytest.fixture(scope="session", autouse=True)
def write_tally() -> Iterator[None]:
    """Write what the parsers did, for ``scripts/fuzz`` (``HPM_FUZZ_TALLY``)."""
    yield
    tally.write(os.environ.get("PYTEST_XDIST_WORKER", "main"))


@pytest.fixture
async def loopback(
    socket_enabled: None, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[Loopback]:
    """Serve a stage on 127.0.0.1 for the whole test; examples swap its replies."""
    # Thousands of requests: their access log lines would drown a failure.
    caplog.set_level(logging.WARNING, logger="aiohttp.access")
    stage = Stage()
    async with serve(stage.app) as server, aiohttp.ClientSession() as session:
        assert server.port is not None
        yield Loopback(
            stage=stage,
            session=session,
            url=f"http://127.0.0.1:{server.port}",
            port=server.port,
        )
