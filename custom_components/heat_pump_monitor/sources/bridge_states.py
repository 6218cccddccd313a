"""What a bridge system's Home Assistant entities say at one moment.

The climate entity gives the mode, the activity (``hvac_action``), setpoints and the
room; backup heat where it exposes it (an ``aux_heat`` attribute, ecobee's
``equipment_running``, an emergency-heat preset). ``hvac_action`` maps to the runtime
columns: heating and preheating run the compressor in heating, defrosting too (and
counts as defrost), cooling and drying run it in cooling, fan runs the blower only,
idle and off run nothing. The blower counts as running while the climate heats, cools,
dries or runs its fan (and when idle with fan mode ``on``), not in defrost or
preheating, where most indoor units hold it. A defrost indicator overrides the
climate's defrost; a compressor frequency decides whether the compressor turns
(above 0 Hz), the climate only in which direction. Temperatures and power are
converted from each entity's unit; an unavailable, unknown or unreadable entity is
``None`` (not known), never zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import math
from typing import Final

from homeassistant.const import (
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    UnitOfPower,
    UnitOfTemperature,
)
from homeassistant.core import State
from homeassistant.util.unit_conversion import PowerConverter, TemperatureConverter

from ..const import BridgeEntity
from ..engine.sample import HvacMode

MODES: Final = {
    "off": HvacMode.OFF,
    "heat": HvacMode.HEAT,
    "cool": HvacMode.COOL,
    "heat_cool": HvacMode.AUTO,
    "auto": HvacMode.AUTO,
    "dry": HvacMode.COOL,
    "fan_only": HvacMode.OFF,
}
"""Home Assistant HVAC modes as the trace format spells them (fan only heats nothing)."""
HEATING_ACTIONS: Final = frozenset({"heating", "preheating", "defrosting"})
COOLING_ACTIONS: Final = frozenset({"cooling", "drying"})
BLOWER_ACTIONS: Final = frozenset({"heating", "cooling", "drying", "fan"})
QUIET_ACTIONS: Final = frozenset({"idle", "off"})
NO_ERROR: Final = frozenset(
    {"", "0", "00", "none", "no error", "no_error", "ok", "normal"}
)
"""Error-code sensor states that mean "no fault"."""
MISSING: Final = frozenset({STATE_UNAVAILABLE, STATE_UNKNOWN})


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """The entities' states at one moment; ``None`` means not known."""

    online: bool
    """The climate entity is available."""
    hvac_mode: HvacMode | None = None
    comp_heat: bool | None = None
    comp_cool: bool | None = None
    aux_heat: bool | None = None
    fan: bool | None = None
    defrost: bool | None = None
    indoor_temp_c: float | None = None
    indoor_rh: float | None = None
    heat_setpoint_c: float | None = None
    cool_setpoint_c: float | None = None
    outdoor_temp_c: float | None = None
    supply_temp_c: float | None = None
    return_temp_c: float | None = None
    outdoor_unit_w: float | None = None
    indoor_unit_w: float | None = None
    error_code: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Climate:
    """The climate entity's part of a reading."""

    hvac_mode: HvacMode | None
    action: str | None
    comp_heat: bool | None
    comp_cool: bool | None
    aux_heat: bool | None
    fan: bool | None
    defrost: bool | None


def present(state: State | None) -> bool:
    """Return whether ``state`` holds a value (not missing, unavailable or unknown)."""
    return state is not None and state.state not in MISSING


def number(state: State | None) -> float | None:
    """Return the state as a number, None if it holds none."""
    if state is None or not present(state):
        return None
    try:
        value = float(state.state)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def unit_supported(
    state: State, converter: type[TemperatureConverter | PowerConverter]
) -> bool:
    """Return whether the entity's unit can be converted by ``converter``."""
    return state.attributes.get(ATTR_UNIT_OF_MEASUREMENT) in converter.VALID_UNITS


def temperature_c(state: State | None) -> float | None:
    """Return a temperature sensor's value in °C (None: missing or unknown unit)."""
    value = number(state)
    if (
        value is None
        or state is None
        or not unit_supported(state, TemperatureConverter)
    ):
        return None
    unit = state.attributes[ATTR_UNIT_OF_MEASUREMENT]
    return TemperatureConverter.convert(value, unit, UnitOfTemperature.CELSIUS)


def power_w(state: State | None) -> float | None:
    """Return a power sensor's value in W (None: missing or unknown unit)."""
    value = number(state)
    if value is None or state is None or not unit_supported(state, PowerConverter):
        return None
    unit = state.attributes[ATTR_UNIT_OF_MEASUREMENT]
    return PowerConverter.convert(value, unit, UnitOfPower.WATT)


def defrosting(state: State | None) -> bool | None:
    """Return a defrost indicator's state: a binary sensor, or a text naming DEFROST."""
    if state is None or not present(state):
        return None
    if state.domain == "binary_sensor":
        return {STATE_ON: True, STATE_OFF: False}.get(state.state)
    return "defrost" in state.state.lower()


def error_code(state: State | None) -> str | None:
    """Return the fault an error-code sensor reports (None: none, or not known)."""
    if state is None or not present(state):
        return None
    text = state.state.strip()
    return None if text.lower() in NO_ERROR else text


def _attribute_c(state: State, name: str, unit: str) -> float | None:
    value = state.attributes.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return TemperatureConverter.convert(float(value), unit, UnitOfTemperature.CELSIUS)


def _emergency(state: State) -> bool:
    preset = state.attributes.get("preset_mode")
    return isinstance(preset, str) and "emergency" in preset.lower()


def _equipment(state: State) -> list[str] | None:
    """Return ecobee's ``equipment_running`` tokens, None if the entity has none."""
    running = state.attributes.get("equipment_running")
    if not isinstance(running, str):
        return None
    return [token.strip() for token in running.split(",") if token.strip()]


def _climate(state: State) -> _Climate:
    mode = MODES.get(state.state)
    emergency = mode is HvacMode.HEAT and _emergency(state)
    if emergency:
        mode = HvacMode.EMERGENCY_HEAT
    raw_action = state.attributes.get("hvac_action")
    action = raw_action if isinstance(raw_action, str) else None
    known = action is not None and (
        action in HEATING_ACTIONS
        or action in COOLING_ACTIONS
        or action in QUIET_ACTIONS
        or action == "fan"
    )
    if not known:
        return _Climate(
            hvac_mode=mode,
            action=None,
            comp_heat=None,
            comp_cool=None,
            aux_heat=None,
            fan=None,
            defrost=None,
        )
    assert action is not None
    heating = action in HEATING_ACTIONS
    fan = action in BLOWER_ACTIONS or (
        action == "idle" and state.attributes.get("fan_mode") == STATE_ON
    )
    equipment = _equipment(state)
    aux_attribute = state.attributes.get("aux_heat")
    if equipment is not None:
        comp_heat = any(token.startswith("heatPump") for token in equipment)
        comp_cool = any(token.startswith("compCool") for token in equipment)
        aux: bool | None = any(token.startswith("auxHeat") for token in equipment)
        fan = fan or "fan" in equipment
        if action == "defrosting":
            comp_heat = True
    else:
        aux_on = aux_attribute in (True, STATE_ON)
        comp_heat = heating and not emergency
        comp_cool = action in COOLING_ACTIONS
        if emergency:
            aux = heating
        elif aux_attribute is not None:
            aux = heating and aux_on
        else:
            aux = None
    return _Climate(
        hvac_mode=mode,
        action=action,
        comp_heat=comp_heat,
        comp_cool=comp_cool,
        aux_heat=aux,
        fan=fan,
        defrost=action == "defrosting",
    )


def _direction(climate: _Climate) -> tuple[bool | None, bool | None]:
    """Return (heating, cooling) for a compressor known to run."""
    if climate.action in HEATING_ACTIONS:
        return True, False
    if climate.action in COOLING_ACTIONS:
        return False, True
    if climate.hvac_mode in (HvacMode.HEAT, HvacMode.EMERGENCY_HEAT):
        return True, False
    if climate.hvac_mode is HvacMode.COOL:
        return False, True
    return None, None


def reading(
    states: Mapping[BridgeEntity, State | None],
    *,
    configured: frozenset[BridgeEntity],
    climate_unit: str,
) -> Reading:
    """Return what the ``configured`` entities' ``states`` say now.

    ``climate_unit`` is the temperature unit of the climate entity's attributes
    (Home Assistant's unit system).
    """
    climate_state = states.get(BridgeEntity.CLIMATE)
    if climate_state is None or not present(climate_state):
        return Reading(online=False)
    climate = _climate(climate_state)
    comp_heat, comp_cool = climate.comp_heat, climate.comp_cool
    if BridgeEntity.COMPRESSOR_FREQUENCY in configured:
        frequency = number(states.get(BridgeEntity.COMPRESSOR_FREQUENCY))
        if frequency is None:
            comp_heat = comp_cool = None
        elif frequency > 0:
            comp_heat, comp_cool = _direction(climate)
        else:
            comp_heat = comp_cool = False
    defrost = climate.defrost
    if BridgeEntity.DEFROST in configured:
        defrost = defrosting(states.get(BridgeEntity.DEFROST))
    if defrost:
        # Defrost runs the compressor, reversed, for the heating call.
        comp_heat, comp_cool = True, False
    heat_setpoint, cool_setpoint = _setpoints(
        climate_state, climate.hvac_mode, climate_unit
    )
    humidity = climate_state.attributes.get("current_humidity")
    outdoor_w = power_w(states.get(BridgeEntity.OUTDOOR_POWER))
    indoor_w = power_w(states.get(BridgeEntity.INDOOR_POWER))
    if (
        BridgeEntity.TOTAL_POWER in configured
        and BridgeEntity.OUTDOOR_POWER not in configured
    ):
        outdoor_w = _outdoor_share(
            power_w(states.get(BridgeEntity.TOTAL_POWER)),
            indoor_w,
            indoor_configured=BridgeEntity.INDOOR_POWER in configured,
        )
    return Reading(
        online=True,
        hvac_mode=climate.hvac_mode,
        comp_heat=comp_heat,
        comp_cool=comp_cool,
        aux_heat=climate.aux_heat,
        fan=climate.fan,
        defrost=defrost,
        indoor_temp_c=_attribute_c(climate_state, "current_temperature", climate_unit),
        indoor_rh=humidity / 100.0
        if isinstance(humidity, int | float) and not isinstance(humidity, bool)
        else None,
        heat_setpoint_c=heat_setpoint,
        cool_setpoint_c=cool_setpoint,
        outdoor_temp_c=temperature_c(states.get(BridgeEntity.OUTDOOR_TEMP)),
        supply_temp_c=temperature_c(states.get(BridgeEntity.SUPPLY_TEMP)),
        return_temp_c=temperature_c(states.get(BridgeEntity.RETURN_TEMP)),
        outdoor_unit_w=outdoor_w,
        indoor_unit_w=indoor_w,
        error_code=error_code(states.get(BridgeEntity.ERROR_CODE)),
    )


def _outdoor_share(
    total_w: float | None, indoor_w: float | None, *, indoor_configured: bool
) -> float | None:
    """Return the outdoor unit's part of a total power reading.

    Without an indoor reading the total counts as the outdoor unit's (a mini-split's
    indoor unit is fed through its outdoor unit and draws little).
    """
    if total_w is None:
        return None
    if not indoor_configured:
        return total_w
    if indoor_w is None:
        return None
    return max(total_w - indoor_w, 0.0)


def _setpoints(
    state: State, mode: HvacMode | None, unit: str
) -> tuple[float | None, float | None]:
    """Return the (heating, cooling) setpoints in force, in °C."""
    low = _attribute_c(state, "target_temp_low", unit)
    high = _attribute_c(state, "target_temp_high", unit)
    if low is not None or high is not None:
        return low, high
    single = _attribute_c(state, "temperature", unit)
    if mode in (HvacMode.HEAT, HvacMode.EMERGENCY_HEAT):
        return single, None
    if mode is HvacMode.COOL:
        return None, single
    return None, None
