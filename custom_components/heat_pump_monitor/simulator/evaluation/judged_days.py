"""Days on which the ``capacity_degradation`` rule can judge a fault, read from a trace.

The rule compares each heating day with a reference of this system's own healthy
days, and judges only days the reference covers at a duty that leaves room to show
a loss (near full duty, backup heat carries the rest). A fault in a cold spell
beyond the reference must wait for judgeable days, however fast the rule: its window
is ``config.capacity_days`` judgeable days. Each day here is rebuilt from the CSV
with the baseline's own rules (``engine/baseline.py``): coverage, heating duty,
backup heat outside defrost, the reference frozen from the first
``REFERENCE_MIN_DAYS`` days with little backup heat and nudged by the days that
agree with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ...engine.baseline import (
    AUX_RECOVERY_S,
    DAY_S,
    MAX_AUX_SHARE,
    MAX_COOL_SHARE,
    MIN_COVERAGE,
    MIN_DUTY,
    REFERENCE_AGREES,
    REFERENCE_MIN_DAYS,
    REFERENCE_UPDATE_WEIGHT,
)
from ...engine.config import EngineConfig
from ...engine.detectors.capacity_degradation import (
    MAX_EXPECTED_DUTY,
    MIN_EXPECTED_DUTY,
)
from ...engine.line_fit import LineFit
from .measured import Row, Window, number, read_rows

_HEATING_MODES = frozenset({"", "heat", "auto"})
_RANGE_MARGIN_K = 2.0
"""How far beyond its coldest and warmest day the reference is used (as the baseline)."""


@dataclass(slots=True)
class _Day:
    """Sums of one local day, as the baseline keeps them."""

    known: float = 0.0
    outdoor: float = 0.0
    heat: float = 0.0
    aux: float = 0.0
    cool: float = 0.0


def judged_day_ends(
    path: Path, faults: Sequence[Window], config: EngineConfig
) -> tuple[tuple[float, ...], ...]:
    """Per fault: seconds from its start to the end of each judgeable day.

    Only whole local days inside the fault count: the day it begins mixes healthy
    hours into the daily figures.
    """
    zone = config.timezone
    closed: list[tuple[date, bool]] = []
    reference = _Reference()
    today: date | None = None
    sums = _Day()
    defrost_until: datetime | None = None
    for when, row in read_rows(path):
        day = when.astimezone(zone).date()
        if day != today:
            if today is not None and day > today:
                closed.append((today, reference.close(sums)))
            today = day
            sums = _Day()
        if (number(row, "defrost_s") or 0.0) > 0.0:
            defrost_until = when + timedelta(
                seconds=float(row["interval_s"]) + AUX_RECOVERY_S
            )
        _add(sums, row, in_defrost=defrost_until is not None and when < defrost_until)
    ends: list[tuple[float, ...]] = []
    for fault in faults:
        day_ends = []
        for day, judged in closed:
            begin = datetime.combine(day, time.min, zone)
            end = begin + timedelta(days=1)
            if not judged or begin < fault.start:
                continue
            if fault.end is not None and end > fault.end:
                continue
            day_ends.append((end - fault.start).total_seconds())
        ends.append(tuple(day_ends))
    return tuple(ends)


def _add(sums: _Day, row: Row, *, in_defrost: bool) -> None:
    if row.get("online", "1") == "0":
        return
    outdoor = number(row, "outdoor_temp_c")
    heat = number(row, "comp_heat_s")
    if outdoor is None or heat is None:
        return
    if (row.get("hvac_mode") or "") not in _HEATING_MODES:
        return
    interval = float(row["interval_s"])
    sums.known += interval
    sums.outdoor += outdoor * interval
    sums.heat += heat
    sums.cool += number(row, "comp_cool_s") or 0.0
    if not in_defrost:
        sums.aux += number(row, "aux_heat_s") or 0.0


class _Reference:
    """The baseline's frozen reference of duty against outdoor temperature."""

    __slots__ = ("_fit", "_learning")

    def __init__(self) -> None:
        """Nothing learned."""
        self._learning = LineFit()
        self._fit: LineFit | None = None

    def close(self, sums: _Day) -> bool:
        """Learn from a finished day; return whether the rule can judge it."""
        if sums.known < MIN_COVERAGE * DAY_S:
            return False
        duty = sums.heat / sums.known
        if duty < MIN_DUTY or sums.cool > MAX_COOL_SHARE * sums.known:
            return False
        outdoor = sums.outdoor / sums.known
        aux = sums.aux / sums.known
        fit = self._fit
        if fit is None:
            if sums.aux <= MAX_AUX_SHARE * sums.heat:
                self._learning.add(duty, outdoor)
            learning = self._learning
            if learning.n >= REFERENCE_MIN_DAYS and learning.line() is not None:
                self._fit = fit = learning
            return fit is not None and self._judges(fit, outdoor)
        expected = self.expected(fit, outdoor)
        if (
            expected is not None
            and aux <= MAX_AUX_SHARE * duty
            and abs(duty / expected - 1.0) <= REFERENCE_AGREES
        ):
            fit.add(duty, outdoor, REFERENCE_UPDATE_WEIGHT)
        return self._judges(fit, outdoor)

    def _judges(self, fit: LineFit, outdoor: float) -> bool:
        expected = self.expected(fit, outdoor)
        return (
            expected is not None and MIN_EXPECTED_DUTY <= expected <= MAX_EXPECTED_DUTY
        )

    @staticmethod
    def expected(fit: LineFit, outdoor: float) -> float | None:
        """Duty the reference expects at a daily mean ``outdoor`` (``None``: beyond it)."""
        line = fit.line()
        if line is None:
            return None
        if not fit.t_min - _RANGE_MARGIN_K <= outdoor <= fit.t_max + _RANGE_MARGIN_K:
            return None
        base, slope = line
        return (outdoor - base) / slope
