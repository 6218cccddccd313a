"""Physics sanity of healthy systems: comfort, defrost, capacity, splits, weather."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
import statistics

import pytest

from custom_components.heat_pump_monitor.engine.sample import HvacMode
from custom_components.heat_pump_monitor.simulator import (
    Climate,
    HeatPumpParams,
    HouseParams,
    Simulation,
    SimulationConfig,
    WeatherParams,
)
from custom_components.heat_pump_monitor.simulator.performance import Performance
from custom_components.heat_pump_monitor.simulator.weather import (
    CLIMATE_WEATHER,
    Weather,
)

from .support import (
    WINTER,
    defrost_minutes,
    mean_split,
    runs,
    simulate,
    split,
    steady_heating,
    winter,
)

SUMMER = datetime(2026, 7, 15, tzinfo=UTC)


def f_to_c(fahrenheit: float) -> float:
    return (fahrenheit - 32) / 1.8


def test_capacity_and_cop_follow_the_published_shape() -> None:
    unit = Performance(3.0)
    kbtu = 293.07107
    for temp_f, capacity_kbtu, cop in ((47, 36, 3.8), (17, 26, 2.5), (5, 21, 1.9)):
        capacity_w, found_cop = unit.heating(f_to_c(temp_f))
        assert capacity_w == pytest.approx(capacity_kbtu * kbtu, rel=1e-3)
        assert found_cop == pytest.approx(cop, rel=1e-3)
    temps = [10, 0, -10, -20, -26, -40]
    capacities = [unit.heating(t)[0] for t in temps]
    cops = [unit.heating(t)[1] for t in temps]
    assert capacities == sorted(capacities, reverse=True)
    assert cops == sorted(cops, reverse=True)
    # Held below about -15 °F, above the floors.
    assert unit.heating(-40) == unit.heating(f_to_c(-15))
    assert unit.heating(-40)[1] >= 1.4
    rated_w, rated_cop = unit.cooling(f_to_c(95))
    assert rated_w == pytest.approx(36 * kbtu, rel=1e-3)
    assert rated_cop == pytest.approx(12.0 / 3.412, rel=1e-3)
    hot_w, hot_cop = unit.cooling(f_to_c(110))
    assert hot_w < rated_w and hot_cop < rated_cop
    assert Performance(1.5).heating(0)[0] == pytest.approx(unit.heating(0)[0] / 2)


@pytest.mark.parametrize(
    ("climate", "tons"),
    [(Climate.MILD, 2.0), (Climate.COLD, 3.0), (Climate.VERY_COLD, 4.0)],
)
def test_equipment_is_sized_to_house_and_climate(climate: Climate, tons: float) -> None:
    assert Simulation(winter(climate=climate)).tons == tons
    fixed = replace(winter(climate=climate), heat_pump=HeatPumpParams(nominal_tons=2.5))
    assert Simulation(fixed).tons == 2.5


def test_healthy_cold_days_hold_the_setpoint() -> None:
    samples, labels = simulate(winter(), 2)
    assert labels == {"faults": [], "defrosts": labels["defrosts"], "healthy": True}
    indoor = [s.indoor_temp_c for s in samples]
    assert all(19.5 <= t <= 21.5 for t in indoor if t is not None)
    outdoor = [s.outdoor_temp_c for s in samples if s.outdoor_temp_c is not None]
    assert min(outdoor) < -5 < 2 < max(outdoor)
    # A single-speed unit cycles two or three times an hour, runs never below the
    # minimum on time, and the strip heat stays a small share of the heat.
    starts = runs(samples)
    assert 1.0 <= len(starts) / 48 <= 4.0
    hourly: defaultdict[datetime, int] = defaultdict(int)
    for start, _ in starts:
        hourly[start.replace(minute=0)] += 1
    assert max(hourly.values()) <= 5
    comp_s = sum(s.comp_heat_s or 0 for s in samples)
    aux_s = sum((s.aux_heat_s or 0) - (s.defrost_s or 0) for s in samples)
    assert aux_s < 0.1 * comp_s


def test_defrosts_are_plausible_when_the_coil_freezes() -> None:
    samples, labels = simulate(winter(), 2)
    minutes = defrost_minutes(labels)
    # 60 min of runtime with the coil below freezing between defrosts.
    assert 8 <= len(minutes) <= 40
    assert all(2.0 <= m <= 10.0 for m in minutes), minutes
    by_time = {s.time: s for s in samples}
    for item in labels["defrosts"]:
        start = datetime.fromisoformat(item["start"])
        sample = by_time[start.replace(second=0)]
        assert sample.outdoor_temp_c is not None and sample.outdoor_temp_c < 7
        assert sample.defrost_s and sample.aux_heat_s and sample.comp_heat_s
    assert sum(s.defrost_s or 0 for s in samples) == pytest.approx(
        sum(minutes) * 60, abs=60
    )
    # The unit is in cooling: supply air drops while the strips temper it.
    during = [split(s) for s in samples if s.defrost_s == s.interval_s]
    assert statistics.mean(during) < mean_split(samples) - 3


def test_no_defrost_in_mild_dry_weather() -> None:
    dry = WeatherParams(
        winter_mean_c=11.0,
        summer_mean_c=11.0,
        diurnal_range_c=4.0,
        day_to_day_sd_c=0.5,
        winter_rh=0.5,
        summer_rh=0.5,
    )
    config = replace(winter(), weather=dry)
    samples, labels = simulate(config, 2)
    assert min(s.outdoor_temp_c or 99 for s in samples) > 7
    assert sum(s.comp_heat_s or 0 for s in samples) > 3600
    assert labels["defrosts"] == []
    assert sum(s.defrost_s or 0 for s in samples) == 0


def test_healthy_heating_split() -> None:
    samples, _ = simulate(winter(), 2)
    steady = steady_heating(samples)
    assert len(steady) > 300
    splits = [split(s) for s in steady]
    assert 10 <= statistics.mean(splits) <= 20
    assert statistics.quantiles(splits, n=20)[0] > 7
    assert max(splits) < 22
    for sample in steady:
        assert sample.return_temp_c == pytest.approx(sample.indoor_temp_c, abs=0.6)
        assert sample.outdoor_unit_w and 1000 < sample.outdoor_unit_w < 5000
        assert sample.indoor_unit_w == pytest.approx(405, abs=1)


def test_split_and_power_fall_as_outdoor_temperature_falls() -> None:
    samples, _ = simulate(winter(climate=Climate.VERY_COLD), 2)
    steady = steady_heating(samples)
    cold = [split(s) for s in steady if (s.outdoor_temp_c or 0) < -14]
    mild = [split(s) for s in steady if (s.outdoor_temp_c or 0) > -8]
    assert cold and mild
    assert statistics.mean(cold) < statistics.mean(mild) - 1


def test_idle_readings() -> None:
    samples, _ = simulate(winter(), 1)
    idle = [s for s in samples if s.fan_s == 0]
    assert idle
    for sample in idle:
        assert sample.supply_temp_c == pytest.approx(sample.indoor_temp_c, abs=0.6)
        assert sample.indoor_unit_w == 5
        assert sample.outdoor_unit_w == 50  # controls and crankcase heater
    assert all(0.1 < (s.indoor_rh or 0) < 0.6 for s in samples)
    assert all(0 < (s.outdoor_rh or 0) <= 1 for s in samples)


def test_weather_daily_cycle_and_seasons() -> None:
    for climate, winter_c in (
        (Climate.MILD, 5),
        (Climate.COLD, -3),
        (Climate.VERY_COLD, -15),
    ):
        weather = Weather(CLIMATE_WEATHER[climate], seed=3, utc_offset_s=-5 * 3600)
        base = datetime(2026, 1, 1, 5, tzinfo=UTC).timestamp()  # local midnight
        by_hour: defaultdict[int, list[float]] = defaultdict(list)
        for minute in range(0, 60 * 24 * 40, 20):
            by_hour[minute // 60 % 24].append(weather.at(base + minute * 60).temp_c)
        means = {hour: statistics.mean(values) for hour, values in by_hour.items()}
        assert 4 <= min(means, key=means.__getitem__) <= 8
        assert 13 <= max(means, key=means.__getitem__) <= 17
        assert statistics.mean(means.values()) == pytest.approx(winter_c, abs=3)
        july = statistics.mean(
            weather.at(SUMMER.timestamp() + hour * 3600).temp_c for hour in range(240)
        )
        assert july > winter_c + 12
    smooth = Weather(CLIMATE_WEATHER[Climate.COLD], seed=3, utc_offset_s=0)
    for minute in range(0, 600, 7):
        moment = WINTER.timestamp() + minute * 60
        assert smooth.smooth_at(moment).temp_c == pytest.approx(
            smooth.at(moment).temp_c, abs=0.2
        )


def test_summer_cooling() -> None:
    config = SimulationConfig(
        start=SUMMER, climate=Climate.COLD, hvac_mode=HvacMode.COOL
    )
    samples, labels = simulate(config, 2)
    assert max(s.outdoor_temp_c or 0 for s in samples) > 25
    assert sum(s.comp_cool_s or 0 for s in samples) > 3 * 3600
    assert sum(s.comp_heat_s or 0 for s in samples) == 0
    assert sum(s.aux_heat_s or 0 for s in samples) == 0
    assert labels["defrosts"] == []
    assert all(23 <= (s.indoor_temp_c or 0) <= 25 for s in samples)
    cooling = [s for s in samples if s.comp_cool_s == s.interval_s]
    assert statistics.mean(split(s) for s in cooling[1:]) < -8
    assert all(0.3 < (s.indoor_rh or 0) < 0.7 for s in samples)


def test_auto_mode_heats_at_night_and_cools_in_the_afternoon() -> None:
    desert = WeatherParams(
        winter_mean_c=20.0,
        summer_mean_c=20.0,
        diurnal_range_c=20.0,
        day_to_day_sd_c=1.0,
        winter_rh=0.3,
        summer_rh=0.3,
    )
    spring = SimulationConfig(
        start=datetime(2026, 5, 20, tzinfo=UTC),
        weather=desert,
        hvac_mode=HvacMode.AUTO,
        heat_setpoint_c=20.0,
        cool_setpoint_c=23.0,
    )
    samples, _ = simulate(spring, 3)
    assert sum(s.comp_heat_s or 0 for s in samples) > 0
    assert sum(s.comp_cool_s or 0 for s in samples) > 0
    assert all(19 <= (s.indoor_temp_c or 0) <= 24 for s in samples)


def test_emergency_heat_uses_only_strips() -> None:
    config = replace(winter(), hvac_mode=HvacMode.EMERGENCY_HEAT)
    samples, labels = simulate(config, 1)
    assert sum(s.compressor_s or 0 for s in samples) == 0
    assert sum(s.aux_heat_s or 0 for s in samples) > 3600
    assert labels["defrosts"] == []
    assert all(19.5 <= (s.indoor_temp_c or 0) <= 21.5 for s in samples)
    assert {s.hvac_mode for s in samples} == {HvacMode.EMERGENCY_HEAT}


def test_off_mode_runs_nothing() -> None:
    config = replace(winter(), hvac_mode=HvacMode.OFF)
    samples, _ = simulate(config, 1)
    assert sum((s.fan_s or 0) + (s.aux_heat_s or 0) for s in samples) == 0
    assert samples[-1].indoor_temp_c is not None
    assert samples[-1].indoor_temp_c < 16


def test_compressor_lockout_in_extreme_cold() -> None:
    arctic = WeatherParams(
        winter_mean_c=-32.0,
        summer_mean_c=-32.0,
        diurnal_range_c=2.0,
        day_to_day_sd_c=0.5,
    )
    tight = HouseParams(ua_w_per_k=150.0)
    samples, _ = simulate(replace(winter(), weather=arctic, house=tight), 1)
    assert sum(s.compressor_s or 0 for s in samples) == 0
    assert sum(s.aux_heat_s or 0 for s in samples) > 6 * 3600
    assert all(19.5 <= (s.indoor_temp_c or 0) <= 21.5 for s in samples)


def test_strips_locked_out_above_four_degrees() -> None:
    samples, _ = simulate(winter(climate=Climate.MILD), 2)
    warm = [s for s in samples if (s.outdoor_temp_c or 0) > 4.5 and not s.defrost_s]
    assert warm
    assert sum(s.aux_heat_s or 0 for s in warm) == 0
