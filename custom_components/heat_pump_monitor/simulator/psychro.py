"""Moist-air relations needed for humidity and frost (sea-level pressure)."""

from __future__ import annotations

import math
from typing import Final

PRESSURE_PA: Final = 101_325.0
LATENT_VAPORISATION_J_PER_KG: Final = 2.45e6
LATENT_FUSION_J_PER_KG: Final = 334e3
AIR_CP_J_PER_KG_K: Final = 1006.0
AIR_DENSITY_KG_PER_M3: Final = 1.2


def saturation_pressure_pa(temp_c: float) -> float:
    """Saturation vapour pressure over liquid water (Magnus, WMO coefficients)."""
    return 611.2 * math.exp(17.62 * temp_c / (243.12 + temp_c))


def saturation_pressure_ice_pa(temp_c: float) -> float:
    """Saturation vapour pressure over ice, for frost on a coil below 0 °C."""
    return 611.2 * math.exp(22.46 * temp_c / (272.62 + temp_c))


def humidity_ratio(vapour_pa: float) -> float:
    """Kilograms of water vapour per kilogram of dry air."""
    return 0.622 * vapour_pa / (PRESSURE_PA - vapour_pa)


def humidity_ratio_at(temp_c: float, rh: float) -> float:
    """Humidity ratio of air at a temperature and relative humidity (0..1)."""
    return humidity_ratio(rh * saturation_pressure_pa(temp_c))


def relative_humidity(temp_c: float, ratio: float) -> float:
    """Relative humidity (0..1, capped at 1) of air with a given humidity ratio."""
    vapour_pa = ratio * PRESSURE_PA / (0.622 + ratio)
    return min(1.0, vapour_pa / saturation_pressure_pa(temp_c))
