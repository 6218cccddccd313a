"""Outage faults: a Venstar thermostat unreachable for six hours, then back.

The fake's plant is the ground truth: its compressor ran for so many seconds while
nobody could read it, and the thermostat's daily counters kept counting. After the
outage the totals shown must equal the plant's within one poll interval; the
``offline`` finding is raised once and cleared once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.heat_pump_monitor.sources.venstar import POLL_INTERVAL
from custom_components.heat_pump_monitor.system_events import BUS_EVENT

from .conftest import Advance, state_of, venstar_entry
from .fakes.plant import SimulatedPlant
from .fakes.venstar import FakeVenstar

MINUTE_ROUNDING_S = 60.0
"""The counters are whole minutes: the truth in seconds is up to a minute more."""


def _cold_night(fake: FakeVenstar, freezer: FrozenDateTimeFactory, hour: int) -> None:
    """Start at ``hour`` UTC of a fixed January night: the plant heats.

    The plant starts anew on the whole minute, so its samples and the polls line up
    and every run gives the same figures.
    """
    freezer.move_to(datetime(2027, 1, 14, hour, tzinfo=UTC))
    fake.plant = SimulatedPlant(clock=dt_util.utcnow, history=timedelta(hours=30))


def _lifetime_heat_s(hass: HomeAssistant) -> float:
    return float(state_of(hass, "sensor", "compressor_heating_runtime_lifetime")) * 3600


def _truth_heat_s(fake: FakeVenstar, start: datetime) -> float:
    samples = fake.plant.between(start, dt_util.utcnow())
    return sum(sample.comp_heat_s or 0.0 for sample in samples)


@pytest.mark.parametrize("hour", [1, 21], ids=["night", "across_midnight"])
async def test_six_hour_outage_is_recovered_from_the_counters(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
    hour: int,
) -> None:
    """Six hours of 500s: offline raised and cleared once, runtime all counted.

    The outage begins while the compressor rests; its runtime comes back as how
    long, not when, so no compressor start is made up for it.

    Across UTC midnight too (the counters of two days): the runtime lands on the
    day the outage began (one sample covers the outage).
    """
    events = async_capture_events(hass, BUS_EVENT)
    _cold_night(fake_venstar, freezer, hour)
    entry = venstar_entry(fake_venstar)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    for _ in range(60):  # the outage begins while the compressor rests
        if state_of(hass, "sensor", "operating_mode") != "heating":
            break
        await advance(timedelta(minutes=1), timedelta(minutes=1))
    start, shown_before = dt_util.utcnow(), _lifetime_heat_s(hass)
    cycles = state_of(hass, "sensor", "compressor_cycles_today")

    fake_venstar.misbehave("500")
    await advance(timedelta(hours=6), timedelta(minutes=5))
    assert state_of(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    outage_truth = _truth_heat_s(fake_venstar, start)
    fake_venstar.misbehave(None)
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    # How long the compressor ran in the outage, not when: no start is made up.
    new_day = hour > 12  # the outage ended on the next day: its count starts at 0
    assert state_of(hass, "sensor", "compressor_cycles_today") == (
        "0" if new_day else cycles
    )
    await advance(timedelta(minutes=29), timedelta(minutes=1))

    truth = _truth_heat_s(fake_venstar, start)
    shown = _lifetime_heat_s(hass) - shown_before
    assert outage_truth > 2 * 3600  # hours of heating while nobody could read it
    assert shown == pytest.approx(
        truth, abs=POLL_INTERVAL.total_seconds() + MINUTE_ROUNDING_S
    )
    offline = [e.data["type"] for e in events if e.data.get("kind") == "offline"]
    assert offline == ["finding_raised", "finding_cleared"]
    assert state_of(hass, "binary_sensor", "online") == "on"


async def test_home_assistant_stopped_six_hours_counts_the_counters(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Unloaded for six hours (Home Assistant down), then loaded: nothing lost."""
    _cold_night(fake_venstar, freezer, 1)
    entry = venstar_entry(fake_venstar)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    start, shown_before = dt_util.utcnow(), _lifetime_heat_s(hass)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await advance(timedelta(hours=6), timedelta(minutes=30))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    truth = _truth_heat_s(fake_venstar, start)
    shown = _lifetime_heat_s(hass) - shown_before
    assert truth > 2 * 3600
    assert shown == pytest.approx(
        truth, abs=POLL_INTERVAL.total_seconds() + MINUTE_ROUNDING_S
    )
