"""Learned baselines of one system: balance point, runtime per degree-hour, COP.

STUB: learns nothing yet (every figure stays ``None``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .detectors.base import Observation


class Baseline:
    """What this system normally does, learned from its own history."""

    __slots__ = ()

    @property
    def balance_point_c(self) -> float | None:
        """Outdoor temperature below which the heat pump alone cannot keep up."""
        return None

    @property
    def heating_s_per_degree_day(self) -> float | None:
        """Learned compressor heating runtime per heating degree-day."""
        return None

    @property
    def cop(self) -> float | None:
        """Estimated coefficient of performance where power is known."""
        return None

    def observe(self, obs: Observation) -> None:
        """Learn from one sample (called before the detectors see it)."""

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
