"""``defrost_stuck``: one defrost lasting longer than ``config.defrost_stuck_s``.

Present while such a defrost is still going, from the first sample that takes it past
the threshold; absent once it ends (the finding keeps the final evidence).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..clock import iso
from ..findings import FindingKind, Severity
from .base import Condition, Observation


class DefrostStuckDetector:
    """Watches the length of the open defrost episode."""

    __slots__ = ("_condition",)

    kind = FindingKind.DEFROST_STUCK

    def __init__(self) -> None:
        """No defrost seen."""
        self._condition: Condition | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Present while the open defrost is longer than the threshold."""
        defrost = obs.defrost
        if not defrost.active:
            self._condition = None
            return None
        duration = defrost.end - defrost.start
        if duration <= obs.config.defrost_stuck_s:
            return None
        condition = self._condition
        if (
            condition is None
            or condition.start != defrost.start
            or condition.evidence["duration_s"] != duration
        ):
            condition = self._condition = Condition(
                start=defrost.start,
                severity=Severity.ERROR,
                evidence={
                    "duration_s": duration,
                    "outdoor_temp_c": defrost.outdoor_temp_c,
                    "started_at": iso(defrost.start),
                },
            )
        return condition

    def to_state(self) -> dict[str, Any]:
        """Nothing to persist: the condition follows from the defrost tracker."""
        return {}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Nothing to restore."""
        self._condition = None
