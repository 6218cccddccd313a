"""The plant's thermostat as a climate entity, reporting as ecobee's does.

``hvac_action`` is what the last 10 s did (defrosting over heating over cooling over
fan), and the ``equipment_running`` attribute names the equipment that ran, in
ecobee's spelling (``heatPump``, ``compCool1``, ``auxHeat1``, ``fan``), so the
bridge can tell backup heat from the compressor.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.climate import ClimateEntity
from homeassistant.components.climate.const import (
    ClimateEntityFeature,
    HVACAction,
    HVACMode,
)
from homeassistant.const import ATTR_TEMPERATURE, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from custom_components.heat_pump_monitor.engine.sample import HvacMode, Sample
from custom_components.heat_pump_monitor.simulator.config import SETPOINT_RANGE_C

from . import PlantConfigEntry
from .entity import PlantEntity
from .plant import Plant

MODES = {
    HvacMode.OFF: HVACMode.OFF,
    HvacMode.HEAT: HVACMode.HEAT,
    HvacMode.EMERGENCY_HEAT: HVACMode.HEAT,
    HvacMode.COOL: HVACMode.COOL,
    HvacMode.AUTO: HVACMode.HEAT_COOL,
}
"""The simulator's modes as Home Assistant's; the plant offers heat and off."""
EQUIPMENT = (
    ("comp_heat_s", "heatPump"),
    ("comp_cool_s", "compCool1"),
    ("aux_heat_s", "auxHeat1"),
    ("fan_s", "fan"),
)
"""Runtime column -> ecobee's name of the equipment."""


async def async_setup_entry(
    hass: HomeAssistant, entry: PlantConfigEntry, add_entities: AddEntitiesCallback
) -> None:
    """Add the thermostat."""
    add_entities([PlantClimate(entry.runtime_data, "climate")])


def _ran(sample: Sample, column: str) -> bool:
    seconds = getattr(sample, column)
    return isinstance(seconds, float | int) and seconds > 0


def action(sample: Sample) -> HVACAction:
    """Return what the equipment did in ``sample``'s 10 s."""
    if _ran(sample, "defrost_s"):
        return HVACAction.DEFROSTING
    if _ran(sample, "comp_heat_s") or _ran(sample, "aux_heat_s"):
        return HVACAction.HEATING
    if _ran(sample, "comp_cool_s"):
        return HVACAction.COOLING
    if _ran(sample, "fan_s"):
        return HVACAction.FAN
    return HVACAction.OFF if sample.hvac_mode is HvacMode.OFF else HVACAction.IDLE


class PlantClimate(PlantEntity, ClimateEntity):
    """The thermostat: heat or off, a heating setpoint, the room's readings."""

    _attr_name = "heat pump"  # lower case: its full name reads "Garage heat pump"
    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_target_temperature_step = 0.5
    _attr_min_temp = SETPOINT_RANGE_C[0]
    _attr_max_temp = SETPOINT_RANGE_C[1]
    _attr_supported_features = (
        ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF
    )

    def __init__(self, plant: Plant, key: str) -> None:
        """Describe the thermostat."""
        super().__init__(plant, key)
        self._attr_hvac_modes = [HVACMode.HEAT, HVACMode.OFF]

    @property
    def hvac_mode(self) -> HVACMode:
        """The thermostat's mode, as set now."""
        return MODES[self._plant.config.hvac_mode]

    @property
    def hvac_action(self) -> HVACAction | None:
        """What the equipment did in the last 10 s."""
        return None if self.sample is None else action(self.sample)

    @property
    def current_temperature(self) -> float | None:
        """The room, in °C."""
        return None if self.sample is None else self.sample.indoor_temp_c

    @property
    def current_humidity(self) -> float | None:
        """The room's relative humidity, in %."""
        if self.sample is None or self.sample.indoor_rh is None:
            return None
        return round(self.sample.indoor_rh * 100.0)

    @property
    def target_temperature(self) -> float | None:
        """The heating setpoint, in °C (none while off)."""
        if self.hvac_mode != HVACMode.HEAT:
            return None
        return self._plant.config.heat_setpoint_c

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The equipment that ran, as ecobee's ``equipment_running`` names it."""
        sample = self.sample
        running = (
            []
            if sample is None
            else [name for column, name in EQUIPMENT if _ran(sample, column)]
        )
        return {"equipment_running": ",".join(running)}

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Change the heating setpoint."""
        if (temperature := kwargs.get(ATTR_TEMPERATURE)) is not None:
            self._plant.set_heat_setpoint(float(temperature))
            self.async_write_ha_state()

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Heat, or switch the heat pump off."""
        self._plant.set_mode(
            HvacMode.OFF if hvac_mode == HVACMode.OFF else HvacMode.HEAT
        )
        self.async_write_ha_state()
