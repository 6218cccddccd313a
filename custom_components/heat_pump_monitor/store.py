"""Persisted state of one system: engine counters, baselines and findings, source state.

A store file of an older version is read as it is (each section checks its own
version). One that cannot be read (a newer version, not a store file at all) is
reported with a warning and the system starts anew: setup never fails on it, and the
next save replaces it. A file the disk cannot deliver (an I/O error) is left alone:
setup fails with Home Assistant's error. (A file that is not JSON at all, Home
Assistant sets aside itself, with a repair issue of its own.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store

from .const import DOMAIN, LOGGER, STORAGE_SAVE_DELAY_S, STORAGE_VERSION

type StoredState = dict[str, Any]


class StoreUnreadable(Exception):
    """The store file was not written by any version of this integration we read."""


class _VersionedStore(Store[StoredState]):
    """Home Assistant's store, reading the older versions of ours."""

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: Any
    ) -> StoredState:
        """Take an older file as it is; refuse a newer one."""
        version = old_major_version
        if type(version) is not int or not 0 <= version < STORAGE_VERSION:
            raise StoreUnreadable(f"version {version!r} (this reads {STORAGE_VERSION})")
        if not isinstance(old_data, dict):
            raise StoreUnreadable("its data is not an object")
        return old_data


class SystemStore:
    """A versioned store file per config entry."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind the store of one entry."""
        self._store = _VersionedStore(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}", atomic_writes=True
        )
        self.unreadable = False
        """Whether the last load found a file it could not read."""

    async def async_load(self) -> StoredState | None:
        """Return the last saved state, or None for a new (or unreadable) one."""
        try:
            data = await self._store.async_load()
        except HomeAssistantError as err:
            # Newer Home Assistant refuses a newer file itself; I/O errors stay theirs.
            if isinstance(err.__cause__, OSError):
                raise
            self._unreadable(err)
            return None
        except (StoreUnreadable, KeyError, TypeError, ValueError) as err:
            self._unreadable(err)
            return None
        return data if isinstance(data, dict) else None

    def _unreadable(self, err: Exception) -> None:
        """Warn that the file cannot be read; the system starts anew."""
        self.unreadable = True
        LOGGER.warning(
            "Store file %s not readable, starting anew: %s",
            self._store.key,
            err or type(err).__name__,
        )

    def schedule_save(self, data: Callable[[], StoredState]) -> None:
        """Save soon; a pending save is written at shutdown too."""
        self._store.async_delay_save(data, STORAGE_SAVE_DELAY_S)

    async def async_save(self, data: StoredState) -> None:
        """Save now."""
        await self._store.async_save(data)

    async def async_remove(self) -> None:
        """Delete the file when the entry is removed."""
        await self._store.async_remove()
