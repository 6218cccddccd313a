"""``sensor_fault``: implausible or frozen sensor readings.

STUB: not implemented yet (never present).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..findings import FindingKind
from .base import Condition, Observation


class SensorFaultDetector:
    """Not implemented yet."""

    __slots__ = ()

    kind = FindingKind.SENSOR_FAULT

    def observe(self, obs: Observation) -> Condition | None:
        """Never present yet."""
        return None

    def to_state(self) -> dict[str, Any]:
        """Nothing to persist."""
        return {}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Nothing to restore."""
