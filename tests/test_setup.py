"""Setting up a simulated system: entities, states, unload and restart."""

from __future__ import annotations

from datetime import timedelta
import math
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.const import DOMAIN
from custom_components.heat_pump_monitor.engine.sample import Sample
from custom_components.heat_pump_monitor.simulator import Simulation

from .conftest import SERIAL, Advance, entity_id, simulated_entry, state_of

RUNTIME_KEYS = (
    "compressor_heating_runtime",
    "compressor_cooling_runtime",
    "aux_heat_runtime",
    "fan_runtime",
)


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_entities_on_one_heat_pump_device(hass: HomeAssistant) -> None:
    """Every entity belongs to the system's device, with proper classes."""
    entry = simulated_entry()
    await _setup(hass, entry)

    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert len(devices) == 1
    device = devices[0]
    assert device.identifiers == {(DOMAIN, SERIAL)}
    assert device.name == "Test heat pump"
    assert device.serial_number == SERIAL
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    assert {entity.device_id for entity in entities} == {device.id}
    assert {entity.unique_id for entity in entities} == {
        f"{SERIAL}_{key}"
        for key in (
            "operating_mode",
            *(f"{key}_today" for key in RUNTIME_KEYS),
            *(f"{key}_lifetime" for key in RUNTIME_KEYS),
            "compressor_cycles_today",
            "defrosts_today",
            "last_defrost_duration",
            "indoor_temperature",
            "outdoor_temperature",
            "supply_temperature",
            "return_temperature",
            "filter_runtime",
            "balance_point",
            "heating_runtime_per_degree_day",
            "cop",
            "defrost",
            "online",
            "problem",
            "reset_filter",
            "events",
        )
    }
    runtime = hass.states.get(entity_id(hass, "sensor", "fan_runtime_today"))
    assert runtime is not None
    assert runtime.attributes["device_class"] == "duration"
    assert runtime.attributes["state_class"] == "total_increasing"
    lifetime = hass.states.get(
        entity_id(hass, "sensor", "compressor_heating_runtime_lifetime")
    )
    assert lifetime is not None
    assert lifetime.attributes["state_class"] == "total"
    fan_lifetime = er.async_get(hass).async_get(
        entity_id(hass, "sensor", "fan_runtime_lifetime")
    )
    assert fan_lifetime is not None
    assert fan_lifetime.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert hass.states.get(fan_lifetime.entity_id) is None
    mode = hass.states.get(entity_id(hass, "sensor", "operating_mode"))
    assert mode is not None
    assert mode.attributes["options"] == [
        "heating",
        "cooling",
        "defrost",
        "aux_heat",
        "emergency_heat",
        "fan_only",
        "idle",
        "off",
    ]
    assert mode.attributes["friendly_name"] == "Test heat pump Operating mode"


async def test_live_states_follow_the_simulation(
    hass: HomeAssistant, advance: Advance
) -> None:
    """A cold day: the heat pump heats, runtimes grow, temperatures are sane."""
    await _setup(hass, simulated_entry(speed=600.0))
    await advance(timedelta(seconds=60))  # ten simulated hours

    indoor = float(state_of(hass, "sensor", "indoor_temperature"))
    outdoor = float(state_of(hass, "sensor", "outdoor_temperature"))
    assert 17.0 < indoor < 24.0
    assert -25.0 < outdoor < 10.0
    heating_today = float(state_of(hass, "sensor", "compressor_heating_runtime_today"))
    heating_lifetime = float(
        state_of(hass, "sensor", "compressor_heating_runtime_lifetime")
    )
    assert heating_today > 0
    assert heating_lifetime >= heating_today
    assert float(state_of(hass, "sensor", "compressor_cooling_runtime_today")) == 0
    assert int(state_of(hass, "sensor", "compressor_cycles_today")) > 0
    assert state_of(hass, "sensor", "operating_mode") in {
        "heating",
        "defrost",
        "aux_heat",
        "idle",
    }
    assert state_of(hass, "binary_sensor", "online") == "on"
    assert state_of(hass, "binary_sensor", "problem") == "off"


async def test_unload_and_restart_keep_the_counters(
    hass: HomeAssistant, advance: Advance
) -> None:
    """Unloading saves the engine; setting up again resumes where it stopped."""
    entry = simulated_entry(speed=600.0)
    await _setup(hass, entry)
    await advance(timedelta(seconds=30))
    lifetime_before = float(
        state_of(hass, "sensor", "compressor_heating_runtime_lifetime")
    )
    cycles_before = int(state_of(hass, "sensor", "compressor_cycles_today"))
    simulated_before = entry.runtime_data.coordinator.source.simulated_now
    assert lifetime_before > 0

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert (
        hass.states.get(entity_id(hass, "sensor", "operating_mode")).state
        == STATE_UNAVAILABLE
    )

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    # Nothing lost, nothing counted twice: the first refresh after the restart
    # covers no simulated time, so the counters are exactly the saved ones.
    assert (
        float(state_of(hass, "sensor", "compressor_heating_runtime_lifetime"))
        == lifetime_before
    )
    assert int(state_of(hass, "sensor", "compressor_cycles_today")) == cycles_before
    assert entry.runtime_data.coordinator.source.simulated_now == simulated_before

    await advance(timedelta(seconds=10))
    assert (
        float(state_of(hass, "sensor", "compressor_heating_runtime_lifetime"))
        > lifetime_before
    )


async def test_state_is_saved_to_the_store(
    hass: HomeAssistant, hass_storage: dict[str, Any], advance: Advance
) -> None:
    """Unload writes a versioned store file with engine and simulation state."""
    entry = simulated_entry(speed=600.0)
    await _setup(hass, entry)
    await advance(timedelta(seconds=5))
    await hass.config_entries.async_unload(entry.entry_id)
    stored = hass_storage[f"{DOMAIN}.{entry.entry_id}"]
    assert stored["version"] == 1
    assert set(stored["data"]) == {"engine", "source", "notifications", "service_log"}


async def test_corrupt_store_starts_anew(
    hass: HomeAssistant, hass_storage: dict[str, Any], advance: Advance
) -> None:
    """A store the engine cannot read never stops the setup."""
    entry = simulated_entry(speed=600.0)
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {
        "version": 1,
        "key": f"{DOMAIN}.{entry.entry_id}",
        "data": {"engine": {"version": 99}, "source": {"simulation": {"x": 1}}},
    }
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"{entry.entry_id}_state_reset")
    assert issue is not None
    assert issue.translation_placeholders == {"system": "Test heat pump"}
    await advance(timedelta(seconds=5))
    assert float(state_of(hass, "sensor", "aux_heat_runtime_lifetime")) >= 0


async def test_store_of_the_wrong_shape_is_a_new_system(
    hass: HomeAssistant, hass_storage: dict[str, Any], advance: Advance
) -> None:
    """Stored data that is not an object: the system starts as new, no notice."""
    entry = simulated_entry(speed=600.0)
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {"version": 1, "data": ["not", 1]}
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"{entry.entry_id}_state_reset")
    assert issue is None  # a store without engine state is simply new
    await advance(timedelta(seconds=5))
    assert float(state_of(hass, "sensor", "compressor_heating_runtime_lifetime")) > 0


async def test_missing_and_nan_readings_are_unknown(
    hass: HomeAssistant, advance: Advance
) -> None:
    """A step with NaN or missing readings leaves those entities unknown."""
    entry = simulated_entry()
    await _setup(hass, entry)
    await advance(timedelta(seconds=3))
    assert state_of(hass, "sensor", "supply_temperature") != STATE_UNKNOWN

    def broken_advance(self: Simulation, until: Any) -> list[Sample]:
        return [
            Sample(
                time=until - timedelta(seconds=60),
                interval_s=60.0,
                indoor_temp_c=math.nan,
                outdoor_temp_c=-4.0,
                comp_heat_s=math.nan,
            )
        ]

    with patch.object(Simulation, "advance", broken_advance):
        await advance(timedelta(seconds=2))

    assert entry.runtime_data.coordinator.last_update_success
    assert state_of(hass, "sensor", "indoor_temperature") == STATE_UNKNOWN
    assert state_of(hass, "sensor", "supply_temperature") == STATE_UNKNOWN
    assert float(state_of(hass, "sensor", "outdoor_temperature")) == -4.0
    assert state_of(hass, "binary_sensor", "online") == "on"


async def test_removing_the_system_deletes_its_store(
    hass: HomeAssistant, hass_storage: dict[str, Any], advance: Advance
) -> None:
    """Nothing of a removed system is left behind."""
    entry = simulated_entry(speed=600.0)
    await _setup(hass, entry)
    await advance(timedelta(seconds=3))
    await hass.config_entries.async_unload(entry.entry_id)
    assert f"{DOMAIN}.{entry.entry_id}" in hass_storage

    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert f"{DOMAIN}.{entry.entry_id}" not in hass_storage
    assert er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id) == []


async def test_summer_cools(hass: HomeAssistant, advance: Advance) -> None:
    """In summer the simulated heat pump cools and never defrosts."""
    await _setup(hass, simulated_entry(season="summer", climate="mild", speed=3600.0))
    await advance(timedelta(seconds=12))  # half a simulated day, through the afternoon
    assert float(state_of(hass, "sensor", "compressor_cooling_runtime_today")) > 0
    assert float(state_of(hass, "sensor", "compressor_heating_runtime_lifetime")) == 0
    assert state_of(hass, "sensor", "defrosts_today") == "0"
