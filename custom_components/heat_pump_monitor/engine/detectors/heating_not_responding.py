"""``heating_not_responding``: heat called for, the room not warming toward the setpoint.

See ``call_response`` for the rule. The heat pump is expected to keep up while the
outdoor air is above the learned ``Baseline.keeps_up_above_c`` (a margin above the
reference balance point); until that is learned, above ``config.aux_outdoor_c``,
where a heat pump sized for the house carries it without backup heat.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..findings import FindingKind
from ..sample import HvacMode
from .base import Condition, Observation
from .call_response import CallResponse

_HEATING_MODES: Final = frozenset(
    {HvacMode.HEAT, HvacMode.AUTO, HvacMode.EMERGENCY_HEAT}
)


class HeatingNotRespondingDetector:
    """Follows heating calls and the room's response."""

    __slots__ = ("_call",)

    kind = FindingKind.HEATING_NOT_RESPONDING

    def __init__(self) -> None:
        """No call seen."""
        self._call = CallResponse(1.0)

    def observe(self, obs: Observation) -> Condition | None:
        """Present while a heating call goes unanswered (see the module docstring)."""
        sample = obs.sample
        call = self._call
        if sample is None or not sample.online:
            return call.idle(in_mode=True)
        comp = sample.comp_heat_s
        aux = sample.aux_heat_s
        indoor = sample.indoor_temp_c
        setpoint = sample.heat_setpoint_c
        if sample.hvac_mode not in _HEATING_MODES:
            return call.idle(in_mode=False)
        if (comp is None and aux is None) or indoor is None or setpoint is None:
            return call.idle(in_mode=True)
        config = obs.config
        baseline = obs.baseline
        floor = baseline.keeps_up_above_c
        if floor is None:
            floor = config.aux_outdoor_c
        outdoor = sample.outdoor_temp_c
        return call.update(
            start=obs.start,
            end=obs.end,
            run_s=max(comp or 0.0, aux or 0.0),
            indoor=indoor,
            setpoint=setpoint,
            expected=outdoor is not None and outdoor > floor,
            config=config,
            outdoor=outdoor,
            balance=baseline.reference_balance_point_c,
        )

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return self._call.to_state()

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._call.load_state(state)
