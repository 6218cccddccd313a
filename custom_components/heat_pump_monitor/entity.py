"""Base entity of a heat pump system."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import HeatPumpCoordinator


class HeatPumpEntity(CoordinatorEntity[HeatPumpCoordinator]):
    """An entity of the heat pump device, fed by the system's coordinator."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: HeatPumpCoordinator, description: EntityDescription
    ) -> None:
        """Describe the entity and its device."""
        super().__init__(coordinator)
        self.entity_description = description
        device = coordinator.source.device
        self._attr_unique_id = f"{device.serial}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, device.serial)},
            manufacturer=device.manufacturer,
            model=device.model,
            name=coordinator.config_entry.title,
            serial_number=device.serial,
            sw_version=device.sw_version,
        )

    @property
    def available(self) -> bool:
        """Unavailable while the device is offline, unless the entity says otherwise."""
        if not super().available:
            return False
        if getattr(self.entity_description, "available_offline", False):
            return True
        return self.coordinator.data.online is not False
