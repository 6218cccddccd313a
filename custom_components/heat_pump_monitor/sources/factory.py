"""Which source a config entry reads from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback

from ..const import CONF_HEAT_PUMP, CONF_REAUTH_PART, CONF_SOURCE, SourceType
from . import bridge, ecobee, kumo, simulated, venstar
from .base import Source
from .combined import HEAT_PUMP, THERMOSTAT, CombinedSource, part_state

type SourceBuilder = Callable[
    [HomeAssistant, ConfigEntry, Mapping[str, Any] | None], Source
]
type HeatPumpBuilder = Callable[
    [HomeAssistant, ConfigEntry, Mapping[str, Any], Mapping[str, Any] | None], Source
]

BUILDERS: dict[SourceType, SourceBuilder] = {
    SourceType.SIMULATED: simulated.build,
    SourceType.ECOBEE: ecobee.build,
    SourceType.VENSTAR: venstar.build,
    SourceType.KUMO: kumo.build,
    SourceType.BRIDGE: bridge.build,
}
HEAT_PUMP_BUILDERS: dict[SourceType, HeatPumpBuilder] = {
    SourceType.KUMO: kumo.build_heat_pump,
    SourceType.BRIDGE: bridge.build_heat_pump,
}


def heat_pump_data(entry_data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Return the data of the heat pump added to an entry's thermostat, if any."""
    data = entry_data.get(CONF_HEAT_PUMP)
    return data if isinstance(data, Mapping) else None


def build_source(
    hass: HomeAssistant, entry: ConfigEntry, state: Mapping[str, Any] | None
) -> Source:
    """Create the source of an entry, resuming from its persisted state."""
    own = BUILDERS[SourceType(entry.data[CONF_SOURCE])](
        hass, entry, part_state(state, THERMOSTAT)
    )
    data = heat_pump_data(entry.data)
    if data is None:
        return own
    heat_pump = HEAT_PUMP_BUILDERS[SourceType(data[CONF_SOURCE])](
        hass, entry, data, part_state(state, HEAT_PUMP)
    )

    @callback
    def _reauth_heat_pump() -> None:
        entry.async_start_reauth(hass, data={CONF_REAUTH_PART: CONF_HEAT_PUMP})

    return CombinedSource(
        own, heat_pump, on_heat_pump_auth_failed=_reauth_heat_pump, state=state
    )
