"""A bridge system's entity removed or renamed: a fixable repair issue."""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import BRIDGE_CLIMATE, BRIDGE_TEST_DOMAIN, BridgeClimate, bridge_entry

type Climate = tuple[BridgeClimate, MockConfigEntry]

PROBE = "sensor.outdoor_probe"


def _register(hass: HomeAssistant, entity_id: str, state: str = "4") -> None:
    domain, object_id = entity_id.split(".")
    er.async_get(hass).async_get_or_create(
        domain, BRIDGE_TEST_DOMAIN, object_id, suggested_object_id=object_id
    )
    hass.states.async_set(entity_id, state, {"unit_of_measurement": "°C"})


async def _setup(hass: HomeAssistant, **entities: str) -> MockConfigEntry:
    entry = bridge_entry(hass, **entities)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def _issue(
    hass: HomeAssistant, entry: MockConfigEntry, role: str
) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(
        DOMAIN, f"{entry.entry_id}_entity_missing_{role}"
    )


async def _fix(hass: HomeAssistant, issue: ir.IssueEntry) -> tuple[Any, Any]:
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": issue.issue_id})
    return manager, result


async def test_removed_entity_is_replaced_through_the_fix_flow(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """Removal raises a fixable issue; its flow saves the replacement and reloads."""
    _register(hass, PROBE)
    entry = await _setup(hass, outdoor_temp_entity=PROBE)
    assert _issue(hass, entry, "outdoor_temp_entity") is None
    er.async_get(hass).async_remove(PROBE)
    await hass.async_block_till_done()
    issue = _issue(hass, entry, "outdoor_temp_entity")
    assert issue is not None and issue.is_fixable
    assert issue.translation_key == "entity_missing"
    assert issue.translation_placeholders == {
        "system": "Hallway heat pump",
        "entity": PROBE,
    }
    manager, result = await _fix(hass, issue)
    assert result["type"] is FlowResultType.FORM and result["step_id"] == "replace"
    [key] = result["data_schema"].schema
    assert key.description == {"suggested_value": None}
    result = await manager.async_configure(
        result["flow_id"], {"replacement": "sensor.nothing"}
    )
    assert result["errors"] == {"replacement": "entity_not_found"}
    _register(hass, "sensor.garden_temperature", "2")
    result = await manager.async_configure(
        result["flow_id"], {"replacement": "sensor.garden_temperature"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.data["outdoor_temp_entity"] == "sensor.garden_temperature"
    assert entry.state is ConfigEntryState.LOADED
    assert _issue(hass, entry, "outdoor_temp_entity") is None
    source = entry.runtime_data.coordinator.source
    assert source.diagnostics()["entities"]["outdoor_temp_entity"] == (
        "sensor.garden_temperature"
    )


async def test_renamed_entity_is_suggested_as_its_replacement(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """A rename raises the issue too; the fix flow offers the new entity id."""
    _register(hass, PROBE)
    entry = await _setup(hass, outdoor_temp_entity=PROBE)
    er.async_get(hass).async_update_entity(PROBE, new_entity_id="sensor.outdoor_air")
    await hass.async_block_till_done()
    issue = _issue(hass, entry, "outdoor_temp_entity")
    assert issue is not None and issue.data is not None
    assert issue.data["renamed_to"] == "sensor.outdoor_air"
    manager, result = await _fix(hass, issue)
    [key] = result["data_schema"].schema
    assert key.description == {"suggested_value": "sensor.outdoor_air"}
    result = await manager.async_configure(
        result["flow_id"], {"replacement": "sensor.outdoor_air"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.data["outdoor_temp_entity"] == "sensor.outdoor_air"


async def test_renamed_climate_keeps_the_system(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """The climate entity renamed: fixed with its new id, the unique id unchanged."""
    entry = await _setup(hass)
    unique_id = entry.unique_id
    er.async_get(hass).async_update_entity(
        BRIDGE_CLIMATE, new_entity_id="climate.hallway"
    )
    await hass.async_block_till_done()
    issue = _issue(hass, entry, "climate_entity")
    assert issue is not None
    manager, result = await _fix(hass, issue)
    result = await manager.async_configure(
        result["flow_id"], {"replacement": "climate.hallway"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.data["climate_entity"] == "climate.hallway"
    assert entry.unique_id == unique_id
    assert entry.state is ConfigEntryState.LOADED


async def test_missing_at_start_and_back_again(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """An entity gone before setup raises the issue; its return withdraws it."""
    entry = await _setup(hass, error_code_entity="sensor.unit_error")
    assert _issue(hass, entry, "error_code_entity") is not None
    _register(hass, "sensor.unit_error", "ok")
    await hass.async_block_till_done()
    assert _issue(hass, entry, "error_code_entity") is None


async def test_unload_withdraws_the_issue(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """A system no longer loaded has no missing-entity issues."""
    entry = await _setup(hass, supply_temp_entity="sensor.duct")
    assert _issue(hass, entry, "supply_temp_entity") is not None
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert _issue(hass, entry, "supply_temp_entity") is None


async def test_leftover_issue_of_a_removed_system_is_dismissed(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """An issue whose system is gone only asks for confirmation."""
    await _setup(hass)
    ir.async_create_issue(
        hass,
        DOMAIN,
        "gone_entity_missing_outdoor_temp_entity",
        is_fixable=True,
        severity=ir.IssueSeverity.ERROR,
        translation_key="entity_missing",
        translation_placeholders={"system": "Old", "entity": PROBE},
        data={"entry_id": "gone", "role": "outdoor_temp_entity", "entity_id": PROBE},
    )
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, "gone_entity_missing_outdoor_temp_entity"
    )
    assert issue is not None
    manager, result = await _fix(hass, issue)
    assert result["step_id"] == "confirm"
    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert (
        ir.async_get(hass).async_get_issue(
            DOMAIN, "gone_entity_missing_outdoor_temp_entity"
        )
        is None
    )
