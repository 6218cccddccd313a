"""The refrigerant circuit: heat moved indoors, electric power, the outdoor coil."""

from __future__ import annotations

from enum import IntEnum
import math
from typing import Any, Final

from .coil import OutdoorCoil
from .performance import Performance
from .psychro import LATENT_VAPORISATION_J_PER_KG


class Flow(IntEnum):
    """Which way the refrigerant runs in a step."""

    OFF = 0
    HEATING = 1
    COOLING = 2
    DEFROST = 3
    """Cooling direction with the outdoor fan stopped, to melt frost."""


# The indoor coil warms up and cools down over about a minute.
_INDOOR_COIL_TIME_CONSTANT_S: Final = 60.0
# Frost costs capacity far more than it saves power.
_FROST_CAPACITY_LOSS: Final = 0.6
_FROST_POWER_LOSS: Final = 0.1
# An undercharged circuit moves less heat for a little less power, and its low
# suction pressure runs the evaporator colder.
_LOW_CHARGE_CAPACITY: Final = 0.7
_LOW_CHARGE_POWER: Final = 0.85
_LOW_CHARGE_COLDER_C: Final = 3.0
# A fouled outdoor coil moves less heat for the same compressor power.
_FOULED_CAPACITY: Final = 0.7
_DEFROST_INDOOR_SHARE: Final = 0.6
"""Heat drawn from the indoor air in defrost, as a share of the rated heating."""
_DEFROST_POWER_SHARE: Final = 0.95
"""Compressor power in defrost against heating power (the outdoor fan is off)."""
_STANDBY_W: Final = 10.0
_CRANKCASE_HEATER_W: Final = 40.0
_CRANKCASE_HEATER_BELOW_C: Final = 10.0
# The indoor coil wrings out water only when the room air's humidity ratio is above
# that of saturated air at the coil (about 10 °C); full latent share a little above.
_WET_COIL_RATIO: Final = 0.0078
_WET_COIL_SPAN: Final = 0.003


class Circuit:
    """Steady-state performance with frost, charge and the indoor coil's lag."""

    __slots__ = (
        "_alpha",
        "_cooling",
        "_defrost_draw_w",
        "_heating",
        "_latent_share",
        "_performance",
        "_rest_w",
        "coil",
        "dried_kg_s",
        "indoor_w",
        "power_w",
    )

    def __init__(
        self,
        performance: Performance,
        coil: OutdoorCoil,
        *,
        sensible_heat_ratio: float,
        step_s: float,
    ) -> None:
        """Make an idle circuit; call :meth:`set_outdoor` before the first step."""
        self._performance = performance
        self._alpha = 1.0 - math.exp(-step_s / _INDOOR_COIL_TIME_CONSTANT_S)
        self._latent_share = 1.0 - sensible_heat_ratio
        self._defrost_draw_w = _DEFROST_INDOOR_SHARE * performance.rated_heating_w
        self._heating = (0.0, 1.0)
        self._cooling = (0.0, 1.0)
        self._rest_w = _STANDBY_W
        self.coil = coil
        self.indoor_w = 0.0
        """Sensible heat into the supply air (negative when cooling), lagged."""
        self.dried_kg_s = 0.0
        self.power_w = _STANDBY_W

    def set_outdoor(self, outdoor_c: float) -> None:
        """Look up the performance at a new outdoor temperature."""
        self._heating = self._performance.heating(outdoor_c)
        self._cooling = self._performance.cooling(outdoor_c)
        self._rest_w = _STANDBY_W
        if outdoor_c < _CRANKCASE_HEATER_BELOW_C:
            self._rest_w += _CRANKCASE_HEATER_W

    def step(
        self,
        dt: float,
        flow: Flow,
        *,
        outdoor_c: float,
        outdoor_ratio: float,
        indoor_ratio: float,
        low_charge: bool,
        fouled: bool = False,
    ) -> None:
        """Run one step in ``flow``; ``fouled``: the outdoor coil is fouled."""
        coil = self.coil
        self.dried_kg_s = 0.0
        if flow is Flow.OFF:
            self.indoor_w = 0.0
            self.power_w = self._rest_w
            coil.rest(outdoor_c=outdoor_c)
            return
        if flow is Flow.HEATING:
            capacity, cop = self._heating
            share = coil.frost_share
            power = capacity / cop * (1.0 - _FROST_POWER_LOSS * share)
            capacity *= 1.0 - _FROST_CAPACITY_LOSS * share
            colder_c = 0.0
            if low_charge:
                capacity *= _LOW_CHARGE_CAPACITY
                power *= _LOW_CHARGE_POWER
                colder_c = _LOW_CHARGE_COLDER_C
            if fouled:
                capacity *= _FOULED_CAPACITY
            coil.evaporate(
                dt,
                outdoor_c=outdoor_c,
                outdoor_ratio=outdoor_ratio,
                heat_w=capacity - power,
                colder_c=colder_c,
            )
            target_w = capacity
        elif flow is Flow.COOLING:
            capacity, cop = self._cooling
            power = capacity / cop
            if low_charge:
                capacity *= _LOW_CHARGE_CAPACITY
                power *= _LOW_CHARGE_POWER
            if fouled:
                capacity *= _FOULED_CAPACITY
            coil.condense(outdoor_c=outdoor_c, heat_w=capacity + power)
            wet = (indoor_ratio - _WET_COIL_RATIO) / _WET_COIL_SPAN
            latent_share = self._latent_share * min(1.0, max(0.0, wet))
            self.dried_kg_s = capacity * latent_share / LATENT_VAPORISATION_J_PER_KG
            target_w = -capacity * (1.0 - latent_share)
        else:
            capacity, cop = self._heating
            power = capacity / cop * _DEFROST_POWER_SHARE
            coil.defrost(dt, outdoor_c=outdoor_c, heat_w=self._defrost_draw_w + power)
            target_w = -self._defrost_draw_w
        self.power_w = power
        self.indoor_w += (target_w - self.indoor_w) * self._alpha

    def to_state(self) -> dict[str, Any]:
        """Return the changing part, JSON-serialisable."""
        return {"indoor_w": self.indoor_w, "coil": self.coil.to_state()}

    def load_state(self, state: dict[str, Any]) -> None:
        """Resume from :meth:`to_state`."""
        self.indoor_w = float(state["indoor_w"])
        self.coil.load_state(state["coil"])
