"""Waits and rule windows measured in each trace, where a fixed target would be unfair.

A rule whose window is counted in something other than wall-clock time (days with
steady cooling, frost runtime) or whose symptom needs the compressor (locked out in
deep cold) gets its target from the trace itself. Each function reads the trace's
CSV once and returns, per fault, seconds from the fault's start (``None``: never).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
import csv
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol

from ...engine.config import EngineConfig
from ...engine.detectors.defrost_missing import (
    BELOW_BAND_WEIGHT,
    DRY_RH,
    DRY_WEIGHT,
    MELT_MARGIN_C,
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


def _rows(path: Path) -> Iterator[tuple[datetime, Row]]:
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            yield parse_time(row["time"]), row


def _number(row: Row, column: str) -> float | None:
    text = row.get(column) or ""
    return float(text) if text else None


def _first_time(
    path: Path, faults: Sequence[Window], test: Callable[[Row], bool]
) -> tuple[float | None, ...]:
    """Per fault: seconds from its start to the first row inside it passing ``test``."""
    found: list[float | None] = [None] * len(faults)
    for when, row in _rows(path):
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
        outdoor = _number(row, "outdoor_temp_c")
        return outdoor is None or outdoor >= lockout_c

    return _first_time(path, faults, allowed)


def frost_window_s(
    path: Path, faults: Sequence[Window], config: EngineConfig
) -> tuple[float | None, ...]:
    """Per fault: when the frost runtime since its start reaches the rule's window.

    The ``defrost_missing`` window is ``config.defrost_missing_runtime_s`` of frost
    runtime, counted as its detector counts it: compressor heating with the outdoor
    unit running, weighted by the outdoor band and dryness, and started over when
    air above the band melts the coil. Defrosts are not reset points here: in the
    fault's window the failed board makes none.
    """
    low = config.defrost_missing_min_outdoor_c
    high = config.defrost_missing_max_outdoor_c
    needed = config.defrost_missing_runtime_s
    frost = [0.0] * len(faults)
    found: list[float | None] = [None] * len(faults)
    for when, row in _rows(path):
        outdoor = _number(row, "outdoor_temp_c")
        heating = _number(row, "comp_heat_s") or 0.0
        power = _number(row, "outdoor_unit_w")
        humidity = _number(row, "outdoor_rh")
        weight = 0.0
        if outdoor is not None and outdoor <= high:
            weight = 1.0 if outdoor >= low else BELOW_BAND_WEIGHT
            if humidity is not None and humidity < DRY_RH:
                weight *= DRY_WEIGHT
        if power is not None and power < config.no_start_max_w:
            weight = 0.0
        melts = outdoor is not None and outdoor > high + MELT_MARGIN_C
        for index, fault in enumerate(faults):
            if found[index] is not None or when < fault.start:
                continue
            if fault.end is not None and when >= fault.end:
                continue
            frost[index] = 0.0 if melts else frost[index] + heating * weight
            if frost[index] >= needed:
                found[index] = (when - fault.start).total_seconds() + float(
                    row["interval_s"] or 0.0
                )
    return tuple(found)


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
    for when, row in _rows(path):
        seconds = float(row["interval_s"])
        cooling = _number(row, "comp_cool_s")
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
