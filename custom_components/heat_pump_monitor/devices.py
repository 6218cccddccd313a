"""The devices of a system, registered at setup before its entities.

A system is one device, named after the entry. Where a heat pump was added to a
thermostat, the heat pump is the system's device and the thermostat a second one,
connected through it (``via``), named from the ``device.thermostat`` translation;
they are registered in that order, so the link never points at a device that does
not exist yet. Entities name their device by its identifier only (``device_info``).
The system keeps the thermostat's serial in its unique ids either way, so adding or
removing the heat pump keeps every entity and its history.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
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
    """Register the system's device (and its thermostat's, where it has two)."""
    registry = dr.async_get(hass)
    if not isinstance(source, CombinedSource):
        _register(registry, entry, source.device, name=entry.title)
        return
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


def device_info(source: Source, on_thermostat: bool) -> DeviceInfo:
    """Return the device an entity of ``source``'s system belongs to."""
    device = source.device
    if isinstance(source, CombinedSource) and not on_thermostat:
        device = source.heat_pump_device
    return DeviceInfo(identifiers={(DOMAIN, device.serial)})


def is_system_device(device: dr.DeviceEntry) -> bool:
    """Whether ``device`` is its system's own (not the thermostat behind it)."""
    return device.via_device_id is None
