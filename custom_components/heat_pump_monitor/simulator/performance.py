"""Capacity and efficiency of the heat pump against outdoor temperature.

The shapes follow published expanded-performance tables of a cold-climate 3-ton
single-speed unit (capacity and COP at 47/17/5 °F in heating, EER around the 95 °F
cooling rating); other sizes scale the capacity linearly.
"""

from __future__ import annotations

import itertools
from typing import Final

BTU_PER_H_W: Final = 0.29307107
REFERENCE_TONS: Final = 3.0

# (outdoor °F, capacity kBtu/h, COP) of the 3-ton reference unit in heating.
_HEATING: Final = (
    (5.0, 21.0, 1.9),
    (17.0, 26.0, 2.5),
    (47.0, 36.0, 3.8),
    (62.0, 40.0, 4.3),
)
# Below the lowest published point the trend is extrapolated down to this outdoor
# temperature and held there, never below the floors.
_HEATING_EXTRAPOLATE_TO_F: Final = -15.0
_HEATING_CAPACITY_FLOOR: Final = 0.3
"""Share of the 47 °F capacity."""
_HEATING_COP_FLOOR: Final = 1.4

# (outdoor °F, capacity kBtu/h, EER) in cooling; below about 55 °F the head pressure
# falls, and with it the refrigerant flow and the capacity.
_COOLING: Final = (
    (0.0, 12.0, 7.0),
    (30.0, 25.0, 12.0),
    (55.0, 38.5, 17.0),
    (65.0, 39.0, 16.5),
    (75.0, 38.0, 14.8),
    (85.0, 37.0, 13.3),
    (95.0, 36.0, 12.0),
    (105.0, 33.8, 10.4),
    (115.0, 31.2, 8.8),
)
_EER_PER_COP: Final = 3.412


def fahrenheit(celsius: float) -> float:
    """Convert °C to °F."""
    return celsius * 1.8 + 32.0


def _interpolate(
    points: tuple[tuple[float, float, float], ...], x: float
) -> tuple[float, float]:
    """Linear in each segment, held beyond the ends."""
    if x <= points[0][0]:
        return points[0][1], points[0][2]
    for (x0, a0, b0), (x1, a1, b1) in itertools.pairwise(points):
        if x <= x1:
            share = (x - x0) / (x1 - x0)
            return a0 + (a1 - a0) * share, b0 + (b1 - b0) * share
    return points[-1][1], points[-1][2]


class Performance:
    """Steady-state capacity (W) and COP of one unit size."""

    __slots__ = ("_scale", "rated_heating_w")

    def __init__(self, tons: float) -> None:
        """Describe a unit of ``tons`` nominal size."""
        self._scale = tons / REFERENCE_TONS * 1000.0 * BTU_PER_H_W
        self.rated_heating_w = _HEATING[2][1] * self._scale
        """Heating capacity at 47 °F."""

    def heating(self, outdoor_c: float) -> tuple[float, float]:
        """Heating capacity (W) and COP at an outdoor temperature."""
        temp_f = fahrenheit(outdoor_c)
        (x0, cap0, cop0), (x1, cap1, cop1) = _HEATING[0], _HEATING[1]
        if temp_f < x0:
            temp_f = max(temp_f, _HEATING_EXTRAPOLATE_TO_F)
            share = (temp_f - x0) / (x1 - x0)
            capacity = cap0 + (cap1 - cap0) * share
            cop = cop0 + (cop1 - cop0) * share
        else:
            capacity, cop = _interpolate(_HEATING, temp_f)
        capacity = max(
            capacity * self._scale, _HEATING_CAPACITY_FLOOR * self.rated_heating_w
        )
        return capacity, max(cop, _HEATING_COP_FLOOR)

    def cooling(self, outdoor_c: float) -> tuple[float, float]:
        """Total cooling capacity (W) and COP at an outdoor temperature."""
        capacity, eer = _interpolate(_COOLING, fahrenheit(outdoor_c))
        return capacity * self._scale, eer / _EER_PER_COP
