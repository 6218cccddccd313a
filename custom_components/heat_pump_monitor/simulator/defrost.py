"""A time/temperature defrost board."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Final

from .config import DefrostParams

FAULTY_INTERVAL_S: Final = 480
"""Runtime after which a board with a failed coil sensor defrosts, frost or not."""


class BoardEvent(IntEnum):
    """What the board did in one step."""

    NONE = 0
    STARTED = 1
    ENDED = 2


class DefrostBoard:
    """Counts compressor runtime with the coil below freezing, then defrosts.

    Runtime accrues only while the compressor heats and the coil sensor reads below
    ``sensor_close_c``; the count resets when the sensor reads ``terminate_c`` or more
    and after each defrost. A defrost ends when the coil reaches ``terminate_c`` or at
    the time cap, whichever comes first.
    """

    __slots__ = (
        "_close_c",
        "_interval_s",
        "_max_s",
        "_terminate_c",
        "active",
        "runtime_s",
        "started_s",
    )

    def __init__(self, params: DefrostParams) -> None:
        """Make a board with the given settings, not in defrost."""
        self._interval_s = params.interval_min * 60
        self._max_s = round(params.max_duration_min * 60)
        self._terminate_c = params.terminate_c
        self._close_c = params.sensor_close_c
        self.runtime_s = 0
        self.active = False
        self.started_s = 0

    def check(
        self,
        t: int,
        *,
        coil_c: float,
        compressor_heating: bool,
        stuck: bool,
        failed: bool,
        frequent: bool = False,
    ) -> BoardEvent:
        """Start or end a defrost at time ``t`` (seconds) from the coil reading.

        ``stuck``: a defrost in progress does not end. ``failed``: none starts.
        ``frequent``: one starts after ``FAULTY_INTERVAL_S`` of runtime.
        """
        if self.active:
            if stuck:
                return BoardEvent.NONE
            if coil_c >= self._terminate_c or t - self.started_s >= self._max_s:
                self.active = False
                self.runtime_s = 0
                return BoardEvent.ENDED
            return BoardEvent.NONE
        interval_s = FAULTY_INTERVAL_S if frequent else self._interval_s
        if compressor_heating and self.runtime_s >= interval_s and not failed:
            self.active = True
            self.started_s = t
            return BoardEvent.STARTED
        return BoardEvent.NONE

    def abort(self) -> None:
        """End the defrost because the compressor stopped under the board."""
        self.active = False
        self.runtime_s = 0

    def accrue(
        self,
        dt: int,
        *,
        coil_c: float,
        compressor_heating: bool,
        frequent: bool = False,
    ) -> None:
        """Count ``dt`` seconds of runtime if the coil sensor is closed.

        ``frequent``: the sensor reads closed whatever the coil temperature.
        """
        if frequent:
            if compressor_heating and not self.active:
                self.runtime_s += dt
        elif coil_c >= self._terminate_c:
            self.runtime_s = 0
        elif compressor_heating and not self.active and coil_c < self._close_c:
            self.runtime_s += dt

    def to_state(self) -> dict[str, Any]:
        """Return the changing part, JSON-serialisable."""
        return {
            "runtime_s": self.runtime_s,
            "active": self.active,
            "started_s": self.started_s,
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Resume from :meth:`to_state`."""
        self.runtime_s = int(state["runtime_s"])
        self.active = bool(state["active"])
        self.started_s = int(state["started_s"])
