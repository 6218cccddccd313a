"""Store faults: a store file of another version, or not a store file at all.

Whatever the file holds, the system sets up and polls (never a crash loop): an older
file is read as it is (its sections check themselves), one that cannot be read is
set aside with a warning and the ``state_reset`` repair, and the system starts anew;
one the disk cannot deliver is
left alone. (Damaged engine state inside a readable file, and the ``state_reset``
repair, are in ``test_setup``.)
"""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
import pytest

from custom_components.heat_pump_monitor.const import DOMAIN, STORAGE_VERSION

from .conftest import Advance, simulated_entry, state_of


async def _saved(
    hass: HomeAssistant, advance: Advance, hass_storage: dict[str, Any]
) -> tuple[str, dict[str, Any], str]:
    """Run a simulated system a while, unload it.

    Returns its entry id, its saved state and the lifetime heating it showed.
    """
    entry = simulated_entry(speed=600.0)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(seconds=6))
    heated = state_of(hass, "sensor", "compressor_heating_runtime_lifetime")
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    saved: dict[str, Any] = hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]
    return entry.entry_id, saved, heated


async def _reload_with(
    hass: HomeAssistant, entry_id: str, hass_storage: dict[str, Any], file: Any
) -> None:
    hass_storage[f"{DOMAIN}.{entry_id}"] = file
    assert await hass.config_entries.async_setup(entry_id)
    await hass.async_block_till_done()
    entry = hass.config_entries.async_get_entry(entry_id)
    assert entry is not None
    assert entry.state is ConfigEntryState.LOADED


async def test_older_store_version_is_read(
    hass: HomeAssistant, advance: Advance, hass_storage: dict[str, Any]
) -> None:
    """A file that says version 0 (an older layout): read as it is, nothing lost."""
    entry_id, saved, heated = await _saved(hass, advance, hass_storage)
    assert float(heated) > 0
    await _reload_with(
        hass,
        entry_id,
        hass_storage,
        {"version": STORAGE_VERSION - 1, "key": f"{DOMAIN}.{entry_id}", "data": saved},
    )
    assert state_of(hass, "sensor", "compressor_heating_runtime_lifetime") == heated
    assert hass_storage[f"{DOMAIN}.{entry_id}"]["version"] == STORAGE_VERSION
    assert not ir.async_get(hass).async_get_issue(DOMAIN, f"{entry_id}_state_reset")


@pytest.mark.parametrize(
    "file",
    [
        {"version": STORAGE_VERSION + 1, "data": {"engine": {}}},
        {"version": STORAGE_VERSION - 1, "data": ["an", "older", "list"]},
        {"data": {"engine": {}}},
        {"version": "one", "data": {}},
        ["not", "a", "store"],
        "garbage",
    ],
    ids=[
        "newer_version",
        "older_list",
        "no_version",
        "text_version",
        "a_list",
        "a_text",
    ],
)
async def test_unreadable_store_file_starts_anew(
    hass: HomeAssistant,
    advance: Advance,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    file: Any,
) -> None:
    """A file no version of the integration wrote: a warning, a repair, a new system."""
    entry_id, _, _ = await _saved(hass, advance, hass_storage)
    await _reload_with(hass, entry_id, hass_storage, file)
    await advance(timedelta(seconds=2))
    assert state_of(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    warned = [
        r
        for r in caplog.records
        if r.levelno == logging.WARNING and "not readable" in r.getMessage()
    ]
    assert len(warned) == 1
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"{entry_id}_state_reset")
    assert issue is not None and issue.translation_key == "state_reset"


async def test_store_file_the_disk_cannot_deliver_is_left_alone(
    hass: HomeAssistant,
    advance: Advance,
    hass_storage: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An I/O error reading the file: setup fails, the file is not replaced."""
    entry_id, _, _ = await _saved(hass, advance, hass_storage)
    before = hass_storage[f"{DOMAIN}.{entry_id}"]

    async def unreadable(store: Store[Any]) -> Any:
        raise HomeAssistantError("Error reading the file") from OSError(5, "I/O")

    # Undone before the test's storage mock is: it patches the same method.
    with monkeypatch.context() as patched:
        patched.setattr(Store, "_async_load", unreadable)
        assert not await hass.config_entries.async_setup(entry_id)
    entry = hass.config_entries.async_get_entry(entry_id)
    assert entry is not None
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert hass_storage[f"{DOMAIN}.{entry_id}"] is before
