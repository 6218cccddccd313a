"""``low_cooling_split``: return-supply drop too small in steady cooling.

A healthy unit cools the air by 16-22 °F (9-12 K) across the indoor coil. A steady
cooling sample (see ``steady``) whose drop is below ``config.cooling_split_min_c``,
or a day whose drops are ``config.split_baseline_fraction`` below the unit's own
learned drop at the same outdoor temperature, is low; ``split_days`` judges whole
days. A humid room turns part of the capacity into dehumidification and lowers the
sensible drop, so above ``HUMID_RH`` indoor humidity the limit is lowered by
``HUMID_LENIENCY`` per unit of humidity. Typical causes: low charge, a dirty coil or
filter, a weak compressor. Silent without supply and return air temperatures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import state as st
from ..findings import FindingKind, Severity
from .base import Condition, Observation
from .split_days import SplitDays
from .steady import (
    COOLING,
    STEADY_AFTER_S,
    WRONG_SIDE_K,
    air_split,
    running_mode,
    settled,
)

HUMID_RH: Final = 0.60
"""Indoor relative humidity above which the expected sensible drop shrinks."""
HUMID_LENIENCY: Final = 1.5
"""Share of the limit given up per unit of relative humidity above ``HUMID_RH``."""
MIN_LIMIT_SHARE: Final = 0.5


def cooling_limit_k(minimum_k: float, indoor_rh: float | None) -> float:
    """Return the drop (K) below which steady cooling is low at an indoor humidity."""
    if indoor_rh is None or indoor_rh <= HUMID_RH:
        return minimum_k
    share = max(MIN_LIMIT_SHARE, 1.0 - HUMID_LENIENCY * (indoor_rh - HUMID_RH))
    return minimum_k * share


class LowCoolingSplitDetector:
    """Judges the steady cooling drop day by day."""

    __slots__ = ("_days",)

    kind = FindingKind.LOW_COOLING_SPLIT

    def __init__(self) -> None:
        """Nothing learned."""
        self._days = SplitDays(Severity.WARNING, 0.0)

    def observe(self, obs: Observation) -> Condition | None:
        """Present while low days are established (see the module docstring)."""
        days = self._days
        if obs.day != days.day:
            days.roll(obs)
        sample = obs.sample
        if (
            sample is None
            or not sample.comp_cool_s
            or sample.supply_temp_c is None
            or running_mode(obs) != COOLING
            or not settled(obs, None, STEADY_AFTER_S)
            or sample.fan_s == 0.0
        ):
            return days.condition
        split = air_split(obs)
        outdoor = sample.outdoor_temp_c
        if split is None or split > WRONG_SIDE_K or outdoor is None:
            return days.condition
        limit = cooling_limit_k(obs.config.cooling_split_min_c, sample.indoor_rh)
        days.add(obs, -split, limit, outdoor)
        return days.condition

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {"days": self._days.to_state()}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._days.load_state(st.section(state, "days"))
