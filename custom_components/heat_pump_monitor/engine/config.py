"""Engine thresholds. Defaults come from published practice; each is a user option."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, tzinfo
import math
from typing import Any, Final


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
    """One defrost longer than this is stuck."""
    defrost_frequent_runtime_s: float = 1800.0
    """Compressor runtime between defrosts below which the defrosts are too close."""
    defrost_frequent_count: int = 3
    """Too-close defrosts in a row before ``defrost_frequent`` is raised."""
    defrost_missing_runtime_s: float = 21600.0
    """Heating runtime in frost conditions without any defrost (icing suspected)."""
    defrost_missing_min_outdoor_c: float = -7.0
    defrost_missing_max_outdoor_c: float = 5.0
    """Outdoor band in which the outdoor coil frosts and defrosts must happen."""
    defrost_warm_outdoor_c: float = 10.0
    """A defrost while outdoor air is above this points at a sensor or defrost board."""
    aux_outdoor_c: float = 4.0
    """Backup heat above this outdoor temperature (outside defrost) is overuse."""
    aux_balance_margin_c: float = 3.0
    """Backup heat this far above the learned balance point is overuse."""
    aux_daily_s: float = 10800.0
    """Backup heat runtime in one local day above which it is overuse."""
    not_responding_s: float = 1800.0
    """A call this long with the room not moving toward the setpoint."""
    not_responding_full_duty_s: float = 7200.0
    """A call this long at full duty that leaves the room ``not_responding_gap_c`` away."""
    not_responding_gap_c: float = 1.0
    heating_split_margin_c: float = 3.0
    """Supply-return rise this far below the published expectation is low."""
    split_baseline_fraction: float = 0.2
    """A split this fraction below the unit's own learned baseline is low."""
    split_days: int = 3
    """Separate local days with a low split before a split finding is raised."""
    cooling_split_min_c: float = 8.0
    """Return-supply drop in steady cooling below this is low."""
    reversing_valve_after_s: float = 600.0
    """Supply still on the wrong side of return this long after a start."""
    capacity_fraction: float = 0.25
    """Runtime per degree-hour this fraction above the learned baseline is degraded."""
    capacity_balance_rise_c: float = 2.0
    """Balance point this much above the learned baseline is degraded."""
    capacity_days: int = 3
    """Days of degraded capacity before ``capacity_degradation`` is raised."""
    no_start_s: float = 600.0
    """A call this long with the outdoor unit drawing under ``no_start_max_w``."""
    no_start_max_w: float = 200.0
    offline_after_s: float = 900.0
    """No answer from the device for this long."""
    sensor_frozen_s: float = 21600.0
    """A reading that does not change at all for this long while the system runs."""
    filter_runtime_s: float = 1_080_000.0
    """Blower runtime since the last filter change after which the filter is due (300 h)."""

    def options(self) -> dict[str, Any]:
        """Return the thresholds as plain option values (no time zone)."""
        values = asdict(self)
        values.pop("timezone")
        return values

    def with_options(self, options: Mapping[str, Any]) -> EngineConfig:
        """Return a copy with known option keys replaced.

        Unknown keys, and values ``option_value`` refuses (a damaged store), are
        ignored: the threshold keeps its value.
        """
        changes: dict[str, Any] = {}
        for key, value in options.items():
            try:
                changes[key] = option_value(key, value)
            except (KeyError, ValueError):
                continue
        return replace(self, **changes)


_OPTION_TYPES: Final = {
    item.name: item.type for item in fields(EngineConfig) if item.name != "timezone"
}


def option_value(key: str, value: Any) -> int | float:
    """Return ``value`` as engine option ``key`` takes it.

    Raises ``KeyError`` for an unknown key and ``ValueError`` (saying what is
    expected) for a value that is not a finite number of the option's kind:
    temperatures (``_c``) may be negative, every other threshold must be positive,
    counts whole.
    """
    whole = _OPTION_TYPES[key] in ("int", int)
    signed = key.endswith("_c")
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or (value <= 0 and not signed)
        or (whole and not float(value).is_integer())
    ):
        if signed:
            kind = "a number"
        else:
            kind = "a positive whole number" if whole else "a positive number"
        raise ValueError(f"engine option {key!r} must be {kind}, not {value!r}")
    return int(value) if whole else float(value)
