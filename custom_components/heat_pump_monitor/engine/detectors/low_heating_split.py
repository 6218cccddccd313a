"""``low_heating_split``: supply-return rise too small for the outdoor temperature.

Published heat pump data put the steady temperature rise across the indoor coil of a
healthy unit at about ``10.7 + 0.32 * outdoor`` (both in °F), which is
``11.63 + 0.32 * outdoor`` in K and °C. A steady heating sample (see ``steady``)
whose rise is more than ``config.heating_split_margin_c`` below that, or a day whose
rises are ``config.split_baseline_fraction`` below the unit's own learned rise at
the same outdoor temperature, is low; ``split_days`` judges whole days. Typical
causes: low refrigerant charge, a restriction, a weak compressor. Silent without
supply and return air temperatures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import state as st
from ..findings import FindingKind, Severity
from .base import Condition, Observation
from .split_days import SplitDays
from .steady import HEATING, STEADY_AFTER_S, WRONG_SIDE_K, running_mode, settled

EXPECTED_RISE_AT_0C_K: Final = 11.63
"""Published rise at 0 °C (32 °F): (10.7 + 0.32 * 32) / 1.8."""
EXPECTED_RISE_PER_K: Final = 0.32
"""Published change of the rise per degree of outdoor temperature (°F/°F = K/K)."""
OUTDOOR_RANGE_C: Final = (-20.0, 20.0)
"""Outdoor temperatures over which the published relation is used (held beyond)."""


def expected_rise_k(outdoor_c: float) -> float:
    """Return the published steady heating rise (K) at an outdoor temperature."""
    low, high = OUTDOOR_RANGE_C
    outdoor_c = min(high, max(low, outdoor_c))
    return EXPECTED_RISE_AT_0C_K + EXPECTED_RISE_PER_K * outdoor_c


class LowHeatingSplitDetector:
    """Judges the steady heating rise day by day."""

    __slots__ = ("_aux_until", "_days")

    kind = FindingKind.LOW_HEATING_SPLIT

    def __init__(self) -> None:
        """Nothing learned."""
        self._days = SplitDays(Severity.WARNING, EXPECTED_RISE_PER_K)
        self._aux_until: float | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Present while low days are established (see the module docstring)."""
        days = self._days
        if obs.day != days.day:
            days.roll(obs)
        sample = obs.sample
        if sample is None:
            return days.condition
        supply = sample.supply_temp_c
        if supply is None:
            return days.condition
        if sample.aux_heat_s:
            self._aux_until = obs.end
            return days.condition
        if (
            not sample.comp_heat_s
            or not settled(obs, self._aux_until, STEADY_AFTER_S)
            or running_mode(obs) != HEATING
        ):
            return days.condition
        back = sample.return_temp_c
        outdoor = sample.outdoor_temp_c
        if back is None or outdoor is None or sample.fan_s == 0.0:
            return days.condition
        split = supply - back  # ``air_split``, both known
        if split < -WRONG_SIDE_K:
            return days.condition
        margin = obs.config.heating_split_margin_c
        limit = expected_rise_k(outdoor) - margin
        days.add(obs, split, limit, outdoor, margin=margin)
        return days.condition

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {"days": self._days.to_state(), "aux_until": self._aux_until}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._days.load_state(st.section(state, "days"))
        self._aux_until = st.optional_number(state, "aux_until")
