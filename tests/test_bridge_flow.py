"""Adding and reconfiguring a heat pump that is already in Home Assistant."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import BRIDGE_CLIMATE, BRIDGE_TEST_DOMAIN, BridgeClimate, bridge_entry

type Climate = tuple[BridgeClimate, MockConfigEntry]

SIBLINGS = {
    "sensor.hallway_heat_pump_outdoor_temperature": ("temperature", "°F", "28"),
    "sensor.hallway_heat_pump_room_temperature": ("temperature", "°C", "20"),
    "binary_sensor.hallway_heat_pump_defrost": (None, None, "off"),
    "sensor.hallway_heat_pump_compressor_frequency": ("frequency", "Hz", "41"),
    "sensor.hallway_heat_pump_power": ("power", "kW", "1.2"),
    "sensor.hallway_heat_pump_indoor_unit_power": ("power", "W", "80"),
    "sensor.hallway_heat_pump_error": (None, None, "none"),
}
"""Entities of the climate's own device: class, unit, state."""
SUGGESTED = {
    "outdoor_temp_entity": "sensor.hallway_heat_pump_outdoor_temperature",
    "defrost_entity": "binary_sensor.hallway_heat_pump_defrost",
    "compressor_frequency_entity": "sensor.hallway_heat_pump_compressor_frequency",
    "total_power_entity": "sensor.hallway_heat_pump_power",
    "indoor_power_entity": "sensor.hallway_heat_pump_indoor_unit_power",
    "error_code_entity": "sensor.hallway_heat_pump_error",
}


def _add_siblings(hass: HomeAssistant, test_entry: MockConfigEntry) -> None:
    registry = er.async_get(hass)
    climate = registry.async_get(BRIDGE_CLIMATE)
    assert climate is not None and climate.device_id is not None
    for entity_id, (device_class, unit, state) in SIBLINGS.items():
        domain, object_id = entity_id.split(".")
        registry.async_get_or_create(
            domain,
            BRIDGE_TEST_DOMAIN,
            object_id,
            suggested_object_id=object_id,
            config_entry=test_entry,
            device_id=climate.device_id,
            original_device_class=device_class,
        )
        hass.states.async_set(
            entity_id, state, {} if unit is None else {"unit_of_measurement": unit}
        )
    # A disabled entity is never suggested (else it would be the supply air).
    registry.async_get_or_create(
        "sensor",
        BRIDGE_TEST_DOMAIN,
        "supply",
        suggested_object_id="hallway_heat_pump_supply_air",
        config_entry=test_entry,
        device_id=climate.device_id,
        original_device_class="temperature",
        disabled_by=er.RegistryEntryDisabler.USER,
    )


def _suggested(result: Any) -> dict[str, str]:
    return {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and key.description.get("suggested_value")
    }


async def _to_sensors(hass: HomeAssistant) -> Any:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert "bridge" in result["menu_options"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "bridge"}
    )
    assert result["type"] is FlowResultType.FORM and result["step_id"] == "bridge"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"climate_entity": BRIDGE_CLIMATE}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "bridge_sensors"
    return result


async def test_add_with_the_devices_entities_suggested(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """Entities of the climate's device fill the form; the entry reads them."""
    _, test_entry = bridge_climate
    _add_siblings(hass, test_entry)
    result = await _to_sensors(hass)
    assert _suggested(result) == SUGGESTED
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], SUGGESTED
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Hallway heat pump"
    assert result["data"] == {
        "source": "bridge",
        "climate_entity": BRIDGE_CLIMATE,
        **SUGGESTED,
    }
    climate = er.async_get(hass).async_get(BRIDGE_CLIMATE)
    assert climate is not None
    entry = result["result"]
    assert entry.unique_id == climate.id
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_climate_without_a_device_suggests_nothing(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """A climate entity on no device: the optional entities stay empty."""
    er.async_get(hass).async_update_entity(BRIDGE_CLIMATE, device_id=None)
    result = await _to_sensors(hass)
    assert _suggested(result) == {}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {"source": "bridge", "climate_entity": BRIDGE_CLIMATE}


async def test_the_same_climate_twice_aborts(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """One system per climate entity, also after the entity was renamed."""
    bridge_entry(hass).add_to_hass(hass)
    er.async_get(hass).async_update_entity(
        BRIDGE_CLIMATE, new_entity_id="climate.hallway"
    )
    await hass.async_block_till_done()
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "bridge"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"climate_entity": "climate.hallway"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


@pytest.mark.parametrize(
    ("step_input", "errors"),
    [
        ({"climate_entity": "climate.nowhere"}, {"climate_entity": "entity_not_found"}),
        ({"climate_entity": "sensor.outdoor"}, {"climate_entity": "wrong_domain"}),
    ],
)
async def test_climate_step_errors(
    hass: HomeAssistant,
    bridge_climate: Climate,
    step_input: dict[str, str],
    errors: dict[str, str],
) -> None:
    """A missing climate entity, or another domain, is refused."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "bridge"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], step_input
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors


async def test_sensor_step_errors_then_success(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """Unconvertible units, unknown entities and two outdoor powers are refused."""
    hass.states.async_set("sensor.amps", "6", {"unit_of_measurement": "A"})
    hass.states.async_set("sensor.meter", "1.1", {"unit_of_measurement": "kW"})
    hass.states.async_set("sensor.clamp", "900", {"unit_of_measurement": "W"})
    hass.states.async_set("sensor.probe", "40", {"unit_of_measurement": "°C"})
    result = await _to_sensors(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "outdoor_power_entity": "sensor.amps",
            "supply_temp_entity": "sensor.gone",
            "total_power_entity": "sensor.meter",
            "defrost_entity": "climate.hallway_heat_pump",
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {
        "outdoor_power_entity": "unsupported_unit",
        "supply_temp_entity": "entity_not_found",
        "total_power_entity": "power_overlap",
        "defrost_entity": "wrong_domain",
    }
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {"outdoor_power_entity": "sensor.clamp", "supply_temp_entity": "sensor.probe"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["outdoor_power_entity"] == "sensor.clamp"


async def test_reconfigure_changes_the_picks(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """The form shows the current picks; cleared ones are dropped, the entry reloads."""
    hass.states.async_set("sensor.outdoor", "3", {"unit_of_measurement": "°C"})
    hass.states.async_set("sensor.clamp", "900", {"unit_of_measurement": "W"})
    entry = bridge_entry(hass, outdoor_temp_entity="sensor.outdoor")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "bridge_reconfigure"
    assert _suggested(result) == {"outdoor_temp_entity": "sensor.outdoor"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"outdoor_power_entity": "sensor.amps"}
    )
    assert result["errors"] == {"outdoor_power_entity": "entity_not_found"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"outdoor_power_entity": "sensor.clamp"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data == {
        "source": "bridge",
        "climate_entity": BRIDGE_CLIMATE,
        "outdoor_power_entity": "sensor.clamp",
    }
    assert entry.state is ConfigEntryState.LOADED
    source = entry.runtime_data.coordinator.source
    assert source.diagnostics()["entities"] == {
        "climate_entity": BRIDGE_CLIMATE,
        "outdoor_power_entity": "sensor.clamp",
    }
