"""``aux_heat_overuse``: backup heat running above the balance point or for too long.

Only backup seconds outside defrost count (tempering during a defrost and for
``AUX_RECOVERY_S`` after it is the defrost board's job), and not while the thermostat
is in emergency heat (the user chose it). Where the air handler's power is known, a
sample whose backup seconds do not raise it by at least ``MIN_STRIP_W`` over the
blower's usual draw is not backup heat (some thermostats report a second compressor
stage as aux), and does not count.

Within one local day, backup heat is overused when

- *warm*: it ran ``MIN_WARM_S`` while the outdoor air was above the *limit*, the lower
  of ``config.aux_outdoor_c`` and the learned normal (the warmer of the reference
  balance point and the reference aux onset, known once the system was seen using
  backup heat while its reference was learned) plus ``config.aux_balance_margin_c``;
- *avoidable*: it ran more than ``config.aux_daily_s`` while the outdoor air was above
  ``Baseline.keeps_up_above_c``, where the heat pump carries the house alone; or
- *not staged*: it ran alongside the compressor for more than ``config.aux_daily_s``
  and for ``SHADOW_SHARE`` or more of the compressor's runtime since the day's first
  backup heat and the end of the last compressor run it did not shadow likewise
  (such a run shows staging at work; the count starts over). Backup heat is the
  second stage: it joins long or drooping calls, and even in deep cold it shared less
  than a quarter of the compressor's runtime in simulated winters; backup heat that
  shadows the compressor from the first minute of every call is a stuck strip-heat
  relay or sequencer, or a miswired thermostat (W1 jumpered to Y). A thermostat
  that reports a second compressor stage as aux looks the same when no power
  reading is available: the evidence shows the share.

The symptom is present from the moment a day qualifies; it stays present until a later
day that could have shown overuse (``MIN_OPPORTUNITY_S`` of heating with the outdoor
air above the limit, or ``config.aux_daily_s`` of compressor runtime) shows none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import state as st
from ..baseline import in_defrost
from ..clock import iso
from ..findings import FindingKind, Severity
from ..sample import HvacMode
from .base import Condition, Observation, optional_condition

MIN_WARM_S: Final = 2700.0
"""Warm backup heat in one day before it counts (a tempering minute never does)."""
SHADOW_SHARE: Final = 0.9
MIN_STRIP_W: Final = 1000.0
"""Smallest strip-heat draw: real strips are 2.5 kW and up."""
MIN_OPPORTUNITY_S: Final = 3600.0
_BLOWER_ALPHA: Final = 0.02
_SUMS: Final = (
    "aux",
    "warm",
    "avoidable",
    "opportunity",
    "warm_outdoor",
    "comp",
    "shadow",
    "run_comp",
    "run_shadow",
)
(
    _AUX,
    _WARM,
    _AVOIDABLE,
    _OPPORTUNITY,
    _WARM_OUTDOOR,
    _COMP,
    _SHADOW,
    _RUN_COMP,
    _RUN_SHADOW,
) = range(9)


class AuxHeatOveruseDetector:
    """Counts backup heat above the limits per local day."""

    __slots__ = (
        "_blower_w",
        "_condition",
        "_day",
        "_day_bad",
        "_keeps_up",
        "_limit",
        "_limits_day",
        "_since",
        "_sums",
    )

    kind = FindingKind.AUX_HEAT_OVERUSE

    def __init__(self) -> None:
        """Nothing seen."""
        self._day: int | None = None
        self._sums = [0.0] * len(_SUMS)
        """Seconds of the day (``warm_outdoor``: outdoor °C times warm seconds; ``comp``:
compressor heating outside defrost since the day's first backup heat)."""
        self._since: float | None = None
        """Start of the first counted backup sample of the day."""
        self._day_bad = False
        self._blower_w: float | None = None
        """Usual air-handler draw with the compressor running and no backup."""
        self._condition: Condition | None = None
        self._limits_day: int | None = None
        self._limit = 0.0
        self._keeps_up: float | None = None
        """The warm limit and ``Baseline.keeps_up_above_c`` for ``_limits_day``: the
        baseline learns only when a day closes, so they hold for the whole day."""

    def observe(self, obs: Observation) -> Condition | None:
        """Present while backup heat is overused (see the module docstring)."""
        day = obs.day
        if day != self._day:
            self._roll(day, obs.config.aux_daily_s)
        if day != self._limits_day:
            self._set_limits(obs)
        sample = obs.sample
        if sample is None or not sample.online:
            return self._condition
        sums = self._sums
        aux = sample.aux_heat_s
        comp = sample.comp_heat_s or 0.0
        limit = self._limit
        outdoor = sample.outdoor_temp_c
        if outdoor is not None and outdoor > limit:
            sums[_OPPORTUNITY] += comp + (aux or 0.0)
        if (comp or sums[_RUN_COMP]) and not in_defrost(obs):
            # Without compressor heat now or in the current run there is nothing
            # to add up, in defrost or not.
            if self._since is not None:
                sums[_COMP] += comp
            if comp:
                sums[_RUN_COMP] += comp
            else:
                if sums[_RUN_SHADOW] < SHADOW_SHARE * sums[_RUN_COMP]:
                    # A run backup heat did not shadow: staging works; start over.
                    sums[_COMP] = sums[_SHADOW] = 0.0
                sums[_RUN_COMP] = sums[_RUN_SHADOW] = 0.0
        indoor_w = sample.indoor_unit_w
        interval = obs.end - obs.start
        if not aux:
            if indoor_w is not None and comp == interval:
                blower = self._blower_w
                self._blower_w = (
                    indoor_w
                    if blower is None
                    else blower + _BLOWER_ALPHA * (indoor_w - blower)
                )
            return self._condition
        if (
            sample.hvac_mode is HvacMode.EMERGENCY_HEAT
            or outdoor is None
            or in_defrost(obs)
        ):
            return self._condition
        if indoor_w is not None:
            strip_w = (indoor_w - (self._blower_w or 0.0)) * interval / aux
            if strip_w < MIN_STRIP_W:
                return self._condition
        if self._since is None:
            self._since = obs.start
            sums[_COMP] += comp
        sums[_AUX] += aux
        shadow = min(aux, comp)
        sums[_SHADOW] += shadow
        sums[_RUN_SHADOW] += shadow
        if outdoor > limit:
            sums[_WARM] += aux
            sums[_WARM_OUTDOOR] += outdoor * aux
        keeps_up = self._keeps_up
        if keeps_up is not None and outdoor > keeps_up:
            sums[_AVOIDABLE] += aux
        config = obs.config
        if (
            sums[_WARM] >= MIN_WARM_S
            or sums[_AVOIDABLE] > config.aux_daily_s
            or (
                sums[_SHADOW] > config.aux_daily_s
                and sums[_SHADOW] >= SHADOW_SHARE * sums[_COMP]
            )
        ):
            self._day_bad = True
        if self._day_bad:
            self._condition = self._build(obs, limit)
        return self._condition

    def _set_limits(self, obs: Observation) -> None:
        config = obs.config
        normal = _normal_c(obs)
        limit = config.aux_outdoor_c
        if normal is not None:
            limit = min(limit, normal + config.aux_balance_margin_c)
        self._limits_day = obs.day
        self._limit = limit
        self._keeps_up = obs.baseline.keeps_up_above_c

    def _roll(self, day: int, daily_s: float) -> None:
        sums = self._sums
        if (
            self._day is not None
            and day > self._day
            and not self._day_bad
            and (sums[_OPPORTUNITY] >= MIN_OPPORTUNITY_S or sums[_COMP] >= daily_s)
        ):
            self._condition = None
        self._day = day
        self._sums = [0.0] * len(_SUMS)
        self._since = None
        self._day_bad = False

    def _build(self, obs: Observation, limit: float) -> Condition:
        previous = self._condition
        since = self._since
        assert since is not None
        sums = self._sums
        warm = sums[_WARM]
        comp = sums[_COMP]
        return Condition(
            start=since if previous is None else previous.start,
            severity=Severity.WARNING,
            evidence={
                "aux_today_s": sums[_AUX],
                "aux_warm_today_s": warm,
                "aux_avoidable_today_s": sums[_AVOIDABLE],
                "aux_with_compressor_today_s": sums[_SHADOW],
                "compressor_today_s": comp,
                "aux_share_of_compressor": round(sums[_SHADOW] / comp, 2)
                if comp
                else None,
                "warm_outdoor_temp_c": round(sums[_WARM_OUTDOOR] / warm, 1)
                if warm
                else None,
                "aux_limit_outdoor_c": round(limit, 1),
                "balance_point_c": obs.baseline.reference_balance_point_c,
                "aux_onset_c": obs.baseline.aux_onset_c,
                "first_aux_today_at": iso(since),
            },
        )

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "day": self._day,
            "sums": list(self._sums),
            "since": self._since,
            "day_bad": self._day_bad,
            "blower_w": self._blower_w,
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        sums = st.items(state, "sums")
        if len(sums) != len(_SUMS):
            raise st.StateError("aux sums are malformed")
        self._sums = [st.number({"v": value}, "v") for value in sums]
        self._day = st.optional_integer(state, "day")
        self._since = st.optional_number(state, "since")
        self._day_bad = st.flag(state, "day_bad")
        self._blower_w = st.optional_number(state, "blower_w")
        self._condition = optional_condition(state, "condition")
        self._limits_day = None


def _normal_c(obs: Observation) -> float | None:
    """Outdoor temperature below which this system normally needs backup heat."""
    onset = obs.baseline.aux_onset_c
    if onset is None:
        # Never seen using backup heat: the thermal balance point alone does not
        # tell where its thermostat stages backup heat in.
        return None
    balance = obs.baseline.reference_balance_point_c
    return onset if balance is None else max(balance, onset)
