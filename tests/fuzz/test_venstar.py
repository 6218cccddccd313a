"""Fuzzing the Venstar client: every reply it parses, spoiled, over loopback."""

from __future__ import annotations

from hypothesis import example, given, strategies as st

from custom_components.heat_pump_monitor.api.venstar import VenstarClient

from . import payloads
from .checks import check_call, keys_of
from .mutations import HUGE, replies, reply_with
from .profiles import FUZZ
from .stage import Loopback, Reply

FIELDS = keys_of(
    payloads.VENSTAR_ROOT,
    payloads.VENSTAR_INFO,
    payloads.VENSTAR_SENSORS,
    payloads.VENSTAR_RUNTIMES,
    payloads.VENSTAR_ALERTS,
    payloads.VENSTAR_ERROR,
) | {"body"}


def _client(loopback: Loopback, reply: Reply, path: str) -> VenstarClient:
    """Make a client of the stage, whose ``path`` answers ``reply``."""
    loopback.stage.reset()
    loopback.stage.serve(path, reply)
    return VenstarClient(
        loopback.session, "127.0.0.1", port=loopback.port, request_gap_s=0.0
    )


def _or_error(payload: dict[str, object]) -> st.SearchStrategy[Reply]:
    """Make replies from ``payload`` or from the thermostat's error reply."""
    return st.one_of(replies(payload), replies(payloads.VENSTAR_ERROR))


@FUZZ
@example(reply=reply_with(payloads.VENSTAR_ROOT, ("api_ver",), HUGE[0]))
@given(reply=_or_error(payloads.VENSTAR_ROOT))
async def test_root(loopback: Loopback, reply: Reply) -> None:
    client = _client(loopback, reply, "/")
    root = await check_call("venstar / (root)", client.async_root(), FIELDS)
    if root is not None:
        assert isinstance(root.forces_celsius, bool)


@FUZZ
@example(reply=reply_with(payloads.VENSTAR_INFO, ("spacetemp",), HUGE[0]))
@example(reply=reply_with(payloads.VENSTAR_INFO, ("mode",), HUGE[1]))
@example(reply=reply_with(payloads.VENSTAR_INFO, ("hum",), HUGE[0]))
@given(reply=_or_error(payloads.VENSTAR_INFO))
async def test_info(loopback: Loopback, reply: Reply) -> None:
    client = _client(loopback, reply, "/query/info")
    info = await check_call("venstar /query/info", client.async_info(), FIELDS)
    if info is not None:
        assert isinstance(info.celsius, bool)


@FUZZ
@example(reply=reply_with(payloads.VENSTAR_SENSORS, ("sensors", 2, "temp"), HUGE[1]))
@given(reply=_or_error(payloads.VENSTAR_SENSORS))
async def test_sensors(loopback: Loopback, reply: Reply) -> None:
    client = _client(loopback, reply, "/query/sensors")
    await check_call("venstar /query/sensors", client.async_sensors(), FIELDS)


@FUZZ
@example(reply=reply_with(payloads.VENSTAR_RUNTIMES, ("runtimes", 0, "ts"), HUGE[0]))
@given(reply=_or_error(payloads.VENSTAR_RUNTIMES))
async def test_runtimes(loopback: Loopback, reply: Reply) -> None:
    client = _client(loopback, reply, "/query/runtimes")
    await check_call("venstar /query/runtimes", client.async_runtimes(), FIELDS)


@FUZZ
@given(reply=_or_error(payloads.VENSTAR_ALERTS))
async def test_alerts(loopback: Loopback, reply: Reply) -> None:
    client = _client(loopback, reply, "/query/alerts")
    await check_call("venstar /query/alerts", client.async_alerts(), FIELDS)
