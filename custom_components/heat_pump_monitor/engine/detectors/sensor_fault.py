"""``sensor_fault``: implausible or frozen sensor readings.

Four problems, each followed on its own; the finding names the first one present:

* *out of range*: a temperature outside its physical range (see ``__init__``) on
  ``sensor_watch.RANGE_SAMPLES`` samples in a row; gone after as many plausible ones;
* *jumping*: the indoor temperature leaving its last value by more than ``JUMP_C``
  within ``JUMP_WITHIN_S`` and coming back on the next sample, ``JUMPS`` times
  within ``JUMP_WINDOW_S``; gone once the window holds fewer;
* *frozen*: a temperature repeating exactly (to the hundredth) for
  ``config.sensor_frozen_s`` while the compressor ran at least ``FROZEN_RUN_S``, the
  other readings changed ``FROZEN_OTHER_CHANGES`` times, and something the reading
  must follow moved: the outdoor air by ``FROZEN_OUTDOOR_MOVE_C`` for the indoor
  sensor, ``FROZEN_STARTS`` compressor starts for the supply and return sensors;
  the outdoor reading itself must repeat ``OUTDOOR_FROZEN_FACTOR`` times as long
  (the daily swing moves any outdoor reading). A sensor that reports in coarse
  steps (e.g. 0.5 °F) must repeat ``COARSE_FACTOR`` times as long, while the
  outdoor air moves twice as much. Gone when the reading changes;
* *defrost when warm*: ``WARM_DEFROSTS`` reported (not inferred) defrosts starting
  with the outdoor air above ``config.defrost_warm_outdoor_c`` within
  ``WARM_WINDOW_S``: a faulty outdoor coil sensor or defrost board; gone once the
  window holds fewer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..config import EngineConfig
from ..findings import FindingKind, Severity
from .base import Condition, Observation, optional_condition
from .sensor_watch import (
    OUT_OF_RANGE,
    SensorWatch,
    Totals,
    totals_from_state,
    totals_to_state,
)

JUMP_C: Final = 5.0
JUMP_WITHIN_S: Final = 120.0
JUMP_BACK_C: Final = 1.5
"""A jump came back when the next reading is this close to the one before the jump."""
JUMPS: Final = 3
JUMP_WINDOW_S: Final = 86400.0
FROZEN_RUN_S: Final = 3600.0
FROZEN_OTHER_CHANGES: Final = 10
FROZEN_OUTDOOR_MOVE_C: Final = 3.0
FROZEN_STARTS: Final = 3
OUTDOOR_FROZEN_FACTOR: Final = 4.0
COARSE_FACTOR: Final = 4.0
WARM_DEFROSTS: Final = 2
WARM_WINDOW_S: Final = 14 * 86400.0

Problem = tuple[str, str, float | None, float, int | None]
"""Sensor, problem, reading, since, count."""


class SensorFaultDetector:
    """Checks every temperature sensor for range, jumps and freezing."""

    __slots__ = (
        "_condition",
        "_indoor",
        "_jump_from",
        "_jump_peak",
        "_jumps",
        "_last_indoor",
        "_last_indoor_end",
        "_outdoor",
        "_problem",
        "_return",
        "_supply",
        "_totals",
        "_warm",
    )

    kind = FindingKind.SENSOR_FAULT

    def __init__(self) -> None:
        """Nothing seen."""
        self._indoor = SensorWatch("indoor", -10.0, 50.0)
        self._outdoor = SensorWatch("outdoor", -50.0, 60.0)
        self._supply = SensorWatch("supply", -30.0, 90.0)
        self._return = SensorWatch("return", -20.0, 60.0)
        """Physical ranges (°C) are wide on purpose: a failed heat pump can let a
        house cool to near freezing, and a reversed valve can blow -10 °C supply air
        in winter; a broken thermistor reads far outside (open circuit -40 °C and
        below, short 100 °C and up)."""
        self._totals = Totals()
        self._last_indoor: float | None = None
        self._last_indoor_end: float | None = None
        self._jump_from: float | None = None
        """Indoor reading before a jump that has not come back yet."""
        self._jump_peak: float | None = None
        """The reading of the last jump that came back."""
        self._jumps: deque[float] = deque()
        """Times of recent jumps."""
        self._warm: deque[tuple[float, float]] = deque()
        """Recent warm defrosts as ``(start, outdoor)``."""
        self._problem: Problem | None = None
        self._condition: Condition | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Present while a sensor problem stands (see the module docstring)."""
        sample = obs.sample
        if sample is None or not sample.online:
            return self._condition
        totals = self._totals
        heat = sample.comp_heat_s
        cool = sample.comp_cool_s
        if heat or cool:
            totals.runtime_s += (heat or 0.0) + (cool or 0.0)
        if obs.cycles.started:
            totals.starts += 1
        outdoor = sample.outdoor_temp_c
        indoor_watch = self._indoor
        outdoor_watch = self._outdoor
        supply_watch = self._supply
        return_watch = self._return
        if obs.interrupted:
            indoor_watch.value = outdoor_watch.value = None
            supply_watch.value = return_watch.value = None
        start = obs.start
        found: Problem | None = None
        # Unrolled: this runs for every sample.
        indoor = sample.indoor_temp_c
        if indoor is None:
            indoor_watch.value = None
        else:
            verdict = indoor_watch.observe(indoor, start, totals)
            if verdict:
                found = self._problem_of(indoor_watch, verdict, indoor, obs, outdoor)
            last = self._last_indoor
            if (
                self._jumps
                or self._jump_from is not None
                or (
                    last is not None
                    and (indoor - last > JUMP_C or indoor - last < -JUMP_C)
                )
            ):
                problem = self._jump(obs, indoor)
                found = found or problem
            else:
                self._last_indoor = indoor
                self._last_indoor_end = obs.end
        if outdoor is None:
            outdoor_watch.value = None
        else:
            verdict = outdoor_watch.observe(outdoor, start, totals)
            if verdict:
                problem = self._problem_of(
                    outdoor_watch, verdict, outdoor, obs, outdoor
                )
                found = found or problem
        value = sample.supply_temp_c
        if value is None:
            supply_watch.value = None
        else:
            verdict = supply_watch.observe(value, start, totals)
            if verdict:
                problem = self._problem_of(supply_watch, verdict, value, obs, outdoor)
                found = found or problem
        value = sample.return_temp_c
        if value is None:
            return_watch.value = None
        else:
            verdict = return_watch.observe(value, start, totals)
            if verdict:
                problem = self._problem_of(return_watch, verdict, value, obs, outdoor)
                found = found or problem
        if self._warm or obs.defrost.started:
            found = found or self._warm_defrost(obs, obs.config)
        if found is None:
            if self._condition is None:
                return None
            self._problem = self._condition = None
            return None
        if found != self._problem:
            self._problem = found
            sensor, kind, reading, since, count = found
            self._condition = Condition(
                start=since,
                severity=Severity.WARNING,
                evidence={
                    "sensor": sensor,
                    "problem": kind,
                    "reading_c": reading,
                    "problem_since": iso(since),
                    "count": count,
                    "outdoor_temp_c": outdoor,
                },
            )
        return self._condition

    def _problem_of(
        self,
        watch: SensorWatch,
        verdict: int,
        value: float,
        obs: Observation,
        outdoor: float | None,
    ) -> Problem | None:
        if verdict == OUT_OF_RANGE:
            since = watch.out_since
            assert since is not None
            return (watch.name, "out_of_range", value, since, None)
        if outdoor is not None:
            watch.follow_outdoor(outdoor)
        if obs.end - watch.since < obs.config.sensor_frozen_s:
            return None
        return self._frozen(watch, value, obs)

    def _frozen(
        self, watch: SensorWatch, value: float, obs: Observation
    ) -> Problem | None:
        frozen_s = obs.end - watch.since
        needed = obs.config.sensor_frozen_s
        if frozen_s < needed:
            return None
        move = FROZEN_OUTDOOR_MOVE_C
        if watch.coarse:
            needed *= COARSE_FACTOR
            move *= 2.0
        totals = self._totals
        if (
            frozen_s < needed
            or totals.runtime_s - watch.start_runtime_s < FROZEN_RUN_S
            or totals.changes - watch.start_changes < FROZEN_OTHER_CHANGES
        ):
            return None
        name = watch.name
        if name == "outdoor":
            if frozen_s < needed * OUTDOOR_FROZEN_FACTOR:
                return None
        elif name == "indoor":
            low = watch.outdoor_low
            high = watch.outdoor_high
            if low is None or high is None or high - low < move:
                return None
        elif totals.starts - watch.start_starts < FROZEN_STARTS:
            return None
        return (name, "frozen", value, watch.since, None)

    def _jump(self, obs: Observation, indoor: float | None) -> Problem | None:
        jumps = self._jumps
        while jumps and jumps[0] <= obs.start - JUMP_WINDOW_S:
            jumps.popleft()
        if indoor is None:
            return None
        last = self._last_indoor
        last_end = self._last_indoor_end
        self._last_indoor = indoor
        self._last_indoor_end = obs.end
        if last is not None and last_end is not None:
            close = obs.start - last_end <= JUMP_WITHIN_S
            origin = self._jump_from
            if origin is not None:
                if close and abs(indoor - origin) <= JUMP_BACK_C:
                    jumps.append(obs.start)
                    self._jump_peak = last
                self._jump_from = None
            elif close and abs(indoor - last) > JUMP_C:
                self._jump_from = last
        if len(jumps) >= JUMPS:
            return ("indoor", "jumping", self._jump_peak, jumps[0], len(jumps))
        return None

    def _warm_defrost(self, obs: Observation, config: EngineConfig) -> Problem | None:
        warm = self._warm
        while warm and warm[0][0] <= obs.start - WARM_WINDOW_S:
            warm.popleft()
        defrost = obs.defrost
        if defrost.started and not defrost.inferred:
            outdoor = defrost.outdoor_temp_c
            if outdoor is not None and outdoor > config.defrost_warm_outdoor_c:
                warm.append((defrost.start, outdoor))
        if len(warm) >= WARM_DEFROSTS:
            hottest = max(item[1] for item in warm)
            return ("outdoor_coil", "defrost_when_warm", hottest, warm[0][0], len(warm))
        return None

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "indoor": self._indoor.to_state(),
            "outdoor": self._outdoor.to_state(),
            "supply": self._supply.to_state(),
            "return": self._return.to_state(),
            "totals": totals_to_state(self._totals),
            "last_indoor": self._last_indoor,
            "last_indoor_end": self._last_indoor_end,
            "jump_from": self._jump_from,
            "jump_peak": self._jump_peak,
            "jumps": list(self._jumps),
            "warm": [list(item) for item in self._warm],
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        for watch in (self._indoor, self._outdoor, self._supply, self._return):
            watch.load_state(state.get(watch.name))
        totals_from_state(self._totals, st.section(state, "totals"))
        self._last_indoor = st.optional_number(state, "last_indoor")
        self._last_indoor_end = st.optional_number(state, "last_indoor_end")
        self._jump_from = st.optional_number(state, "jump_from")
        self._jump_peak = st.optional_number(state, "jump_peak")
        self._jumps = deque(
            st.number({"jump": value}, "jump") for value in st.items(state, "jumps")
        )
        warm: deque[tuple[float, float]] = deque()
        for item in st.items(state, "warm"):
            if not isinstance(item, list) or len(item) != 2:
                raise st.StateError("warm defrosts are malformed")
            keyed = {"start": item[0], "outdoor": item[1]}
            warm.append((st.number(keyed, "start"), st.number(keyed, "outdoor")))
        self._warm = warm
        self._condition = optional_condition(state, "condition")
        self._problem = None
        if self._condition is not None:
            evidence = self._condition.evidence
            self._problem = _problem_of(evidence, self._condition.start)


def _problem_of(evidence: Mapping[str, Any], start: float) -> Problem:
    """Rebuild the problem a persisted condition was made from."""
    sensor = evidence.get("sensor")
    kind = evidence.get("problem")
    reading = evidence.get("reading_c")
    count = evidence.get("count")
    if (
        not isinstance(sensor, str)
        or not isinstance(kind, str)
        or not (reading is None or isinstance(reading, int | float))
        or not (count is None or isinstance(count, int))
    ):
        raise st.StateError("sensor fault evidence is malformed")
    return (sensor, kind, None if reading is None else float(reading), start, count)
