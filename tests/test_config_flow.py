"""The config flow and the options flow."""

from __future__ import annotations

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import simulated_entry

SIMULATED_INPUT = {
    "name": "Garage heat pump",
    "climate": "very_cold",
    "season": "calendar",
    "scenario": "defrost_stuck",
    "fault_start_h": 2.5,
    "fault_duration_h": 3,
    "speed": 120,
}


async def test_user_flow_creates_simulated_system(hass: HomeAssistant) -> None:
    """The menu leads to the simulated form, which creates one system."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["simulated"]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "simulated"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "simulated"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], SIMULATED_INPUT
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Garage heat pump"
    data = result["data"]
    assert data["source"] == "simulated"
    assert data["climate"] == "very_cold"
    assert data["season"] == "calendar"
    assert data["scenario"] == "defrost_stuck"
    assert data["fault_start_h"] == 2.5
    assert data["fault_duration_h"] == 3.0
    assert data["speed"] == 120.0
    assert isinstance(data["seed"], int)
    entry = result["result"]
    assert entry.unique_id.startswith("SIM-")
    assert entry.state is config_entries.ConfigEntryState.LOADED


async def test_each_system_gets_its_own_unique_id(hass: HomeAssistant) -> None:
    """Two simulated systems are two entries, never a duplicate."""
    unique_ids = set()
    for _ in range(2):
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": config_entries.SOURCE_USER}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "simulated"}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], SIMULATED_INPUT
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        unique_ids.add(result["result"].unique_id)
    await hass.async_block_till_done()
    assert len(unique_ids) == 2
    assert len(hass.config_entries.async_entries(DOMAIN)) == 2


async def test_options_flow_stores_thresholds_in_engine_units(
    hass: HomeAssistant,
) -> None:
    """Minutes in the form become seconds in the options; counts stay integers."""
    entry = simulated_entry()
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    defaults = {key.schema: key.default() for key in result["data_schema"].schema}
    assert defaults["defrost_stuck_s"] == 15
    assert defaults["short_cycle_min_starts"] == 6
    assert defaults["short_cycle_days"] == 3

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "short_cycle_min_starts": 8,
            "short_cycle_window_s": 60,
            "short_cycle_max_median_period_s": 12,
            "short_cycle_days": 2,
            "defrost_stuck_s": 20,
            "offline_after_s": 30,
        },
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        "short_cycle_min_starts": 8,
        "short_cycle_window_s": 3600.0,
        "short_cycle_max_median_period_s": 720.0,
        "short_cycle_days": 2,
        "defrost_stuck_s": 1200.0,
        "offline_after_s": 1800.0,
    }
    # The entry reloaded with the new thresholds.
    assert entry.state is config_entries.ConfigEntryState.LOADED
    config = entry.runtime_data.coordinator.engine.config
    assert config.defrost_stuck_s == 1200.0
    assert config.short_cycle_min_starts == 8

    result = await hass.config_entries.options.async_init(entry.entry_id)
    defaults = {key.schema: key.default() for key in result["data_schema"].schema}
    assert defaults["defrost_stuck_s"] == 20
