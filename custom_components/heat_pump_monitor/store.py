"""Persisted state of one system: engine counters, baselines and findings, source state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .const import DOMAIN, STORAGE_SAVE_DELAY_S, STORAGE_VERSION

type StoredState = dict[str, Any]


class SystemStore:
    """A versioned store file per config entry."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind the store of one entry."""
        self._store: Store[StoredState] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}", atomic_writes=True
        )

    async def async_load(self) -> StoredState | None:
        """Return the last saved state, or None for a new system."""
        data = await self._store.async_load()
        return data if isinstance(data, dict) else None

    def schedule_save(self, data: Callable[[], StoredState]) -> None:
        """Save soon; a pending save is written at shutdown too."""
        self._store.async_delay_save(data, STORAGE_SAVE_DELAY_S)

    async def async_save(self, data: StoredState) -> None:
        """Save now."""
        await self._store.async_save(data)

    async def async_remove(self) -> None:
        """Delete the file when the entry is removed."""
        await self._store.async_remove()
