"""Fuzzing the ecobee client: every reply it parses, spoiled, over loopback."""

from __future__ import annotations

from datetime import UTC, datetime
import json
from typing import Any

from hypothesis import example, given, strategies as st

from custom_components.heat_pump_monitor.api.ecobee import (
    INCLUDE_ALERTS,
    INCLUDE_EXTENDED_RUNTIME,
    INCLUDE_RUNTIME,
    INCLUDE_SETTINGS,
    INCLUDE_WEATHER,
    EcobeeClient,
)

from ..fakes.ecobee import API_KEY, REPORT_COLUMNS
from . import payloads
from .checks import check_call, keys_of
from .mutations import HUGE, replies, reply_with
from .profiles import FUZZ
from .stage import Loopback, Reply

FIELDS = keys_of(
    payloads.ECOBEE_PIN,
    payloads.ECOBEE_TOKENS,
    payloads.ECOBEE_OAUTH_ERROR,
    payloads.ECOBEE_STATUS_ERROR,
    payloads.ECOBEE_SUMMARY,
    payloads.ECOBEE_THERMOSTAT,
    payloads.ECOBEE_REPORT,
) | {"body"}
GOOD_TOKENS = Reply(body=json.dumps(payloads.ECOBEE_TOKENS).encode())
ALL_PARTS = (
    INCLUDE_RUNTIME,
    INCLUDE_EXTENDED_RUNTIME,
    INCLUDE_SETTINGS,
    INCLUDE_ALERTS,
    INCLUDE_WEATHER,
)


def _client(loopback: Loopback, reply: Reply, path: str) -> EcobeeClient:
    """Make a client of the stage, whose ``path`` answers ``reply`` (tokens are good)."""
    loopback.stage.reset()
    loopback.stage.serve("/token", GOOD_TOKENS)
    loopback.stage.serve(path, reply)
    return EcobeeClient(
        loopback.session,
        API_KEY,
        refresh_token="v1.refresh",
        base_url=loopback.url,
        clock=lambda: datetime(2026, 1, 10, 7, 30, tzinfo=UTC).timestamp(),
    )


def _or_error(payload: dict[str, Any]) -> st.SearchStrategy[Reply]:
    """Make replies from ``payload`` or from an error reply of the API."""
    return st.one_of(replies(payload), replies(payloads.ECOBEE_STATUS_ERROR))


@FUZZ
@example(reply=reply_with(payloads.ECOBEE_PIN, ("expires_in",), HUGE[0]))
@given(
    reply=st.one_of(replies(payloads.ECOBEE_PIN), replies(payloads.ECOBEE_OAUTH_ERROR))
)
async def test_pin(loopback: Loopback, reply: Reply) -> None:
    client = _client(loopback, reply, "/authorize")
    await check_call("ecobee /authorize (PIN)", client.async_request_pin(), FIELDS)


@FUZZ
@example(
    reply=reply_with(payloads.ECOBEE_TOKENS, ("expires_in",), HUGE[0]), refresh=True
)
@given(
    reply=st.one_of(
        replies(payloads.ECOBEE_TOKENS), replies(payloads.ECOBEE_OAUTH_ERROR)
    ),
    refresh=st.booleans(),
)
async def test_tokens(loopback: Loopback, reply: Reply, refresh: bool) -> None:
    client = _client(loopback, reply, "/token")
    call = client.async_refresh() if refresh else client.async_authorize("code")
    await check_call("ecobee /token", call, FIELDS)


@FUZZ
@example(reply=reply_with(payloads.ECOBEE_SUMMARY, ("status", "code"), HUGE[1]))
@given(reply=_or_error(payloads.ECOBEE_SUMMARY))
async def test_summary(loopback: Loopback, reply: Reply) -> None:
    client = _client(loopback, reply, "/1/thermostatSummary")
    summary = await check_call(
        "ecobee /1/thermostatSummary", client.async_summary(), FIELDS
    )
    if summary is not None:
        summary.revision(payloads.THERMOSTAT_ID)


@FUZZ
@example(
    reply=reply_with(
        payloads.ECOBEE_THERMOSTAT,
        ("thermostatList", 0, "runtime", "actualTemperature"),
        HUGE[0],
    )
)
@example(
    reply=reply_with(
        payloads.ECOBEE_THERMOSTAT,
        ("thermostatList", 0, "extendedRuntime", "fan", 1),
        HUGE[1],
    )
)
@given(reply=_or_error(payloads.ECOBEE_THERMOSTAT))
async def test_thermostat(loopback: Loopback, reply: Reply) -> None:
    client = _client(loopback, reply, "/1/thermostat")
    call = client.async_thermostat(payloads.THERMOSTAT_ID, ALL_PARTS)
    await check_call("ecobee /1/thermostat", call, FIELDS)


@FUZZ
@example(reply=reply_with(payloads.ECOBEE_REPORT, ("status", "code"), HUGE[0], 500))
@given(reply=_or_error(payloads.ECOBEE_REPORT))
async def test_runtime_report(loopback: Loopback, reply: Reply) -> None:
    client = _client(loopback, reply, "/1/runtimeReport")
    call = client.async_runtime_report(
        payloads.THERMOSTAT_ID,
        datetime(2026, 1, 9, tzinfo=UTC),
        datetime(2026, 1, 9, 0, 15, tzinfo=UTC),
        REPORT_COLUMNS,
    )
    report = await check_call("ecobee /1/runtimeReport", call, FIELDS)
    if report is not None:
        assert all(isinstance(row.empty, bool) for row in report.rows)
