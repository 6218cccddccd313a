"""Defrosts the unit does not report, recognised from their signature.

STUB: recognises nothing yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .sample import Sample


class DefrostInference:
    """Estimates defrost seconds of samples whose ``defrost_s`` is unknown."""

    __slots__ = ()

    def infer(self, sample: Sample, start: float, end: float) -> float | None:
        """Return inferred defrost seconds in ``[start, end)``, or ``None`` (cannot tell)."""
        return None

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
