"""The example dashboard names only entities a system really has."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util.yaml import load_yaml

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import simulated_entry

DASHBOARD = Path(__file__).parent.parent / "examples" / "dashboard.yaml"


def _entity_ids(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {
            value
            for key, value in node.items()
            if key in ("entity", "entity_id") and isinstance(value, str)
        }
        for value in node.values():
            found |= _entity_ids(value)
        return found
    if isinstance(node, list):
        return set().union(*(_entity_ids(item) for item in node)) if node else set()
    return set()


async def test_dashboard_entities_exist(hass: HomeAssistant) -> None:
    """Every entity of the example dashboard exists on the demo system, enabled."""
    entry = simulated_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, title="Demo heat pump")
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    wanted = _entity_ids(load_yaml(str(DASHBOARD)))
    assert len(wanted) >= 20
    registry = er.async_get(hass)
    for entity_id in sorted(wanted):
        registered = registry.async_get(entity_id)
        assert registered is not None, entity_id
        assert registered.platform == DOMAIN
        assert registered.disabled_by is None, entity_id
