"""Which source a config entry reads from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from ..const import CONF_SOURCE, SourceType
from . import bridge, ecobee, kumo, simulated, venstar
from .base import Source

type SourceBuilder = Callable[
    [HomeAssistant, ConfigEntry, Mapping[str, Any] | None], Source
]

BUILDERS: dict[SourceType, SourceBuilder] = {
    SourceType.SIMULATED: simulated.build,
    SourceType.ECOBEE: ecobee.build,
    SourceType.VENSTAR: venstar.build,
    SourceType.KUMO: kumo.build,
    SourceType.BRIDGE: bridge.build,
}


def build_source(
    hass: HomeAssistant, entry: ConfigEntry, state: Mapping[str, Any] | None
) -> Source:
    """Create the source of an entry, resuming from its persisted state."""
    return BUILDERS[SourceType(entry.data[CONF_SOURCE])](hass, entry, state)
