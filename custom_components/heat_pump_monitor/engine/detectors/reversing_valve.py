"""``reversing_valve``: supply air on the wrong side of return air for the mode.

STUB: not implemented yet (never present).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..findings import FindingKind
from .base import Condition, Observation


class ReversingValveDetector:
    """Not implemented yet."""

    __slots__ = ()

    kind = FindingKind.REVERSING_VALVE

    def observe(self, obs: Observation) -> Condition | None:
        """Never present yet."""
        return None

    def to_state(self) -> dict[str, Any]:
        """Nothing to persist."""
        return {}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Nothing to restore."""
