"""Differences between the Home Assistant versions we support (2025.4 to current)."""

from __future__ import annotations

from inspect import signature
from typing import Any

from homeassistant.helpers import device_registry as dr
import voluptuous as vol


def form_schema(schema: vol.Schema) -> Any:
    """Pass a voluptuous schema to ``async_show_form`` or ``section`` on every version.

    Home Assistant 2026 types the argument as ``probatio.Schema`` but still accepts
    voluptuous schemas at run time; 2025.4 has no probatio.
    """
    return schema


def service_schema(schema: vol.Schema) -> Any:
    """Pass a voluptuous schema to ``ServiceRegistry.async_register`` on every version.

    Typed as ``probatio`` schemas in Home Assistant 2026, like ``form_schema``.
    """
    return schema


def via_device(parent: dr.DeviceEntry) -> dict[str, Any]:
    """Return the ``async_get_or_create`` keyword naming the device another is behind.

    Home Assistant 2026.8 takes the parent's device id (``via_device_id``) and
    deprecates ``via_device``, the parent's identifier, which 2025.4 takes.
    """
    if "via_device_id" in signature(dr.DeviceRegistry.async_get_or_create).parameters:
        return {"via_device_id": parent.id}
    return {"via_device": next(iter(sorted(parent.identifiers)))}
