"""Repair issues for a bridge system whose source entities were removed or renamed.

While the entry is loaded, the entity registry is watched: a configured entity that
is removed, or renamed (its entity id changed), raises a fixable issue whose fix flow
(``repairs.py``) asks for the replacement, suggesting the new id of a renamed entity.
Once Home Assistant has started, configured entities that exist neither in the
registry nor as a state raise the issue too (removed while Home Assistant was
stopped). An entity that comes back under its configured id withdraws the issue, and
so does unloading the entry (a reload checks again).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.start import async_at_started

from .const import DOMAIN, BridgeEntity

ISSUE_KEY: Final = "entity_missing"
"""Translation key of the issue (``issues.entity_missing`` with its fix flow)."""


def missing_issue_id(entry_id: str, role: BridgeEntity, part: str | None) -> str:
    """Stable per entry, part (None: the entry's own source) and role."""
    prefix = entry_id if part is None else f"{entry_id}_{part}"
    return f"{prefix}_{ISSUE_KEY}_{role.value}"


class MissingEntityWatch:
    """Raises and withdraws one entry's missing-entity issues."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        entities: Mapping[BridgeEntity, str],
        *,
        part: str | None = None,
    ) -> None:
        """Watch ``entities`` (role -> entity id) of ``entry`` or of its ``part``."""
        self._hass = hass
        self._entry = entry
        self._part = part
        self._roles: dict[str, list[BridgeEntity]] = {}
        for role, entity_id in entities.items():
            self._roles.setdefault(entity_id, []).append(role)
        self._raised: set[BridgeEntity] = set()

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Start watching; return the function that stops and withdraws the issues."""
        stop_registry = self._hass.bus.async_listen(
            er.EVENT_ENTITY_REGISTRY_UPDATED,
            self._async_registry_updated,
            event_filter=self._concerns_us,
        )
        stop_started = async_at_started(self._hass, self._async_check_all)

        @callback
        def _stop() -> None:
            stop_registry()
            stop_started()
            for role in list(self._raised):
                self._withdraw(role)

        return _stop

    @callback
    def _concerns_us(self, data: er.EventEntityRegistryUpdatedData) -> bool:
        return data["entity_id"] in self._roles or (
            data["action"] == "update" and data.get("old_entity_id") in self._roles
        )

    @callback
    def _async_registry_updated(
        self, event: Event[er.EventEntityRegistryUpdatedData]
    ) -> None:
        data = event.data
        entity_id = data["entity_id"]
        if data["action"] == "remove":
            for role in self._roles.get(entity_id, ()):
                self._raise(role, entity_id, None)
            return
        if data["action"] == "update":
            old = data.get("old_entity_id")
            if old is not None and old in self._roles:
                for role in self._roles[old]:
                    self._raise(role, old, entity_id)
        # Created (or renamed back) under a configured id: it is there again.
        for role in self._roles.get(entity_id, ()):
            self._withdraw(role)

    @callback
    def _async_check_all(self, hass: HomeAssistant) -> None:
        registry = er.async_get(hass)
        for entity_id, roles in self._roles.items():
            if (
                registry.async_get(entity_id) is None
                and hass.states.get(entity_id) is None
            ):
                for role in roles:
                    self._raise(role, entity_id, None)

    def _raise(
        self, role: BridgeEntity, entity_id: str, renamed_to: str | None
    ) -> None:
        self._raised.add(role)
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            missing_issue_id(self._entry.entry_id, role, self._part),
            is_fixable=True,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=ISSUE_KEY,
            translation_placeholders={
                "system": self._entry.title,
                "entity": entity_id,
            },
            data={
                "entry_id": self._entry.entry_id,
                "part": self._part,
                "role": role.value,
                "entity_id": entity_id,
                "renamed_to": renamed_to,
            },
        )

    def _withdraw(self, role: BridgeEntity) -> None:
        self._raised.discard(role)
        ir.async_delete_issue(
            self._hass,
            DOMAIN,
            missing_issue_id(self._entry.entry_id, role, self._part),
        )
