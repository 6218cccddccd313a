"""``cooling_not_responding``: cooling called for, the room not cooling toward the setpoint.

See ``call_response`` for the rule. A heat pump sized for the house is expected to
keep up while the outdoor air is at or below ``COOLING_DESIGN_C``, the hottest summer
design temperatures of ACCA Manual J for most of North America and Europe.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..findings import FindingKind
from ..sample import HvacMode
from .base import Condition, Observation
from .call_response import CallResponse

COOLING_DESIGN_C: Final = 35.0
_COOLING_MODES: Final = frozenset({HvacMode.COOL, HvacMode.AUTO})


class CoolingNotRespondingDetector:
    """Follows cooling calls and the room's response."""

    __slots__ = ("_call",)

    kind = FindingKind.COOLING_NOT_RESPONDING

    def __init__(self) -> None:
        """No call seen."""
        self._call = CallResponse(-1.0)

    def observe(self, obs: Observation) -> Condition | None:
        """Present while a cooling call goes unanswered (see the module docstring)."""
        sample = obs.sample
        call = self._call
        if sample is None or not sample.online:
            return call.idle()
        if sample.hvac_mode not in _COOLING_MODES:
            return call.left_mode()
        run_s = sample.comp_cool_s
        indoor = sample.indoor_temp_c
        setpoint = sample.cool_setpoint_c
        if run_s is None or indoor is None or setpoint is None:
            return call.idle()
        if call.quiet(run_s, indoor, setpoint):
            return None
        outdoor = sample.outdoor_temp_c
        return call.update(
            start=obs.start,
            end=obs.end,
            run_s=run_s,
            indoor=indoor,
            setpoint=setpoint,
            expected=outdoor is not None and outdoor <= COOLING_DESIGN_C,
            config=obs.config,
            outdoor=outdoor,
            balance=None,
        )

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return self._call.to_state()

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._call.load_state(state)
