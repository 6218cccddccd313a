"""Whether the room follows a heating or cooling call: shared by the two detectors.

A *call* lasts while the thermostat is in a mode of that direction and either the
equipment runs in it (compressor, or backup heat for heating) or the room is at least
``HOLD_BAND_K`` on the wrong side of the setpoint. The call is *not responding* when

- for ``config.not_responding_s`` the equipment ran at least ``MIN_RUN_SHARE`` of the
  time and the room did not move ``PROGRESS_K`` toward the setpoint (the reference
  point moves on whenever it does), ending ``config.not_responding_gap_c`` or more
  on the wrong side (a room drooping less while the equipment runs flat out is a
  heat pump near its balance point, which is normal); or
- after ``config.not_responding_full_duty_s`` of call at ``MIN_RUN_SHARE`` duty the
  room is still ``config.not_responding_gap_c`` away from the setpoint;

and only while the system is expected to keep up (the caller's ``expected`` flag:
outdoor above the balance point for heating). Present until the room reaches the
setpoint (within ``REACHED_K``) or the thermostat leaves that mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..config import EngineConfig
from ..findings import Severity
from .base import Condition, optional_condition

HOLD_BAND_K: Final = 0.5
"""Within this of the setpoint the thermostat is holding, not recovering."""
PROGRESS_K: Final = 0.1
MIN_RUN_SHARE: Final = 0.8
REACHED_K: Final = 0.2
_ROUNDING_K: Final = 1e-6
"""Readings come in steps (0.1 °C): a step of exactly ``PROGRESS_K`` is progress."""


class CallResponse:
    """One direction's call and the room's response to it."""

    __slots__ = (
        "_call_s",
        "_direction",
        "_left_mode",
        "_ref_run_s",
        "_ref_t",
        "_ref_temp",
        "_run_s",
        "call_start",
        "condition",
    )

    def __init__(self, direction: float) -> None:
        """Follow calls that should move the room by ``direction`` (+1 heat, -1 cool)."""
        self._direction = direction
        self.call_start: float | None = None
        """Start of the current call (None: no call); read-only to callers."""
        self._call_s = self._run_s = 0.0
        self._ref_t = 0.0
        self._ref_temp = 0.0
        self._ref_run_s = 0.0
        self.condition: Condition | None = None
        """The condition after the last sample; read-only to callers."""
        self._left_mode = False
        """Whether the last sample had the thermostat out of this direction's modes."""

    def idle(self) -> Condition | None:
        """Take an in-mode sample that cannot show a call (a reading is unknown)."""
        self._left_mode = False
        self.call_start = None
        return self.condition

    def left_mode(self) -> Condition | None:
        """Take a sample with the thermostat out of this direction's modes.

        Ends the call and the symptom; further such samples change nothing (a whole
        season of them), so they return at once.
        """
        if not self._left_mode:
            self._left_mode = True
            self.call_start = None
            self.condition = None
        return None

    def quiet(self, run_s: float, indoor: float, setpoint: float) -> bool:
        """Return whether an in-mode sample with known readings would change nothing.

        True when nothing runs, no call is open, no symptom is present and the room
        is within ``HOLD_BAND_K`` of the setpoint: what ``update`` would conclude,
        for the price of a comparison (the off part of every cycle).
        """
        self._left_mode = False
        return (
            not run_s
            and self.call_start is None
            and self.condition is None
            and self._direction * (setpoint - indoor) < HOLD_BAND_K
        )

    def update(
        self,
        *,
        start: float,
        end: float,
        run_s: float,
        indoor: float,
        setpoint: float,
        expected: bool,
        config: EngineConfig,
        outdoor: float | None,
        balance: float | None,
    ) -> Condition | None:
        """Take one sample in mode with known readings; return the condition."""
        self._left_mode = False
        direction = self._direction
        gap = direction * (setpoint - indoor)
        if gap <= REACHED_K:
            self.condition = None
        if not run_s and gap < HOLD_BAND_K:
            self.call_start = None
            return self.condition
        if self.call_start is None:
            self.call_start = start
            self._call_s = self._run_s = 0.0
            self._set_ref(start, indoor)
        self._call_s += end - start
        self._run_s += run_s
        if direction * (indoor - self._ref_temp) >= PROGRESS_K - _ROUNDING_K:
            self._set_ref(end, indoor)
        if not expected:
            return self.condition
        if gap < config.not_responding_gap_c and self.condition is None:
            return None  # neither stalled nor behind while this close
        stall_s = end - self._ref_t
        gap_c = config.not_responding_gap_c
        stalled = (
            stall_s >= config.not_responding_s
            and self._run_s - self._ref_run_s >= MIN_RUN_SHARE * stall_s
            and gap >= gap_c
        )
        behind = (
            self._call_s >= config.not_responding_full_duty_s
            and self._run_s >= MIN_RUN_SHARE * self._call_s
            and gap >= gap_c
        )
        if stalled or behind or self.condition is not None:
            self.condition = self._build(end, indoor, setpoint, gap, (outdoor, balance))
        return self.condition

    def _set_ref(self, when: float, indoor: float) -> None:
        self._ref_t = when
        self._ref_temp = indoor
        self._ref_run_s = self._run_s

    def _build(
        self,
        end: float,
        indoor: float,
        setpoint: float,
        gap: float,
        outdoor_balance: tuple[float | None, float | None],
    ) -> Condition:
        call_start = self.call_start
        assert call_start is not None
        previous = self.condition
        return Condition(
            start=call_start if previous is None else previous.start,
            severity=Severity.ERROR,
            evidence={
                "call_s": self._call_s,
                "run_s": self._run_s,
                "indoor_temp_c": round(indoor, 2),
                "setpoint_c": setpoint,
                "gap_k": round(gap, 2),
                "no_progress_s": end - self._ref_t,
                "call_start": iso(call_start),
                "outdoor_temp_c": outdoor_balance[0],
                "balance_point_c": outdoor_balance[1],
            },
        )

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "call_start": self.call_start,
            "sums": [self._call_s, self._run_s, self._ref_t, self._ref_temp],
            "ref_run_s": self._ref_run_s,
            "condition": None if self.condition is None else self.condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        sums = st.items(state, "sums")
        if len(sums) != 4:
            raise st.StateError("call sums are malformed")
        self._call_s, self._run_s, self._ref_t, self._ref_temp = (
            st.number({"v": value}, "v") for value in sums
        )
        self.call_start = st.optional_number(state, "call_start")
        self._ref_run_s = st.number(state, "ref_run_s")
        self.condition = optional_condition(state, "condition")
        self._left_mode = False
