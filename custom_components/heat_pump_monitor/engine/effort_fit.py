"""Effort line: outdoor temperature against compressor plus weighted backup duty.

The day's *effort* is ``duty + factor * aux``, with ``factor`` the heat of one backup
second relative to one heat-pump second (``aux_factor``). The fit keeps the sums of
duty and backup duty apart, so that its ``line_fit.LineFit`` can be built for the
factor in force whenever it is asked, and the reference and the day it judges are
always weighed alike. A fit restored from state of an older version held the effort
summed with backup seconds counted as heat-pump seconds: it keeps weighing them so.
"""

from __future__ import annotations

import math
from typing import Any

from . import state as st
from .line_fit import LineFit

_SUMS = 10
_STATE_LENGTH = _SUMS + 2
_LINE_FIT_LENGTH = 8


class EffortFit:
    """Weighted least-squares sums of outdoor against duty and backup duty."""

    __slots__ = (
        "n",
        "sa",
        "saa",
        "say",
        "sd",
        "sda",
        "sdd",
        "sdy",
        "sy",
        "syy",
        "t_max",
        "t_min",
        "weighs_aux",
    )

    def __init__(self) -> None:
        """No points."""
        self.n = self.sd = self.sa = self.sy = 0.0
        self.sdd = self.sda = self.saa = self.sdy = self.say = self.syy = 0.0
        self.t_min = math.inf
        self.t_max = -math.inf
        self.weighs_aux = True
        """False for sums restored from an older version (backup counted as 1)."""

    def effort(self, duty: float, aux: float, factor: float) -> float:
        """Return a day's effort as this fit weighs it."""
        return duty + (factor if self.weighs_aux else 1.0) * aux

    def add(self, duty: float, aux: float, outdoor: float, weight: float = 1.0) -> None:
        """Add one day."""
        self.n += weight
        self.sd += weight * duty
        self.sa += weight * aux
        self.sy += weight * outdoor
        self.sdd += weight * duty * duty
        self.sda += weight * duty * aux
        self.saa += weight * aux * aux
        self.sdy += weight * duty * outdoor
        self.say += weight * aux * outdoor
        self.syy += weight * outdoor * outdoor
        self.t_min = min(self.t_min, outdoor)
        self.t_max = max(self.t_max, outdoor)

    def line_fit(self, factor: float) -> LineFit:
        """Return the fit of outdoor against effort weighed with ``factor``."""
        weight = factor if self.weighs_aux else 1.0
        fit = LineFit()
        fit.n = self.n
        fit.sx = self.sd + weight * self.sa
        fit.sy = self.sy
        fit.sxx = self.sdd + 2.0 * weight * self.sda + weight * weight * self.saa
        fit.sxy = self.sdy + weight * self.say
        fit.syy = self.syy
        fit.t_min = self.t_min
        fit.t_max = self.t_max
        return fit

    def to_state(self) -> list[float | None]:
        """Return persistable sums (an older version's are kept in its shape)."""
        if not self.weighs_aux:
            return self.line_fit(1.0).to_state()
        finite = math.isfinite(self.t_min)
        sums: list[float | None] = [
            self.n,
            self.sd,
            self.sa,
            self.sy,
            self.sdd,
            self.sda,
            self.saa,
            self.sdy,
            self.say,
            self.syy,
        ]
        return [
            *sums,
            self.t_min if finite else None,
            self.t_max if finite else None,
        ]

    @classmethod
    def from_state(cls, values: Any) -> EffortFit:
        """Restore ``to_state`` output, or an older version's ``LineFit`` sums."""
        fit = cls()
        if isinstance(values, list) and len(values) == _LINE_FIT_LENGTH:
            old = LineFit.from_state(values)
            fit.n, fit.sd, fit.sy = old.n, old.sx, old.sy
            fit.sdd, fit.sdy, fit.syy = old.sxx, old.sxy, old.syy
            fit.t_min, fit.t_max = old.t_min, old.t_max
            fit.weighs_aux = False
            return fit
        if not isinstance(values, list) or len(values) != _STATE_LENGTH:
            raise st.StateError("baseline effort fit is malformed")
        (
            fit.n,
            fit.sd,
            fit.sa,
            fit.sy,
            fit.sdd,
            fit.sda,
            fit.saa,
            fit.sdy,
            fit.say,
            fit.syy,
        ) = (st.number({"v": value}, "v") for value in values[:_SUMS])
        low = st.optional_number({"v": values[_SUMS]}, "v")
        high = st.optional_number({"v": values[_SUMS + 1]}, "v")
        fit.t_min = math.inf if low is None else low
        fit.t_max = -math.inf if high is None else high
        return fit
