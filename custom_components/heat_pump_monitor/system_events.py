"""Engine events as Home Assistant events: on the bus, and for the system's event entity.

Every defrost start and end and every finding raised or cleared is fired once as a
``heat_pump_monitor_event`` bus event (what device triggers and automations listen
to) and sent to the system's event entity. The data names the system, its device,
the event type and, for findings, the kind, severity and evidence; never credentials
or locations (evidence holds only readings, counts and durations).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .const import DOMAIN
from .devices import is_system_device
from .engine.events import EngineEvent, EventType

BUS_EVENT: Final = f"{DOMAIN}_event"
EVENT_TYPES: Final = tuple(item.value for item in EventType)


def entity_signal(entry_id: str) -> str:
    """Dispatcher signal of one system's event entity."""
    return f"{DOMAIN}_event_{entry_id}"


def _payload(event: EngineEvent) -> dict[str, Any]:
    data: dict[str, Any] = {"type": event.type.value, "time": event.time.isoformat()}
    if event.finding is not None:
        data |= {
            "kind": event.finding.kind.value,
            "severity": event.finding.severity.value,
            "evidence": dict(event.finding.evidence),
        }
    if event.defrost is not None:
        data["inferred"] = event.defrost.inferred
        if event.defrost.duration_s is not None:
            data["duration_s"] = event.defrost.duration_s
    return data


class SystemEvents:
    """Fires one system's engine events."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Bind to the system's entry."""
        self._hass = hass
        self._entry = entry

    def _device_id(self) -> str | None:
        """Return the system's device (none before its entities exist).

        A system with an added heat pump has its thermostat as a second device,
        connected through the system's.
        """
        devices = dr.async_entries_for_config_entry(
            dr.async_get(self._hass), self._entry.entry_id
        )
        return next((d.id for d in devices if is_system_device(d)), None)

    def fire(self, events: Iterable[EngineEvent]) -> None:
        """Fire each event on the bus and send it to the event entity."""
        device_id = self._device_id()
        for event in events:
            data = {
                "system": self._entry.title,
                "entry_id": self._entry.entry_id,
                "device_id": device_id,
                **_payload(event),
            }
            self._hass.bus.async_fire(BUS_EVENT, data)
            async_dispatcher_send(self._hass, entity_signal(self._entry.entry_id), data)
