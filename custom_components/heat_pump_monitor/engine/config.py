"""Engine thresholds. Defaults come from published practice; each is a user option."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, tzinfo
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineConfig:
    """Thresholds of every detector, and the local time zone for daily counters."""

    timezone: tzinfo = UTC
    short_cycle_min_starts: int = 6
    """Compressor starts within ``short_cycle_window_s`` that count as a short-cycling hour."""
    short_cycle_window_s: float = 3600.0
    short_cycle_max_median_period_s: float = 900.0
    """Median on+off period at or below which the starts are short cycles."""
    short_cycle_days: int = 3
    """Separate local days with a short-cycling hour before the finding is raised."""
    defrost_stuck_s: float = 900.0
    offline_after_s: float = 900.0

    def options(self) -> dict[str, Any]:
        """Return the thresholds as plain option values (no time zone)."""
        values = asdict(self)
        values.pop("timezone")
        return values

    def with_options(self, options: Mapping[str, Any]) -> EngineConfig:
        """Return a copy with known option keys replaced; unknown keys are ignored."""
        known = {
            item.name: item.type for item in fields(self) if item.name != "timezone"
        }
        changes = {key: value for key, value in options.items() if key in known}
        return replace(self, **changes)
