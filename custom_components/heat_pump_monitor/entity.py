"""Base entity of a heat pump system."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .coordinator import HeatPumpCoordinator
from .devices import device_info


@dataclass(frozen=True, kw_only=True)
class HeatPumpEntityDescription(EntityDescription):
    """What every entity description of a heat pump system says."""

    available_offline: bool = False
    """Keep the state while the device does not answer (counters, connectivity)."""
    on_thermostat: bool = False
    """Shown on the thermostat's device where a heat pump was added to the system."""


class HeatPumpEntity(CoordinatorEntity[HeatPumpCoordinator]):
    """An entity of the heat pump device, fed by the system's coordinator."""

    _attr_has_entity_name = True
    entity_description: HeatPumpEntityDescription

    def __init__(
        self, coordinator: HeatPumpCoordinator, description: HeatPumpEntityDescription
    ) -> None:
        """Describe the entity and its device."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.source.device.serial}_{description.key}"
        self._attr_device_info = device_info(
            coordinator.source, description.on_thermostat
        )

    @property
    def available(self) -> bool:
        """Unavailable while the device is offline, unless the entity says otherwise."""
        if not super().available:
            return False
        if self.entity_description.available_offline:
            return True
        return self.coordinator.data.online is not False
