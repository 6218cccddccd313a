"""Client tests talk to fake servers on loopback: sockets on, 127.0.0.1 only."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Allow sockets (Home Assistant's test plugin still limits them to 127.0.0.1)."""
