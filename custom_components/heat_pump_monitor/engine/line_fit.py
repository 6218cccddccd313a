"""Least-squares line of outdoor temperature against daily duty, from running sums.

``outdoor = base + slope * duty``: heating degree-days with a fitted base temperature
(the PRISM / ENERGY STAR connected-thermostat shape). A line is given only from
``MIN_DAYS`` days spanning ``MIN_SPREAD_K`` that clearly fall (r² of ``MIN_R2``).
"""

from __future__ import annotations

import math
from typing import Any, Final

from . import state as st

MIN_DAYS: Final = 7
MIN_SPREAD_K: Final = 3.0
MIN_R2: Final = 0.5


class LineFit:
    """Weighted least-squares sums of ``outdoor = base + slope * duty``."""

    __slots__ = ("n", "sx", "sxx", "sxy", "sy", "syy", "t_max", "t_min")

    def __init__(self) -> None:
        """No points."""
        self.n = self.sx = self.sy = self.sxx = self.sxy = self.syy = 0.0
        self.t_min = math.inf
        self.t_max = -math.inf

    def add(self, duty: float, outdoor: float, weight: float = 1.0) -> None:
        """Add one day."""
        self.n += weight
        self.sx += weight * duty
        self.sy += weight * outdoor
        self.sxx += weight * duty * duty
        self.sxy += weight * duty * outdoor
        self.syy += weight * outdoor * outdoor
        self.t_min = min(self.t_min, outdoor)
        self.t_max = max(self.t_max, outdoor)

    def line(self) -> tuple[float, float] | None:
        """Return ``(base, slope)`` when the data fit a clearly falling line."""
        n = self.n
        if n < MIN_DAYS - 1e-9 or self.t_max - self.t_min < MIN_SPREAD_K:
            return None
        vxx = self.sxx - self.sx * self.sx / n
        vyy = self.syy - self.sy * self.sy / n
        vxy = self.sxy - self.sx * self.sy / n
        if vxx <= 1e-9 or vyy <= 1e-9 or vxy >= 0:
            return None
        if vxy * vxy / (vxx * vyy) < MIN_R2:
            return None
        slope = vxy / vxx
        return (self.sy - slope * self.sx) / n, slope

    def to_state(self) -> list[float | None]:
        """Return persistable sums."""
        finite = math.isfinite(self.t_min)
        return [
            self.n,
            self.sx,
            self.sy,
            self.sxx,
            self.sxy,
            self.syy,
            self.t_min if finite else None,
            self.t_max if finite else None,
        ]

    @classmethod
    def from_state(cls, values: Any) -> LineFit:
        """Restore ``to_state`` output."""
        if not isinstance(values, list) or len(values) != 8:
            raise st.StateError("baseline fit is malformed")
        keyed = dict(enumerate(values))
        fit = cls()
        fit.n, fit.sx, fit.sy, fit.sxx, fit.sxy, fit.syy = (
            st.number({"v": keyed[index]}, "v") for index in range(6)
        )
        low = st.optional_number({"v": keyed[6]}, "v")
        high = st.optional_number({"v": keyed[7]}, "v")
        fit.t_min = math.inf if low is None else low
        fit.t_max = -math.inf if high is None else high
        return fit
