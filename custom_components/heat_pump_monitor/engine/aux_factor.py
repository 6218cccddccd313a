"""Heat one backup second adds, relative to one heat-pump second, learned per system.

With the blower on the airflow is constant, so the heat delivered is proportional to
the supply-minus-return split. Steady heating samples (the compressor through the
sample, run for ``STEADY_AFTER_S``, out of defrost and ``DEFROST_RECOVERY_S`` after
it: the rules of ``detectors.steady``, restated here because the baseline sits
below the detectors) are binned by outdoor temperature (``BIN_K`` wide) into those
with the compressor alone (no strip heat for ``AUX_SETTLE_S``) and those with backup
heat through the sample for ``AUX_SETTLE_S``.
Where a bin holds both, the backup's share is (split with both - split alone) /
split alone; the factor is the mean of the bins weighted by their backup seconds,
bounded to ``MIN_FACTOR``..``MAX_FACTOR``. It is 1 (one backup second counted as one
heat-pump second) until ``MIN_AUX_S`` of such backup seconds are seen, and always
without supply and return air temperatures.
"""

from __future__ import annotations

from collections.abc import Mapping
import math
from typing import TYPE_CHECKING, Any, Final

from . import state as st

if TYPE_CHECKING:
    from .detectors.base import Observation

STEADY_AFTER_S: Final = 600.0
DEFROST_RECOVERY_S: Final = 600.0
AUX_SETTLE_S: Final = 300.0
"""Strip heat settles the supply air (on) or stops warming it (off) within this."""
FULL_SHARE: Final = 0.9
MIN_SPLIT_K: Final = 1.0
"""A compressor-alone split below this says nothing reliable about its heat."""
MIN_AUX_S: Final = 7200.0
MIN_FACTOR: Final = 0.5
MAX_FACTOR: Final = 4.0
BIN_LOW_C: Final = -40
BIN_K: Final = 2
BIN_COUNT: Final = 40

# A bin: compressor-alone seconds and split-seconds, then the same with backup heat.
_ALONE_S, _ALONE_SPLIT, _AUX_S, _AUX_SPLIT = range(4)


class AuxFactor:
    """Learns how much more heat the backup adds than the heat pump alone."""

    __slots__ = ("_aux_since", "_aux_until", "_bins", "factor")

    def __init__(self) -> None:
        """Nothing learned: the factor is 1."""
        self._bins = [[0.0] * 4 for _ in range(BIN_COUNT)]
        self._aux_since: float | None = None
        """Start of the running stretch of strip heat (None: not running)."""
        self._aux_until: float | None = None
        """End of the last sample that ran strip heat."""
        self.factor = 1.0
        """Backup heat per second relative to the heat pump's (see the docstring)."""

    def observe(self, obs: Observation) -> None:
        """Learn from one sample, when it is a steady heating sample with a split."""
        sample = obs.sample
        if sample is None or not sample.online or obs.interrupted:
            self._aux_since = None
            return
        interval = obs.end - obs.start
        aux = sample.aux_heat_s or 0.0
        if aux >= FULL_SHARE * interval:
            if self._aux_since is None:
                self._aux_since = obs.start
        else:
            self._aux_since = None
        if aux:
            self._aux_until = obs.end
        supply = sample.supply_temp_c
        back = sample.return_temp_c
        outdoor = sample.outdoor_temp_c
        if supply is None or back is None or outdoor is None or not self._steady(obs):
            return
        split = supply - back
        bin_ = self._bins[
            min(BIN_COUNT - 1, max(0, (math.floor(outdoor) - BIN_LOW_C) // BIN_K))
        ]
        aux_since = self._aux_since
        if aux_since is not None:
            if obs.start - aux_since >= AUX_SETTLE_S:
                bin_[_AUX_S] += interval
                bin_[_AUX_SPLIT] += split * interval
                self._learn()
        elif aux == 0.0 and (
            self._aux_until is None or obs.start - self._aux_until >= AUX_SETTLE_S
        ):
            bin_[_ALONE_S] += interval
            bin_[_ALONE_SPLIT] += split * interval

    @staticmethod
    def _steady(obs: Observation) -> bool:
        sample = obs.sample
        assert sample is not None
        interval = obs.end - obs.start
        if (sample.comp_heat_s or 0.0) < FULL_SHARE * interval or sample.comp_cool_s:
            return False
        if sample.fan_s == 0.0:
            return False
        power = sample.outdoor_unit_w
        if power is not None and power < obs.config.no_start_max_w:
            return False
        cycles = obs.cycles
        if not cycles.running or obs.start - cycles.run_start < STEADY_AFTER_S:
            return False
        defrost = obs.defrost
        if defrost.active or defrost.ended:
            return False
        last_end = defrost.last_end
        return last_end is None or obs.start - last_end >= DEFROST_RECOVERY_S

    def _learn(self) -> None:
        weight = total = 0.0
        for alone_s, alone_split, aux_s, aux_split in self._bins:
            if not aux_s or not alone_s:
                continue
            alone = alone_split / alone_s
            if alone < MIN_SPLIT_K:
                continue
            weight += aux_s
            total += aux_s * (aux_split / aux_s - alone) / alone
        if weight < MIN_AUX_S:
            return
        self.factor = min(MAX_FACTOR, max(MIN_FACTOR, total / weight))

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "bins": [list(bin_) for bin_ in self._bins],
            "aux_since": self._aux_since,
            "aux_until": self._aux_until,
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        bins = st.items(state, "bins")
        if len(bins) != BIN_COUNT or any(
            not isinstance(bin_, list) or len(bin_) != 4 for bin_ in bins
        ):
            raise st.StateError("aux factor bins are malformed")
        self._bins = [[st.number({"v": value}, "v") for value in bin_] for bin_ in bins]
        self._aux_since = st.optional_number(state, "aux_since")
        self._aux_until = st.optional_number(state, "aux_until")
        self.factor = 1.0
        self._learn()
