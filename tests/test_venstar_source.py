"""A Venstar thermostat set up in Home Assistant, polled from the fake on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.const import DOMAIN
from custom_components.heat_pump_monitor.engine.error_codes import CodeClass, lookup
from custom_components.heat_pump_monitor.sources.venstar import ALERT_CODES, STATE_CODES
from custom_components.heat_pump_monitor.sources.venstar_runtime import SLACK_S

from .conftest import SERIAL, Advance, state_of, venstar_entry
from .fakes.plant import SimulatedPlant
from .fakes.venstar import FakeVenstar, fahrenheit


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _celsius(value_f: float) -> float:
    return (value_f - 32.0) * 5.0 / 9.0


async def test_entities_follow_the_thermostat(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """Temperatures arrive in °C; the device is the Venstar thermostat."""
    entry = venstar_entry(fake_venstar)
    await _setup(hass, entry)
    sample = fake_venstar.plant.latest
    assert sample is not None
    assert sample.indoor_temp_c is not None and sample.supply_temp_c is not None
    indoor = float(state_of(hass, "sensor", "indoor_temperature"))
    assert indoor == pytest.approx(_celsius(fahrenheit(sample.indoor_temp_c)), abs=0.01)
    supply = float(state_of(hass, "sensor", "supply_temperature"))
    assert supply == pytest.approx(_celsius(fahrenheit(sample.supply_temp_c)), abs=0.01)
    assert sample.return_temp_c is not None
    back = float(state_of(hass, "sensor", "return_temperature"))
    assert back == pytest.approx(_celsius(fahrenheit(sample.return_temp_c)), abs=0.01)
    assert state_of(hass, "sensor", "outdoor_temperature") != STATE_UNKNOWN
    running = bool(sample.comp_heat_s or sample.aux_heat_s)
    assert (state_of(hass, "sensor", "operating_mode") == "heating") is running
    [device] = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert device.identifiers == {(DOMAIN, SERIAL)}
    assert (device.manufacturer, device.model, device.sw_version) == (
        "Venstar",
        "COLORTOUCH",
        "6.91",
    )


def _runtime_today_s(hass: HomeAssistant, key: str) -> float:
    return float(state_of(hass, "sensor", f"{key}_runtime_today")) * 3600.0


async def test_a_day_matches_the_thermostat_counters(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Runtime today equals the thermostat's counters, across UTC midnight too.

    Also counts the HTTP requests of a simulated day (reported in the closing note).
    """
    evening = datetime(2027, 1, 14, 21, tzinfo=UTC)
    freezer.move_to(evening)
    fake_venstar.plant = SimulatedPlant(clock=dt_util.utcnow, history=timedelta(days=1))
    midnight = evening + timedelta(hours=3)
    day = midnight - timedelta(days=1)
    counted_before = fake_venstar.day_minutes(day)["heat1"] * 60.0
    await _setup(hass, venstar_entry(fake_venstar))
    # Five-minute steps (each sample then covers five minutes of counters), and
    # one-minute polls around midnight, as in real life.
    await advance(midnight - evening - timedelta(minutes=5), timedelta(minutes=5))
    await advance(timedelta(minutes=4), timedelta(minutes=1))
    expected = fake_venstar.day_minutes(day)["heat1"] * 60.0 - counted_before
    assert expected > 1800.0
    # Within the ledger's slack (one poll) of the counters, plus the poll that
    # spans midnight, which counts for the day it started.
    tolerance = SLACK_S + 60.0 + 0.1
    assert _runtime_today_s(hass, "compressor_heating") == pytest.approx(
        expected, abs=tolerance
    )
    await advance(timedelta(minutes=5), timedelta(minutes=1))
    await advance(timedelta(hours=6), timedelta(minutes=5))
    assert dt_util.utcnow().date() == midnight.date()
    expected = fake_venstar.day_minutes(midnight)["heat1"] * 60.0
    assert expected > 3600.0
    assert _runtime_today_s(hass, "compressor_heating") == pytest.approx(
        expected, abs=tolerance
    )
    fake_venstar.requests.clear()
    await advance(timedelta(hours=1), timedelta(minutes=1))
    per_day = sum(fake_venstar.requests.values()) * 24
    logging.getLogger(__name__).warning("Venstar requests per day: %s", per_day)
    # info, sensors and runtimes every minute; alerts every five minutes.
    assert per_day == 3 * 1440 + 288


async def test_live_state_alone_cannot_run_up_runtime(
    hass: HomeAssistant, fake_venstar: FakeVenstar, advance: Advance
) -> None:
    """A thermostat that says "cooling" while its cool1 counter stands still.

    The live state reports at most one poll of cooling before the counters' silence
    bounds it; compressor heating is not reported either while the state says cooling.
    """
    await _setup(hass, venstar_entry(fake_venstar))
    cooled = _runtime_today_s(hass, "compressor_cooling")
    fake_venstar.state_override = 2
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    assert 0.0 < _runtime_today_s(hass, "compressor_cooling") - cooled <= SLACK_S + 0.01


async def test_restart_resumes_without_double_counting(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
) -> None:
    """After a reload the counters are compared with what was already reported."""
    # A cold early morning, whatever the hour the test runs at: the plant heats.
    freezer.move_to((dt_util.utcnow() + timedelta(days=1)).replace(hour=5, minute=0))
    entry = venstar_entry(fake_venstar)
    await _setup(hass, entry)
    start = dt_util.utcnow()
    before = _runtime_today_s(hass, "compressor_heating")
    await advance(timedelta(minutes=40), timedelta(minutes=5))
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(minutes=40), timedelta(minutes=5))
    counted = sum(
        sample.comp_heat_s or 0.0
        for sample in fake_venstar.plant.between(start, dt_util.utcnow())
    )
    assert counted > 600.0
    heated = _runtime_today_s(hass, "compressor_heating") - before
    assert heated == pytest.approx(counted, abs=SLACK_S + 120.0)


async def test_unusable_stored_state_starts_fresh(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    hass_storage: dict[str, Any],
) -> None:
    """A stored ledger that cannot be read is dropped; polling works."""
    entry = venstar_entry(fake_venstar)
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {
        "version": 1,
        "key": f"{DOMAIN}.{entry.entry_id}",
        "data": {"source": {"ledger": {"day": "today"}, "last_end": None}},
    }
    fake_venstar.runtime_days = 0
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert state_of(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE


@pytest.mark.parametrize(
    ("code", "code_class"),
    [
        ("Venstar lockout", CodeClass.FAULT),
        ("Venstar error", CodeClass.FAULT),
        ("Venstar Service", CodeClass.MAINTENANCE),
        ("Venstar Air Filter", CodeClass.MAINTENANCE),
    ],
)
def test_the_engine_knows_the_codes(code: str, code_class: CodeClass) -> None:
    """Every error code the source reports is explained, with its severity."""
    assert code in (*STATE_CODES.values(), *ALERT_CODES.values())
    assert lookup(code).code_class is code_class


async def test_lockout_raises_an_error_code_finding(
    hass: HomeAssistant, fake_venstar: FakeVenstar, advance: Advance
) -> None:
    """A locked-out thermostat becomes an error-code repair issue, gone when cleared."""
    entry = venstar_entry(fake_venstar)
    await _setup(hass, entry)
    fake_venstar.state_override = 3
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"{entry.entry_id}_error_code")
    assert issue is not None
    assert "lockout" in (issue.translation_placeholders or {}).get("code", "").lower()
    fake_venstar.state_override = None
    await advance(timedelta(minutes=5), timedelta(minutes=1))
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"{entry.entry_id}_error_code")
        is None
    )


@pytest.mark.parametrize("alert", ["Service", "Air Filter"])
async def test_alerts_become_error_codes(
    hass: HomeAssistant, fake_venstar: FakeVenstar, advance: Advance, alert: str
) -> None:
    """An active Service or Air Filter alert is reported, read every five minutes."""
    entry = venstar_entry(fake_venstar)
    await _setup(hass, entry)
    fake_venstar.alerts[alert] = True
    await advance(timedelta(minutes=6), timedelta(minutes=1))
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"{entry.entry_id}_error_code")
    assert issue is not None
    assert alert in (issue.translation_placeholders or {}).get("code", "")


async def test_old_t_series_reports_celsius_whatever_its_units(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """A T2000 on firmware 4.38 says °F but sends °C; the source is not fooled."""
    fake_venstar.model, fake_venstar.firmware = "T2000", "4.38"
    await _setup(hass, venstar_entry(fake_venstar))
    sample = fake_venstar.plant.latest
    assert sample is not None and sample.indoor_temp_c is not None
    indoor = float(state_of(hass, "sensor", "indoor_temperature"))
    assert indoor == pytest.approx(round(sample.indoor_temp_c, 1), abs=0.01)


@pytest.mark.parametrize(
    "misbehaviour", [("500", "HTTP 500"), ("html", "not JSON"), ("429", "slow down")]
)
async def test_outage_makes_entities_unavailable_then_recovers(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    caplog: pytest.LogCaptureFixture,
    misbehaviour: tuple[str, str],
) -> None:
    """500s, garbage, 429s: unavailable, logged once; back when the thermostat is.

    (Timeouts take the 500's path; the client's tests show them, as the frozen test
    clock cannot let a timeout expire.) ``misbehaviour`` is the fake's and the text
    logged for it.
    """
    kind, logged = misbehaviour
    fake_venstar.retry_after = "30"
    await _setup(hass, venstar_entry(fake_venstar))
    assert state_of(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    fake_venstar.misbehave(kind)
    await advance(timedelta(minutes=3), timedelta(minutes=1))
    assert state_of(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    fake_venstar.misbehave(None)
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    assert state_of(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    errors = [
        record
        for record in caplog.records
        if record.levelno >= logging.WARNING and logged in record.getMessage()
    ]
    assert len(errors) == 1
    assert "Fetching heat_pump_monitor Hallway data recovered" in caplog.text


async def test_first_refresh_failing_retries_setup(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """An unreachable thermostat at startup: the entry retries later."""
    entry = venstar_entry(fake_venstar, port=1)
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_rate_limit_is_honoured(
    hass: HomeAssistant, fake_venstar: FakeVenstar, advance: Advance
) -> None:
    """After a 429 nothing is requested until Retry-After has passed."""
    await _setup(hass, venstar_entry(fake_venstar))
    fake_venstar.misbehave("429", times=1)
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    fake_venstar.requests.clear()
    await advance(timedelta(seconds=90), timedelta(seconds=30))
    assert sum(fake_venstar.requests.values()) == 0
    assert state_of(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    assert sum(fake_venstar.requests.values()) > 0
    assert state_of(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE


async def test_refused_credentials_start_reauth(
    hass: HomeAssistant, fake_venstar: FakeVenstar, advance: Advance
) -> None:
    """A password changed on the thermostat starts the reauthentication flow."""
    fake_venstar.username, fake_venstar.password = "admin", "s3cret"
    entry = venstar_entry(fake_venstar, username="admin", password="s3cret")
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    fake_venstar.password = "changed"
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_celsius_thermostat_without_outdoor_sensor(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """°C thermostats are read as they are; a missing outdoor sensor is unknown."""
    fake_venstar.celsius = True
    fake_venstar.outdoor_sensor = False
    fake_venstar.duct_sensors = False
    await _setup(hass, venstar_entry(fake_venstar))
    sample = fake_venstar.plant.latest
    assert sample is not None and sample.indoor_temp_c is not None
    indoor = float(state_of(hass, "sensor", "indoor_temperature"))
    assert indoor == pytest.approx(round(sample.indoor_temp_c, 1), abs=0.01)
    assert state_of(hass, "sensor", "outdoor_temperature") == STATE_UNKNOWN
    assert state_of(hass, "sensor", "supply_temperature") == STATE_UNKNOWN


async def test_counters_reset_and_repeated_days_count_once(
    hass: HomeAssistant, fake_venstar: FakeVenstar, advance: Advance
) -> None:
    """A counter going back never subtracts; a day reported twice is not added twice."""
    await _setup(hass, venstar_entry(fake_venstar))
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    before = float(state_of(hass, "sensor", "compressor_heating_runtime_today"))
    fake_venstar.repeat_day = True
    fake_venstar.counter_offset_min = {"heat1": 10_000}
    await advance(timedelta(minutes=10), timedelta(minutes=1))
    after = float(state_of(hass, "sensor", "compressor_heating_runtime_today"))
    # Hours: at most the ten minutes that passed, plus the ledger's slack.
    assert before <= after <= before + (600.0 + 240.0) / 3600.0
