"""Demo plant: a second simulated heat pump, exposed as ordinary Home Assistant entities.

Loaded by ``scripts/demo`` only (never shipped). It plays the part of a vendor
integration (a climate entity and sensors on one device, "Garage heat pump") so that
Heat Pump Monitor's *Existing Home Assistant entities* source can monitor it beside
the simulated source. The plant runs in real time, because the bridge times state
changes by the wall clock: it is stepped every few seconds and its entities change
every 10 s. Configured in YAML (``hpm_demo_plant:`` with ``climate``, ``seed``,
``fault``, ``fault_start_h``), imported into a single config entry; nothing persists,
so each start begins a fresh, warmed-up plant.
"""

from __future__ import annotations

from datetime import datetime

from homeassistant.config_entries import SOURCE_IMPORT, ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
import homeassistant.helpers.config_validation as cv
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util
import voluptuous as vol

from custom_components.heat_pump_monitor.simulator import Climate, FaultKind

from .const import (
    CONF_CLIMATE,
    CONF_FAULT,
    CONF_FAULT_START_H,
    CONF_SEED,
    DEFAULT_CLIMATE,
    DEFAULT_FAULT_START_H,
    DEFAULT_SEED,
    DOMAIN,
    NO_FAULT,
    STEP_INTERVAL,
)
from .plant import Plant, PlantSettings

PLATFORMS = [Platform.BINARY_SENSOR, Platform.CLIMATE, Platform.SENSOR]
PLANT_SCHEMA = vol.Schema(
    {
        vol.Optional(CONF_CLIMATE, default=DEFAULT_CLIMATE): vol.In(
            [climate.value for climate in Climate]
        ),
        vol.Optional(CONF_SEED, default=DEFAULT_SEED): cv.positive_int,
        vol.Optional(CONF_FAULT, default=NO_FAULT): vol.In(
            [NO_FAULT, *(fault.value for fault in FaultKind)]
        ),
        vol.Optional(CONF_FAULT_START_H, default=DEFAULT_FAULT_START_H): vol.All(
            vol.Coerce(float), vol.Range(min=0.0, max=1000.0)
        ),
    }
)
CONFIG_SCHEMA = vol.Schema({DOMAIN: PLANT_SCHEMA}, extra=vol.ALLOW_EXTRA)

type PlantConfigEntry = ConfigEntry[Plant]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Import the YAML settings into the plant's config entry (created or updated)."""
    if DOMAIN in config:
        hass.async_create_task(
            hass.config_entries.flow.async_init(
                DOMAIN, context={"source": SOURCE_IMPORT}, data=dict(config[DOMAIN])
            )
        )
    return True


def settings(data: dict[str, object]) -> PlantSettings:
    """Read an entry's settings (validated again: the entry may predate a change)."""
    conf = PLANT_SCHEMA(dict(data))
    fault = conf[CONF_FAULT]
    return PlantSettings(
        climate=Climate(conf[CONF_CLIMATE]),
        seed=conf[CONF_SEED],
        fault=None if fault == NO_FAULT else FaultKind(fault),
        fault_start_h=conf[CONF_FAULT_START_H],
    )


async def async_setup_entry(hass: HomeAssistant, entry: PlantConfigEntry) -> bool:
    """Warm the plant up (in the executor), then step it to the wall clock."""
    plant = Plant(settings(dict(entry.data)), dt_util.utcnow())
    await hass.async_add_executor_job(plant.advance, dt_util.utcnow())
    entry.runtime_data = plant

    @callback
    def _step(now: datetime) -> None:
        plant.advance(now)

    entry.async_on_unload(async_track_time_interval(hass, _step, STEP_INTERVAL))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: PlantConfigEntry) -> bool:
    """Stop the plant and remove its entities."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
