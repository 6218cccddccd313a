"""Base entity of the demo plant: one device, updated after each plant sample."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity

from custom_components.heat_pump_monitor.engine.sample import Sample

from .const import DEVICE_NAME, DOMAIN, MANUFACTURER
from .plant import Plant


class PlantEntity(Entity):
    """An entity of the plant's device; unavailable while the plant is offline."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, plant: Plant, key: str) -> None:
        """Describe the entity ``key`` of the plant's device."""
        self._plant = plant
        self._attr_unique_id = f"{DOMAIN}_{key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, DOMAIN)},
            manufacturer=MANUFACTURER,
            model=f"Simulated air-source heat pump ({plant.config.climate.value})",
            name=DEVICE_NAME,
        )

    @property
    def sample(self) -> Sample | None:
        """The plant's last 10 s."""
        return self._plant.latest

    @property
    def available(self) -> bool:
        """Available while the plant reports (a fault may take it offline)."""
        return self.sample is not None and self.sample.online

    async def async_added_to_hass(self) -> None:
        """Write the state after each new sample of the plant."""
        self.async_on_remove(self._plant.add_listener(self.async_write_ha_state))
