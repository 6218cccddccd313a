"""``no_start``: call for heat or cooling, the compressor does not start.

Only where the outdoor unit's power is known. A *no-start sample* is one in which

* the thermostat reports compressor runtime (it sees its own call) while the outdoor
  unit draws under ``config.no_start_max_w`` over that runtime (its mean power
  spread over the runtime alone), or
* no compressor runtime is reported at all (unknown), the thermostat is in heat,
  cool or auto, the room is ``CALL_MARGIN_C`` past the setpoint on the calling side,
  no strip heat runs, the outdoor air is above ``LOCKOUT_C``, and the outdoor unit
  draws under ``config.no_start_max_w``.

The symptom is present once no-start samples have followed each other for
``config.no_start_s``. It ends only when the compressor is seen running with the
outdoor unit drawing normal power (a start proves the unit can start).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..findings import FindingKind, Severity
from ..sample import HvacMode, Sample
from .base import Condition, Observation, optional_condition

CALL_MARGIN_C: Final = 1.0
"""Room this far past the setpoint: any thermostat's differential is calling."""
LOCKOUT_C: Final = -18.0
"""Below this outdoor temperature many units lock the compressor out by design."""
JUDGE_SHARE: Final = 0.5
"""Share of the interval the compressor must be reported running to judge its power."""
_NEUTRAL: Final = ("", 0.0)
"""Verdict of a sample that neither shows nor breaks a no-start (brief runtime)."""
_HEAT_MODES: Final = frozenset({HvacMode.HEAT, HvacMode.AUTO})
_COOL_MODES: Final = frozenset({HvacMode.COOL, HvacMode.AUTO})


class NoStartDetector:
    """Times calls during which the outdoor unit stays without power."""

    __slots__ = ("_condition", "_max_w", "_mode", "_since", "_until")

    kind = FindingKind.NO_START

    def __init__(self) -> None:
        """No call seen."""
        self._since: float | None = None
        """Start of the current run of no-start samples."""
        self._until = 0.0
        self._max_w = 0.0
        """Highest running power seen in the current run of no-start samples."""
        self._mode: str | None = None
        self._condition: Condition | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Present while a call goes unanswered (see the module docstring)."""
        sample = obs.sample
        if sample is None or not sample.online or sample.outdoor_unit_w is None:
            self._since = None
            return self._condition
        heat = sample.comp_heat_s
        cool = sample.comp_cool_s
        if (
            not heat
            and not cool
            and self._condition is None
            and (heat is not None or cool is not None)
        ):
            self._since = None  # reported idle: no call to judge (the common case)
            return None
        interval = obs.end - obs.start
        max_w = obs.config.no_start_max_w
        verdict = _verdict(sample, interval, max_w)
        if verdict is None:
            self._since = None
            if self._condition is not None and _runs_normally(sample, interval, max_w):
                self._condition = None
            return self._condition
        mode, running_w = verdict
        if not mode:
            return self._condition
        if self._since is None or obs.interrupted or mode != self._mode:
            self._since = obs.start
            self._max_w = running_w
            self._mode = mode
        elif running_w > self._max_w:
            self._max_w = running_w
        self._until = obs.end
        duration = obs.end - self._since
        if duration >= obs.config.no_start_s:
            self._condition = Condition(
                start=self._since,
                severity=Severity.ERROR,
                evidence={
                    "mode": mode,
                    "call_s": duration,
                    "outdoor_unit_w": round(self._max_w, 1),
                    "outdoor_temp_c": sample.outdoor_temp_c,
                    "call_since": iso(self._since),
                },
            )
        return self._condition

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "since": self._since,
            "until": self._until,
            "max_w": self._max_w,
            "mode": self._mode,
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._since = st.optional_number(state, "since")
        self._until = st.number(state, "until")
        self._max_w = st.number(state, "max_w")
        mode = st.optional_text(state, "mode")
        if mode not in (None, "heat", "cool"):
            raise st.StateError("no-start mode is unknown")
        self._mode = mode
        self._condition = optional_condition(state, "condition")


def _verdict(sample: Sample, interval: float, max_w: float) -> tuple[str, float] | None:
    """Return ``(mode, running power)`` of a no-start sample, else None."""
    power = sample.outdoor_unit_w
    assert power is not None
    heat = sample.comp_heat_s
    cool = sample.comp_cool_s
    if heat is not None or cool is not None:
        runtime = (heat or 0.0) + (cool or 0.0)
        if runtime <= 0.0 or sample.defrost_s:
            return None
        if runtime < JUDGE_SHARE * interval:
            return _NEUTRAL
        running_w = power * interval / runtime
        if running_w >= max_w:
            return None
        return ("heat" if (heat or 0.0) >= (cool or 0.0) else "cool", running_w)
    if power >= max_w or sample.aux_heat_s:
        return None
    room = sample.indoor_temp_c
    outdoor = sample.outdoor_temp_c
    if room is None or (outdoor is not None and outdoor < LOCKOUT_C):
        return None
    mode = sample.hvac_mode
    heat_sp = sample.heat_setpoint_c
    if mode in _HEAT_MODES and heat_sp is not None and room <= heat_sp - CALL_MARGIN_C:
        return ("heat", power)
    cool_sp = sample.cool_setpoint_c
    if mode in _COOL_MODES and cool_sp is not None and room >= cool_sp + CALL_MARGIN_C:
        return ("cool", power)
    return None


def _runs_normally(sample: Sample, interval: float, max_w: float) -> bool:
    """Return whether the outdoor unit drew normal power while the compressor ran."""
    power = sample.outdoor_unit_w
    assert power is not None
    runtime = sample.compressor_s
    if runtime is None:
        return power >= max_w
    return runtime >= JUDGE_SHARE * interval and power * interval / runtime >= max_w
