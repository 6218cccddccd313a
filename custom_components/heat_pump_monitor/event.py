"""Event entity: defrosts and findings of a system, for dashboards and automations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry
from .entity import HeatPumpEntity, HeatPumpEntityDescription
from .system_events import EVENT_TYPES, entity_signal

PARALLEL_UPDATES = 0

_ATTRIBUTES = ("kind", "severity", "inferred", "duration_s", "time")
"""Event data shown on the entity (the full evidence stays on the bus event)."""


@dataclass(frozen=True, kw_only=True)
class HeatPumpEventDescription(EventEntityDescription, HeatPumpEntityDescription):
    """The system's event entity."""


DESCRIPTION = HeatPumpEventDescription(
    key="events",
    translation_key="events",
    event_types=list(EVENT_TYPES),
    available_offline=True,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the event entity of a system."""
    async_add_entities([HeatPumpEvent(entry.runtime_data.coordinator, DESCRIPTION)])


class HeatPumpEvent(HeatPumpEntity, EventEntity):
    """Fires when a defrost starts or ends and when a finding is raised or cleared."""

    entity_description: HeatPumpEventDescription

    async def async_added_to_hass(self) -> None:
        """Listen for the system's events."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                entity_signal(self.coordinator.config_entry.entry_id),
                self._async_handle,
            )
        )

    @callback
    def _async_handle(self, data: dict[str, Any]) -> None:
        self._trigger_event(
            data["type"], {key: data[key] for key in _ATTRIBUTES if key in data}
        )
        self.async_write_ha_state()
