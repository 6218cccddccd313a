"""``cooling_not_responding``: cooling called for, the room does not cool.

STUB: not implemented yet (never present).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..findings import FindingKind
from .base import Condition, Observation


class CoolingNotRespondingDetector:
    """Not implemented yet."""

    __slots__ = ()

    kind = FindingKind.COOLING_NOT_RESPONDING

    def observe(self, obs: Observation) -> Condition | None:
        """Never present yet."""
        return None

    def to_state(self) -> dict[str, Any]:
        """Nothing to persist."""
        return {}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Nothing to restore."""
