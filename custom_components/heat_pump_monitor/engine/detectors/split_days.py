"""Days of low supply/return split, shared by the heating and cooling split detectors.

Every steady sample (see ``steady``) gives a split (the rise in heating, the drop in
cooling), the *limit* below which that split is low by published practice, and the
outdoor temperature. At the end of each local day with at least
``MIN_DAY_STEADY_S`` of steady operation the day is judged: it is *low* when the
median of ``split - limit`` is negative, or when the median of ``split / baseline``
is below ``1 - config.split_baseline_fraction``, the baseline being the unit's own
mean split at that outdoor temperature (``BIN_C`` wide bins, neighbours moved along
the published slope) learned from clearly normal days. ``config.split_days`` low days in a row (days without enough steady operation,
or neither low nor clearly normal, neither count nor break the row) make the
symptom present; a clearly normal day ends it.
Baseline bins learn from normal days until they hold ``BASELINE_FULL_DAYS`` days.
"""

from __future__ import annotations

from collections.abc import Mapping
import math
from statistics import median
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..findings import Severity
from .base import Condition, Observation, optional_condition

BIN_C: Final = 2.0
"""Width of the outdoor-temperature bins of the learned baseline."""
MIN_DAY_STEADY_S: Final = 900.0
"""Steady operation a day needs before its split is judged."""
MAX_DAY_SAMPLES: Final = 1500
"""Steady samples kept per day (more are not needed for a median)."""
BASELINE_MIN_S: Final = 3600.0
BASELINE_MIN_DAYS: Final = 2
"""Steady operation and days a bin needs before its baseline is used."""
BASELINE_FULL_DAYS: Final = 14
"""Days after which a bin stops learning (it keeps the unit's healthy split)."""
NORMAL_MARGIN_K: Final = 0.5
NORMAL_SHARE: Final = 0.5
"""A day is clearly normal (it ends the symptom and teaches the baseline) when its
median split is ``NORMAL_MARGIN_K`` above the limit and its ratio to the baseline
within ``NORMAL_SHARE`` of the allowed fraction; days in between are neutral."""
BASELINE_WEAK_S: Final = 1800.0
NEAR_BINS: Final = 3
"""Bins on either side that lend the baseline their split (moved by the slope)."""
_SUM, _SECONDS, _DAYS = range(3)


class SplitDays:
    """Collects one mode's steady splits per day and counts low days."""

    __slots__ = (
        "_active",
        "_baseline",
        "_bins",
        "_firm",
        "_first_low",
        "_intercepts",
        "_limits",
        "_low_days",
        "_margin",
        "_outdoor_sum",
        "_ratios",
        "_severity",
        "_slope",
        "_splits",
        "_steady_s",
        "condition",
        "day",
    )

    def __init__(self, severity: Severity, slope: float) -> None:
        """Nothing learned; findings get ``severity``.

        ``slope``: published change of the split per kelvin of outdoor temperature.
        """
        self._severity = severity
        self._slope = slope
        self._intercepts: dict[int, tuple[float, bool] | None] = {}
        """Learned split at 0 °C per bin, cached until the baseline changes."""
        self.day: int | None = None
        """The local day being collected."""
        self._splits: list[float] = []
        self._limits: list[float] = []
        self._margin = 0.0
        self._ratios: list[float] = []
        self._firm = 0
        """How many of today's ratios are to a baseline that may judge a day low."""
        self._outdoor_sum = 0.0
        self._steady_s = 0.0
        self._bins: dict[int, list[float]] = {}
        """Today's steady splits by outdoor bin: ``[split * seconds, seconds]``."""
        self._baseline: dict[int, list[float]] = {}
        """Learned bins: ``[split * seconds, seconds, days]``."""
        self._low_days = 0
        self._first_low: float | None = None
        self._active = False
        self.condition: Condition | None = None
        """The symptom's condition after the last day judged (read-only to callers)."""

    def roll(self, obs: Observation) -> None:
        """Judge the finished day when ``obs`` starts a new one."""
        if obs.day == self.day:  # callers check this first, on every sample
            return
        if self.day is not None and obs.day > self.day:
            self._judge(obs.config.split_days, obs.config.split_baseline_fraction)
        self.day = obs.day
        self._splits.clear()
        self._limits.clear()
        self._ratios.clear()
        self._firm = 0
        self._bins.clear()
        self._outdoor_sum = 0.0
        self._steady_s = 0.0

    def add(
        self,
        obs: Observation,
        split: float,
        limit: float,
        outdoor: float,
        *,
        margin: float = 0.0,
    ) -> None:
        """Record one steady sample: its split, the low limit, the outdoor temperature.

        ``margin``: how far the limit lies below the expected split (for the evidence).
        """
        self._margin = margin
        seconds = obs.end - obs.start
        self._steady_s += seconds
        if len(self._splits) >= MAX_DAY_SAMPLES:
            return
        if not self._splits and self._first_low is None:
            self._first_low = obs.start
        self._splits.append(split)
        self._limits.append(limit)
        self._outdoor_sum += outdoor
        key = math.floor(outdoor / BIN_C)
        intercepts = self._intercepts
        if key in intercepts:
            learned = intercepts[key]
        else:
            learned = intercepts[key] = self._intercept(key)
        if learned is not None:
            base = learned[0] + self._slope * outdoor
            if base > 0.0:
                self._ratios.append(split / base)
                self._firm += learned[1]
        today = self._bins.get(key)
        if today is None:
            self._bins[key] = [split * seconds, seconds]
        else:
            today[0] += split * seconds
            today[1] += seconds

    def _judge(self, days_needed: int, fraction: float) -> None:
        splits = self._splits
        if self._steady_s < MIN_DAY_STEADY_S or not splits:
            if not self._active and self._low_days == 0:
                self._first_low = None
            return
        deficits = [
            split - limit for split, limit in zip(splits, self._limits, strict=True)
        ]
        deficit = median(deficits)
        ratios = self._ratios
        ratio = median(ratios) if len(ratios) * 2 >= len(splits) else None
        firm = self._firm * 2 >= len(splits)
        low = deficit < 0.0 or (firm and ratio is not None and ratio < 1.0 - fraction)
        if not low:
            if ratio is None:
                # Only the published limit judged it: that may not end a symptom the
                # unit's own baseline found.
                normal = not (self._active and self._baseline)
            else:
                normal = ratio >= 1.0 - fraction * NORMAL_SHARE
            if normal and deficit >= NORMAL_MARGIN_K:
                self._low_days = 0
                self._first_low = None
                self._active = False
                self.condition = None
                self._learn()
            return
        self._low_days += 1
        if not self._active and self._low_days < days_needed:
            return
        self._active = True
        measured = median(splits)
        expected = median(self._limits) + self._margin
        baseline = None if ratio is None or not firm else measured / ratio
        self.condition = Condition(
            start=self._first_low if self._first_low is not None else 0.0,
            severity=self._severity,
            evidence={
                "measured_split_k": round(measured, 2),
                "expected_split_k": round(expected, 2),
                "baseline_split_k": None if baseline is None else round(baseline, 2),
                "outdoor_temp_c": round(self._outdoor_sum / len(splits), 1),
                "steady_samples": len(splits),
                "low_days": self._low_days,
                "low_since": None if self._first_low is None else iso(self._first_low),
            },
        )

    def _intercept(self, key: int) -> tuple[float, bool] | None:
        """Return the learned split at 0 °C outdoor near bin ``key``, and whether it is firm.

        Bins up to ``NEAR_BINS`` away count, moved along the mode's published slope.
        A baseline of ``BASELINE_MIN_S`` over ``BASELINE_MIN_DAYS`` days is firm
        enough to call a day low; a weaker one (``BASELINE_WEAK_S``) only keeps a day
        that falls short of it from counting as normal (and being learned).
        """
        total = seconds = 0.0
        days = 0.0
        for near in range(key - NEAR_BINS, key + NEAR_BINS + 1):
            bin_ = self._baseline.get(near)
            if bin_ is None:
                continue
            centre = (near + 0.5) * BIN_C
            total += bin_[_SUM] - self._slope * centre * bin_[_SECONDS]
            seconds += bin_[_SECONDS]
            days = max(days, bin_[_DAYS])
        if seconds < BASELINE_WEAK_S:
            return None
        firm = seconds >= BASELINE_MIN_S and days >= BASELINE_MIN_DAYS
        return total / seconds, firm

    def _learn(self) -> None:
        for key, (total, seconds) in self._bins.items():
            learned = self._baseline.get(key)
            if learned is None:
                self._baseline[key] = [total, seconds, 1.0]
            elif learned[_DAYS] < BASELINE_FULL_DAYS:
                learned[_SUM] += total
                learned[_SECONDS] += seconds
                learned[_DAYS] += 1.0
        self._intercepts.clear()

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "day": self.day,
            "splits": list(self._splits),
            "limits": list(self._limits),
            "margin": self._margin,
            "ratios": list(self._ratios),
            "firm": self._firm,
            "outdoor_sum": self._outdoor_sum,
            "steady_s": self._steady_s,
            "bins": [[key, *value] for key, value in self._bins.items()],
            "baseline": [[key, *value] for key, value in self._baseline.items()],
            "low_days": self._low_days,
            "first_low": self._first_low,
            "active": self._active,
            "condition": None if self.condition is None else self.condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self.day = st.optional_integer(state, "day")
        self._splits = _numbers(state, "splits")
        self._limits = _numbers(state, "limits")
        self._margin = st.number(state, "margin")
        self._ratios = _numbers(state, "ratios")
        self._firm = st.integer(state, "firm")
        if len(self._splits) != len(self._limits):
            raise st.StateError("split lists differ in length")
        self._outdoor_sum = st.number(state, "outdoor_sum")
        self._steady_s = st.number(state, "steady_s")
        self._bins = _bins(state, "bins", 2)
        self._baseline = _bins(state, "baseline", 3)
        self._intercepts.clear()
        self._low_days = st.integer(state, "low_days")
        self._first_low = st.optional_number(state, "first_low")
        self._active = st.flag(state, "active")
        self.condition = optional_condition(state, "condition")
        if self._active != (self.condition is not None):
            raise st.StateError("split condition is inconsistent")


def _numbers(state: Mapping[str, Any], key: str) -> list[float]:
    values = st.items(state, key)
    return [st.number({key: value}, key) for value in values]


def _bins(state: Mapping[str, Any], key: str, width: int) -> dict[int, list[float]]:
    bins: dict[int, list[float]] = {}
    for entry in st.items(state, key):
        if not isinstance(entry, list) or len(entry) != width + 1:
            raise st.StateError(f"{key!r} entries are malformed")
        bin_key = entry[0]
        if isinstance(bin_key, bool) or not isinstance(bin_key, int):
            raise st.StateError(f"{key!r} keys must be integers")
        bins[bin_key] = [st.number({key: value}, key) for value in entry[1:]]
    return bins
