"""Equipment control: compressor timers and lockouts, strip heat, blower."""

from __future__ import annotations

import random
from typing import Any, Final

from .config import HeatPumpParams
from .faults import ActiveFaults
from .thermostat import Thermostat

_NEVER: Final = -(10**9)
# A high-pressure switch or a chattering thermostat cuts a run after 2 to 4 minutes.
_TRIP_AFTER_S: Final = (120, 250, 10)


class Equipment:
    """Turns thermostat calls into compressor, strip heat and blower states.

    The compressor keeps its minimum on and off times, stays off below the
    low-temperature lockout and while an error code stands, and is held on by the
    defrost board. Strip heat runs as stage 2 at or below the aux lockout and as the
    only heat when the compressor may not run, all of it; during defrost the board
    turns on part of it by itself to temper the supply air.
    """

    __slots__ = (
        "_aux_lockout_c",
        "_aux_w",
        "_changed_s",
        "_lockout_c",
        "_min_off_s",
        "_min_on_s",
        "_tempering_w",
        "_trip_s",
        "aux_on",
        "aux_w",
        "blower_on",
        "compressor_heating",
        "compressor_on",
    )

    def __init__(self, params: HeatPumpParams) -> None:
        """Everything off, the compressor free to start."""
        self._min_on_s = params.min_on_s
        self._min_off_s = params.min_off_s
        self._lockout_c = params.compressor_lockout_c
        self._aux_lockout_c = params.aux_lockout_c
        self._aux_w = params.aux_heat_w
        self._tempering_w = params.defrost_tempering_w
        self._changed_s = _NEVER
        self._trip_s = -1
        self.compressor_on = False
        self.compressor_heating = False
        self.aux_on = False
        self.aux_w = 0.0
        """Strip heat power in this step."""
        self.blower_on = False

    def update(
        self,
        t: int,
        *,
        thermostat: Thermostat,
        outdoor_c: float,
        defrosting: bool,
        faults: ActiveFaults,
        rng: random.Random,
    ) -> None:
        """Decide the equipment states for the step starting at ``t`` (seconds)."""
        compressor_may_heat = outdoor_c >= self._lockout_c and not thermostat.emergency
        want_heat = thermostat.heat_call and compressor_may_heat
        want_cool = thermostat.cool_call
        blocked = faults.refrigerant_error_code
        if self.compressor_on:
            if blocked or 0 <= self._trip_s <= t:
                stop = True
            elif defrosting:
                stop = False
            else:
                wanted = want_heat if self.compressor_heating else want_cool
                stop = not wanted and t - self._changed_s >= self._min_on_s
            if stop:
                self.compressor_on = False
                self._changed_s = t
                self._trip_s = -1
        elif (
            (want_heat or want_cool)
            and not blocked
            and t - self._changed_s >= self._min_off_s
        ):
            self.compressor_on = True
            self.compressor_heating = want_heat
            self._changed_s = t
            if faults.short_cycling:
                self._trip_s = t + rng.randrange(*_TRIP_AFTER_S)
        called = thermostat.heat_call and (
            not compressor_may_heat
            or (thermostat.heat_stage2 and outdoor_c <= self._aux_lockout_c)
        )
        tempering = defrosting and self.compressor_on
        blower = self.compressor_on or called
        if called or (faults.aux_stuck_on and blower):
            self.aux_w = self._aux_w
        elif tempering:
            self.aux_w = self._tempering_w
        else:
            self.aux_w = 0.0
        self.aux_on = self.aux_w > 0.0
        self.blower_on = blower

    def to_state(self) -> dict[str, Any]:
        """Return the changing part, JSON-serialisable."""
        return {
            "compressor_on": self.compressor_on,
            "compressor_heating": self.compressor_heating,
            "aux_w": self.aux_w,
            "blower_on": self.blower_on,
            "changed_s": self._changed_s,
            "trip_s": self._trip_s,
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Resume from :meth:`to_state`."""
        self.compressor_on = bool(state["compressor_on"])
        self.compressor_heating = bool(state["compressor_heating"])
        self.aux_w = float(state["aux_w"])
        self.aux_on = self.aux_w > 0.0
        self.blower_on = bool(state["blower_on"])
        self._changed_s = int(state["changed_s"])
        self._trip_s = int(state["trip_s"])
