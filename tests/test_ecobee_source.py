"""An ecobee thermostat set up in Home Assistant, polled from the fake cloud on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.heat_pump_monitor.const import CONF_REFRESH_TOKEN, DOMAIN
from custom_components.heat_pump_monitor.sources import ecobee as ecobee_source

from .conftest import Advance, ecobee_entry
from .fakes.ecobee import FakeEcobee, FakeThermostat, tenths_f
from .fakes.loopback import serve
from .fakes.plant import SimulatedPlant
from .planted_secrets import NOTIFY_OPTIONS, Outputs, assert_no_secret

IDENTIFIER = "511863952271"


@pytest.fixture(name="window")
def window_fixture() -> tuple[timedelta, str | None]:
    """How much the plant has simulated, and when the test starts (None: now)."""
    return timedelta(hours=6), None


@pytest.fixture(name="fake")
async def fake_fixture(
    hass: HomeAssistant,
    socket_enabled: None,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    window: tuple[timedelta, str | None],
) -> AsyncIterator[FakeEcobee]:
    """Serve a fake ecobee cloud whose plant heats a cold house on HA's clock."""
    history, start = window
    if start is not None:
        freezer: FrozenDateTimeFactory = request.getfixturevalue("freezer")
        freezer.move_to(start)
    await hass.config.async_set_time_zone("UTC")
    # Month-long histories in 5-minute steps (what the runtime report has) run faster.
    step = 300.0 if history > timedelta(days=2) else 60.0
    plant = SimulatedPlant(
        clock=dt_util.utcnow, history=history, sample_interval_s=step
    )
    fake = FakeEcobee(clock=dt_util.utcnow, thermostats=[FakeThermostat(plant=plant)])
    fake.issue_tokens()
    async with serve(fake.app) as server:
        fake.port = server.port
        monkeypatch.setenv(ecobee_source.URL_ENV, fake.url)
        yield fake


async def _setup(hass: HomeAssistant, fake: FakeEcobee) -> MockConfigEntry:
    entry = ecobee_entry(fake)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def _state(hass: HomeAssistant, platform: str, key: str) -> str:
    entity = er.async_get(hass).async_get_entity_id(
        platform, DOMAIN, f"{IDENTIFIER}_{key}"
    )
    assert entity is not None, key
    state = hass.states.get(entity)
    assert state is not None
    return state.state


def _tenths_c(celsius: float | None) -> float:
    return (tenths_f(celsius) / 10.0 - 32.0) * 5.0 / 9.0


async def test_entities_follow_the_thermostat(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """Temperatures arrive in °C as the fake reported them; the device is the ecobee."""
    entry = await _setup(hass, fake)
    assert entry.state is ConfigEntryState.LOADED
    sample = fake.thermostats[0].plant.latest
    assert sample is not None
    indoor = float(_state(hass, "sensor", "indoor_temperature"))
    assert indoor == pytest.approx(_tenths_c(sample.indoor_temp_c), abs=0.01)
    outdoor = float(_state(hass, "sensor", "outdoor_temperature"))
    assert outdoor == pytest.approx(_tenths_c(sample.outdoor_temp_c), abs=0.01)
    running = bool(sample.comp_heat_s or sample.aux_heat_s)
    assert (_state(hass, "sensor", "operating_mode") == "heating") is running
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert (DOMAIN, IDENTIFIER) in device.identifiers
    assert (device.manufacturer, device.model) == ("ecobee", "ecobee3 lite")


async def test_refresh_token_rotation_is_persisted(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """Every rotated refresh token lands in the entry at once; code 14 heals itself."""
    first = fake.refresh_token
    entry = await _setup(hass, fake)
    assert entry.data[CONF_REFRESH_TOKEN] == fake.refresh_token != first
    second = fake.refresh_token
    fake.expire_access_token()
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    assert entry.data[CONF_REFRESH_TOKEN] == fake.refresh_token != second
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    # An hour later the token is refreshed before it expires, not after a failure.
    summaries = fake.requests["/1/thermostatSummary"]
    await advance(timedelta(hours=1), timedelta(minutes=3))
    assert fake.requests["/1/thermostatSummary"] == summaries + 20
    assert entry.data[CONF_REFRESH_TOKEN] == fake.refresh_token


async def test_refused_refresh_starts_reauth(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """invalid_grant on refresh: the reauthentication flow starts."""
    entry = await _setup(hass, fake)
    fake.refuse_refresh = True
    fake.expire_access_token()
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == entry.entry_id


async def test_revoked_app_starts_reauth(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """Code 16 (the user removed the app): the reauthentication flow starts."""
    await _setup(hass, fake)
    fake.revoke()
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


@pytest.mark.parametrize("kind", ["500", "html", "truncated", "missing_field"])
async def test_outage_makes_entities_unavailable_then_recovers(
    hass: HomeAssistant,
    fake: FakeEcobee,
    advance: Advance,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    """Server errors and bad bodies: unavailable, logged once, then back."""
    await _setup(hass, fake)
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    fake.misbehave(kind, path="/1/thermostatSummary")
    await advance(timedelta(minutes=6), timedelta(minutes=3))
    assert _state(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    fake.misbehave(None)
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    ours = [
        r for r in caplog.records if r.name == "custom_components.heat_pump_monitor"
    ]
    failed = [r for r in ours if r.levelno == logging.ERROR]
    recovered = [r for r in ours if "recovered" in r.getMessage()]
    assert len(failed) == 1, [r.getMessage() for r in ours]
    assert len(recovered) == 1


async def test_timeout_makes_entities_unavailable_then_recovers(
    hass: HomeAssistant, fake: FakeEcobee, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reply slower than the timeout: unavailable, then back (on real time)."""
    entry = await _setup(hass, fake)
    # Reloaded (no second backfill) with a short timeout.
    monkeypatch.setattr(ecobee_source, "REQUEST_TIMEOUT_S", 0.1)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    coordinator = entry.runtime_data.coordinator
    fake.slow_s = 0.6
    fake.misbehave("slow", times=1)
    await coordinator.async_refresh()
    assert _state(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    assert "TimeoutError" in coordinator.source.diagnostics()["last_error"]
    await coordinator.async_refresh()
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE


async def test_disconnected_thermostat_is_unavailable(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """connected=false: entities unavailable until the thermostat reconnects."""
    await _setup(hass, fake)
    fake.thermostats[0].connected = False
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    assert _state(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    fake.thermostats[0].connected = True
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE


async def test_first_refresh_failing_retries_setup(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """The cloud failing at startup: the entry retries later."""
    fake.misbehave("500")
    entry = await _setup(hass, fake)
    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_rate_limit_is_honoured(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """429: no request until Retry-After; unavailable only once it outlasts a poll."""
    await _setup(hass, fake)
    fake.retry_after_s = 540
    fake.misbehave("429", times=1)
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    made = sum(fake.requests.values())
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    await advance(timedelta(minutes=6), timedelta(minutes=3))
    assert sum(fake.requests.values()) == made
    assert _state(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    assert sum(fake.requests.values()) > made
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE


async def test_frozen_revisions_mean_no_refetch(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """/thermostat is fetched only when a revision changed."""
    await _setup(hass, fake)
    fake.freeze_revisions = True
    fetched = fake.requests["/1/thermostat"]
    await advance(timedelta(hours=1), timedelta(minutes=3))
    assert fake.requests["/1/thermostat"] == fetched
    fake.freeze_revisions = False
    await advance(timedelta(minutes=15), timedelta(minutes=3))
    assert fake.requests["/1/thermostat"] > fetched


async def test_alert_raises_an_error_code_finding(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """A heat pump heating problem alert becomes an error-code repair issue."""
    entry = await _setup(hass, fake)
    fake.thermostats[0].alerts = {1004}
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    issue_id = f"{entry.entry_id}_error_code"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert "1004" in (issue.translation_placeholders or {}).get("code", "")
    fake.thermostats[0].alerts = set()
    await advance(timedelta(minutes=9), timedelta(minutes=3))
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


@pytest.mark.parametrize("window", [(timedelta(days=31), "2027-02-10T12:00:00+00:00")])
async def test_backfill_gives_a_balance_point_on_day_one(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """31 days of runtime report at setup: the balance point is known at once."""
    entry = await _setup(hass, fake)
    balance = _state(hass, "sensor", "balance_point")
    assert balance not in (STATE_UNKNOWN, STATE_UNAVAILABLE)
    logging.getLogger(__name__).warning("Backfilled balance point: %s °C", balance)
    assert fake.requests["/1/runtimeReport"] == 1
    (report,) = fake.report_requests
    assert report["selection"]["selectionMatch"] == IDENTIFIER
    # A restart never backfills twice.
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert fake.requests["/1/runtimeReport"] == 1


async def test_a_day_of_polling_stays_within_the_guidance(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """One summary every 3 minutes; /thermostat only on revision changes."""
    await _setup(hass, fake)
    fake.requests.clear()
    # A quarter of a day, scaled to a day (a whole day adds 8 s to the suite).
    await advance(timedelta(hours=6), timedelta(minutes=3))
    day = {path: count * 4 for path, count in fake.requests.items()}
    logging.getLogger(__name__).warning("ecobee requests per day: %s", day)
    assert day["/1/thermostatSummary"] == 480
    assert day["/1/thermostat"] <= 480 / 2
    assert day["/token"] == 24
    assert "/1/runtimeReport" not in day


async def test_no_secret_in_diagnostics_or_log(
    hass: HomeAssistant,
    fake: FakeEcobee,
    advance: Advance,
    hass_client: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No key, token or identifier anywhere the integration writes.

    Diagnostics, the debug log, bus events, phone notifications, repair issues (the
    texts of the persistent notifications too) and the technician report.
    """
    caplog.set_level(logging.DEBUG)
    outputs = Outputs(hass)
    refresh = fake.refresh_token
    entry = await _setup(hass, fake)
    hass.config_entries.async_update_entry(entry, options=NOTIFY_OPTIONS)
    await hass.async_block_till_done()  # reloaded with the phone
    fake.expire_access_token()
    fake.thermostats[0].alerts = {1010}
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    written = await outputs.written(hass_client, entry)
    assert (
        written.diagnostics["engine"]["source"]["requests"]["/1/thermostatSummary"] >= 3
    )
    assert written.issues
    raised = [e["kind"] for e in written.events if e["type"] == "finding_raised"]
    assert raised == ["error_code"]
    assert len(written.phone) == 1
    assert "ecobee-1010" in str(written.report)
    secrets = [fake.api_key, IDENTIFIER, refresh, fake.refresh_token]
    secrets += list(fake.access_tokens)
    assert_no_secret(secrets, written, caplog)


async def test_unknown_weather_is_unknown(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """-5002 from the weather service: outdoor temperature unknown, not 0."""
    fake.thermostats[0].weather_unknown = True
    await _setup(hass, fake)
    assert _state(hass, "sensor", "outdoor_temperature") == STATE_UNKNOWN
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNKNOWN


async def test_thermostat_gone_from_the_account(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """A thermostat removed from the account: unavailable (not a crash)."""
    await _setup(hass, fake)
    gone = fake.thermostats.pop()
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    assert _state(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    fake.thermostats.append(gone)
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE


async def test_unreadable_history_does_not_block_live_data(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """A malformed runtime report: no backfill, live data as usual, no second try."""
    fake.misbehave("missing_field", times=1, path="/1/runtimeReport")
    entry = await _setup(hass, fake)
    assert entry.state is ConfigEntryState.LOADED
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    assert fake.requests["/1/runtimeReport"] == 1
    backfill = entry.runtime_data.coordinator.source.diagnostics()["backfill"]
    assert "columns" in backfill["failed"]


async def test_manual_refresh_while_rate_limited_makes_no_request(
    hass: HomeAssistant, fake: FakeEcobee, advance: Advance
) -> None:
    """An extra refresh during Retry-After asks nothing and keeps entities."""
    entry = await _setup(hass, fake)
    fake.misbehave("429", times=1)
    await advance(timedelta(minutes=3), timedelta(minutes=3))
    made = sum(fake.requests.values())
    await entry.runtime_data.coordinator.async_refresh()
    assert sum(fake.requests.values()) == made
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE


def test_the_cloud_unless_overridden(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """api.ecobee.com by default; the override is warned about once."""
    monkeypatch.delenv(ecobee_source.URL_ENV, raising=False)
    assert ecobee_source.base_url() == "https://api.ecobee.com"
    monkeypatch.setattr(ecobee_source, "_url_warned", False)
    monkeypatch.setenv(ecobee_source.URL_ENV, "http://127.0.0.1:8135")
    assert ecobee_source.base_url() == "http://127.0.0.1:8135"
    assert ecobee_source.base_url() == "http://127.0.0.1:8135"
    assert caplog.text.count(ecobee_source.URL_ENV) == 1


@pytest.mark.parametrize("window", [(timedelta(days=31), "2027-03-20T12:00:00+00:00")])
async def test_backfill_across_a_dst_change(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """Rows before the spring DST change land at the right UTC time."""
    zone = "America/New_York"
    await hass.config.async_set_time_zone(zone)
    fake.thermostats[0].timezone = dt_util.get_time_zone(zone)
    entry = await _setup(hass, fake)
    backfill = entry.runtime_data.coordinator.source.diagnostics()["backfill"]
    start = datetime.fromisoformat(backfill["start"])
    end = datetime.fromisoformat(backfill["end"])
    # Every slot of the window has data: none is lost or doubled by the shift.
    assert backfill["samples"] == (end - start) / timedelta(minutes=5)
    assert backfill["dst_aware"] is True
    assert backfill["utc_offset_h"] == -4.0


@pytest.mark.parametrize("window", [(timedelta(days=31), "2027-03-20T12:00:00+00:00")])
async def test_backfill_without_the_thermostat_zone(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """Home Assistant in another zone: the thermostat's offset now is used."""
    fake.thermostats[0].timezone = dt_util.get_time_zone("America/New_York")
    entry = await _setup(hass, fake)
    backfill = entry.runtime_data.coordinator.source.diagnostics()["backfill"]
    assert backfill["dst_aware"] is False
    start = datetime.fromisoformat(backfill["start"])
    end = datetime.fromisoformat(backfill["end"])
    # The hour before the change is shifted out of the window.
    assert backfill["samples"] == (end - start) / timedelta(minutes=5) - 12
