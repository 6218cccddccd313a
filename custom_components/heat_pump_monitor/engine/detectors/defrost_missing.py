"""``defrost_missing``: long cold heating runs with no defrost and falling capacity (icing).

Frost runtime: compressor heating runtime since the last defrost (reported or
inferred) with the outdoor air between ``config.defrost_missing_min_outdoor_c`` and
``config.defrost_missing_max_outdoor_c`` (where outdoor coils frost fastest), counted
at ``BELOW_BAND_WEIGHT`` below that band (colder air carries less water). Air drier
than ``DRY_RH`` (when ``outdoor_rh`` is known) frosts less: its runtime counts at
``DRY_WEIGHT`` (frost already on the coil stays while it runs). Heating the
thermostat reports while the outdoor unit draws under ``config.no_start_max_w`` is
not runtime (the compressor is not running). Samples whose defrost state is unknown
(the unit does not report it and it cannot be inferred) count nothing; air above the
band by ``MELT_MARGIN_C`` melts the coil clean and starts the count again.

Missing defrosts alone are not a fault (dry or mild weather may not need any), so
the symptom needs falling delivered heat as well, against what this system normally
delivers at the same outdoor temperature with a clean coil, learned in
``BIN_C``-wide outdoor bins from the first ``CLEAN_RUNTIME_S`` of frost runtime of
each count, and only once a defrost ends that count in time: a board that stops
defrosting lets ice grow from its last defrost on, and heat delivered through that
ice is not this system's normal. A count that outruns ``CLEAN_RUNTIME_S`` or ends
in a melt teaches nothing:

* the supply-return split of steady heating without backup heat (smoothed over about
  ``SPLIT_SMOOTHING_S``) at most ``1 - SPLIT_DROP`` of the normal split. A latest
  split at or below zero, or steady heating with the supply ``REVERSED_SPLIT_K``
  below the return for ``REVERSED_MIN_S`` since the count began, is a
  reversing-valve symptom, not ice. Or, without supply and return sensors,
* the compressor's share of time (smoothed over about ``DUTY_SMOOTHING_S``) at
  least ``DUTY_RISE`` above normal and at least ``HIGH_DUTY``.

Present once the frost runtime reaches ``config.defrost_missing_runtime_s`` (6 h)
while heat is falling; absent again at the next defrost or when the coil melts.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
import math
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..findings import FindingKind, Severity
from ..sample import HvacMode
from .base import Condition, Observation, optional_condition

BELOW_BAND_WEIGHT: Final = 0.5
DRY_RH: Final = 0.5
DRY_WEIGHT: Final = 0.5
MELT_MARGIN_C: Final = 3.0
BIN_C: Final = 2.0
BIN_LOW_C: Final = -30.0
BIN_COUNT: Final = 22
"""Outdoor bins from -30 °C up to +14 °C."""
CLEAN_RUNTIME_S: Final = 7200.0
SPLIT_SMOOTHING_S: Final = 1800.0
DUTY_SMOOTHING_S: Final = 7200.0
LEARN_SMOOTHING_S: Final = 21600.0
"""Time constant of the learned normal values (seconds of held samples); until a bin
has learned this long, its normal is the plain mean of what it learned."""
SPLIT_STALE_S: Final = 7200.0
"""A smoothed split not updated for this long (backup heat on, no steady runs) is unknown."""
REVERSED_SPLIT_K: Final = 1.0
REVERSED_MIN_S: Final = 600.0
"""Steady heating with supply this far below return (outside defrost) for this long
since the count began: reversed flow."""
SPLIT_DROP: Final = 0.25
DUTY_RISE: Final = 0.15
HIGH_DUTY: Final = 0.85
STEADY_SHARE: Final = 0.8
"""Share of a sample the compressor must heat for its split to count."""
MIN_SPLIT_K: Final = 2.0
"""A normal split below this is too small to judge a fall against."""


class DefrostMissingDetector:
    """Counts frost runtime since the last defrost and watches delivered heat."""

    __slots__ = (
        "_alphas",
        "_alphas_for",
        "_condition",
        "_duty",
        "_duty_bins",
        "_frost_s",
        "_held",
        "_holding",
        "_last_defrost",
        "_last_split",
        "_learned_s",
        "_outdoor_c",
        "_outdoor_rh",
        "_reversed",
        "_reversed_s",
        "_since",
        "_split",
        "_split_at",
        "_split_bins",
    )

    kind = FindingKind.DEFROST_MISSING

    def __init__(self) -> None:
        """Nothing learned."""
        self._frost_s = 0.0
        """Weighted frost runtime since the last defrost."""
        self._since: float | None = None
        """Start of the frost runtime count (end of the last defrost or first sample)."""
        self._last_defrost: float | None = None
        """Start of the last defrost seen."""
        self._split: float | None = None
        self._reversed = False
        """Whether steady heating blew air colder than the return since the count began."""
        self._reversed_s = 0.0
        """Seconds of steady heating blowing air colder than the return, this count."""
        self._last_split: float | None = None
        """Split of the latest steady heating sample without backup heat."""
        self._split_at: float | None = None
        """End of the last sample that updated the smoothed split."""
        self._duty: float | None = None
        """Smoothed split of steady heating and compressor share of time, now."""
        self._outdoor_c: float | None = None
        self._outdoor_rh: float | None = None
        """Smoothed outdoor air, now."""
        self._split_bins: list[float | None] = [None] * BIN_COUNT
        self._duty_bins: list[float | None] = [None] * BIN_COUNT
        """Normal split and duty per outdoor bin, with a clean coil."""
        self._held = _no_held()
        """Time-weighted split and duty of this count per outdoor bin, with their
        seconds (rows ``_SPLIT_SUM``, ``_SPLIT_S``, ``_DUTY_SUM``, ``_DUTY_S``),
        learned once a defrost ends the count in time."""
        self._holding = False
        self._learned_s = [[0.0] * BIN_COUNT for _ in range(2)]
        """Seconds learned into each split bin and each duty bin."""
        self._condition: Condition | None = None
        self._alphas_for = 0.0
        self._alphas = (0.0, 0.0)
        """The smoothing weights of the last sample length seen (not persisted)."""

    def observe(self, obs: Observation) -> Condition | None:
        """Present while defrosts are missing and heat is falling (module docstring)."""
        sample = obs.sample
        defrost = obs.defrost
        if sample is None or not sample.online:
            return self._condition
        if defrost.started or defrost.active:
            self._last_defrost = defrost.start
            if self._holding and self._frost_s < CLEAN_RUNTIME_S:
                self._commit()
            self._restart(obs.end)
            return None
        if self._since is None:
            self._since = obs.start
        outdoor = sample.outdoor_temp_c
        config = obs.config
        if outdoor is not None and outdoor > config.defrost_missing_max_outdoor_c + (
            MELT_MARGIN_C
        ):
            self._restart(obs.end)
            return None
        heat_s = sample.comp_heat_s
        if heat_s is None or outdoor is None or sample.hvac_mode is HvacMode.COOL:
            return self._condition
        power = sample.outdoor_unit_w
        if power is not None and power < config.no_start_max_w:
            heat_s = 0.0  # called, but the outdoor unit does not run: no frost forms
        interval = obs.end - obs.start
        if interval != self._alphas_for:
            self._alphas = _alphas(interval)
            self._alphas_for = interval
        self._smooth(obs, heat_s, interval, outdoor)
        if not defrost.known:
            return self._condition
        rh = sample.outdoor_rh
        weight = 0.0
        if outdoor < config.defrost_missing_min_outdoor_c:
            weight = BELOW_BAND_WEIGHT
        elif outdoor <= config.defrost_missing_max_outdoor_c:
            weight = 1.0
        if rh is not None and rh < DRY_RH:
            weight *= DRY_WEIGHT
        self._frost_s += heat_s * weight
        if self._frost_s < CLEAN_RUNTIME_S:
            self._hold(outdoor, interval)
        if self._frost_s < config.defrost_missing_runtime_s:
            return self._condition
        sensors = sample.supply_temp_c is not None and sample.return_temp_c is not None
        falling = self._falling(outdoor, obs.end, sensors=sensors)
        if falling is None:
            return self._condition
        self._condition = Condition(
            start=self._since,
            severity=Severity.ERROR,
            evidence={
                "frost_runtime_s": round(self._frost_s),
                "outdoor_temp_c": _rounded(self._outdoor_c),
                "outdoor_rh": _rounded(self._outdoor_rh, 2),
                "split_normal_k": _rounded(falling[0]),
                "split_now_k": _rounded(self._split),
                "duty_normal": _rounded(falling[1], 2),
                "duty_now": _rounded(self._duty, 2),
                "last_defrost_at": None
                if self._last_defrost is None
                else iso(self._last_defrost),
                "window_start": iso(self._since),
            },
        )
        return self._condition

    def _restart(self, now: float) -> None:
        if self._holding:
            self._held = _no_held()
            self._holding = False
        self._reversed = False
        self._reversed_s = 0.0
        self._frost_s = 0.0
        self._since = now
        self._condition = None

    def _smooth(
        self, obs: Observation, heat_s: float, interval: float, outdoor: float
    ) -> None:
        sample = obs.sample
        assert sample is not None
        duty_alpha, split_alpha = self._alphas
        share = heat_s / interval
        duty = self._duty
        self._duty = share if duty is None else duty + (share - duty) * duty_alpha
        smoothed = self._outdoor_c
        self._outdoor_c = (
            outdoor
            if smoothed is None
            else smoothed + (outdoor - smoothed) * duty_alpha
        )
        rh = sample.outdoor_rh
        if rh is not None:
            smoothed = self._outdoor_rh
            self._outdoor_rh = (
                rh if smoothed is None else smoothed + (rh - smoothed) * duty_alpha
            )
        if share < STEADY_SHARE or sample.aux_heat_s != 0.0:
            return
        supply = sample.supply_temp_c
        ret = sample.return_temp_c
        if supply is not None and ret is not None:
            split = supply - ret
            if split <= -REVERSED_SPLIT_K:
                self._reversed_s += interval
                if self._reversed_s >= REVERSED_MIN_S:
                    self._reversed = True
            self._last_split = split
            smoothed = self._split
            self._split = (
                split
                if smoothed is None
                else smoothed + (split - smoothed) * split_alpha
            )
            self._split_at = obs.end

    def _hold(self, outdoor: float, interval: float) -> None:
        """Hold the smoothed split and duty for the outdoor bin (``_bin``, inlined)."""
        index = int((outdoor - BIN_LOW_C) // BIN_C)
        if index < 0:
            index = 0
        elif index > BIN_COUNT - 1:
            index = BIN_COUNT - 1
        held = self._held
        split = self._split
        if split is not None:
            held[_SPLIT_SUM][index] += split * interval
            held[_SPLIT_S][index] += interval
        duty = self._duty
        if duty is not None:
            held[_DUTY_SUM][index] += duty * interval
            held[_DUTY_S][index] += interval
        self._holding = True

    def _commit(self) -> None:
        """Learn what the count held: a defrost came in time, the coil was clean."""
        held = self._held
        split_learned, duty_learned = self._learned_s
        for bins, learned, sums, weights in (
            (self._split_bins, split_learned, held[_SPLIT_SUM], held[_SPLIT_S]),
            (self._duty_bins, duty_learned, held[_DUTY_SUM], held[_DUTY_S]),
        ):
            for index, seconds in enumerate(weights):
                if seconds <= 0.0:
                    continue
                value = sums[index] / seconds
                normal = bins[index]
                total = learned[index] + seconds
                learned[index] = total
                # A plain mean until the bin has learned LEARN_SMOOTHING_S, so that
                # its first count does not outweigh the next ones.
                alpha = max(
                    1.0 - math.exp(-seconds / LEARN_SMOOTHING_S), seconds / total
                )
                bins[index] = (
                    value if normal is None else normal + (value - normal) * alpha
                )

    def _falling(
        self, outdoor: float, now: float, *, sensors: bool
    ) -> tuple[float | None, float | None] | None:
        """Return the normal (split, duty) when delivered heat fell below them.

        ``sensors``: the sample has supply and return readings; the runtime share is
        then not used (a stale split means backup heat hides the heat pump's share).
        """
        split_normal = _nearest(self._split_bins, outdoor)
        duty_normal = _nearest(self._duty_bins, outdoor)
        split = self._split
        at = self._split_at
        if at is None or now - at > SPLIT_STALE_S:
            split = None
        last = self._last_split
        if self._reversed or (last is not None and last <= 0.0):
            return None  # heat taken from the house: a reversing valve, not ice
        if (
            split_normal is not None
            and split is not None
            and split_normal >= MIN_SPLIT_K
        ):
            if split <= split_normal * (1.0 - SPLIT_DROP):
                return split_normal, duty_normal
            return None
        duty = self._duty
        if sensors:
            return None
        if (
            duty_normal is not None
            and duty is not None
            and duty >= HIGH_DUTY
            and duty >= duty_normal + DUTY_RISE
        ):
            return split_normal, duty_normal
        return None

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "frost_s": self._frost_s,
            "since": self._since,
            "last_defrost": self._last_defrost,
            "split": self._split,
            "split_at": self._split_at,
            "last_split": self._last_split,
            "reversed": self._reversed,
            "reversed_s": self._reversed_s,
            "duty": self._duty,
            "outdoor_c": self._outdoor_c,
            "outdoor_rh": self._outdoor_rh,
            "split_bins": list(self._split_bins),
            "duty_bins": list(self._duty_bins),
            "held": [list(row) for row in self._held],
            "learned_s": [list(row) for row in self._learned_s],
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._frost_s = st.number(state, "frost_s")
        self._since = st.optional_number(state, "since")
        self._last_defrost = st.optional_number(state, "last_defrost")
        self._split = st.optional_number(state, "split")
        self._split_at = st.optional_number(state, "split_at")
        self._last_split = st.optional_number(state, "last_split")
        self._reversed = st.flag(state, "reversed")
        self._reversed_s = st.number(state, "reversed_s")
        self._duty = st.optional_number(state, "duty")
        self._outdoor_c = st.optional_number(state, "outdoor_c")
        self._outdoor_rh = st.optional_number(state, "outdoor_rh")
        self._split_bins = _bins(state, "split_bins")
        self._duty_bins = _bins(state, "duty_bins")
        self._held = _held(state)
        self._learned_s = _learned(state, self._split_bins, self._duty_bins)
        self._holding = any(any(row) for row in self._held)
        self._condition = optional_condition(state, "condition")


@lru_cache(maxsize=64)
def _alphas(interval: float) -> tuple[float, float]:
    """Return the smoothing weights of a sample (duty, split)."""
    return (
        1.0 - math.exp(-interval / DUTY_SMOOTHING_S),
        1.0 - math.exp(-interval / SPLIT_SMOOTHING_S),
    )


_SPLIT_SUM, _SPLIT_S, _DUTY_SUM, _DUTY_S = range(4)


def _no_held() -> list[list[float]]:
    return [[0.0] * BIN_COUNT for _ in range(4)]


def _held(state: Mapping[str, Any]) -> list[list[float]]:
    """Read the held sums; state saved before they existed holds nothing."""
    if "held" not in state:
        return _no_held()
    rows = st.items(state, "held")
    if len(rows) != 4 or any(
        not isinstance(row, list) or len(row) != BIN_COUNT for row in rows
    ):
        raise st.StateError(f"'held' must hold 4 rows of {BIN_COUNT} bins")
    return [[st.number({"v": value}, "v") for value in row] for row in rows]


def _learned(
    state: Mapping[str, Any],
    split_bins: list[float | None],
    duty_bins: list[float | None],
) -> list[list[float]]:
    """Read the learned seconds; state saved before them counts its bins as mature."""
    if "learned_s" not in state:
        return [
            [0.0 if value is None else LEARN_SMOOTHING_S for value in bins]
            for bins in (split_bins, duty_bins)
        ]
    rows = st.items(state, "learned_s")
    if len(rows) != 2 or any(
        not isinstance(row, list) or len(row) != BIN_COUNT for row in rows
    ):
        raise st.StateError(f"'learned_s' must hold 2 rows of {BIN_COUNT} bins")
    return [[st.number({"v": value}, "v") for value in row] for row in rows]


def _bin(outdoor: float) -> int:
    return min(BIN_COUNT - 1, max(0, int((outdoor - BIN_LOW_C) // BIN_C)))


def _nearest(bins: list[float | None], outdoor: float) -> float | None:
    """Return the learned value of the outdoor bin, or of a neighbour."""
    index = _bin(outdoor)
    for offset in (0, -1, 1):
        probe = index + offset
        if 0 <= probe < BIN_COUNT and bins[probe] is not None:
            return bins[probe]
    return None


def _bins(state: Mapping[str, Any], key: str) -> list[float | None]:
    values = st.items(state, key)
    if len(values) != BIN_COUNT:
        raise st.StateError(f"{key!r} must hold {BIN_COUNT} bins")
    return [st.optional_number({key: value}, key) for value in values]


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
