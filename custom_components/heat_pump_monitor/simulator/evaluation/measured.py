"""Waits and rule windows measured in each trace, where a fixed target would be unfair.

A rule whose window is counted in something other than wall-clock time (days with
steady cooling, frost runtime with falling heat) or whose symptom needs the
compressor (locked out in deep cold) gets its target from the trace itself. Each function reads the trace's
CSV once and returns, per fault, seconds from the fault's start (``None``: never).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
import csv
from datetime import date, datetime, timedelta
import math
from pathlib import Path
from typing import Protocol

from ...engine.config import EngineConfig
from ...engine.detectors.defrost_missing import (
    BELOW_BAND_WEIGHT,
    BIN_C,
    BIN_COUNT,
    BIN_LOW_C,
    DRY_RH,
    DRY_WEIGHT,
    MELT_MARGIN_C,
    MIN_SPLIT_K,
    SPLIT_DROP,
    SPLIT_SMOOTHING_S,
    SPLIT_STALE_S,
    STEADY_SHARE,
)
from ...engine.detectors.split_days import MIN_DAY_STEADY_S
from ...engine.detectors.steady import FULL_SHARE, STEADY_AFTER_S
from ...engine.trace import parse_time


class Window(Protocol):
    """A labelled fault's window."""

    @property
    def start(self) -> datetime:
        """When the fault began."""

    @property
    def end(self) -> datetime | None:
        """When it ended (``None``: at the end of the trace)."""


Row = dict[str, str]


def read_rows(path: Path) -> Iterator[tuple[datetime, Row]]:
    """Yield the rows of a trace CSV with their parsed times."""
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            yield parse_time(row["time"]), row


def number(row: Row, column: str) -> float | None:
    """Return the number in ``column`` of ``row`` (``None``: empty or absent)."""
    text = row.get(column) or ""
    return float(text) if text else None


def _first_time(
    path: Path, faults: Sequence[Window], test: Callable[[Row], bool]
) -> tuple[float | None, ...]:
    """Per fault: seconds from its start to the first row inside it passing ``test``."""
    found: list[float | None] = [None] * len(faults)
    for when, row in read_rows(path):
        for index, fault in enumerate(faults):
            if found[index] is not None or when < fault.start:
                continue
            if fault.end is not None and when >= fault.end:
                continue
            if test(row):
                found[index] = (when - fault.start).total_seconds()
        if all(item is not None for item in found):
            break
    return tuple(found)


def compressor_ready_s(
    path: Path, faults: Sequence[Window], lockout_c: float
) -> tuple[float | None, ...]:
    """Per fault: the first moment the outdoor air lets the compressor run at all.

    Below the heat pump's low-temperature lockout only strip heat runs, so a symptom
    of the running compressor (no start, reversed flow, defrosts) cannot show yet.
    """

    def allowed(row: Row) -> bool:
        outdoor = number(row, "outdoor_temp_c")
        return outdoor is None or outdoor >= lockout_c

    return _first_time(path, faults, allowed)


def frost_window_s(
    path: Path, faults: Sequence[Window], config: EngineConfig
) -> tuple[float | None, ...]:
    """Per fault: when the frost runtime and the falling heat the rule needs both show.

    The ``defrost_missing`` rule needs ``config.defrost_missing_runtime_s`` of frost
    runtime *and* delivered heat falling at the same time. Frost runtime is counted
    as the detector counts it: compressor heating with the outdoor unit running,
    weighted by the outdoor band and dryness, and started over when air above the
    band melts the coil. Defrosts are not reset points here: in the fault's window
    the failed board makes none. Ice takes its own time to form (slowly in deep,
    dry cold) and melts off a resting coil in air above 0 °C, so the heat falls when
    the weather ices the coil, not when the runtime is reached: see
    ``_SplitWatch`` for how the fall is read. Without supply and return readings
    the fall cannot be read from the trace and the runtime alone sets the moment.
    """
    low = config.defrost_missing_min_outdoor_c
    high = config.defrost_missing_max_outdoor_c
    needed = config.defrost_missing_runtime_s
    frost = [0.0] * len(faults)
    found: list[float | None] = [None] * len(faults)
    watches = [_SplitWatch() for _ in faults]
    for when, row in read_rows(path):
        interval = float(row["interval_s"] or 0.0)
        outdoor = number(row, "outdoor_temp_c")
        heating = number(row, "comp_heat_s") or 0.0
        power = number(row, "outdoor_unit_w")
        humidity = number(row, "outdoor_rh")
        weight = 0.0
        if outdoor is not None and outdoor <= high:
            weight = 1.0 if outdoor >= low else BELOW_BAND_WEIGHT
            if humidity is not None and humidity < DRY_RH:
                weight *= DRY_WEIGHT
        if power is not None and power < config.no_start_max_w:
            weight = 0.0
        melts = outdoor is not None and outdoor > high + MELT_MARGIN_C
        for index, fault in enumerate(faults):
            watch = watches[index]
            if found[index] is not None:
                continue
            watch.observe(when, row, interval, learn=when < fault.start)
            if when < fault.start:
                continue
            if fault.end is not None and when >= fault.end:
                continue
            frost[index] = 0.0 if melts else frost[index] + heating * weight
            if frost[index] >= needed and watch.falling(when, row, outdoor):
                found[index] = (when - fault.start).total_seconds() + interval
    return tuple(found)


class _SplitWatch:
    """The supply-return split of steady heating against the clean coil's.

    Steady heating: the compressor heats ``STEADY_SHARE`` of the sample, with no
    backup heat and no defrost. Its split is smoothed over ``SPLIT_SMOOTHING_S``
    and unknown after ``SPLIT_STALE_S`` without steady heating, as the detector
    reads it. The clean coil's split is the mean of the smoothed split per ``BIN_C``
    outdoor bin over the steady samples before the fault (a healthy board keeps the
    coil clean), not the detector's own learned value. Heat falls
    when the split now is ``SPLIT_DROP`` or more below the clean coil's at the
    sample's outdoor temperature (its bin or a neighbour).
    """

    __slots__ = ("_counts", "_smoothed", "_smoothed_at", "_sums")

    def __init__(self) -> None:
        """Nothing learned."""
        self._sums = [0.0] * BIN_COUNT
        self._counts = [0] * BIN_COUNT
        self._smoothed: float | None = None
        self._smoothed_at: datetime | None = None

    def observe(
        self, when: datetime, row: Row, interval: float, *, learn: bool
    ) -> None:
        """Smooth the steady split of ``row``; before the fault, learn it."""
        heating = number(row, "comp_heat_s")
        supply = number(row, "supply_temp_c")
        ret = number(row, "return_temp_c")
        outdoor = number(row, "outdoor_temp_c")
        if (
            heating is None
            or supply is None
            or ret is None
            or outdoor is None
            or interval <= 0.0
            or heating < STEADY_SHARE * interval
            or (number(row, "aux_heat_s") or 0.0) > 0.0
            or (number(row, "defrost_s") or 0.0) > 0.0
        ):
            return
        split = supply - ret
        smoothed = self._smoothed
        alpha = 1.0 - math.exp(-interval / SPLIT_SMOOTHING_S)
        self._smoothed = (
            split if smoothed is None else smoothed + (split - smoothed) * alpha
        )
        self._smoothed_at = when
        if learn:
            index = _split_bin(outdoor)
            self._sums[index] += self._smoothed
            self._counts[index] += 1

    def falling(self, when: datetime, row: Row, outdoor: float | None) -> bool:
        """Whether heat has fallen at ``when`` (always, without split readings)."""
        if number(row, "supply_temp_c") is None or number(row, "return_temp_c") is None:
            return True
        at = self._smoothed_at
        smoothed = self._smoothed
        if outdoor is None or smoothed is None or at is None:
            return False
        if (when - at).total_seconds() > SPLIT_STALE_S:
            return False
        clean = self._clean(outdoor)
        return (
            clean is not None
            and clean >= MIN_SPLIT_K
            and smoothed <= clean * (1.0 - SPLIT_DROP)
        )

    def _clean(self, outdoor: float) -> float | None:
        index = _split_bin(outdoor)
        for probe in (index, index - 1, index + 1):
            if 0 <= probe < BIN_COUNT and self._counts[probe]:
                return self._sums[probe] / self._counts[probe]
        return None


def _split_bin(outdoor: float) -> int:
    return min(BIN_COUNT - 1, max(0, int((outdoor - BIN_LOW_C) // BIN_C)))


def cooling_day_ends(
    path: Path, faults: Sequence[Window], config: EngineConfig
) -> tuple[tuple[float, ...], ...]:
    """Per fault: the ends of the local days its cooling split could be judged on.

    A day counts with ``MIN_DAY_STEADY_S`` of steady cooling: samples the compressor
    cooled through, ``STEADY_AFTER_S`` or more into a continuous run (the time a
    technician waits before reading the split).
    """
    zone = config.timezone
    steady: defaultdict[date, float] = defaultdict(float)
    run_s = 0.0
    for when, row in read_rows(path):
        seconds = float(row["interval_s"])
        cooling = number(row, "comp_cool_s")
        if cooling is None or cooling < FULL_SHARE * seconds:
            run_s = 0.0
            continue
        if run_s >= STEADY_AFTER_S:
            steady[when.astimezone(zone).date()] += seconds
        run_s += seconds
    ends: list[tuple[float, ...]] = []
    for fault in faults:
        day_ends = []
        for day, seconds in sorted(steady.items()):
            end = datetime.combine(day + timedelta(days=1), datetime.min.time(), zone)
            if seconds < MIN_DAY_STEADY_S or end <= fault.start:
                continue
            if fault.end is not None and end - timedelta(days=1) >= fault.end:
                continue
            day_ends.append((end - fault.start).total_seconds())
        ends.append(tuple(day_ends))
    return tuple(ends)
