"""The devices of a system with an added heat pump, registered before its entities.

The heat pump is the system's device; the thermostat is a second device, connected
through it (``via``), named from the ``device.thermostat`` translation. Both are
registered here, in this order, so the link never points at a device that does not
exist yet; the thermostat's entities then only name it by its identifier.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.translation import async_get_translations

from .compat import via_device
from .const import DOMAIN
from .sources import Source
from .sources.base import SourceDevice
from .sources.combined import CombinedSource

THERMOSTAT_KEY = "thermostat"
"""Translation key of the thermostat device's name."""


def _register(
    registry: dr.DeviceRegistry, entry: ConfigEntry, device: SourceDevice, **extra: Any
) -> dr.DeviceEntry:
    return registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, device.serial)},
        manufacturer=device.manufacturer,
        model=device.model,
        serial_number=device.serial,
        sw_version=device.sw_version,
        **extra,
    )


async def async_register_devices(
    hass: HomeAssistant, entry: ConfigEntry, source: Source
) -> None:
    """Register the heat pump and thermostat devices of a combined system."""
    if not isinstance(source, CombinedSource):
        return  # one device, registered with its entities
    registry = dr.async_get(hass)
    heat_pump = _register(registry, entry, source.heat_pump_device, name=entry.title)
    # The name is translated from the cache, which this loads.
    await async_get_translations(hass, hass.config.language, "device", [DOMAIN])
    _register(
        registry,
        entry,
        source.device,
        translation_key=THERMOSTAT_KEY,
        translation_placeholders={"system": entry.title},
        **via_device(heat_pump),
    )
