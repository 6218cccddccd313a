"""Runtime accumulators, today and lifetime, and the local-midnight rollover."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
from zoneinfo import ZoneInfo

import pytest

from custom_components.heat_pump_monitor.engine import Engine, EngineConfig

from .helpers import feed, sample

BERLIN = ZoneInfo("Europe/Berlin")


def test_runtime_today_and_lifetime() -> None:
    engine = Engine()
    start = datetime(2026, 1, 5, 10, tzinfo=UTC)
    feed(
        engine,
        [
            sample(start, comp_heat_s=60.0, aux_heat_s=30.0, fan_s=60.0),
            sample(start + timedelta(minutes=1), comp_heat_s=60.0, fan_s=60.0),
            sample(start + timedelta(minutes=2), comp_cool_s=45.0, fan_s=None),
        ],
    )
    status = engine.status
    assert status.today.comp_heat_s == 120.0
    assert status.today.comp_cool_s == 45.0
    assert status.today.aux_heat_s == 30.0
    assert status.today.fan_s == 120.0  # unknown fan adds nothing
    assert status.lifetime == status.today


def test_daily_rollover_at_local_midnight_not_utc() -> None:
    engine = Engine(EngineConfig(timezone=BERLIN))
    # Berlin is UTC+1 in January: local midnight is 23:00 UTC.
    before = datetime(2026, 1, 5, 22, 58, tzinfo=UTC)
    feed(
        engine,
        [sample(before + timedelta(minutes=i), comp_heat_s=60.0) for i in range(2)],
    )
    assert engine.status.today.comp_heat_s == 120.0
    feed(engine, [sample(datetime(2026, 1, 5, 23, 0, tzinfo=UTC), comp_heat_s=60.0)])
    status = engine.status
    assert status.today.comp_heat_s == 60.0
    assert status.lifetime.comp_heat_s == 180.0


def test_utc_midnight_is_not_a_new_day_in_berlin() -> None:
    engine = Engine(EngineConfig(timezone=BERLIN))
    start = datetime(2026, 1, 5, 23, 58, tzinfo=UTC)  # 00:58 local on the 6th
    feed(
        engine,
        [sample(start + timedelta(minutes=i), comp_heat_s=60.0) for i in range(4)],
    )
    assert engine.status.today.comp_heat_s == 240.0


def test_sample_spanning_midnight_counts_for_its_start_day() -> None:
    engine = Engine()
    feed(
        engine,
        [
            sample(datetime(2026, 1, 5, 23, 0, tzinfo=UTC), 3600.0, comp_heat_s=3600.0),
            sample(datetime(2026, 1, 6, 0, 0, tzinfo=UTC), 300.0, comp_heat_s=300.0),
        ],
    )
    assert engine.status.today.comp_heat_s == 300.0
    assert engine.status.lifetime.comp_heat_s == 3900.0


def test_changing_the_time_zone_keeps_the_totals() -> None:
    engine = Engine()
    start = datetime(2026, 1, 5, 22, 0, tzinfo=UTC)
    feed(engine, [sample(start, comp_heat_s=60.0)])
    engine.config = EngineConfig(timezone=BERLIN, defrost_stuck_s=1200.0)
    assert engine.config.defrost_stuck_s == 1200.0
    feed(engine, [sample(start + timedelta(minutes=1), comp_heat_s=60.0)])
    assert engine.status.lifetime.comp_heat_s == 120.0
    # 23:01 local: still the same local day.
    assert engine.status.today.comp_heat_s == 120.0
    feed(engine, [sample(datetime(2026, 1, 5, 23, 0, tzinfo=UTC), comp_heat_s=60.0)])
    assert engine.status.today.comp_heat_s == 60.0


def test_rollover_across_a_daylight_saving_change() -> None:
    engine = Engine(EngineConfig(timezone=BERLIN))
    # 29 March 2026 is 23 hours long in Berlin (CET -> CEST at 02:00).
    times = [
        datetime(2026, 3, 28, 22, 59, tzinfo=UTC),  # 23:59 CET, 28th
        datetime(2026, 3, 28, 23, 0, tzinfo=UTC),  # 00:00 CET, 29th: new day
        datetime(2026, 3, 29, 21, 59, tzinfo=UTC),  # 23:59 CEST, 29th
    ]
    today = []
    for time in times:
        feed(engine, [sample(time, comp_heat_s=60.0)])
        today.append(engine.status.today.comp_heat_s)
    assert today == [60.0, 60.0, 120.0]
    feed(engine, [sample(datetime(2026, 3, 29, 22, 0, tzinfo=UTC), comp_heat_s=60.0)])
    assert engine.status.today.comp_heat_s == 60.0  # 00:00 CEST, 30th


def test_finished_days_are_kept_for_a_month() -> None:
    """Each finished local day keeps its runtimes; the oldest go after 31 days."""
    engine = Engine()
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for day in range(40):
        feed(
            engine,
            [sample(start + timedelta(days=day), 600.0, comp_heat_s=10.0 * (day + 1))],
        )
    history = engine.daily_history
    assert len(history) == 31
    assert history[-1].day.isoformat() == "2026-02-08"  # the day before the last
    assert history[-1].runtime.comp_heat_s == 10.0 * 39
    assert history[0].day.isoformat() == "2026-01-09"

    resumed = Engine.from_state(json.loads(json.dumps(engine.to_state())))
    assert resumed.daily_history == history
    old = engine.to_state()
    del old["counters"]["history"]  # saved before the history existed
    assert Engine.from_state(old).daily_history == ()
    old["counters"]["history"] = [[1, 2, 3]]
    with pytest.raises(ValueError, match="seven values"):
        Engine.from_state(old)
