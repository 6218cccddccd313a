"""The config flow and the options flow."""

from __future__ import annotations

from typing import Any

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.const import DOMAIN
from custom_components.heat_pump_monitor.engine import EngineConfig

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
    assert result["menu_options"] == [
        "simulated",
        "ecobee",
        "venstar",
        "kumo",
        "bridge",
    ]

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


def _form_defaults(result: Any) -> dict[str, dict[str, Any]]:
    """Each section's prefilled values, by section and key."""
    return {
        name.schema: {key.schema: key.default() for key in name_schema.schema.schema}
        for name, name_schema in result["data_schema"].schema.items()
    }


async def _open_options(hass: HomeAssistant) -> tuple[MockConfigEntry, Any]:
    entry = simulated_entry()
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    return entry, result


async def test_options_flow_offers_every_threshold_once(hass: HomeAssistant) -> None:
    """Every engine threshold is in exactly one section of the form."""
    _, result = await _open_options(hass)
    sections = _form_defaults(result)
    assert sections.pop("notifications") == {"notify_services": []}
    keys = [key for values in sections.values() for key in values]
    assert sorted(keys) == sorted(EngineConfig().options())


async def test_options_flow_stores_thresholds_in_engine_units(
    hass: HomeAssistant,
) -> None:
    """Minutes and hours in the form become seconds; percent a fraction; counts ints."""
    entry, result = await _open_options(hass)
    defaults = _form_defaults(result)
    assert defaults["defrost"]["defrost_stuck_s"] == 15
    assert defaults["cycling"]["short_cycle_min_starts"] == 6
    assert defaults["device"]["filter_runtime_s"] == 300
    assert defaults["capacity"]["capacity_fraction"] == 25
    assert defaults["backup_heat"]["aux_outdoor_c"] == 4

    form = defaults
    form["cycling"]["short_cycle_min_starts"] = 8
    form["cycling"]["short_cycle_max_median_period_s"] = 12
    form["defrost"]["defrost_stuck_s"] = 20
    form["device"]["filter_runtime_s"] = 250
    form["capacity"]["capacity_fraction"] = 30
    form["backup_heat"]["aux_outdoor_c"] = 2
    result = await hass.config_entries.options.async_configure(result["flow_id"], form)
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["short_cycle_min_starts"] == 8
    assert entry.options["short_cycle_max_median_period_s"] == 720.0
    assert entry.options["defrost_stuck_s"] == 1200.0
    assert entry.options["filter_runtime_s"] == 900_000.0
    assert entry.options["capacity_fraction"] == 0.3
    assert entry.options["aux_outdoor_c"] == 2.0
    assert entry.options["offline_after_s"] == 900.0
    # The entry reloaded with the new thresholds.
    assert entry.state is config_entries.ConfigEntryState.LOADED
    config = entry.runtime_data.coordinator.engine.config
    assert config.defrost_stuck_s == 1200.0
    assert config.short_cycle_min_starts == 8
    assert config.capacity_fraction == 0.3

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert _form_defaults(result)["defrost"]["defrost_stuck_s"] == 20


async def test_options_flow_shows_temperatures_in_the_users_units(
    hass: HomeAssistant,
) -> None:
    """Fahrenheit users see °F; temperatures and differences are stored in °C."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    entry, result = await _open_options(hass)
    form = _form_defaults(result)
    assert form["backup_heat"]["aux_outdoor_c"] == 39.2
    assert form["backup_heat"]["aux_balance_margin_c"] == 5.4
    assert form["defrost"]["defrost_missing_min_outdoor_c"] == 19.4

    form["backup_heat"]["aux_outdoor_c"] = 50
    form["backup_heat"]["aux_balance_margin_c"] = 9
    result = await hass.config_entries.options.async_configure(result["flow_id"], form)
    await hass.async_block_till_done()
    assert entry.options["aux_outdoor_c"] == 10.0
    assert entry.options["aux_balance_margin_c"] == 5.0
    assert entry.options["defrost_missing_min_outdoor_c"] == -7.0


async def test_simulated_system_has_no_credentials_or_address(
    hass: HomeAssistant,
) -> None:
    """Reauthentication and reconfiguration of a simulated system abort, saying why."""
    entry = simulated_entry()
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_not_supported"
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_not_supported"
