"""One temperature sensor watched for readings out of range and frozen readings.

Used by ``sensor_fault`` (see there for the rules). Everything a frozen reading is
judged by (compressor runtime, starts, other readings' changes) is read from
counters the detector keeps for all sensors together, as differences from the
moment the reading froze, so a sample costs a few comparisons.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import state as st

RANGE_SAMPLES: Final = 3
"""Readings out of range (or back in range) in a row that change the verdict."""
OK: Final = 0
OUT_OF_RANGE: Final = 1
REPEATED: Final = 2
"""Verdicts of ``SensorWatch.observe``."""
COARSE_STEP_C: Final = 0.2
"""A sensor whose smallest change is at least this reports in coarse steps."""


class Totals:
    """Running totals of everything frozen readings are judged against."""

    __slots__ = ("changes", "runtime_s", "starts")

    def __init__(self) -> None:
        """Nothing counted."""
        self.runtime_s = 0.0
        self.starts = 0
        self.changes = 0
        """Changes of all watched readings."""


class SensorWatch:
    """Range and freezing of one reading."""

    __slots__ = (
        "bad",
        "good",
        "high",
        "low",
        "name",
        "out_since",
        "outdoor_high",
        "outdoor_low",
        "since",
        "smallest_step",
        "start_changes",
        "start_runtime_s",
        "start_starts",
        "value",
    )

    def __init__(self, name: str, low: float, high: float) -> None:
        """Nothing seen of sensor ``name``, whose physical range is ``low..high``."""
        self.name = name
        self.low = low
        self.high = high
        self.value: float | None = None
        """The last reading and since when it has not changed (exactly)."""
        self.since = 0.0
        self.start_runtime_s = 0.0
        self.start_starts = 0
        self.start_changes = 0
        """Totals when the reading last changed."""
        self.outdoor_low: float | None = None
        self.outdoor_high: float | None = None
        """Outdoor temperature range while the reading has not changed."""
        self.smallest_step: float | None = None
        self.bad = 0
        self.good = 0
        self.out_since: float | None = None
        """Start of the out-of-range episode, if one stands."""

    def forget(self) -> None:
        """Forget the last reading (data stopped or the reading is unknown)."""
        self.value = None

    def observe(self, value: float, start: float, totals: Totals) -> int:
        """Take a reading; return ``OK``, ``OUT_OF_RANGE`` or ``REPEATED``."""
        if self.low <= value <= self.high:
            if self.out_since is not None:
                self.bad = 0
                self.good += 1
                if self.good < RANGE_SAMPLES:
                    return OUT_OF_RANGE
                self.out_since = None
            elif self.bad:
                self.bad = 0
        else:
            self.good = 0
            self.bad += 1
            if self.out_since is None and self.bad >= RANGE_SAMPLES:
                self.out_since = start
            return OK if self.out_since is None else OUT_OF_RANGE
        last = self.value
        if value == last:
            return REPEATED
        if last is not None:
            # The common case (a small change within range) costs a few comparisons.
            step = value - last
            if step < 0.0:
                step = -step
            smallest = self.smallest_step
            if smallest is None or step < smallest:
                self.smallest_step = step
        changes = totals.changes + 1
        totals.changes = changes
        self.value = value
        self.since = start
        self.start_runtime_s = totals.runtime_s
        self.start_starts = totals.starts
        self.start_changes = changes
        if self.outdoor_low is not None or self.outdoor_high is not None:
            self.outdoor_low = self.outdoor_high = None
        return OK

    def follow_outdoor(self, outdoor: float) -> None:
        """Widen the outdoor range seen while the reading repeats."""
        low = self.outdoor_low
        high = self.outdoor_high
        if low is None or high is None:
            self.outdoor_low = self.outdoor_high = outdoor
        elif outdoor < low:
            self.outdoor_low = outdoor
        elif outdoor > high:
            self.outdoor_high = outdoor

    @property
    def coarse(self) -> bool:
        """Whether the sensor reports in coarse steps."""
        step = self.smallest_step
        return step is not None and step >= COARSE_STEP_C

    def to_state(self) -> list[Any]:
        """Return persistable state."""
        return [
            self.value,
            self.since,
            self.start_runtime_s,
            self.start_starts,
            self.start_changes,
            self.outdoor_low,
            self.outdoor_high,
            self.smallest_step,
            self.bad,
            self.good,
            self.out_since,
        ]

    def load_state(self, state: Any) -> None:
        """Restore ``to_state`` output."""
        names = (
            "value",
            "since",
            "start_runtime_s",
            "start_starts",
            "start_changes",
            "outdoor_low",
            "outdoor_high",
            "smallest_step",
            "bad",
            "good",
            "out_since",
        )
        if not isinstance(state, list) or len(state) != len(names):
            raise st.StateError(f"sensor {self.name!r} state is malformed")
        keyed: Mapping[str, Any] = dict(zip(names, state, strict=True))
        self.value = st.optional_number(keyed, "value")
        self.since = st.number(keyed, "since")
        self.start_runtime_s = st.number(keyed, "start_runtime_s")
        self.start_starts = st.integer(keyed, "start_starts")
        self.start_changes = st.integer(keyed, "start_changes")
        self.outdoor_low = st.optional_number(keyed, "outdoor_low")
        self.outdoor_high = st.optional_number(keyed, "outdoor_high")
        self.smallest_step = st.optional_number(keyed, "smallest_step")
        self.bad = st.integer(keyed, "bad")
        self.good = st.integer(keyed, "good")
        self.out_since = st.optional_number(keyed, "out_since")


def totals_to_state(totals: Totals) -> dict[str, Any]:
    """Return persistable state of the totals."""
    return {
        "runtime_s": totals.runtime_s,
        "starts": totals.starts,
        "changes": totals.changes,
    }


def totals_from_state(totals: Totals, state: Mapping[str, Any]) -> None:
    """Restore ``totals_to_state`` output into ``totals``."""
    totals.runtime_s = st.number(state, "runtime_s")
    totals.starts = st.integer(state, "starts")
    totals.changes = st.integer(state, "changes")
