"""Diagnostics carry the engine's view and nothing that identifies the home."""

from __future__ import annotations

from datetime import timedelta
import json

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from .conftest import SERIAL, Advance, simulated_entry


async def test_diagnostics_are_redacted(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, advance: Advance
) -> None:
    """The serial, name and seed never appear; the engine status does."""
    entry = simulated_entry(speed=600.0)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(seconds=10))

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    text = json.dumps(diagnostics)
    assert SERIAL not in text
    assert "Test heat pump" not in text
    assert diagnostics["entry"]["data"]["seed"] == "**REDACTED**"
    assert diagnostics["device"]["serial"] == "**REDACTED**"
    assert diagnostics["status"]["online"] is True
    assert diagnostics["status"]["lifetime"]["comp_heat_s"] > 0
    assert diagnostics["findings"] == []
    assert diagnostics["engine"]["engine_options"]["defrost_stuck_s"] == 900.0
