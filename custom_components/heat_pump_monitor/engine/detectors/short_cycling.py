"""``short_cycling``: the compressor starts too often and runs too briefly.

A *short-cycling hour* is a sliding window of ``config.short_cycle_window_s`` (60 min)
ending at a compressor start that holds at least ``config.short_cycle_min_starts``
(6) starts, where the median on+off period of the cycles that started in it is at
most ``config.short_cycle_max_median_period_s`` (15 min). The symptom is present
once short-cycling hours occurred on ``config.short_cycle_days`` (3) separate local
days within the last ``LOOKBACK_DAYS`` (7) days. It stays present until a full local
day with at least ``CLEAR_MIN_STARTS`` compressor starts has no short-cycling hour;
the days counted so far are then forgotten.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from statistics import median
from typing import Any

from .. import state as st
from ..clock import iso
from ..findings import FindingKind, Severity
from .base import Condition, Observation, optional_condition

LOOKBACK_DAYS = 7
CLEAR_MIN_STARTS = 3
"""Starts a day needs to count as a day of operation without short cycling."""

# Per-day record of the worst short-cycling hour, as a list (cheap to persist):
_STARTS, _MEDIAN_PERIOD, _MEDIAN_ON, _WINDOW_START, _WINDOW_END, _FIRST_START = range(6)


class ShortCyclingDetector:
    """Counts compressor starts in a sliding window and short-cycling days."""

    __slots__ = ("_active", "_condition", "_day", "_day_starts", "_days", "_starts")

    kind = FindingKind.SHORT_CYCLING

    def __init__(self) -> None:
        """No starts seen."""
        self._starts: deque[list[float | None]] = deque()
        """Recent starts as ``[start, on_s, period_s]`` (None until the cycle closes)."""
        self._days: dict[int, list[float | None]] = {}
        """Local days (ordinals) with a short-cycling hour -> the worst hour."""
        self._day: int | None = None
        self._day_starts = 0
        self._active = False
        self._condition: Condition | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Present while short cycling is established (see the module docstring)."""
        if obs.day != self._day:
            self._roll(obs.day)
        if obs.cycles.started:
            self._start(obs)
        return self._condition

    def _roll(self, day: int) -> None:
        previous = self._day
        self._day = day
        if (
            self._active
            and previous is not None
            and day > previous
            and self._day_starts >= CLEAR_MIN_STARTS
            and previous not in self._days
        ):
            self._active = False
            self._days.clear()
            self._condition = None
        self._day_starts = 0
        stale = [old for old in self._days if old <= day - LOOKBACK_DAYS or old > day]
        for old in stale:
            del self._days[old]

    def _start(self, obs: Observation) -> None:
        cycles = obs.cycles
        config = obs.config
        self._day_starts += 1
        starts = self._starts
        if cycles.closed and starts and starts[-1][0] == cycles.closed_start:
            last = starts[-1]
            last[1] = cycles.closed_on_s
            last[2] = cycles.closed_on_s + cycles.closed_off_s
        start = cycles.start
        starts.append([start, None, None])
        horizon = start - config.short_cycle_window_s
        while starts and _num(starts[0][0]) <= horizon:
            starts.popleft()
        count = len(starts)
        if not count or count < config.short_cycle_min_starts:
            return
        periods = [entry[2] for entry in starts if entry[2] is not None]
        if not periods:
            return
        median_period = median(periods)
        if median_period > config.short_cycle_max_median_period_s:
            return
        ons = [entry[1] for entry in starts if entry[1] is not None]
        record = self._days.get(obs.day)
        if record is None:
            self._days[obs.day] = [
                float(count),
                median_period,
                median(ons),
                starts[0][0],
                start,
                starts[0][0],
            ]
        else:
            worst = record[_STARTS]
            assert worst is not None
            worst_median = record[_MEDIAN_PERIOD]
            assert worst_median is not None
            if count < worst or (count == worst and median_period >= worst_median):
                return
            record[_STARTS] = float(count)
            record[_MEDIAN_PERIOD] = median_period
            record[_MEDIAN_ON] = median(ons)
            record[_WINDOW_START] = starts[0][0]
            record[_WINDOW_END] = start
        if not self._active and len(self._days) >= config.short_cycle_days:
            self._active = True
        if self._active:
            self._condition = self._build()

    def _build(self) -> Condition:
        worst: list[float | None] | None = None
        for record in self._days.values():
            if (
                worst is None
                or _num(record[_STARTS]) > _num(worst[_STARTS])
                or (
                    record[_STARTS] == worst[_STARTS]
                    and _num(record[_MEDIAN_PERIOD]) < _num(worst[_MEDIAN_PERIOD])
                )
            ):
                worst = record
        assert worst is not None
        first = min(_num(record[_FIRST_START]) for record in self._days.values())
        return Condition(
            start=first,
            severity=Severity.WARNING,
            evidence={
                "starts_in_worst_hour": int(_num(worst[_STARTS])),
                "median_period_s": worst[_MEDIAN_PERIOD],
                "median_on_s": worst[_MEDIAN_ON],
                "days_with_short_cycling": len(self._days),
                "window_start": iso(_num(worst[_WINDOW_START])),
                "window_end": iso(_num(worst[_WINDOW_END])),
            },
        )

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "starts": [list(entry) for entry in self._starts],
            "days": [[day, *record] for day, record in self._days.items()],
            "day": self._day,
            "day_starts": self._day_starts,
            "active": self._active,
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        starts: deque[list[float | None]] = deque()
        for entry in st.items(state, "starts"):
            if not isinstance(entry, list) or len(entry) != 3:
                raise st.StateError("short cycling starts are malformed")
            keyed = dict(zip(("start", "on", "period"), entry, strict=True))
            starts.append(
                [
                    st.number(keyed, "start"),
                    st.optional_number(keyed, "on"),
                    st.optional_number(keyed, "period"),
                ]
            )
        days: dict[int, list[float | None]] = {}
        for entry in st.items(state, "days"):
            if not isinstance(entry, list) or len(entry) != 7:
                raise st.StateError("short cycling days are malformed")
            day = st.integer({"day": entry[0]}, "day")
            names = ("starts", "period", "on", "window_start", "window_end", "first")
            keyed = dict(zip(names, entry[1:], strict=True))
            days[day] = [
                st.number(keyed, "starts"),
                st.number(keyed, "period"),
                st.optional_number(keyed, "on"),
                st.number(keyed, "window_start"),
                st.number(keyed, "window_end"),
                st.number(keyed, "first"),
            ]
        self._starts = starts
        self._days = days
        self._day = st.optional_integer(state, "day")
        self._day_starts = st.integer(state, "day_starts")
        self._active = st.flag(state, "active")
        self._condition = optional_condition(state, "condition")
        if self._active != (self._condition is not None):
            raise st.StateError("short cycling condition is inconsistent")


def _num(value: float | None) -> float:
    """Return a record value that is always set."""
    assert value is not None
    return value
