"""Clock faults: Home Assistant's clock or the device's going back, daylight saving.

A clock going back must never give negative time nor count anything twice; the
engine's rejected counter (in diagnostics) says why a sample was dropped. A day of 23
or 25 hours resets today's counters once, at local midnight, and its history row
holds exactly what ran in it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.api import venstar as venstar_api
from custom_components.heat_pump_monitor.const import DOMAIN
from custom_components.heat_pump_monitor.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.heat_pump_monitor.engine.trace import RejectReason
from custom_components.heat_pump_monitor.simulator import Simulation
from custom_components.heat_pump_monitor.sources.simulated import simulation_config
from custom_components.heat_pump_monitor.sources.venstar import POLL_INTERVAL

from .conftest import Advance, simulated_entry, state_of, venstar_entry
from .fakes.plant import SimulatedPlant
from .fakes.venstar import FakeVenstar

NIGHT = datetime(2027, 1, 14, 1, tzinfo=UTC)
"""A cold January night: the plant heats most of the time."""
MINUTE_ROUNDING_S = 60.0
"""The Venstar counters are whole minutes: the truth in seconds is up to one more."""


class DeviceClock:
    """The thermostat's own clock: Home Assistant's plus an offset the test sets."""

    def __init__(self) -> None:
        """In step with Home Assistant's clock."""
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        """Return the device's time."""
        return dt_util.utcnow() + self.offset


def _night_plant(
    fake: FakeVenstar,
    freezer: FrozenDateTimeFactory,
    plant_clock: Callable[[], datetime],
) -> None:
    """Start on ``NIGHT`` with a plant anew on the whole minute (repeatable figures)."""
    freezer.move_to(NIGHT)
    fake.plant = SimulatedPlant(clock=plant_clock, history=timedelta(hours=30))


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _heat_s(hass: HomeAssistant, period: str) -> float:
    return (
        float(state_of(hass, "sensor", f"compressor_heating_runtime_{period}")) * 3600
    )


async def _rejected(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, int]:
    """Return the engine's rejected samples by reason, from the diagnostics.

    (Through the platform: the test client's token would have expired after the
    clock jumps.)
    """
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    rejected: dict[str, int] = diagnostics["engine"]["rejected_samples"]
    return rejected


async def _advance_watching(
    hass: HomeAssistant, advance: Advance, minutes: int
) -> None:
    """Poll minute by minute; today's and lifetime runtime never go down."""
    today, lifetime = _heat_s(hass, "today"), _heat_s(hass, "lifetime")
    for _ in range(minutes):
        await advance(timedelta(minutes=1), timedelta(minutes=1))
        assert _heat_s(hass, "today") >= today
        assert _heat_s(hass, "lifetime") >= lifetime
        today, lifetime = _heat_s(hass, "today"), _heat_s(hass, "lifetime")


async def _poll_watching(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entry: MockConfigEntry,
    minutes: int,
    *,
    new_day: bool = False,
) -> None:
    """Poll minute by minute, the test polling; runtime never goes down.

    ``new_day``: today's runtime may start anew (once) as a new timeline begins.

    Home Assistant schedules polls on a monotonic clock, so they go on when its
    wall clock steps back; the frozen test clock schedules on the wall clock, so
    the test polls itself.
    """
    coordinator = entry.runtime_data.coordinator
    today, lifetime = _heat_s(hass, "today"), _heat_s(hass, "lifetime")
    for _ in range(minutes):
        freezer.tick(timedelta(minutes=1))
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        if new_day and _heat_s(hass, "today") < today:
            new_day, today = False, 0.0
        assert _heat_s(hass, "today") >= today
        assert _heat_s(hass, "lifetime") >= lifetime
        today, lifetime = _heat_s(hass, "today"), _heat_s(hass, "lifetime")


async def _venstar_on_device_clock(
    hass: HomeAssistant,
    fake: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[MockConfigEntry, DeviceClock]:
    """Set up a thermostat whose clock Home Assistant's may leave; run half an hour."""
    # The frozen clock moves the monotonic one back too, which a real one never
    # does: the client's pause between requests would wait the step out.
    monkeypatch.setattr(venstar_api, "time", SimpleNamespace(monotonic=lambda: 0.0))
    device = DeviceClock()
    fake.clock = device
    _night_plant(fake, freezer, device)
    entry = venstar_entry(fake)
    await _setup(hass, entry)
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    return entry, device


async def test_home_assistant_clock_steps_back(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Home Assistant's clock goes back ten minutes; the thermostat's does not.

    The samples that would overlap what was counted are rejected as
    ``time_backwards``; the thermostat's counters, which kept counting, are reported
    once the clock is past the last sample: the total equals the plant's.
    """
    entry, device = await _venstar_on_device_clock(
        hass, fake_venstar, advance, freezer, monkeypatch
    )
    start, shown_before = device(), _heat_s(hass, "lifetime")
    freezer.move_to(dt_util.utcnow() - timedelta(minutes=10))
    device.offset += timedelta(minutes=10)
    await _poll_watching(hass, freezer, entry, 60)

    rejected = await _rejected(hass, entry)
    # A start that equals an earlier one is a duplicate; one before it, backwards.
    assert set(rejected) <= {RejectReason.TIME_BACKWARDS, RejectReason.DUPLICATE_TIME}
    assert 8 <= sum(rejected.values()) <= 10
    truth = sum(
        s.comp_heat_s or 0.0 for s in fake_venstar.plant.between(start, device())
    )
    shown = _heat_s(hass, "lifetime") - shown_before
    assert truth > 900
    assert shown == pytest.approx(
        truth, abs=POLL_INTERVAL.total_seconds() + MINUTE_ROUNDING_S
    )


async def test_home_assistant_clock_jumps_back_two_days(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two days back: a new timeline, which the engine takes after ten samples.

    The first nine are rejected as ``time_backwards`` and what they held is lost
    (at most nine polls of runtime); nothing is counted twice, the lifetime totals
    never go down (today's start anew with the new timeline).
    """
    entry, device = await _venstar_on_device_clock(
        hass, fake_venstar, advance, freezer, monkeypatch
    )
    start, shown_before = device(), _heat_s(hass, "lifetime")
    freezer.move_to(dt_util.utcnow() - timedelta(days=2))
    device.offset += timedelta(days=2)
    await _poll_watching(hass, freezer, entry, 60, new_day=True)

    assert await _rejected(hass, entry) == {RejectReason.TIME_BACKWARDS: 9}
    truth = sum(
        s.comp_heat_s or 0.0 for s in fake_venstar.plant.between(start, device())
    )
    shown = _heat_s(hass, "lifetime") - shown_before
    assert truth > 900
    lost = 9 * POLL_INTERVAL.total_seconds()
    tolerance = POLL_INTERVAL.total_seconds() + MINUTE_ROUNDING_S
    assert truth - lost - tolerance <= shown <= truth + tolerance


async def test_thermostat_clock_steps_back_a_day(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    advance: Advance,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The thermostat's clock is a day behind for twenty minutes, then right again.

    Its runtime records then belong to yesterday: ignored, neither yesterday nor
    today counted again; the runtime of those minutes is counted when the clock is
    right. Nothing is rejected: Home Assistant's clock times the samples.
    """
    device = DeviceClock()
    fake_venstar.clock = device
    _night_plant(fake_venstar, freezer, dt_util.utcnow)
    entry = venstar_entry(fake_venstar)
    await _setup(hass, entry)
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    start, shown_before = dt_util.utcnow(), _heat_s(hass, "lifetime")

    device.offset = -timedelta(days=1)
    await _advance_watching(hass, advance, 20)
    device.offset = timedelta(0)
    await _advance_watching(hass, advance, 40)

    assert await _rejected(hass, entry) == {}
    truth = sum(
        s.comp_heat_s or 0.0
        for s in fake_venstar.plant.between(start, dt_util.utcnow())
    )
    shown = _heat_s(hass, "lifetime") - shown_before
    assert truth > 900
    assert shown == pytest.approx(
        truth, abs=POLL_INTERVAL.total_seconds() + MINUTE_ROUNDING_S
    )


NEW_YORK = "America/New_York"
DST_DAYS = [
    # (local day of the change, its length in hours)
    (datetime(2026, 11, 1), 25),
    (datetime(2027, 3, 14), 23),
]


@pytest.mark.parametrize(
    ("day", "hours"), DST_DAYS, ids=[f"{hours}h" for _, hours in DST_DAYS]
)
async def test_daylight_saving_day(
    hass: HomeAssistant, advance: Advance, day: datetime, hours: int
) -> None:
    """A simulated system runs through a 25 h and a 23 h local day in New York.

    Today's counters reset exactly at the two local midnights around the change;
    the finished day's history row (technician report) holds its runtime exactly.
    """
    zone = ZoneInfo(NEW_YORK)
    await hass.config.async_set_time_zone(NEW_YORK)
    midnight = day.replace(tzinfo=zone).astimezone(UTC)
    next_midnight = (day + timedelta(days=1)).replace(tzinfo=zone).astimezone(UTC)
    assert next_midnight - midnight == timedelta(hours=hours)
    sim_start = midnight - timedelta(hours=3)
    entry = simulated_entry(speed=3600.0, sim_start=sim_start.isoformat())
    await _setup(hass, entry)

    resets: list[datetime] = []
    today = _heat_s(hass, "today")
    source = entry.runtime_data.coordinator.source
    for _ in range(hours + 8):  # one simulated hour per second
        await advance(timedelta(seconds=1))
        if _heat_s(hass, "today") < today:
            resets.append(source.simulated_now)
        today = _heat_s(hass, "today")

    # Each reset is seen at the end of the poll (an hour or two) that crossed it.
    assert len(resets) == 2
    for seen, boundary in zip(resets, (midnight, next_midnight), strict=True):
        assert boundary < seen <= boundary + timedelta(hours=2)
    samples = Simulation(simulation_config(entry.data)).advance(source.simulated_now)
    truth = sum(
        s.comp_heat_s or 0.0 for s in samples if midnight <= s.time < next_midnight
    )
    assert truth > 3600
    report = await hass.services.async_call(
        DOMAIN,
        "technician_report",
        {"config_entry_id": entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert report is not None
    row = re.search(
        rf"^\| {day.date().isoformat()} \| ([0-9.]+) \|",
        str(report["report"]),
        re.MULTILINE,
    )
    assert row is not None
    assert float(row.group(1)) == round(truth / 3600, 1)
