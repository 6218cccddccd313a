"""Compressor cycles: runs, starts, and the on/off durations of each cycle.

The compressor runs in a sample when ``comp_heat_s + comp_cool_s > 0``. A run goes on
across consecutive samples that run; a sample with zero runtime ends it. A *start* is
an off -> on transition, with two exceptions that keep the run going:

* while the unit reports defrost (``defrost_s > 0``), the run continues even if the
  compressor reads zero;
* a restart at most ``DEFROST_RECOVERY_S`` after a defrost that the run reached
  continues the run.

Interval data: a run first seen in an interval is taken to run to its end
(start = end - runtime); a run going on in a later interval to run from its start
(end = start + runtime). When the data stops (gap, offline, unknown compressor
reading), an open run is closed at its last known end, and the run found going on
when data resumes is not a start: nobody saw it begin.

A *cycle* is start -> on -> off -> next start. Its on and off durations are known at
the next start, when ``closed`` is set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import state as st
from .defrost import DefrostTracker

DEFROST_RECOVERY_S = 120.0
"""A restart this soon after a defrost ended is the same run."""


class CycleTracker:
    """Follows compressor runs sample by sample."""

    __slots__ = (
        "closed",
        "closed_off_s",
        "closed_on_s",
        "closed_start",
        "counted_start",
        "known",
        "last_end",
        "run_end",
        "run_start",
        "running",
        "start",
        "started",
    )

    def __init__(self) -> None:
        """Nothing known yet."""
        self.known = False
        """Whether the compressor state before the next sample is known."""
        self.running = False
        self.run_start = 0.0
        self.run_end = 0.0
        """Bounds of the open run (``run_end``: its last known running time)."""
        self.counted_start: float | None = None
        """Start of the open or last run if it was seen to start, and data is unbroken."""
        self.last_end: float | None = None
        """End of the last finished run, if data is unbroken since."""
        self.started = False
        self.start = 0.0
        """Whether the last sample had a start, and when."""
        self.closed = False
        self.closed_start = 0.0
        self.closed_on_s = 0.0
        self.closed_off_s = 0.0
        """Whether the last sample's start completed a cycle, and that cycle."""

    def update(
        self,
        start: float,
        end: float,
        compressor_s: float | None,
        interrupted: bool,
        defrost: DefrostTracker,
    ) -> bool:
        """Observe a sample ``[start, end)``; return whether the compressor started.

        ``compressor_s`` None means unknown; ``interrupted``: the data stopped before
        this sample. Call after the defrost tracker saw the same sample.
        """
        self.started = self.closed = False
        if interrupted or compressor_s is None:
            if self.running:
                self.running = False
            self.counted_start = self.last_end = None
            self.known = False
            if compressor_s is None:
                return False
        if compressor_s:
            if self.running:
                self.run_end = end if defrost.active else start + compressor_s
                return False
            begin = end - compressor_s
            self.running = True
            self.run_end = end
            if not self.known:
                self.known = True
                self.run_start = begin
                return False
            last_end = self.last_end
            if last_end is not None:
                defrost_end = defrost.last_end
                if (
                    defrost_end is not None
                    and begin - defrost_end <= DEFROST_RECOVERY_S
                    and defrost.last_start is not None
                    and last_end >= defrost.last_start
                ):
                    return False
                counted = self.counted_start
                if counted is not None:
                    self.closed = True
                    self.closed_start = counted
                    self.closed_on_s = last_end - counted
                    self.closed_off_s = begin - last_end
            self.run_start = self.counted_start = self.start = begin
            self.started = True
            return True
        if self.running:
            if defrost.active:
                self.run_end = end
                return False
            self.running = False
            self.last_end = self.run_end
        self.known = True
        return False

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "known": self.known,
            "running": self.running,
            "run_start": self.run_start,
            "run_end": self.run_end,
            "counted_start": self.counted_start,
            "last_end": self.last_end,
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self.known = st.flag(state, "known")
        self.running = st.flag(state, "running")
        self.run_start = st.number(state, "run_start")
        self.run_end = st.number(state, "run_end")
        self.counted_start = st.optional_number(state, "counted_start")
        self.last_end = st.optional_number(state, "last_end")
        self.started = self.closed = False
