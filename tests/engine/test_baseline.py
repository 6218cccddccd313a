"""Learned baseline: balance point and runtime per degree-day from daily aggregates."""

from __future__ import annotations

from dataclasses import replace
from itertools import islice

import pytest

from custom_components.heat_pump_monitor.engine import Engine, HvacMode

from .baseline_helpers import BASE_C, HEALTHY_DAYS_C, SLOPE_K, day_rows, days
from .helpers import feed


def test_learns_balance_point_and_runtime_per_degree_day_from_5_minute_rows() -> None:
    engine = Engine()
    feed(engine, days(HEALTHY_DAYS_C))
    feed(engine, day_rows(len(HEALTHY_DAYS_C), 0.0, 0.6))  # closes the last day
    status = engine.status
    assert status.balance_point_c == pytest.approx(BASE_C - SLOPE_K, abs=0.2)
    assert status.heating_s_per_degree_day == pytest.approx(86400 / SLOPE_K, rel=0.01)
    assert status.cop is None


def test_nothing_before_a_week_of_heating_days() -> None:
    engine = Engine()
    feed(engine, days(HEALTHY_DAYS_C[:6]))
    assert engine.status.balance_point_c is None
    assert engine.status.heating_s_per_degree_day is None
    feed(engine, days(HEALTHY_DAYS_C[6:8], first=6))
    assert engine.status.balance_point_c is not None


def test_nothing_without_a_spread_of_outdoor_temperatures() -> None:
    engine = Engine()
    feed(engine, days((1.0, 1.5, 1.2, 0.8, 1.1, 1.4, 0.9, 1.3, 1.0, 1.2)))
    assert engine.status.balance_point_c is None


def test_days_with_little_data_are_not_learned() -> None:
    engine = Engine()
    for offset, outdoor in enumerate(HEALTHY_DAYS_C):
        # Only 12 hours a day reported: not a day to learn from.
        feed(engine, islice(days((outdoor,), first=offset), 144))
    assert engine.status.balance_point_c is None


def test_learning_survives_a_restart() -> None:
    whole = Engine()
    feed(whole, days(HEALTHY_DAYS_C))
    first = Engine()
    feed(first, days(HEALTHY_DAYS_C[:9]))
    resumed = Engine.from_state(first.to_state())
    feed(resumed, days(HEALTHY_DAYS_C[9:], first=9))
    assert resumed.status.balance_point_c == whole.status.balance_point_c
    assert (
        resumed.status.heating_s_per_degree_day == whole.status.heating_s_per_degree_day
    )
    assert resumed.status.balance_point_c is not None


def test_learns_without_a_reported_thermostat_mode() -> None:
    engine = Engine()
    feed(engine, (replace(row, hvac_mode=None) for row in days(HEALTHY_DAYS_C)))
    assert engine.status.balance_point_c == pytest.approx(BASE_C - SLOPE_K, abs=0.2)


def test_cooling_days_are_not_learned() -> None:
    engine = Engine()
    rows = days(HEALTHY_DAYS_C)
    feed(
        engine,
        (replace(row, comp_cool_s=120.0, hvac_mode=HvacMode.AUTO) for row in rows),
    )
    assert engine.status.balance_point_c is None
