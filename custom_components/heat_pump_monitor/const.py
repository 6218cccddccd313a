"""Constants of the Heat Pump Monitor integration."""

from __future__ import annotations

from enum import StrEnum
import logging
from typing import Final

DOMAIN: Final = "heat_pump_monitor"
LOGGER = logging.getLogger(__package__)

CONF_SOURCE: Final = "source"
CONF_CLIMATE: Final = "climate"
CONF_SCENARIO: Final = "scenario"
CONF_FAULT_START_H: Final = "fault_start_h"
CONF_FAULT_DURATION_H: Final = "fault_duration_h"
CONF_SPEED: Final = "speed"
CONF_SEED: Final = "seed"
CONF_SIM_START: Final = "sim_start"
CONF_SEASON: Final = "season"
CONF_REFRESH_TOKEN: Final = "refresh_token"
CONF_THERMOSTAT_ID: Final = "thermostat_id"
CONF_SERIAL: Final = "serial"
CONF_UNIT_PASSWORD: Final = "unit_password"
CONF_CRYPTO_SERIAL: Final = "crypto_serial"
CONF_UNIT_TYPE: Final = "unit_type"
CONF_HEAT_PUMP: Final = "heat_pump"
"""Entry data of the heat pump source added to a thermostat's system (a dict)."""
CONF_PART_ID: Final = "part_id"
"""Unique id of that heat pump source, inside its dict."""
CONF_REAUTH_PART: Final = "reauth_part"
"""In a reauth flow's data: the part whose credentials were refused."""

SCENARIO_NONE: Final = "none"
DEFAULT_SPEED: Final = 60.0
DEFAULT_FAULT_START_H: Final = 1.0
DEFAULT_FAULT_DURATION_H: Final = 0.0
"""A fault lasting 0 hours lasts until the entry is removed."""

STORAGE_VERSION: Final = 1
STORAGE_SAVE_DELAY_S: Final = 30


class Season(StrEnum):
    """Which part of the climate's year a simulation runs in."""

    WINTER = "winter"
    SUMMER = "summer"
    CALENDAR = "calendar"
    """Follow the real date: heating in winter, cooling in summer."""


class SourceType(StrEnum):
    """Where a system's samples come from."""

    SIMULATED = "simulated"
    ECOBEE = "ecobee"
    VENSTAR = "venstar"
    KUMO = "kumo"
    BRIDGE = "bridge"


HEAT_PUMP_SOURCES: Final = frozenset({SourceType.KUMO, SourceType.BRIDGE})
"""Sources that can be a thermostat system's heat pump (they see the outdoor unit)."""
THERMOSTAT_SOURCES: Final = frozenset(
    {SourceType.ECOBEE, SourceType.VENSTAR, SourceType.BRIDGE}
)
"""Sources a heat pump can be added to (they share Home Assistant's clock)."""


class BridgeEntity(StrEnum):
    """The Home Assistant entities a bridge system reads; values are config keys."""

    CLIMATE = "climate_entity"
    OUTDOOR_TEMP = "outdoor_temp_entity"
    SUPPLY_TEMP = "supply_temp_entity"
    RETURN_TEMP = "return_temp_entity"
    OUTDOOR_POWER = "outdoor_power_entity"
    INDOOR_POWER = "indoor_power_entity"
    TOTAL_POWER = "total_power_entity"
    DEFROST = "defrost_entity"
    COMPRESSOR_FREQUENCY = "compressor_frequency_entity"
    ERROR_CODE = "error_code_entity"
