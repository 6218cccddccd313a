"""The ecobee client against the fake ecobee cloud on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from custom_components.heat_pump_monitor.api import (
    AuthenticationFailed,
    ConnectionFailed,
    InvalidResponse,
    RateLimited,
)
from custom_components.heat_pump_monitor.api.ecobee import (
    INCLUDE_ALERTS,
    INCLUDE_EXTENDED_RUNTIME,
    INCLUDE_RUNTIME,
    INCLUDE_SETTINGS,
    INCLUDE_WEATHER,
    AuthorizationExpired,
    AuthorizationPending,
    EcobeeClient,
)
from custom_components.heat_pump_monitor.api.ecobee_models import (
    parse_summary,
    parse_thermostats,
)
from custom_components.heat_pump_monitor.engine.sample import HvacMode

from ..fakes.ecobee import REPORT_COLUMNS, FakeEcobee, FakeThermostat, tenths_f
from ..fakes.loopback import serve
from ..fakes.plant import SimulatedPlant

START = datetime(2026, 1, 10, 7, 30, tzinfo=UTC)
ALL_PARTS = (
    INCLUDE_RUNTIME,
    INCLUDE_EXTENDED_RUNTIME,
    INCLUDE_SETTINGS,
    INCLUDE_ALERTS,
    INCLUDE_WEATHER,
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        """Start at ``START``."""
        self.now = START

    def __call__(self) -> datetime:
        """Return the current time."""
        return self.now

    def epoch(self) -> float:
        """Return the current time in epoch seconds."""
        return self.now.timestamp()


@dataclass
class World:
    """The fake cloud, its clock and a session to reach it."""

    fake: FakeEcobee
    clock: Clock
    session: aiohttp.ClientSession
    rotated: list[str]

    def client(self, **kwargs: object) -> EcobeeClient:
        """Return a client of the fake holding the fake's current refresh token."""
        kwargs.setdefault("refresh_token", self.fake.refresh_token)
        return EcobeeClient(
            self.session,
            self.fake.api_key,
            on_refresh_token=self.rotated.append,
            base_url=self.fake.url,
            clock=self.clock.epoch,
            **kwargs,  # type: ignore[arg-type]
        )


@pytest.fixture(name="world")
async def world_fixture() -> AsyncIterator[World]:
    """Serve a fake cloud with one heating thermostat and 2 hours of history."""
    clock = Clock()
    plant = SimulatedPlant(clock=clock, history=timedelta(hours=2))
    fake = FakeEcobee(clock=clock, thermostats=[FakeThermostat(plant=plant)])
    fake.issue_tokens()
    async with serve(fake.app) as server, aiohttp.ClientSession() as session:
        fake.port = server.port
        yield World(fake=fake, clock=clock, session=session, rotated=[])


async def test_pin_authorization(world: World) -> None:
    """PIN -> pending until the user enters it -> tokens; the refresh token is kept."""
    client = world.client(refresh_token=None)
    pin = await client.async_request_pin()
    assert len(pin.pin) == 10 and pin.expires_in_min == 9 and pin.interval_s == 30
    with pytest.raises(AuthorizationPending):
        await client.async_authorize(pin.code)
    world.fake.approve_pin()
    tokens = await client.async_authorize(pin.code)
    assert tokens.refresh_token == world.fake.refresh_token == client.refresh_token
    assert world.rotated == [tokens.refresh_token]
    summary = await client.async_summary()
    assert [r.identifier for r in summary.revisions] == ["511863952271"]
    assert world.fake.requests["/token"] == 2


async def test_pin_expires(world: World) -> None:
    """A PIN not entered in time is expired."""
    client = world.client()
    pin = await client.async_request_pin()
    world.clock.now += timedelta(minutes=10)
    with pytest.raises(AuthorizationExpired):
        await client.async_authorize(pin.code)
    with pytest.raises(AuthenticationFailed):
        await client.async_authorize("not-a-code")


async def test_wrong_application_key(world: World) -> None:
    """An unknown application key is refused."""
    client = EcobeeClient(world.session, "wrong", base_url=world.fake.url)
    with pytest.raises(AuthenticationFailed):
        await client.async_request_pin()


async def test_reads_what_the_plant_does(world: World) -> None:
    """Summary and thermostat report the plant in tenths of °F."""
    client = world.client()
    summary = await client.async_summary()
    revision = summary.revision("511863952271")
    assert revision is not None and revision.connected and revision.name == "Hallway"
    assert summary.revision("nope") is None
    thermostat = await client.async_thermostat("511863952271", ALL_PARTS)
    sample = world.fake.thermostats[0].plant.latest
    assert sample is not None and sample.indoor_temp_c is not None
    assert thermostat.runtime is not None and thermostat.settings is not None
    assert (
        thermostat.runtime.actual_temperature_f == tenths_f(sample.indoor_temp_c) / 10
    )
    assert thermostat.settings.has_heat_pump
    assert thermostat.settings.hvac_mode == "heat"
    assert thermostat.settings.compressor_min_outdoor_f == 5.0
    assert thermostat.settings.aux_max_outdoor_f == 40.0
    assert thermostat.alerts == ()
    assert thermostat.weather is not None
    assert thermostat.weather.temperature_f == tenths_f(sample.outdoor_temp_c) / 10
    assert thermostat.extended_runtime is not None
    assert thermostat.utc_time - thermostat.thermostat_time == timedelta(hours=5)
    assert summary.equipment["511863952271"] == thermostat.equipment
    # Only what was asked for comes back.
    bare = await client.async_thermostat("511863952271", [INCLUDE_SETTINGS])
    assert bare.runtime is None and bare.settings is not None and bare.alerts is None


async def test_alerts_are_parsed(world: World) -> None:
    """Alert numbers arrive."""
    world.fake.thermostats[0].alerts = {1010, 1004}
    thermostat = await world.client().async_thermostat("511863952271", [INCLUDE_ALERTS])
    assert thermostat.alerts is not None
    assert [alert.number for alert in thermostat.alerts] == [1004, 1010]


async def test_expired_access_token_is_refreshed_once(world: World) -> None:
    """Code 14: refresh, retry once; the rotated token reaches the callback."""
    client = world.client()
    old = world.fake.refresh_token
    await client.async_summary()
    assert world.fake.requests["/token"] == 1  # no access token yet
    world.fake.expire_access_token()
    await client.async_summary()
    assert world.fake.requests["/token"] == 2
    assert world.fake.requests["/1/thermostatSummary"] == 3
    assert old not in world.rotated and world.rotated[-1] == world.fake.refresh_token


async def test_refreshes_before_the_token_expires(world: World) -> None:
    """A token close to expiry is refreshed before the call, without a failed call."""
    client = world.client()
    await client.async_summary()
    world.clock.now += timedelta(seconds=3599 - 60)
    await client.async_summary()
    assert world.fake.requests["/token"] == 2
    assert world.fake.requests["/1/thermostatSummary"] == 2


async def test_token_expiring_twice_is_an_auth_failure(world: World) -> None:
    """If the fresh token is expired too, the user must act."""
    client = world.client()
    world.fake.access_ttl_s = 0
    with pytest.raises(AuthenticationFailed):
        await client.async_summary()


async def test_refused_refresh(world: World) -> None:
    """invalid_grant on refresh, or no refresh token, is an authentication failure."""
    world.fake.refuse_refresh = True
    with pytest.raises(AuthenticationFailed):
        await world.client().async_summary()
    with pytest.raises(AuthenticationFailed):
        await world.client(refresh_token=None).async_summary()


async def test_old_refresh_token_stops_working(world: World) -> None:
    """After a rotation the previous refresh token is refused."""
    old = world.fake.refresh_token
    await world.client().async_refresh()
    with pytest.raises(AuthenticationFailed):
        await world.client(refresh_token=old).async_refresh()


async def test_revoked_app(world: World) -> None:
    """Code 16 means the user removed the app."""
    client = world.client()
    await client.async_summary()
    world.fake.revoke()
    with pytest.raises(AuthenticationFailed):
        await client.async_summary()


@pytest.mark.parametrize(
    ("kind", "error", "field"),
    [
        ("500", ConnectionFailed, None),
        ("html", InvalidResponse, "body"),
        ("truncated", InvalidResponse, "body"),
        ("missing_field", InvalidResponse, "revisionList"),
    ],
)
async def test_misbehaving_summary(
    world: World, kind: str, error: type[Exception], field: str | None
) -> None:
    """Every malformed reply is a typed error naming the field."""
    client = world.client()
    await client.async_refresh()
    world.fake.misbehave(kind, times=1)
    with pytest.raises(error) as raised:
        await client.async_summary()
    assert getattr(raised.value, "field", None) == field
    await client.async_summary()


async def test_rate_limited(world: World) -> None:
    """429 carries Retry-After."""
    world.fake.retry_after_s = 900
    world.fake.misbehave("429", times=1)
    with pytest.raises(RateLimited) as raised:
        await world.client().async_request_pin()
    assert raised.value.retry_after_s == 900


async def test_timeout(world: World) -> None:
    """A reply slower than the timeout is a connection failure."""
    world.fake.slow_s = 0.5
    world.fake.misbehave("slow", times=1)
    with pytest.raises(ConnectionFailed):
        await world.client(timeout_s=0.1).async_request_pin()


async def test_unreachable() -> None:
    """Nothing listening is a connection failure."""
    async with aiohttp.ClientSession() as session:
        client = EcobeeClient(session, "key", base_url="http://127.0.0.1:9")
        with pytest.raises(ConnectionFailed):
            await client.async_request_pin()


async def test_runtime_report(world: World) -> None:
    """Rows in local time with the trailing comma; slots without data are empty."""
    world.fake.report_lag = timedelta(minutes=30)
    client = world.client()
    end = START
    report = await client.async_runtime_report(
        "511863952271", end - timedelta(hours=4), end, REPORT_COLUMNS
    )
    assert report.columns == REPORT_COLUMNS
    assert len(report.rows) == 48
    assert report.rows[0].time == datetime(2026, 1, 9, 22, 30)  # UTC-5
    filled = [row for row in report.rows if not row.empty]
    # History began 2 h before START; the last 30 minutes lag.
    assert len(filled) == 12 * 2 - 6
    assert all(row.texts["zoneHvacMode"] == "heat" for row in filled)
    assert sum(row.numbers["compHeat1"] or 0 for row in filled) > 0
    request = world.fake.report_requests[-1]
    assert request["startInterval"] == 3 * 12 + 6
    assert request["endInterval"] == 7 * 12 + 5
    with pytest.raises(ValueError):
        await client.async_runtime_report(
            "511863952271", end - timedelta(days=32), end, REPORT_COLUMNS
        )
    other = await client.async_runtime_report(
        "511863952271", end - timedelta(hours=1), end, ["auxHeat1"]
    )
    assert len(other.rows) == 12


async def test_report_of_another_thermostat_is_empty(world: World) -> None:
    """A report not naming our thermostat has no rows for it."""
    world.fake.thermostats[0].identifier = "999"
    client = world.client()
    report = await client.async_runtime_report(
        "999", START - timedelta(hours=1), START, ["fan"]
    )
    assert len(report.rows) == 12
    with pytest.raises(InvalidResponse):
        await client.async_thermostat("511863952271", [INCLUDE_SETTINGS])


def test_revision_names_may_hold_colons() -> None:
    """The name is everything between the identifier and the last five fields."""
    summary = parse_summary(
        {
            "revisionList": ["123:Living: room:false:1:2:3:4"],
            "statusList": ["123:"],
            "status": {"code": 0},
        }
    )
    revision = summary.revisions[0]
    assert (revision.name, revision.connected, revision.interval_rev) == (
        "Living: room",
        False,
        "4",
    )
    assert summary.equipment == {"123": frozenset()}


@pytest.mark.parametrize(
    ("reply", "field"),
    [
        ({"revisionList": ["1:a:true:1:2:3"]}, "revisionList"),
        ({"revisionList": ["1:a:yes:1:2:3:4"]}, "revisionList"),
        ({"revisionList": [7]}, "revisionList"),
        ({"revisionList": "x"}, "revisionList"),
        ({"revisionList": [], "statusList": ["nocolon"]}, "statusList"),
    ],
)
def test_bad_summaries(reply: dict[str, object], field: str) -> None:
    """Malformed summaries name the field."""
    with pytest.raises(InvalidResponse) as raised:
        parse_summary(reply)
    assert raised.value.field == field


THERMOSTAT = {
    "identifier": 511863952271,
    "name": "Hallway",
    "thermostatTime": "2025-01-15 06:52:01",
    "utcTime": "2025-01-15 11:52:01",
    "runtime": {
        "connected": True,
        "actualTemperature": -5003,
        "actualHumidity": 34,
        "desiredHeat": 690,
        "desiredCool": 780,
    },
    "weather": {"forecasts": []},
}


def test_identifier_may_be_a_number_and_sentinels_are_unknown() -> None:
    """A numeric identifier is text; -5003 (calibrating) is unknown."""
    (thermostat,) = parse_thermostats({"thermostatList": [THERMOSTAT]})
    assert thermostat.identifier == "511863952271"
    assert thermostat.runtime is not None
    assert thermostat.runtime.actual_temperature_f is None
    assert thermostat.runtime.desired_heat_f == 69.0
    assert thermostat.weather is not None and thermostat.weather.temperature_f is None
    assert thermostat.model_number == "" and thermostat.equipment == frozenset()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"identifier": None}, "identifier"),
        ({"identifier": True}, "identifier"),
        ({"utcTime": "yesterday"}, "utcTime"),
        ({"runtime": "x"}, "runtime"),
        ({"runtime": {"connected": "yes"}}, "connected"),
        ({"runtime": {"connected": True, "actualHumidity": 3.5}}, "actualHumidity"),
        ({"runtime": {"connected": True, "desiredHeat": float("nan")}}, "desiredHeat"),
        ({"extendedRuntime": {"heatPump1": [1, 2]}}, "extendedRuntime.heatPump1"),
        ({"settings": {"hasHeatPump": True}}, "hvacMode"),
        ({"alerts": [{"alertNumber": "1004"}]}, "alertNumber"),
        ({"alerts": ["1004"]}, "alerts"),
        ({"weather": {"forecasts": [{"temperature": "cold"}]}}, "temperature"),
        ({"name": 5}, "name"),
    ],
)
def test_bad_thermostats(change: dict[str, object], field: str) -> None:
    """Malformed thermostat objects name the field."""
    with pytest.raises(InvalidResponse) as raised:
        parse_thermostats({"thermostatList": [{**THERMOSTAT, **change}]})
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("2025-01-15,06:00:00,1", "rowList"),
        ("2025-01-15,6 am,1,2,", "rowList"),
        ("2025-01-15,06:00:00,x,2,", "rowList.fan"),
        ("2025-01-15,06:00:00,nan,2,", "rowList.fan"),
    ],
)
async def test_bad_report_rows(world: World, row: str, field: str) -> None:
    """Malformed runtime-report rows name the field."""
    from custom_components.heat_pump_monitor.api.ecobee_models import parse_report

    with pytest.raises(InvalidResponse) as raised:
        parse_report(
            {
                "columns": "fan,outdoorTemp",
                "reportList": [{"thermostatIdentifier": "1", "rowList": [row]}],
            },
            "1",
        )
    assert raised.value.field == field


def test_report_rows_without_trailing_comma() -> None:
    """A row without the trailing comma is read too; text columns stay text."""
    from custom_components.heat_pump_monitor.api.ecobee_models import parse_report

    report = parse_report(
        {
            "columns": "fan,zoneHvacMode",
            "reportList": [
                {"thermostatIdentifier": 1, "rowList": ["2025-01-15,06:00:00,300,"]}
            ],
        },
        "1",
    )
    assert report.rows[0].numbers == {"fan": 300.0}
    assert report.rows[0].texts == {"zoneHvacMode": None}
    assert not report.rows[0].empty


async def test_unknown_status_codes(world: World) -> None:
    """Code 3 is transient; other codes are protocol errors; odd OAuth errors too."""
    client = world.client()
    await client.async_refresh()
    world.fake.thermostats[0].identifier = "other"
    with pytest.raises(InvalidResponse) as raised:
        await client.async_thermostat("511863952271", [INCLUDE_SETTINGS])
    assert raised.value.field == "status.code"


async def test_cooling_plant(world: World) -> None:
    """A cooling plant reports compCool1 and cool mode."""
    clock = world.clock
    plant = SimulatedPlant(
        clock=clock, history=timedelta(hours=2), hvac_mode=HvacMode.COOL
    )
    world.fake.thermostats = [FakeThermostat(plant=plant, identifier="42")]
    thermostat = await world.client().async_thermostat("42", [INCLUDE_SETTINGS])
    assert thermostat.settings is not None
    assert thermostat.settings.hvac_mode == "cool"


@pytest.mark.parametrize(
    ("kind", "error", "field"),
    [
        ("nan", InvalidResponse, "body"),
        ("not_object", InvalidResponse, "body"),
        ("no_status", InvalidResponse, "status"),
        ("processing_error", ConnectionFailed, None),
        ("odd_http_error", ConnectionFailed, None),
    ],
)
async def test_odd_data_replies(
    world: World, kind: str, error: type[Exception], field: str | None
) -> None:
    """NaN, non-objects, no status, code 3, unexplained HTTP errors."""
    client = world.client()
    await client.async_refresh()
    world.fake.misbehave(kind, times=1, path="/1/thermostatSummary")
    with pytest.raises(error) as raised:
        await client.async_summary()
    assert getattr(raised.value, "field", None) == field


async def test_odd_oauth_error(world: World) -> None:
    """An OAuth error outside the documented ones names the field."""
    world.fake.misbehave("odd_oauth_error", times=1)
    with pytest.raises(InvalidResponse) as raised:
        await world.client().async_request_pin()
    assert raised.value.field == "error"


async def test_unreadable_retry_after(world: World) -> None:
    """A Retry-After that is not seconds: wait the default."""
    world.fake.retry_after_s = "soon"
    world.fake.misbehave("429", times=1)
    with pytest.raises(RateLimited) as raised:
        await world.client().async_request_pin()
    assert raised.value.retry_after_s == 300


async def test_refresh_without_rotation(world: World) -> None:
    """A refresh that keeps the refresh token does not report it again."""
    world.fake.rotate_refresh = False
    client = world.client()
    await client.async_refresh()
    assert world.rotated == []
    assert client.refresh_token == world.fake.refresh_token


async def test_thermostat_among_others(world: World) -> None:
    """The reply may list other thermostats; ours is picked by identifier."""
    plant = world.fake.thermostats[0].plant
    world.fake.thermostats.insert(0, FakeThermostat(plant=plant, identifier="1"))
    world.fake.ignore_selection = True
    thermostat = await world.client().async_thermostat(
        "511863952271", [INCLUDE_SETTINGS]
    )
    assert thermostat.identifier == "511863952271"
    with pytest.raises(InvalidResponse) as raised:
        await world.client().async_thermostat("nope", [INCLUDE_SETTINGS])
    assert raised.value.field == "identifier"


async def test_client_without_callback(world: World) -> None:
    """Without a callback the newest refresh token is still on the client."""
    client = EcobeeClient(
        world.session,
        world.fake.api_key,
        refresh_token=world.fake.refresh_token,
        base_url=world.fake.url,
    )
    await client.async_refresh()
    assert client.refresh_token == world.fake.refresh_token


def test_report_picks_the_thermostat() -> None:
    """Rows of other thermostats are not ours; no report of ours is no rows."""
    from custom_components.heat_pump_monitor.api.ecobee_models import parse_report

    data = {
        "columns": "fan",
        "reportList": [
            {"thermostatIdentifier": "2", "rowList": ["2025-01-15,06:00:00,1,"]},
            {"thermostatIdentifier": "1", "rowList": ["2025-01-15,06:00:00,300,"]},
        ],
    }
    assert parse_report(data, "1").rows[0].numbers == {"fan": 300.0}
    assert parse_report(data, "3").rows == ()
