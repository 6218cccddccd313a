"""The demo plant (demo/hpm_demo_plant): ordinary entities that the bridge monitors.

scripts/demo links the plant into the demo's custom_components; here it is linked
into a temporary one on the import path, and loaded from YAML as the demo does.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import ATTR_TEMPERATURE, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import Advance

PLANT = "hpm_demo_plant"
PLANT_DIR = Path(__file__).parent.parent / "demo" / PLANT
CLIMATE = "climate.garage_heat_pump"
SUGGESTED = {
    "outdoor_temp_entity": "sensor.garage_outdoor_temperature",
    "supply_temp_entity": "sensor.garage_supply_air_temperature",
    "return_temp_entity": "sensor.garage_return_air_temperature",
    "outdoor_power_entity": "sensor.garage_outdoor_unit_power",
    "indoor_power_entity": "sensor.garage_air_handler_power",
    "defrost_entity": "binary_sensor.garage_defrost",
    "compressor_frequency_entity": "sensor.garage_compressor_frequency",
    "error_code_entity": "sensor.garage_error_code",
}
"""Every optional role but total power (the plant meters its two units apart)."""
UNITS = {
    "sensor.garage_outdoor_temperature": "°F",
    "sensor.garage_supply_air_temperature": "°F",
    "sensor.garage_return_air_temperature": "°F",
    "sensor.garage_outdoor_unit_power": "kW",
    "sensor.garage_air_handler_power": "W",
    "sensor.garage_compressor_frequency": "Hz",
}
"""Units shown in a US-customary Home Assistant (temperatures converted by it)."""


@pytest.fixture
async def plant_linked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the plant into a custom_components folder on the import path."""
    folder = tmp_path / "custom_components"
    folder.mkdir()
    (folder / PLANT).symlink_to(PLANT_DIR, target_is_directory=True)
    monkeypatch.syspath_prepend(str(tmp_path))


async def _load_plant(hass: HomeAssistant, **conf: Any) -> None:
    hass.config.units = US_CUSTOMARY_SYSTEM
    assert await async_setup_component(hass, PLANT, {PLANT: conf})
    await hass.async_block_till_done()


def _state(hass: HomeAssistant, entity_id: str) -> Any:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


async def _add_bridge_system(hass: HomeAssistant) -> Any:
    """Walk the bridge's config flow as a user would, keeping the suggestions."""
    result: Any = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "bridge"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"climate_entity": CLIMATE}
    )
    assert result["step_id"] == "bridge_sensors"
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and key.description.get("suggested_value")
    }
    assert suggested == SUGGESTED
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], suggested
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Garage heat pump"
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED
    return result["result"]


def _monitor_entity(hass: HomeAssistant, entry: Any, platform: str, key: str) -> str:
    found = er.async_get(hass).async_get_entity_id(
        platform, DOMAIN, f"{entry.unique_id}_{key}"
    )
    assert found is not None, key
    return found


@pytest.mark.usefixtures("plant_linked")
async def test_plant_is_one_device_of_ordinary_entities(hass: HomeAssistant) -> None:
    """A climate entity and sensors with classes and units, on the Garage device."""
    await _load_plant(hass, climate="very_cold", seed=11)

    climate = _state(hass, CLIMATE)
    assert climate.name == "Garage heat pump"
    assert climate.state == "heat"
    assert climate.attributes["hvac_action"] in {"heating", "defrosting", "idle"}
    assert climate.attributes["temperature"] == pytest.approx(68.9, abs=0.1)
    assert 40 < climate.attributes["current_temperature"] < 90
    equipment = climate.attributes["equipment_running"].split(",")
    assert set(equipment) <= {"heatPump", "auxHeat1", "fan", ""}
    assert ("heatPump" in equipment) == (climate.attributes["hvac_action"] != "idle")
    for entity_id, unit in UNITS.items():
        state = _state(hass, entity_id)
        assert state.attributes["unit_of_measurement"] == unit, entity_id
        float(state.state)
    frequency = float(_state(hass, "sensor.garage_compressor_frequency").state)
    assert (frequency > 0) == ("heatPump" in equipment)
    assert _state(hass, "sensor.garage_error_code").state == "OK"
    assert _state(hass, "binary_sensor.garage_defrost").state in {"on", "off"}

    registry = er.async_get(hass)
    devices = {
        registry.async_get(entity_id).device_id  # type: ignore[union-attr]
        for entity_id in (CLIMATE, *UNITS, *SUGGESTED.values())
    }
    assert len(devices) == 1
    device = dr.async_get(hass).async_get(devices.pop() or "")
    assert device is not None
    assert device.name == "Garage"
    assert device.model == "Simulated air-source heat pump (very_cold)"


@pytest.mark.usefixtures("plant_linked")
async def test_plant_runs_in_real_time_and_obeys_its_thermostat(
    hass: HomeAssistant, advance: Advance
) -> None:
    """States follow the wall clock every 10 s; setpoint and mode can be changed."""
    await _load_plant(hass)
    supply = _state(hass, "sensor.garage_supply_air_temperature")
    await advance(timedelta(seconds=4), timedelta(seconds=1))
    assert _state(hass, "sensor.garage_supply_air_temperature") == supply
    await advance(timedelta(seconds=30), timedelta(seconds=5))
    later = _state(hass, "sensor.garage_supply_air_temperature")
    assert later.last_reported > supply.last_reported

    await hass.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": CLIMATE, ATTR_TEMPERATURE: 60},
        blocking=True,
    )
    assert _state(hass, CLIMATE).attributes["temperature"] == 60
    await hass.services.async_call(
        "climate", "turn_off", {"entity_id": CLIMATE}, blocking=True
    )
    await advance(timedelta(seconds=20), timedelta(seconds=5))
    climate = _state(hass, CLIMATE)
    assert climate.state == "off"
    assert climate.attributes["hvac_action"] == "off"
    assert climate.attributes["temperature"] is None
    assert float(_state(hass, "sensor.garage_compressor_frequency").state) == 0


@pytest.mark.usefixtures("plant_linked")
async def test_plant_fault_option(hass: HomeAssistant, advance: Advance) -> None:
    """A fault from the YAML starts after its delay: here the unit goes offline."""
    await _load_plant(hass, fault="offline", fault_start_h=0.01)
    assert _state(hass, CLIMATE).state == "heat"
    await advance(timedelta(minutes=1), timedelta(seconds=5))
    for entity_id in (CLIMATE, *SUGGESTED.values()):
        assert _state(hass, entity_id).state == STATE_UNAVAILABLE, entity_id


@pytest.mark.usefixtures("plant_linked")
async def test_yaml_import_updates_the_entry(hass: HomeAssistant) -> None:
    """The YAML settings reach the one plant entry; adding another by hand aborts."""
    await _load_plant(hass, climate="mild", seed=3)
    entries = hass.config_entries.async_entries(PLANT)
    assert len(entries) == 1
    assert entries[0].data["climate"] == "mild"
    result: Any = await hass.config_entries.flow.async_init(
        PLANT, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


@pytest.mark.usefixtures("plant_linked")
async def test_bridge_monitors_the_plant(hass: HomeAssistant, advance: Advance) -> None:
    """The bridge flow suggests every plant sensor; its system follows the plant."""
    await _load_plant(hass, climate="very_cold", seed=11)
    entry = await _add_bridge_system(hass)
    online = _monitor_entity(hass, entry, "binary_sensor", "online")
    runtime = _monitor_entity(hass, entry, "sensor", "compressor_heating_runtime_today")
    outdoor = _monitor_entity(hass, entry, "sensor", "outdoor_temperature")

    heating_s = 0.0
    for _ in range(60):  # ten minutes, noting what the plant's thermostat says
        await advance(timedelta(seconds=10), timedelta(seconds=5))
        if _state(hass, CLIMATE).attributes["hvac_action"] in {"heating", "defrosting"}:
            heating_s += 10.0
    await advance(timedelta(seconds=30), timedelta(seconds=5))

    assert _state(hass, online).state == "on"
    assert heating_s > 0, "the plant should heat in a very cold climate"
    hours = float(_state(hass, runtime).state)
    assert hours * 3600 == pytest.approx(heating_s, abs=40)
    plant_outdoor = float(_state(hass, "sensor.garage_outdoor_temperature").state)
    assert float(_state(hass, outdoor).state) == pytest.approx(plant_outdoor, abs=0.2)
