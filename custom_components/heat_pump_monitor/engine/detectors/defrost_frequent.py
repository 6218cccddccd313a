"""``defrost_frequent``: defrosts too close together.

The *interval* before a defrost is the compressor heating runtime from the end of the
previous defrost (reported or inferred) to its start. A defrost board runs at least
30 minutes of frosting runtime between defrosts (the 30/60/90-minute settings of
time/temperature boards; demand boards wait longer), so an interval shorter than
``config.defrost_frequent_runtime_s`` (30 min) is *short* (below ``SHORT_SHARE`` of it
less one sample, for the measuring error). The symptom is present once
``config.defrost_frequent_count`` (3) short intervals came in a row.

It clears (and the row is forgotten) as soon as the compressor has heated
``defrost_frequent_runtime_s`` since the last defrost ended: that interval is of
normal length whenever the next defrost comes, or the frost season is over; or
``IDLE_CLEAR_S`` (7 days) after the last defrost, whatever ran meanwhile. An
interval broken by missing data (gap, offline, unknown runtime) is neither short nor
normal and leaves the row as it was.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from statistics import median
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..findings import FindingKind, Severity
from .base import Condition, Observation, optional_condition

IDLE_CLEAR_S: Final = 7 * 86400.0
"""Wall time without a defrost after which the row is forgotten (the season ended)."""
SHORT_SHARE: Final = 0.9
"""A board set to exactly the threshold (30 minutes) must not look short: short means
below 90 % of it, less one sample (the bounds of a defrost are known to a sample)."""
KEPT_INTERVALS: Final = 50
"""Short intervals of the row kept for the median (the count goes on beyond it)."""


class DefrostFrequentDetector:
    """Measures the heating runtime between defrosts and counts short intervals."""

    __slots__ = (
        "_condition",
        "_count",
        "_first_end",
        "_last_end",
        "_last_start",
        "_outdoor_c",
        "_runtime",
        "_short",
    )

    kind = FindingKind.DEFROST_FREQUENT

    def __init__(self) -> None:
        """No defrost seen."""
        self._runtime: float | None = None
        """Heating runtime since the last defrost ended; None when unknown."""
        self._last_end: float | None = None
        """End of the last finished defrost."""
        self._last_start: float | None = None
        """Start of the latest defrost of the row of short intervals."""
        self._first_end: float | None = None
        """End of the defrost that began the row of short intervals."""
        self._short: deque[float] = deque(maxlen=KEPT_INTERVALS)
        """The latest short intervals of the row."""
        self._count = 0
        """Short intervals in a row."""
        self._outdoor_c: float | None = None
        """Outdoor temperature at the start of the latest defrost of the row."""
        self._condition: Condition | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Present after enough short intervals in a row (see the module docstring)."""
        defrost = obs.defrost
        sample = obs.sample
        heat_s = None if sample is None or not sample.online else sample.comp_heat_s
        unknown = obs.interrupted or heat_s is None
        if unknown:
            self._runtime = None
        if defrost.ended:
            end = defrost.last_end
            self._last_end = end
            # The compressor ran on from the defrost's end to this sample's start.
            self._runtime = (
                None
                if unknown or end is None
                else min(max(0.0, obs.start - end), obs.end - obs.start)
            )
        runtime = self._runtime
        if runtime is not None and heat_s is not None:
            if defrost.started:
                runtime += min(heat_s, max(0.0, defrost.start - obs.start))
            elif not defrost.active:
                runtime += heat_s
            self._runtime = runtime
        if defrost.started:
            self._defrost_started(obs, runtime)
        elif self._count:
            normal = (
                runtime is not None and runtime >= obs.config.defrost_frequent_runtime_s
            )
            last = self._last_start
            if normal or (last is not None and obs.end - last > IDLE_CLEAR_S):
                self._reset()
        return self._condition

    def _defrost_started(self, obs: Observation, runtime: float | None) -> None:
        self._runtime = None
        if runtime is None:
            return  # an interval broken by missing data says nothing
        config = obs.config
        margin = obs.end - obs.start
        if runtime >= config.defrost_frequent_runtime_s * SHORT_SHARE - margin:
            self._reset()
            return
        defrost = obs.defrost
        if not self._count:
            self._first_end = self._last_end
        self._count += 1
        self._short.append(runtime)
        self._last_start = defrost.start
        self._outdoor_c = defrost.outdoor_temp_c
        if self._count >= config.defrost_frequent_count:
            self._condition = self._build()

    def _build(self) -> Condition:
        first = self._first_end
        last = self._last_start
        assert first is not None and last is not None
        short = self._short
        return Condition(
            start=first,
            severity=Severity.WARNING,
            evidence={
                "short_intervals": self._count,
                "shortest_runtime_s": round(min(short), 1),
                "median_runtime_s": round(median(short), 1),
                "outdoor_temp_c": self._outdoor_c,
                "window_start": iso(first),
                "window_end": iso(last),
            },
        )

    def _reset(self) -> None:
        self._count = 0
        self._short.clear()
        self._first_end = self._last_start = self._outdoor_c = None
        self._condition = None

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "runtime": self._runtime,
            "last_end": self._last_end,
            "last_start": self._last_start,
            "first_end": self._first_end,
            "short": list(self._short),
            "count": self._count,
            "outdoor_c": self._outdoor_c,
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        short: deque[float] = deque(maxlen=KEPT_INTERVALS)
        for value in st.items(state, "short"):
            short.append(st.number({"short": value}, "short"))
        count = st.integer(state, "count")
        if bool(count) != bool(short):
            raise st.StateError("defrost frequent row is inconsistent")
        self._runtime = st.optional_number(state, "runtime")
        self._last_end = st.optional_number(state, "last_end")
        self._last_start = st.optional_number(state, "last_start")
        self._first_end = st.optional_number(state, "first_end")
        self._short = short
        self._count = count
        self._outdoor_c = st.optional_number(state, "outdoor_c")
        self._condition = optional_condition(state, "condition")
