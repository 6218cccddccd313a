"""The service log and the technician report, through the actions and diagnostics."""

from __future__ import annotations

from datetime import timedelta
import json

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
import voluptuous as vol

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import SERIAL, Advance, entity_id, simulated_entry

VISIT = {
    "date": "2026-10-02",
    "technician": "Cold Climate HVAC | Sam",
    "work_done": "Cleaned the outdoor coil; measured 7.2 K superheat",
    "refrigerant_added_kg": 0.25,
    "refrigerant_type": "R-410A",
}


async def _report(hass: HomeAssistant, entry_id: str) -> str:
    response = await hass.services.async_call(
        DOMAIN,
        "technician_report",
        {"config_entry_id": entry_id},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    report = response["report"]
    assert isinstance(report, str)
    return report


async def test_report_holds_findings_days_and_visits(
    hass: HomeAssistant, advance: Advance, hass_client: ClientSessionGenerator
) -> None:
    """A day and a half of heating, a filter notice come and gone, one visit."""
    entry = simulated_entry(speed=3600.0)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options={"filter_runtime_s": 3600.0})
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    report = await _report(hass, entry.entry_id)
    assert "No finished day recorded yet." in report
    assert "No visit recorded." in report

    await advance(timedelta(seconds=12))  # 12 simulated hours: the notice is up
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": entity_id(hass, "button", "reset_filter")},
        blocking=True,
    )
    await advance(timedelta(seconds=36))  # over a local midnight; due again
    await hass.services.async_call(
        DOMAIN,
        "log_service_visit",
        {"config_entry_id": entry.entry_id, **VISIT},
        blocking=True,
    )
    with pytest.raises(vol.Invalid):
        await hass.services.async_call(
            DOMAIN,
            "log_service_visit",
            {**VISIT, "config_entry_id": entry.entry_id, "refrigerant_added_kg": -1},
            blocking=True,
        )

    report = await _report(hass, entry.entry_id)
    assert report.startswith("# Technician report: Test heat pump\n")
    active, past = report.split("## Past findings")
    assert "### Air filter change due (info)" in active
    assert "- fan runtime s: " in active
    assert "| Air filter change due | info |" in past
    days = [line for line in report.splitlines() if line.startswith("| 20")]
    assert len(days) >= 2  # at least one finished day, and the visit
    assert "| 2026-10-02 | Cold Climate HVAC / Sam | Cleaned the outdoor coil" in report
    assert "| 0.25 kg | R-410A |" in report
    assert SERIAL not in report

    assert await hass.config_entries.async_reload(entry.entry_id)  # a restart
    await hass.async_block_till_done()
    assert "| 2026-10-02 | Cold Climate HVAC / Sam |" in await _report(
        hass, entry.entry_id
    )

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    copy = diagnostics["technician_report"]
    assert copy.startswith("# Technician report: **REDACTED**\n")
    assert "Test heat pump" not in json.dumps(diagnostics)
