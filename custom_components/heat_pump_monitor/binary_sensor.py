"""Binary sensors: defrost running, device online, and a problem flag for any finding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry
from .engine.status import EngineStatus
from .entity import HeatPumpEntity, HeatPumpEntityDescription
from .sources.base import data_path
from .sources.combined import CombinedSource

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HeatPumpBinarySensorDescription(
    BinarySensorEntityDescription, HeatPumpEntityDescription
):
    """A binary sensor read from the engine status."""

    is_on_fn: Callable[[EngineStatus], bool | None]
    attributes_fn: Callable[[EngineStatus], dict[str, Any]] | None = None
    shows_connection: bool = False
    """Add how the devices were reached: the source's ``data_path`` (local or cloud)
    where it has one, and whether an added heat pump answered its last poll."""


def _findings_attributes(status: EngineStatus) -> dict[str, Any]:
    return {
        "findings": [
            {
                "kind": finding.kind.value,
                "severity": finding.severity.value,
                "since": finding.start.isoformat(),
            }
            for finding in status.active_findings
        ]
    }


BINARY_SENSORS: tuple[HeatPumpBinarySensorDescription, ...] = (
    HeatPumpBinarySensorDescription(
        key="defrost",
        translation_key="defrost",
        device_class=BinarySensorDeviceClass.RUNNING,
        is_on_fn=lambda status: status.defrost_active,
    ),
    HeatPumpBinarySensorDescription(
        key="online",
        translation_key="online",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        available_offline=True,
        is_on_fn=lambda status: status.online,
        shows_connection=True,
    ),
    HeatPumpBinarySensorDescription(
        key="problem",
        translation_key="problem",
        device_class=BinarySensorDeviceClass.PROBLEM,
        available_offline=True,
        is_on_fn=lambda status: bool(status.active_findings),
        attributes_fn=_findings_attributes,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the binary sensors of a system."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        HeatPumpBinarySensor(coordinator, description) for description in BINARY_SENSORS
    )


class HeatPumpBinarySensor(HeatPumpEntity, BinarySensorEntity):
    """A binary sensor of the heat pump device."""

    entity_description: HeatPumpBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """The value from the engine's latest status."""
        return self.entity_description.is_on_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Details, where the sensor has them."""
        description = self.entity_description
        attributes: dict[str, Any] = {}
        if description.attributes_fn is not None:
            attributes.update(description.attributes_fn(self.coordinator.data))
        if description.shows_connection:
            source = self.coordinator.source
            path = data_path(source)
            if path is not None:
                attributes["data_path"] = path
            if isinstance(source, CombinedSource):
                attributes["heat_pump_online"] = source.heat_pump_readable
        return attributes or None
