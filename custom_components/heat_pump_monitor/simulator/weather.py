"""Outdoor weather: a seasonal curve, a daily cycle and slow random variation."""

from __future__ import annotations

from collections.abc import Mapping
import math
import random
from typing import Final, NamedTuple

from .config import Climate, WeatherParams
from .psychro import humidity_ratio_at, relative_humidity

CLIMATE_WEATHER: Final[Mapping[Climate, WeatherParams]] = {
    Climate.MILD: WeatherParams(
        winter_mean_c=5.0,
        summer_mean_c=22.0,
        diurnal_range_c=8.0,
        day_to_day_sd_c=3.0,
        winter_rh=0.78,
        summer_rh=0.62,
    ),
    Climate.COLD: WeatherParams(
        winter_mean_c=-3.0,
        summer_mean_c=23.0,
        diurnal_range_c=8.0,
        day_to_day_sd_c=4.0,
        winter_rh=0.75,
        summer_rh=0.6,
    ),
    Climate.VERY_COLD: WeatherParams(
        winter_mean_c=-15.0,
        summer_mean_c=19.5,
        diurnal_range_c=9.0,
        day_to_day_sd_c=5.0,
        winter_rh=0.72,
        summer_rh=0.58,
    ),
}
"""Default weather of each climate (northern hemisphere)."""

_DAY_S: Final = 86_400.0
_YEAR_DAYS: Final = 365.2425
_COLDEST_DAY_OF_YEAR: Final = 20.0
_DAWN_H: Final = 6.0
_WARMEST_H: Final = 15.0
_SLOW_PERIOD_DAYS: Final = 4.0
# Smoothstep interpolation between independent knots shrinks the variance; this
# brings the standard deviation of the anomaly back to about what was asked for.
_NOISE_GAIN: Final = 1.25
_KNOT_CACHE_SIZE: Final = 64
SMOOTH_STEP_S: Final = 300
"""Spacing of the exact values :meth:`Weather.smooth_at` interpolates between."""


class Conditions(NamedTuple):
    """Outdoor conditions at one moment."""

    temp_c: float
    rh: float
    """Relative humidity, 0..1."""
    humidity_ratio: float
    """Kilograms of water vapour per kilogram of dry air."""
    sun: float
    """Sunshine on the windows as a share of a clear noon, 0..1."""


def diurnal_shape(hour: float) -> float:
    """Daily temperature shape: -1 at dawn (06:00), +1 mid-afternoon (15:00)."""
    if _DAWN_H <= hour < _WARMEST_H:
        return -math.cos(math.pi * (hour - _DAWN_H) / (_WARMEST_H - _DAWN_H))
    since_peak = (hour - _WARMEST_H) % 24.0
    return math.cos(math.pi * since_peak / (24.0 - _WARMEST_H + _DAWN_H))


def season(day_of_year: float) -> float:
    """Seasonal position: -1 in late January, +1 in late July."""
    return -math.cos(2.0 * math.pi * (day_of_year - _COLDEST_DAY_OF_YEAR) / _YEAR_DAYS)


class Weather:
    """Deterministic weather for a seed; the same time always gives the same value."""

    __slots__ = (
        "_knots",
        "_left",
        "_left_s",
        "_offset_s",
        "_params",
        "_right",
        "_seed",
    )

    def __init__(
        self, params: WeatherParams, *, seed: int, utc_offset_s: float
    ) -> None:
        """Weather of a climate, seen from a place with the given UTC offset."""
        self._params = params
        self._seed = seed
        self._offset_s = utc_offset_s
        self._knots: dict[tuple[int, int], float] = {}
        self._left_s = -1
        self._left = self._right = Conditions(0.0, 0.0, 0.0, 0.0)

    def smooth_at(self, epoch_s: float) -> Conditions:
        """Conditions at a POSIX time, interpolated between exact values 5 min apart.

        Cheaper than :meth:`at` when asked often for times close together.
        """
        left_s = int(epoch_s // SMOOTH_STEP_S) * SMOOTH_STEP_S
        if left_s != self._left_s:
            if left_s == self._left_s + SMOOTH_STEP_S:
                self._left = self._right
            else:
                self._left = self.at(left_s)
            self._right = self.at(left_s + SMOOTH_STEP_S)
            self._left_s = left_s
        share = (epoch_s - left_s) / SMOOTH_STEP_S
        left = self._left
        right = self._right
        return Conditions(
            left.temp_c + (right.temp_c - left.temp_c) * share,
            left.rh + (right.rh - left.rh) * share,
            left.humidity_ratio + (right.humidity_ratio - left.humidity_ratio) * share,
            left.sun + (right.sun - left.sun) * share,
        )

    def at(self, epoch_s: float) -> Conditions:
        """Conditions at a POSIX time."""
        params = self._params
        local_days = (epoch_s + self._offset_s) / _DAY_S
        hour = (local_days % 1.0) * 24.0
        position = season(local_days % _YEAR_DAYS)
        winter = (1.0 - position) / 2.0
        mean_c = params.winter_mean_c * winter + params.summer_mean_c * (1.0 - winter)
        anomaly = _NOISE_GAIN * (
            0.8 * self._noise(0, local_days / _SLOW_PERIOD_DAYS)
            + 0.6 * self._noise(1, local_days)
        )
        cloud = min(1.0, max(0.0, 0.5 + 0.4 * self._noise(2, local_days + 0.5)))
        day_mean_c = mean_c + params.day_to_day_sd_c * anomaly
        swing_c = params.diurnal_range_c / 2.0 * (1.3 - 0.6 * cloud)
        temp_c = day_mean_c + swing_c * diurnal_shape(hour)
        # Moisture stays about the same through a day, so the relative humidity
        # peaks at dawn and dips in the afternoon.
        base_rh = params.winter_rh * winter + params.summer_rh * (1.0 - winter)
        ratio = humidity_ratio_at(day_mean_c, min(1.0, base_rh * (0.8 + 0.4 * cloud)))
        rh = min(0.99, relative_humidity(temp_c, ratio))
        ratio = min(ratio, humidity_ratio_at(temp_c, rh))
        daylight_h = 12.0 + 3.5 * position
        sunrise_h = 12.0 - daylight_h / 2.0
        sun = 0.0
        if sunrise_h < hour < sunrise_h + daylight_h:
            sun = math.sin(math.pi * (hour - sunrise_h) / daylight_h) * (
                1.0 - 0.8 * cloud
            )
        return Conditions(temp_c, rh, ratio, sun)

    def _noise(self, octave: int, position: float) -> float:
        index = math.floor(position)
        frac = position - index
        smooth = frac * frac * (3.0 - 2.0 * frac)
        left = self._knot(octave, index)
        return left + (self._knot(octave, index + 1) - left) * smooth

    def _knot(self, octave: int, index: int) -> float:
        key = (octave, index)
        value = self._knots.get(key)
        if value is None:
            if len(self._knots) >= _KNOT_CACHE_SIZE:
                self._knots.clear()
            knot_rng = random.Random(f"hpm-weather/{self._seed}/{octave}/{index}")
            value = knot_rng.gauss(0.0, 1.0)
            self._knots[key] = value
        return value
