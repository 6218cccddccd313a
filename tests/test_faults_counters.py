"""Counter faults: daily counters reset mid-day, a day's runtime reported twice.

The fakes' plant is the ground truth. A Venstar thermostat whose counters restart
from zero in the middle of the day, or that lists a day twice across midnight, and
an ecobee runtime report that lists a day twice: the totals shown equal the plant's
within one poll interval (plus the Venstar counters' whole-minute rounding).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.const import DOMAIN
from custom_components.heat_pump_monitor.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.heat_pump_monitor.engine.trace import RejectReason
from custom_components.heat_pump_monitor.sources.venstar import POLL_INTERVAL
from custom_components.heat_pump_monitor.sources.venstar_runtime import STAGES

from .conftest import Advance, ecobee_entry, state_of, venstar_entry
from .fakes.ecobee import DAY_SLOTS, FakeEcobee
from .fakes.plant import SimulatedPlant
from .fakes.venstar import FakeVenstar

MINUTE_ROUNDING_S = 60.0
"""The Venstar counters are whole minutes: the truth in seconds is up to one more."""
VENSTAR_TOLERANCE_S = POLL_INTERVAL.total_seconds() + MINUTE_ROUNDING_S


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _lifetime_heat_s(hass: HomeAssistant, serial: str | None = None) -> float:
    key = "compressor_heating_runtime_lifetime"
    if serial is None:
        return float(state_of(hass, "sensor", key)) * 3600
    from homeassistant.helpers import entity_registry as er

    entity = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{serial}_{key}")
    assert entity is not None
    state = hass.states.get(entity)
    assert state is not None
    return float(state.state) * 3600


def _plant_heat_s(plant: SimulatedPlant, start: datetime, end: datetime) -> float:
    return sum(sample.comp_heat_s or 0.0 for sample in plant.between(start, end))


def _venstar_at(
    fake: FakeVenstar, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Start at ``when`` with a plant anew on the whole minute (repeatable figures)."""
    freezer.move_to(when)
    fake.plant = SimulatedPlant(clock=dt_util.utcnow, history=timedelta(hours=30))


async def test_venstar_counters_reset_mid_day(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Every counter restarts from zero at 06:30; the hours after count once."""
    _venstar_at(fake_venstar, freezer, datetime(2027, 1, 14, 6, tzinfo=UTC))
    await _setup(hass, venstar_entry(fake_venstar))
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    start, shown_before = dt_util.utcnow(), _lifetime_heat_s(hass)
    today = start.replace(hour=0, minute=0)
    counted = fake_venstar.day_minutes(today)
    fake_venstar.counter_offset_min = {stage: counted[stage] for stage in STAGES}
    await advance(timedelta(hours=1), timedelta(minutes=1))

    truth = _plant_heat_s(fake_venstar.plant, start, dt_util.utcnow())
    assert truth > 1800
    assert _lifetime_heat_s(hass) - shown_before == pytest.approx(
        truth, abs=VENSTAR_TOLERANCE_S
    )


async def test_venstar_day_listed_twice_across_midnight(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Firmware listing yesterday twice, through UTC midnight: counted once."""
    _venstar_at(fake_venstar, freezer, datetime(2027, 1, 14, 22, tzinfo=UTC))
    fake_venstar.repeat_day = True
    await _setup(hass, venstar_entry(fake_venstar))
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    start, shown_before = dt_util.utcnow(), _lifetime_heat_s(hass)
    await advance(timedelta(hours=3), timedelta(minutes=1))

    truth = _plant_heat_s(fake_venstar.plant, start, dt_util.utcnow())
    assert truth > 3600
    assert _lifetime_heat_s(hass) - shown_before == pytest.approx(
        truth, abs=VENSTAR_TOLERANCE_S
    )


@pytest.mark.parametrize("repeated", [False, True], ids=["once", "twice"])
async def test_ecobee_history_listing_a_day_twice(
    hass: HomeAssistant,
    fake_ecobee: FakeEcobee,
    freezer: FrozenDateTimeFactory,
    repeated: bool,
) -> None:
    """The backfilled history equals the plant's, whether a day is listed twice.

    Set up on a five-minute boundary: the history ends where the first live sample
    would begin, so the backfill alone is shown. The repeated rows are rejected as
    going back in time or duplicates (diagnostics say so), never added.
    """
    freezer.move_to(datetime(2027, 1, 14, 6, tzinfo=UTC))
    thermostat = fake_ecobee.thermostats[0]
    thermostat.plant = SimulatedPlant(clock=dt_util.utcnow, history=timedelta(days=2))
    fake_ecobee.repeat_report_day = repeated
    entry = ecobee_entry(fake_ecobee)
    await _setup(hass, entry)

    now = dt_util.utcnow()
    truth = _plant_heat_s(thermostat.plant, now - timedelta(days=3), now)
    assert truth > 6 * 3600
    assert _lifetime_heat_s(hass, thermostat.identifier) == pytest.approx(
        truth, abs=1.0
    )
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    rejected = diagnostics["engine"]["rejected_samples"]
    assert sum(rejected.values()) == (DAY_SLOTS if repeated else 0)
    assert set(rejected) <= {RejectReason.TIME_BACKWARDS, RejectReason.DUPLICATE_TIME}
