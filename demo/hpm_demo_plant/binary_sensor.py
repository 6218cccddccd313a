"""The plant's defrost indicator."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from . import PlantConfigEntry
from .entity import PlantEntity


async def async_setup_entry(
    hass: HomeAssistant, entry: PlantConfigEntry, add_entities: AddEntitiesCallback
) -> None:
    """Add the defrost indicator."""
    add_entities([DefrostSensor(entry.runtime_data, "defrost")])


class DefrostSensor(PlantEntity, BinarySensorEntity):
    """On while the outdoor unit defrosts."""

    _attr_name = "Defrost"
    _attr_device_class = BinarySensorDeviceClass.RUNNING

    @property
    def is_on(self) -> bool | None:
        """Whether the last 10 s saw a defrost."""
        sample = self.sample
        if sample is None or sample.defrost_s is None:
            return None
        return sample.defrost_s > 0
