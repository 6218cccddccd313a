"""Differences between the Home Assistant versions we support (2025.4 to current)."""

from __future__ import annotations

from typing import Any

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
