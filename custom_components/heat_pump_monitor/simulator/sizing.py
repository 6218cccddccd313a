"""Default equipment size and house for a climate."""

from __future__ import annotations

from collections.abc import Mapping
import math
from typing import Final

from .config import Climate, HeatPumpParams, HouseParams, WeatherParams
from .performance import Performance

CLIMATE_HOUSE: Final[Mapping[Climate, HouseParams]] = {
    Climate.MILD: HouseParams(ua_w_per_k=300.0),
    Climate.COLD: HouseParams(ua_w_per_k=250.0),
    Climate.VERY_COLD: HouseParams(ua_w_per_k=180.0),
}
"""Houses in colder climates are built tighter."""

_HEATING_DESIGN_BELOW_MEAN_C: Final = 5.0
_MIN_TONS: Final = 1.5
_MAX_TONS: Final = 5.0


def size_tons(
    house: HouseParams,
    weather: WeatherParams,
    heat_pump: HeatPumpParams,
    *,
    heat_setpoint_c: float,
    cool_setpoint_c: float,
) -> float:
    """Nominal tons that carry the house on a cold winter day and a hot summer day.

    Heating is sized to hold the setpoint without strip heat on a day 5 °C below the
    winter mean; cooling to a hot afternoon. The larger wins, rounded up to a half
    ton, 1.5 to 5 tons as sold for homes.
    """
    one_ton = Performance(1.0)
    heat_design_c = weather.winter_mean_c - _HEATING_DESIGN_BELOW_MEAN_C
    heat_load_w = house.ua_w_per_k * (heat_setpoint_c - heat_design_c)
    heat_load_w -= house.internal_gains_w
    heat_tons = heat_load_w / one_ton.heating(heat_design_c)[0]
    cool_design_c = (
        weather.summer_mean_c + weather.diurnal_range_c / 2.0 + weather.day_to_day_sd_c
    )
    cool_load_w = house.ua_w_per_k * (cool_design_c - cool_setpoint_c)
    cool_load_w += house.internal_gains_w + house.solar_gain_w
    cool_per_ton_w = one_ton.cooling(cool_design_c)[0] * heat_pump.sensible_heat_ratio
    cool_tons = cool_load_w / cool_per_ton_w
    tons = math.ceil(max(heat_tons, cool_tons) * 2.0) / 2.0
    return min(_MAX_TONS, max(_MIN_TONS, tons))
