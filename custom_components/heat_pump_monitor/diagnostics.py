"""Diagnostics: what a technician or developer needs, with nothing that identifies the home."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import (
    CONF_API_KEY,
    CONF_HOST,
    CONF_MAC,
    CONF_NAME,
    CONF_PASSWORD,
    CONF_PIN,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant

from .const import (
    CONF_CRYPTO_SERIAL,
    CONF_PART_ID,
    CONF_REFRESH_TOKEN,
    CONF_SEED,
    CONF_SERIAL,
    CONF_THERMOSTAT_ID,
    CONF_UNIT_PASSWORD,
)
from .coordinator import HeatPumpConfigEntry
from .sources.combined import CombinedSource
from .technician_report import async_build_report

TO_REDACT = {
    "unique_id",
    "serial",
    "title",
    CONF_NAME,
    CONF_SEED,
    CONF_HOST,
    CONF_USERNAME,
    CONF_PASSWORD,
    CONF_PIN,
    CONF_API_KEY,
    CONF_REFRESH_TOKEN,
    CONF_THERMOSTAT_ID,
    CONF_SERIAL,
    CONF_UNIT_PASSWORD,
    CONF_CRYPTO_SERIAL,
    CONF_MAC,
    CONF_PART_ID,
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: HeatPumpConfigEntry
) -> dict[str, Any]:
    """Entry, engine status and findings, redacted."""
    coordinator = entry.runtime_data.coordinator
    status = coordinator.data
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "device": async_redact_data(asdict(coordinator.source.device), TO_REDACT),
        "heat_pump_device": (
            async_redact_data(asdict(source.heat_pump_device), TO_REDACT)
            if isinstance(source := coordinator.source, CombinedSource)
            else None
        ),
        "status": {
            "time": status.time.isoformat() if status.time else None,
            "online": status.online,
            "operating_mode": status.operating_mode,
            "defrost_active": status.defrost_active,
            "today": asdict(status.today),
            "lifetime": asdict(status.lifetime),
            "cycles_today": status.cycles_today,
            "defrosts_today": status.defrosts_today,
            "last_defrost_s": status.last_defrost_s,
        },
        "findings": [finding.as_dict() for finding in status.active_findings],
        "engine": coordinator.diagnostics,
        "technician_report": await async_build_report(
            coordinator, system_name=REDACTED
        ),
    }
