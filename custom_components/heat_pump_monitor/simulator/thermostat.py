"""A two-stage heat / one-stage cool thermostat with a differential."""

from __future__ import annotations

from typing import Any

from ..engine.sample import HvacMode
from .config import ThermostatParams

_HEATING_MODES = frozenset({HvacMode.HEAT, HvacMode.AUTO, HvacMode.EMERGENCY_HEAT})
_COOLING_MODES = frozenset({HvacMode.COOL, HvacMode.AUTO})


class Thermostat:
    """Calls for heat (stage 1, stage 2) and cooling from the room temperature.

    A call starts half a differential past the setpoint and ends half a differential
    on the other side. Stage 2 joins a heating call when the room droops
    ``stage2_droop_c`` below the setpoint or the call has lasted ``stage2_delay_s``,
    and stays until the call is satisfied.
    """

    __slots__ = (
        "_cool_sp",
        "_delay_s",
        "_droop_c",
        "_half_c",
        "_heat_sp",
        "_may_cool",
        "_may_heat",
        "call_start_s",
        "cool_call",
        "emergency",
        "heat_call",
        "heat_stage2",
    )

    def __init__(
        self,
        params: ThermostatParams,
        *,
        mode: HvacMode,
        heat_setpoint_c: float,
        cool_setpoint_c: float,
    ) -> None:
        """Make a thermostat in ``mode`` with no call."""
        self._half_c = params.differential_c / 2.0
        self._droop_c = params.stage2_droop_c
        self._delay_s = params.stage2_delay_s
        self._heat_sp = heat_setpoint_c
        self._cool_sp = cool_setpoint_c
        self._may_heat = mode in _HEATING_MODES
        self._may_cool = mode in _COOLING_MODES
        self.emergency = mode == HvacMode.EMERGENCY_HEAT
        self.heat_call = False
        self.heat_stage2 = False
        self.cool_call = False
        self.call_start_s = 0

    def update(self, t: int, room_c: float) -> None:
        """Update the calls at time ``t`` (seconds) for the room temperature."""
        if self._may_heat:
            if self.heat_call:
                if room_c >= self._heat_sp + self._half_c:
                    self.heat_call = False
                    self.heat_stage2 = False
            elif room_c <= self._heat_sp - self._half_c and not self.cool_call:
                self.heat_call = True
                self.call_start_s = t
            if (
                self.heat_call
                and not self.heat_stage2
                and (
                    room_c <= self._heat_sp - self._droop_c
                    or t - self.call_start_s >= self._delay_s
                )
            ):
                self.heat_stage2 = True
        else:
            self.heat_call = False
            self.heat_stage2 = False
        if self._may_cool:
            if self.cool_call:
                if room_c <= self._cool_sp - self._half_c:
                    self.cool_call = False
            elif room_c >= self._cool_sp + self._half_c and not self.heat_call:
                self.cool_call = True
        else:
            self.cool_call = False

    def to_state(self) -> dict[str, Any]:
        """Return the changing part, JSON-serialisable."""
        return {
            "heat_call": self.heat_call,
            "heat_stage2": self.heat_stage2,
            "cool_call": self.cool_call,
            "call_start_s": self.call_start_s,
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Resume from :meth:`to_state`."""
        self.heat_call = bool(state["heat_call"])
        self.heat_stage2 = bool(state["heat_stage2"])
        self.cool_call = bool(state["cool_call"])
        self.call_start_s = int(state["call_start_s"])
