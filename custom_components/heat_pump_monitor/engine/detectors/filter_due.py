"""``filter_due``: blower runtime since the last filter change exceeded.

Blower runtime is ``fan_s``; where a source does not report the blower, the
compressor and strip heat runtime stand in for it (a ducted blower runs whenever
they do). Present, as a maintenance notice, once the runtime since the last reset
(``reset``, through ``Engine.reset_filter``) exceeds ``config.filter_runtime_s``.
The evidence is refreshed every ``EVIDENCE_STEP_S`` of runtime.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..findings import FindingKind, Severity
from .base import Condition, Observation, optional_condition

EVIDENCE_STEP_S: Final = 3600.0


class FilterDueDetector:
    """Adds up blower runtime since the last filter change."""

    __slots__ = ("_condition", "_reset_at", "_runtime_s", "_shown_s")

    kind = FindingKind.FILTER_DUE

    def __init__(self) -> None:
        """No runtime, never reset."""
        self._runtime_s = 0.0
        self._reset_at: float | None = None
        self._shown_s = 0.0
        """Runtime in the evidence of the current condition."""
        self._condition: Condition | None = None

    @property
    def runtime_s(self) -> float:
        """Blower runtime since the last reset."""
        return self._runtime_s

    def reset(self, when: float) -> None:
        """Start counting afresh at ``when`` (epoch seconds): the filter was changed."""
        self._runtime_s = 0.0
        self._reset_at = when
        self._shown_s = 0.0
        self._condition = None

    def observe(self, obs: Observation) -> Condition | None:
        """Present while the runtime since the last reset is above the threshold."""
        sample = obs.sample
        if sample is None or not sample.online:
            return self._condition
        fan = sample.fan_s
        if fan is None:
            fan = (sample.compressor_s or 0.0) + (sample.aux_heat_s or 0.0)
            fan = min(fan, obs.end - obs.start)
        runtime = self._runtime_s = self._runtime_s + fan
        if runtime <= obs.config.filter_runtime_s:
            self._condition = None
            return None
        if self._condition is None or runtime - self._shown_s >= EVIDENCE_STEP_S:
            self._shown_s = runtime
            reset = self._reset_at
            self._condition = Condition(
                start=obs.end if self._condition is None else self._condition.start,
                severity=Severity.INFO,
                evidence={
                    "fan_runtime_s": round(runtime),
                    "last_reset_at": None if reset is None else iso(reset),
                },
            )
        return self._condition

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "runtime_s": self._runtime_s,
            "reset_at": self._reset_at,
            "shown_s": self._shown_s,
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._runtime_s = st.number(state, "runtime_s")
        self._reset_at = st.optional_number(state, "reset_at")
        self._shown_s = st.number(state, "shown_s")
        self._condition = optional_condition(state, "condition")
