"""Actions of the integration, registered once for all systems.

Acknowledge or snooze a finding, reset the filter runtime, log a service visit, and
produce the technician report.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from .compat import service_schema
from .const import DOMAIN
from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .engine.findings import Finding, FindingKind
from .service_log import ServiceVisit
from .technician_report import async_build_report

SERVICE_ACKNOWLEDGE: Final = "acknowledge_finding"
SERVICE_SNOOZE: Final = "snooze_finding"
SERVICE_RESET_FILTER: Final = "reset_filter"
SERVICE_LOG_VISIT: Final = "log_service_visit"
SERVICE_REPORT: Final = "technician_report"
ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"
ATTR_KIND: Final = "kind"
ATTR_HOURS: Final = "hours"
ATTR_DATE: Final = "date"
ATTR_TECHNICIAN: Final = "technician"
ATTR_WORK_DONE: Final = "work_done"
ATTR_REFRIGERANT_ADDED: Final = "refrigerant_added_kg"
ATTR_REFRIGERANT_TYPE: Final = "refrigerant_type"

_ENTRY: Final[dict[vol.Marker, object]] = {
    vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string
}
_FINDING: Final[dict[vol.Marker, object]] = {
    **_ENTRY,
    vol.Required(ATTR_KIND): vol.In([kind.value for kind in FindingKind]),
}
SCHEMAS: Final = {
    SERVICE_ACKNOWLEDGE: vol.Schema(_FINDING),
    SERVICE_SNOOZE: vol.Schema(
        {
            **_FINDING,
            vol.Optional(ATTR_HOURS, default=24): vol.All(
                vol.Coerce(float), vol.Range(min=0.5, max=24 * 30)
            ),
        }
    ),
    SERVICE_RESET_FILTER: vol.Schema(_ENTRY),
    SERVICE_LOG_VISIT: vol.Schema(
        {
            **_ENTRY,
            vol.Required(ATTR_DATE): cv.date,
            vol.Required(ATTR_TECHNICIAN): vol.All(cv.string, vol.Length(1, 200)),
            vol.Required(ATTR_WORK_DONE): vol.All(cv.string, vol.Length(1, 2000)),
            vol.Optional(ATTR_REFRIGERANT_ADDED): vol.All(
                vol.Coerce(float), vol.Range(min=0, max=50)
            ),
            vol.Optional(ATTR_REFRIGERANT_TYPE): vol.All(cv.string, vol.Length(1, 40)),
        }
    ),
    SERVICE_REPORT: vol.Schema(_ENTRY),
}


def _coordinator(hass: HomeAssistant, call: ServiceCall) -> HeatPumpCoordinator:
    entry_id = call.data[ATTR_CONFIG_ENTRY_ID]
    entry: HeatPumpConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="system_not_found",
            translation_placeholders={"entry_id": entry_id},
        )
    if entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="system_not_loaded",
            translation_placeholders={"system": entry.title},
        )
    return entry.runtime_data.coordinator


def _active(coordinator: HeatPumpCoordinator, call: ServiceCall) -> Finding:
    kind = call.data[ATTR_KIND]
    finding = coordinator.active_finding(kind)
    if finding is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="finding_not_active",
            translation_placeholders={
                "system": coordinator.config_entry.title,
                "kind": kind,
            },
        )
    return finding


async def _async_acknowledge(call: ServiceCall) -> None:
    coordinator = _coordinator(call.hass, call)
    coordinator.acknowledge(_active(coordinator, call))


async def _async_snooze(call: ServiceCall) -> None:
    coordinator = _coordinator(call.hass, call)
    coordinator.snooze(
        _active(coordinator, call), timedelta(hours=call.data[ATTR_HOURS])
    )


async def _async_reset_filter(call: ServiceCall) -> None:
    await _coordinator(call.hass, call).async_reset_filter()


async def _async_log_visit(call: ServiceCall) -> None:
    coordinator = _coordinator(call.hass, call)
    coordinator.log_visit(
        ServiceVisit(
            day=call.data[ATTR_DATE],
            technician=call.data[ATTR_TECHNICIAN],
            work_done=call.data[ATTR_WORK_DONE],
            refrigerant_added_kg=call.data.get(ATTR_REFRIGERANT_ADDED),
            refrigerant_type=call.data.get(ATTR_REFRIGERANT_TYPE),
        )
    )


async def _async_report(call: ServiceCall) -> ServiceResponse:
    coordinator = _coordinator(call.hass, call)
    return {"report": await async_build_report(coordinator)}


@callback
def async_register_services(hass: HomeAssistant) -> None:
    """Register the integration's actions (once, in ``async_setup``)."""
    handlers = {
        SERVICE_ACKNOWLEDGE: _async_acknowledge,
        SERVICE_SNOOZE: _async_snooze,
        SERVICE_RESET_FILTER: _async_reset_filter,
        SERVICE_LOG_VISIT: _async_log_visit,
    }
    for name, handler in handlers.items():
        hass.services.async_register(
            DOMAIN, name, handler, schema=service_schema(SCHEMAS[name])
        )
    hass.services.async_register(
        DOMAIN,
        SERVICE_REPORT,
        _async_report,
        schema=service_schema(SCHEMAS[SERVICE_REPORT]),
        supports_response=SupportsResponse.ONLY,
    )
