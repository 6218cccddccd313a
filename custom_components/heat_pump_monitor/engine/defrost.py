"""Defrost episodes from the unit's reported defrost seconds.

``defrost_s > 0`` starts or continues an episode, ``0`` ends it; ``None`` (the unit
does not report defrost and ``DefrostInference`` cannot tell) ends an open episode
and starts nothing. The engine passes inferred seconds with ``inferred=True``.

Episode bounds within interval data: a defrost first seen in an interval is taken to
run to the end of that interval (start = end - defrost_s), and a defrost that goes
on in a later interval to run from its start (end = start of interval + defrost_s).
With on/off polls (``defrost_s`` 0 or ``interval_s``) these are the sample bounds.
An open episode is closed at its last known end when the data stops (gap, offline,
unknown) and is not extended over the unknown time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import state as st


class DefrostTracker:
    """The current and the last finished defrost episode."""

    __slots__ = (
        "active",
        "end",
        "ended",
        "inferred",
        "known",
        "last_end",
        "last_inferred",
        "last_start",
        "outdoor_temp_c",
        "start",
        "started",
    )

    def __init__(self) -> None:
        """No defrost seen."""
        self.active = False
        self.start = 0.0
        """Epoch seconds at which the open (or last) episode began."""
        self.end = 0.0
        """Epoch seconds of the last known defrost time of the open episode."""
        self.outdoor_temp_c: float | None = None
        """Outdoor temperature when the open episode began."""
        self.last_start: float | None = None
        self.last_end: float | None = None
        """Bounds of the last finished episode."""
        self.inferred = False
        self.last_inferred = False
        """Whether the open / last finished episode was inferred, not reported."""
        self.started = False
        self.ended = False
        """Whether the last sample started / ended an episode."""
        self.known = False
        """Whether the last sample's defrost seconds were known (reported or inferred)."""

    @property
    def duration_s(self) -> float:
        """Length so far of the open episode."""
        return self.end - self.start

    @property
    def last_duration_s(self) -> float | None:
        """Length of the last finished episode."""
        if self.last_start is None or self.last_end is None:
            return None
        return self.last_end - self.last_start

    def update(
        self,
        start: float,
        end: float,
        defrost_s: float | None,
        outdoor: float | None,
        interrupted: bool,
        *,
        inferred: bool = False,
    ) -> None:
        """Observe the defrost seconds of a sample ``[start, end)``.

        ``interrupted``: the data stopped before this sample (gap, offline, unknown);
        an open episode is closed at its last known end first. ``inferred``: the
        seconds were recognised by the engine, not reported by the unit.
        """
        self.started = self.ended = False
        self.known = defrost_s is not None
        if self.active and (interrupted or not defrost_s):
            self._close()
        if defrost_s:
            if self.active:
                self.end = start + defrost_s
            else:
                self.active = True
                self.started = True
                self.start = end - defrost_s
                self.end = end
                self.outdoor_temp_c = outdoor
                self.inferred = inferred

    def _close(self) -> None:
        self.active = False
        self.ended = True
        self.last_start = self.start
        self.last_end = self.end
        self.last_inferred = self.inferred

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "active": self.active,
            "start": self.start,
            "end": self.end,
            "outdoor_temp_c": self.outdoor_temp_c,
            "last_start": self.last_start,
            "last_end": self.last_end,
            "inferred": self.inferred,
            "last_inferred": self.last_inferred,
            "known": self.known,
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self.active = st.flag(state, "active")
        self.start = st.number(state, "start")
        self.end = st.number(state, "end")
        self.outdoor_temp_c = st.optional_number(state, "outdoor_temp_c")
        self.last_start = st.optional_number(state, "last_start")
        self.last_end = st.optional_number(state, "last_end")
        self.inferred = bool(state.get("inferred", False))
        self.last_inferred = bool(state.get("last_inferred", False))
        self.known = bool(state.get("known", False))
        self.started = self.ended = False
