"""``aux_heat_overuse``: backup heat running above the balance point or for too long.

STUB: not implemented yet (never present).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..findings import FindingKind
from .base import Condition, Observation


class AuxHeatOveruseDetector:
    """Not implemented yet."""

    __slots__ = ()

    kind = FindingKind.AUX_HEAT_OVERUSE

    def observe(self, obs: Observation) -> Condition | None:
        """Never present yet."""
        return None

    def to_state(self) -> dict[str, Any]:
        """Nothing to persist."""
        return {}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Nothing to restore."""
