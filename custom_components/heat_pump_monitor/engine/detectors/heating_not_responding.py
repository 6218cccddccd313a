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

    __slots__ = ("_balance", "_call", "_floor", "_floor_day")

    kind = FindingKind.HEATING_NOT_RESPONDING

    def __init__(self) -> None:
        """No call seen."""
        self._call = CallResponse(1.0)
        self._floor_day: int | None = None
        self._floor = 0.0
        self._balance: float | None = None
        """Where the heat pump keeps up, and the reference balance point, for
        ``_floor_day``: the baseline learns only when a day closes."""

    def observe(self, obs: Observation) -> Condition | None:
        """Present while a heating call goes unanswered (see the module docstring)."""
        if obs.day != self._floor_day:
            # Checked on every sample, as the baseline checks whether to learn.
            self._set_floor(obs)
        sample = obs.sample
        call = self._call
        if sample is None or not sample.online:
            return call.idle()
        if sample.hvac_mode not in _HEATING_MODES:
            return call.left_mode()
        comp = sample.comp_heat_s
        aux = sample.aux_heat_s
        indoor = sample.indoor_temp_c
        setpoint = sample.heat_setpoint_c
        if (comp is None and aux is None) or indoor is None or setpoint is None:
            return call.idle()
        run_s = max(comp or 0.0, aux or 0.0)
        if call.quiet(run_s, indoor, setpoint):
            return None
        outdoor = sample.outdoor_temp_c
        return call.update(
            start=obs.start,
            end=obs.end,
            run_s=run_s,
            indoor=indoor,
            setpoint=setpoint,
            expected=outdoor is not None and outdoor > self._floor,
            config=obs.config,
            outdoor=outdoor,
            balance=self._balance,
        )

    def _set_floor(self, obs: Observation) -> None:
        baseline = obs.baseline
        floor = baseline.keeps_up_above_c
        self._floor = obs.config.aux_outdoor_c if floor is None else floor
        self._balance = baseline.reference_balance_point_c
        self._floor_day = obs.day

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return self._call.to_state()

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._call.load_state(state)
        self._floor_day = None
