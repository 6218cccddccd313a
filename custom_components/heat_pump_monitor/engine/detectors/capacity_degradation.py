"""``capacity_degradation``: more runtime per degree-day than the learned reference.

Each heating day the baseline closes is *judged* when the frozen reference expects a
compressor duty between ``MIN_EXPECTED_DUTY`` and ``MAX_EXPECTED_DUTY`` at that
day's mean outdoor temperature (within the temperatures the reference saw; near full
duty a loss cannot show). A judged day is *degraded* when

- the heat pump carried it almost alone (backup heat under ``MAX_AUX_SHARE`` of its
  runtime) and its duty is more than ``config.capacity_fraction`` above the
  expectation (runtime per degree-hour grown at a comparable outdoor temperature); or
- its effort (compressor plus backup duty: backup heat joins calls the heat pump
  cannot finish, so lost capacity shows as both) puts the balance point
  ``config.capacity_balance_rise_c`` above the reference's
  (``Baseline.balance_rise_k``: the reference effort line moved through the day's
  point; each backup second weighted by the heat it adds relative to a heat-pump
  second, ``Baseline.aux_factor``, learned from the supply-return split).

The symptom is present once ``config.capacity_days`` of the last ``config.capacity_days
+ SLACK_DAYS`` judged days are degraded, and clears once ``config.capacity_days``
judged days in a row are not. Silent until the reference is learned.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..findings import FindingKind, Severity
from .base import Condition, Observation, optional_condition

MIN_EXPECTED_DUTY: Final = 0.15
MAX_EXPECTED_DUTY: Final = 0.9
MAX_AUX_SHARE: Final = 0.02
"""Backup heat (outside defrost) a day may hold, against compressor runtime, for its
runtime ratio to count: backup heat carries part of the load and hides the extra
runtime."""
SLACK_DAYS: Final = 2
MAX_HISTORY: Final = 16


class CapacityDegradationDetector:
    """Compares each heating day with the reference baseline."""

    __slots__ = ("_condition", "_days", "_healthy_run")

    kind = FindingKind.CAPACITY_DEGRADATION

    def __init__(self) -> None:
        """No day judged."""
        self._days: deque[list[float]] = deque(maxlen=MAX_HISTORY)
        """Judged days as ``[start of the next day, degraded]``."""
        self._healthy_run = 0
        """Judged days in a row that are not degraded."""
        self._condition: Condition | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Judge the day the baseline closed, if any (see the module docstring)."""
        baseline = obs.baseline
        closed = baseline.closed_day
        if closed is None:
            return self._condition
        outdoor, duty, aux = closed
        expected = baseline.reference_duty(outdoor)
        rise = baseline.balance_rise_k(outdoor, duty, aux)
        if (
            expected is None
            or rise is None
            or not MIN_EXPECTED_DUTY <= expected <= MAX_EXPECTED_DUTY
        ):
            return self._condition
        config = obs.config
        ratio = duty / expected
        degraded = (
            aux <= MAX_AUX_SHARE * duty and ratio > 1.0 + config.capacity_fraction
        ) or rise >= config.capacity_balance_rise_c
        self._days.append([obs.start, float(degraded)])
        self._healthy_run = 0 if degraded else self._healthy_run + 1
        window = list(self._days)[-(config.capacity_days + SLACK_DAYS) :]
        bad = [day[0] for day in window if day[1]]
        previous = self._condition
        if previous is not None and self._healthy_run >= config.capacity_days:
            self._condition = None
            self._days.clear()
        elif previous is not None or len(bad) >= config.capacity_days:
            since = bad[0] if previous is None else previous.start
            self._condition = Condition(
                start=since,
                severity=Severity.WARNING,
                evidence={
                    "degraded_days": len(bad),
                    "runtime_ratio": round(ratio, 2),
                    "balance_rise_k": round(rise, 1),
                    "aux_factor": round(baseline.aux_factor, 2),
                    "outdoor_temp_c": round(outdoor, 1),
                    "duty": round(duty, 3),
                    "expected_duty": round(expected, 3),
                    "balance_point_c": baseline.recent_balance_point_c,
                    "reference_balance_point_c": baseline.reference_balance_point_c,
                    "degraded_since": iso(since),
                },
            )
        return self._condition

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "days": [list(day) for day in self._days],
            "healthy_run": self._healthy_run,
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        days: deque[list[float]] = deque(maxlen=MAX_HISTORY)
        for day in st.items(state, "days"):
            if not isinstance(day, list) or len(day) != 2:
                raise st.StateError("capacity days are malformed")
            days.append([st.number({"v": value}, "v") for value in day])
        self._days = days
        self._healthy_run = st.integer(state, "healthy_run")
        self._condition = optional_condition(state, "condition")
