"""Faults end to end: restarts mid-cycle and mid-defrost, a six-hour outage.

The simulated source is deterministic, so a fresh simulation run to the same moment is
the ground truth the integration's totals must equal: nothing lost, nothing counted
twice.
"""

from __future__ import annotations

from datetime import timedelta

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.heat_pump_monitor.simulator import Simulation
from custom_components.heat_pump_monitor.sources.simulated import (
    SimulatedSource,
    simulation_config,
)
from custom_components.heat_pump_monitor.system_events import BUS_EVENT

from .conftest import Advance, simulated_entry, state_of


def _source(entry: MockConfigEntry) -> SimulatedSource:
    source = entry.runtime_data.coordinator.source
    assert isinstance(source, SimulatedSource)
    return source


def _truth(entry: MockConfigEntry) -> tuple[float, float]:
    """Compressor heating and fan seconds the device reported, simulated afresh."""
    simulation = Simulation(simulation_config(entry.data))
    samples = simulation.advance(_source(entry).simulated_now)
    heat = sum(s.comp_heat_s or 0.0 for s in samples)
    fan = sum(s.fan_s or 0.0 for s in samples)
    return heat, fan


def _shown(hass: HomeAssistant) -> tuple[float, float]:
    return (
        float(state_of(hass, "sensor", "compressor_heating_runtime_lifetime")) * 3600,
        float(state_of(hass, "sensor", "filter_runtime")) * 3600,
    )


async def _restart(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


async def _run_until(
    hass: HomeAssistant, advance: Advance, platform: str, key: str, state: str
) -> None:
    for _ in range(600):
        await advance(timedelta(seconds=1))
        if state_of(hass, platform, key) == state:
            return
    raise AssertionError(f"{key} never became {state}")


async def test_restart_mid_defrost_and_mid_cycle_loses_nothing(
    hass: HomeAssistant, advance: Advance
) -> None:
    """Restarts inside a defrost and inside a compressor run: totals stay exact."""
    entry = simulated_entry(speed=600.0)  # ten simulated minutes per second
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    await _run_until(hass, advance, "binary_sensor", "defrost", "on")
    defrosts_before = int(state_of(hass, "sensor", "defrosts_today"))
    await _restart(hass, entry)
    await advance(timedelta(seconds=3))
    assert int(state_of(hass, "sensor", "defrosts_today")) == defrosts_before

    await _run_until(hass, advance, "sensor", "operating_mode", "heating")
    await _restart(hass, entry)
    await advance(timedelta(seconds=30))

    heat, fan = _truth(entry)
    shown_heat, shown_fan = _shown(hass)
    # The sensors round to the 1/3600 of an hour they show.
    assert abs(shown_heat - heat) < 2.0
    assert abs(shown_fan - fan) < 2.0
    assert heat > 1800  # the run really heated for a while


async def test_six_hour_outage_counts_once_and_clears(
    hass: HomeAssistant, advance: Advance
) -> None:
    """Offline six hours, then back: one offline finding raised and cleared."""
    events = async_capture_events(hass, BUS_EVENT)
    entry = simulated_entry(
        speed=3600.0, scenario="offline", fault_start_h=2.0, fault_duration_h=6.0
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(seconds=12))  # twelve simulated hours

    offline = [e.data["type"] for e in events if e.data.get("kind") == "offline"]
    assert offline == ["finding_raised", "finding_cleared"]
    assert state_of(hass, "binary_sensor", "online") == "on"
    heat, _ = _truth(entry)
    shown_heat, _ = _shown(hass)
    # The simulated device reports nothing while offline (no counters to catch up
    # from): the total is what it reported, nothing invented for the gap.
    assert abs(shown_heat - heat) < 2.0
    assert heat > 3600
