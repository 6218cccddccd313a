"""A heat pump already in Home Assistant: a climate entity and optional sensors.

Event driven: a state-change listener on the configured entities times every change
at its ``last_updated`` (attribute changes such as ``hvac_action`` included) and
adds the reading that held until then to the current interval. Each poll closes the
interval at the poll's time and returns it as one sample, so runtimes are exact to
the second whatever the poll interval. Nothing is read from a device and nothing
persists: time while Home Assistant was stopped is a gap. The listeners are removed
when the entry unloads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util

from ..bridge_issues import MissingEntityWatch
from ..const import CONF_HEAT_PUMP, CONF_PART_ID, BridgeEntity
from ..engine.sample import Sample
from .base import SourceDevice
from .bridge_interval import IntervalTotals
from .bridge_states import Reading, present, reading

POLL_INTERVAL: Final = timedelta(seconds=30)
MIN_INTERVAL: Final = timedelta(seconds=1)
"""A shorter interval (the first refresh right after setup) is carried into the next."""


def configured_entities(data: Mapping[str, Any]) -> dict[BridgeEntity, str]:
    """Return the entities an entry's data names, by their role."""
    return {
        role: value
        for role in BridgeEntity
        if isinstance(value := data.get(role.value), str) and value
    }


class BridgeSource:
    """Samples built from Home Assistant entities (see the module docstring)."""

    def __init__(
        self,
        hass: HomeAssistant,
        entities: Mapping[BridgeEntity, str],
        *,
        device: SourceDevice,
        clock: Callable[[], datetime] = dt_util.utcnow,
    ) -> None:
        """Read ``entities`` (role -> entity id); the climate entity is required."""
        self._hass = hass
        self._entities = dict(entities)
        self._roles: dict[str, list[BridgeEntity]] = {}
        for role, entity_id in self._entities.items():
            self._roles.setdefault(entity_id, []).append(role)
        self._configured = frozenset(self._entities)
        self._device = device
        self._clock = clock
        self._states: dict[BridgeEntity, State | None] = {
            role: hass.states.get(entity_id) for role, entity_id in entities.items()
        }
        self._start = self._since = clock()
        self._current = self._read()
        self._totals = IntervalTotals()
        self._changes = 0

    @property
    def device(self) -> SourceDevice:
        """The heat pump behind the climate entity."""
        return self._device

    @property
    def poll_interval(self) -> timedelta:
        """How often an interval is closed (the runtimes are exact regardless)."""
        return POLL_INTERVAL

    def now(self) -> datetime:
        """Return the wall clock (state changes carry wall-clock times)."""
        return self._clock()

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Listen to the entities' state changes; return the function that stops it."""
        return async_track_state_change_event(
            self._hass, list(self._roles), self._async_state_changed
        )

    @callback
    def _async_state_changed(self, event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        self._advance(self._clock() if new_state is None else new_state.last_updated)
        for role in self._roles.get(event.data["entity_id"], ()):
            self._states[role] = new_state
        self._current = self._read()
        self._changes += 1

    def _read(self) -> Reading:
        return reading(
            self._states,
            configured=self._configured,
            climate_unit=self._hass.config.units.temperature_unit,
        )

    def _advance(self, until: datetime) -> None:
        """Count the current reading as held from the last change ``until``."""
        until = max(until, self._since)
        seconds = (until - self._since).total_seconds()
        if seconds > 0:
            self._totals.add(self._current, seconds)
        self._since = until

    async def async_poll(self) -> list[Sample]:
        """Close the interval now; return its sample (none if it is too short)."""
        now = self._clock()
        self._advance(now)
        if now - self._start < MIN_INTERVAL:
            return []
        totals, self._totals = self._totals, IntervalTotals()
        start, self._start = self._start, self._since
        return [totals.sample(start, totals.seconds)]

    def to_state(self) -> dict[str, Any]:
        """Return nothing: time while Home Assistant was stopped is a gap."""
        return {}

    def diagnostics(self) -> dict[str, Any]:
        """Return the entities, which of them hold a value, and changes seen."""
        return {
            "entities": {
                role.value: entity_id for role, entity_id in self._entities.items()
            },
            "available": {
                role.value: present(state) for role, state in self._states.items()
            },
            "state_changes": self._changes,
        }


def bridge_device(
    hass: HomeAssistant, climate_entity_id: str, serial: str
) -> SourceDevice:
    """Describe the equipment from the climate entity's device, where it has one."""
    entity = er.async_get(hass).async_get(climate_entity_id)
    found = (
        None
        if entity is None or entity.device_id is None
        else dr.async_get(hass).async_get(entity.device_id)
    )
    # Newer Home Assistant versions also know child devices, which name no maker.
    device = found if isinstance(found, dr.DeviceEntry) else None
    return SourceDevice(
        serial=serial,
        manufacturer=(device.manufacturer if device else None) or "Home Assistant",
        model=(device.model if device else None) or "Climate entity",
        sw_version=device.sw_version if device else None,
    )


def build(
    hass: HomeAssistant, entry: ConfigEntry, state: Mapping[str, Any] | None
) -> BridgeSource:
    """Create the source of a bridge entry and start its listeners until unload."""
    return _build(hass, entry, entry.data, entry.unique_id or entry.entry_id, None)


def build_heat_pump(
    hass: HomeAssistant,
    entry: ConfigEntry,
    data: Mapping[str, Any],
    state: Mapping[str, Any] | None,
) -> BridgeSource:
    """Create the source of the heat pump entities added to a thermostat's system."""
    return _build(hass, entry, data, data[CONF_PART_ID], CONF_HEAT_PUMP)


def _build(
    hass: HomeAssistant,
    entry: ConfigEntry,
    data: Mapping[str, Any],
    serial: str,
    part: str | None,
) -> BridgeSource:
    entities = configured_entities(data)
    source = BridgeSource(
        hass,
        entities,
        device=bridge_device(hass, entities[BridgeEntity.CLIMATE], serial),
    )
    entry.async_on_unload(source.async_start())
    entry.async_on_unload(
        MissingEntityWatch(hass, entry, entities, part=part).async_start()
    )
    return source
