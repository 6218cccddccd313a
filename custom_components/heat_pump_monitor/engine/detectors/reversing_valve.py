"""``reversing_valve``: supply air on the wrong side of return air for the mode.

Once a run has lasted ``config.reversing_valve_after_s``, outside defrost and its
recovery and without strip heat (see ``steady``), the supply air of a heating run
is warmer than the return air, and that of a cooling run colder, by several kelvin.
A sample more than ``WRONG_SIDE_K`` on the wrong side is *wrong*, one as far on the
right side is *right*. A run turns *wrong* after ``JUDGE_S`` of wrong samples in a
row, and *right* after as many right samples in a row; a run may turn either way
more than once (a valve can stick mid-run; an unrecognised defrost looks wrong for
a few minutes). The symptom is present after ``WRONG_RUNS`` runs turned wrong in a
row (runs that could not be judged do not break the row), or once a run has been
wrong for ``WRONG_LONG_S`` (a stuck valve in a mild climate can make one endless
run); a run turning right ends it. Strip heat masks the symptom (its samples are
not judged): strip heat time in a heating run that is wrong, without any defrost
since it turned wrong (a valve stuck in cooling never frosts the outdoor coil),
counts towards ``WRONG_LONG_S``. Strip heat can also hide the valve from the start:
strips only add heat, so a steady heating sample with strip heat whose rise is
``STRIP_MARGIN_K`` below the rise the compressor alone gave lately (``_right_rise``,
smoothed over ``RIGHT_RISE_SMOOTHING_S`` of right samples) means the compressor takes
heat out; ``WRONG_LONG_S`` of such samples, with no strip-heated sample at least as
warm as the compressor alone in between, establish the symptom too. Silent without
supply and return temperatures.
"""

from __future__ import annotations

from collections.abc import Mapping
import math
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..findings import FindingKind, Severity
from .base import Condition, Observation, optional_condition
from .steady import HEATING, WRONG_SIDE_K, running_mode, settled

JUDGE_S: Final = 180.0
"""Clear readings in a row that turn a run wrong or right."""
WRONG_RUNS: Final = 2
WRONG_LONG_S: Final = 1800.0
"""Time one run has been wrong (strip heat time included) that establishes it."""
RECOVERY_S: Final = 300.0
"""Time after a defrost whose readings are not judged. Shorter than for the splits:
the side of the supply air is back within a few minutes (a rise takes longer to
settle), and three minutes of wrong readings in a row are still needed after it."""
STRIP_MARGIN_K: Final = 0.5
"""Reading noise allowed below the compressor-only rise (strips add several kelvin)."""
RIGHT_RISE_SMOOTHING_S: Final = 6 * 3600.0
"""Time constant of the compressor-only rise that strip-heated samples are held to."""
UNJUDGED, RIGHT, WRONG = range(3)


class ReversingValveDetector:
    """Judges each compressor run by the side the supply air is on."""

    __slots__ = (
        "_aux_until",
        "_condition",
        "_first_wrong",
        "_low_rise_s",
        "_low_rise_sum",
        "_masked_s",
        "_right_rise",
        "_right_streak_s",
        "_run_start",
        "_split_sum",
        "_verdict",
        "_wrong_from",
        "_wrong_runs",
        "_wrong_s",
        "_wrong_streak_s",
    )

    kind = FindingKind.REVERSING_VALVE

    def __init__(self) -> None:
        """No run seen."""
        self._run_start: float | None = None
        self._verdict = UNJUDGED
        """What the current run is: unjudged, right or wrong."""
        self._wrong_streak_s = 0.0
        self._right_streak_s = 0.0
        self._wrong_s = 0.0
        self._split_sum = 0.0
        """Wrong seconds and wrong split * seconds since the run turned wrong."""
        self._masked_s = 0.0
        """Strip heat seconds since the run turned wrong."""
        self._wrong_from: float | None = None
        """When the current run turned wrong."""
        self._wrong_runs = 0
        self._first_wrong: float | None = None
        self._aux_until: float | None = None
        self._right_rise: float | None = None
        """Smoothed rise of right compressor-only heating samples."""
        self._low_rise_s = 0.0
        self._low_rise_sum = 0.0
        """Strip-heated seconds (and rise * seconds) below the compressor-only rise."""
        self._condition: Condition | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Present while wrong runs are established (see the module docstring)."""
        sample = obs.sample
        if sample is None:
            return self._condition
        supply = sample.supply_temp_c
        if supply is None:
            return self._condition
        if sample.aux_heat_s:
            self._aux_until = obs.end
            if self._verdict == WRONG and sample.comp_heat_s:
                self._masked(obs)
            if self._right_rise is not None:
                self._strip_heated(obs, supply)
            return self._condition
        if not settled(
            obs, self._aux_until, obs.config.reversing_valve_after_s, RECOVERY_S
        ):
            return self._condition
        mode = running_mode(obs)
        back = sample.return_temp_c
        if not mode or back is None or sample.fan_s == 0.0:
            return self._condition
        split = supply - back  # ``air_split``, both known
        run_start = obs.cycles.run_start
        if run_start != self._run_start:
            self._run_start = run_start
            self._verdict = UNJUDGED
            self._wrong_streak_s = self._right_streak_s = 0.0
        signed = split if mode == HEATING else -split
        seconds = obs.end - obs.start
        if signed < -WRONG_SIDE_K:
            self._wrong_streak_s += seconds
            self._right_streak_s = 0.0
            if self._verdict == WRONG:
                self._wrong_s += seconds
                self._split_sum += split * seconds
                if self._wrong_s + self._masked_s >= WRONG_LONG_S:
                    self._refresh(obs, mode)
            elif self._wrong_streak_s >= JUDGE_S:
                self._turn_wrong(obs, mode, split)
        elif signed > WRONG_SIDE_K:
            self._right_streak_s += seconds
            self._wrong_streak_s = 0.0
            if mode == HEATING:
                rise = self._right_rise
                weight = 1.0 - math.exp(-seconds / RIGHT_RISE_SMOOTHING_S)
                self._right_rise = (
                    split if rise is None else rise + (split - rise) * weight
                )
                self._low_rise_s = self._low_rise_sum = 0.0
            if self._verdict != RIGHT and self._right_streak_s >= JUDGE_S:
                self._verdict = RIGHT
                self._wrong_runs = 0
                self._first_wrong = self._wrong_from = self._condition = None
        return self._condition

    def _turn_wrong(self, obs: Observation, mode: int, split: float) -> None:
        since = obs.end - self._wrong_streak_s
        self._verdict = WRONG
        self._wrong_from = since
        self._wrong_s = self._wrong_streak_s
        self._split_sum = split * self._wrong_streak_s
        self._masked_s = 0.0
        self._wrong_runs += 1
        if self._first_wrong is None:
            self._first_wrong = since
        if self._wrong_runs >= WRONG_RUNS:
            self._refresh(obs, mode)

    def _masked(self, obs: Observation) -> None:
        cycles = obs.cycles
        if not cycles.running or cycles.run_start != self._run_start:
            return
        self._masked_s += obs.end - obs.start
        if self._wrong_s + self._masked_s < WRONG_LONG_S:
            return
        defrost = obs.defrost
        last_start = defrost.last_start
        since = self._wrong_from
        if defrost.active or (
            last_start is not None and since is not None and last_start >= since
        ):
            return
        self._refresh(obs, HEATING)

    def _strip_heated(self, obs: Observation, supply: float) -> None:
        """Judge a heating sample with strip heat against the compressor-only rise."""
        sample = obs.sample
        assert sample is not None and self._right_rise is not None
        back = sample.return_temp_c
        if (
            back is None
            or running_mode(obs) != HEATING
            or sample.fan_s == 0.0
            or not settled(obs, None, obs.config.reversing_valve_after_s, RECOVERY_S)
        ):
            return
        rise = supply - back
        if rise >= self._right_rise:
            self._low_rise_s = self._low_rise_sum = 0.0
            return
        if rise > self._right_rise - STRIP_MARGIN_K:
            return
        seconds = obs.end - obs.start
        if not self._low_rise_s and self._condition is None:
            self._first_wrong = obs.start
        self._low_rise_s += seconds
        self._low_rise_sum += rise * seconds
        if self._low_rise_s >= WRONG_LONG_S:
            self._refresh(obs, HEATING)

    def _refresh(self, obs: Observation, mode: int) -> None:
        sample = obs.sample
        assert sample is not None
        first = self._first_wrong
        wrong_s = self._wrong_s
        if not wrong_s and self._low_rise_s:
            wrong_s, split_sum = self._low_rise_s, self._low_rise_sum
        else:
            split_sum = self._split_sum
        self._condition = Condition(
            start=first if first is not None else obs.start,
            severity=Severity.ERROR,
            evidence={
                "mode": "heat" if mode == HEATING else "cool",
                "supply_minus_return_k": None
                if not wrong_s
                else round(split_sum / wrong_s, 2),
                "supply_temp_c": sample.supply_temp_c,
                "return_temp_c": sample.return_temp_c,
                "wrong_runs": self._wrong_runs,
                "wrong_since": None if first is None else iso(first),
            },
        )

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "run_start": self._run_start,
            "verdict": self._verdict,
            "wrong_streak_s": self._wrong_streak_s,
            "right_streak_s": self._right_streak_s,
            "wrong_s": self._wrong_s,
            "split_sum": self._split_sum,
            "masked_s": self._masked_s,
            "wrong_from": self._wrong_from,
            "wrong_runs": self._wrong_runs,
            "first_wrong": self._first_wrong,
            "aux_until": self._aux_until,
            "right_rise": self._right_rise,
            "low_rise_s": self._low_rise_s,
            "low_rise_sum": self._low_rise_sum,
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._run_start = st.optional_number(state, "run_start")
        verdict = st.integer(state, "verdict")
        if verdict not in (UNJUDGED, RIGHT, WRONG):
            raise st.StateError("reversing valve verdict is unknown")
        self._verdict = verdict
        self._wrong_streak_s = st.number(state, "wrong_streak_s")
        self._right_streak_s = st.number(state, "right_streak_s")
        self._wrong_s = st.number(state, "wrong_s")
        self._split_sum = st.number(state, "split_sum")
        self._masked_s = st.number(state, "masked_s")
        self._wrong_from = st.optional_number(state, "wrong_from")
        self._wrong_runs = st.integer(state, "wrong_runs")
        self._first_wrong = st.optional_number(state, "first_wrong")
        self._aux_until = st.optional_number(state, "aux_until")
        # Saved before the strip-heat rule: start it afresh.
        self._right_rise = (
            st.optional_number(state, "right_rise") if "right_rise" in state else None
        )
        self._low_rise_s = (
            st.number(state, "low_rise_s") if "low_rise_s" in state else 0.0
        )
        self._low_rise_sum = (
            st.number(state, "low_rise_sum") if "low_rise_sum" in state else 0.0
        )
        self._condition = optional_condition(state, "condition")
