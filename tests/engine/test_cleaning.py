"""Bad samples: unknown readings, rejected times and intervals, gaps."""

from __future__ import annotations

from datetime import datetime, timedelta
import math
from typing import Any, cast

from custom_components.heat_pump_monitor.engine import Engine, OperatingMode, Sample

from .helpers import T0, feed, pattern_samples, run, sample


def test_nan_and_infinite_readings_are_unknown() -> None:
    engine = Engine()
    feed(
        engine,
        [
            sample(T0, comp_heat_s=math.nan, fan_s=math.inf, indoor_temp_c=21.0),
            sample(
                T0 + timedelta(minutes=1),
                indoor_temp_c=math.nan,
                outdoor_temp_c=-math.inf,
            ),
        ],
    )
    status = engine.status
    assert status.today.comp_heat_s == 0.0
    assert status.today.fan_s == 0.0
    assert status.indoor_temp_c is None
    assert status.outdoor_temp_c is None
    assert engine.rejected == {}


def test_runtime_outside_the_interval_is_unknown() -> None:
    engine = Engine()
    feed(
        engine,
        [
            sample(T0, comp_heat_s=61.0, aux_heat_s=-5.0, fan_s=30.0),
            sample(T0 + timedelta(minutes=1), comp_cool_s=1e9),
        ],
    )
    status = engine.status
    assert status.today.comp_heat_s == 0.0
    assert status.today.aux_heat_s == 0.0
    assert status.today.comp_cool_s == 0.0
    assert status.today.fan_s == 30.0


def test_bad_intervals_are_rejected_and_counted() -> None:
    engine = Engine()
    events = feed(
        engine,
        [
            sample(T0, 0.0, comp_heat_s=0.0),
            sample(T0, -60.0),
            sample(T0, math.nan),
            sample(T0, math.inf),
        ],
    )
    assert events == []
    assert engine.rejected == {"bad_interval": 4}
    assert engine.status.time is None


def test_time_going_backwards_or_repeating_is_rejected() -> None:
    engine = Engine()
    samples = [
        sample(T0 + timedelta(minutes=10), comp_heat_s=60.0),
        sample(T0 + timedelta(minutes=10), comp_heat_s=60.0),  # duplicate
        sample(T0 + timedelta(minutes=5), comp_heat_s=60.0),  # backwards
        sample(T0 + timedelta(minutes=10, seconds=30), comp_heat_s=60.0),  # overlap
        sample(
            T0 + timedelta(minutes=10, seconds=58), comp_heat_s=60.0
        ),  # jitter: kept
    ]
    feed(engine, samples)
    assert engine.rejected == {"duplicate_time": 1, "time_backwards": 2}
    status = engine.status
    assert status.lifetime.comp_heat_s == 120.0
    assert status.time == T0 + timedelta(minutes=11, seconds=58)


def test_clock_going_back_never_makes_negative_runtime() -> None:
    engine = Engine()
    times = [0, 1, 2, -60, 3, 2, 4]
    feed(engine, [sample(T0 + timedelta(minutes=m), comp_heat_s=60.0) for m in times])
    assert engine.status.lifetime.comp_heat_s == 5 * 60.0
    assert engine.rejected == {"time_backwards": 2}
    assert engine.status.today.comp_heat_s >= 0.0


def test_garbage_values_never_raise() -> None:
    engine = Engine()
    junk: Any = "junk"
    samples = [
        Sample(time=cast("datetime", "yesterday"), interval_s=60.0),
        Sample(time=T0, interval_s=cast("float", junk)),
        Sample(
            time=T0.replace(tzinfo=None),  # naive: UTC
            interval_s=60.0,
            comp_heat_s=cast("float", junk),
            indoor_temp_c=cast("float", junk),
            hvac_mode=cast("Any", "heat"),
            error_code=cast("str", 42),
            online=cast("bool", None),
        ),
        Sample(
            time=T0 + timedelta(minutes=1),
            interval_s=60.0,
            hvac_mode=cast("Any", "warp"),
        ),
    ]
    feed(engine, samples)
    assert engine.rejected == {"bad_time": 1, "bad_interval": 1}
    status = engine.status
    assert status.time == T0 + timedelta(minutes=2)
    assert status.online is True
    assert status.operating_mode is None


def test_gap_closes_the_run_and_the_next_run_is_not_a_start() -> None:
    # 20 min without data in the middle of a run: the run before is closed at the gap,
    # the run going on after it is not a start.
    engine, _ = run("000111" + "_" * 20 + "1110001100")
    status = engine.status
    assert status.cycles_today == 2  # 00:03 and 00:33; not the run found at 00:26
    assert status.today.comp_heat_s == (3 + 3 + 2) * 60


def test_short_hole_is_bridged() -> None:
    # One missing poll inside a run: still one run, nothing counted for the hole.
    engine, _ = run("000111_111000")
    assert engine.status.cycles_today == 1
    assert engine.status.today.comp_heat_s == 6 * 60


def test_unknown_compressor_reading_is_like_a_gap() -> None:
    engine, _ = run("00011??11000110")
    assert engine.status.cycles_today == 2  # 00:03 and 00:12


def test_gap_in_five_minute_data() -> None:
    engine = Engine()
    values = [0, 300, 300, None, None, None, 300, 0, 300, 0]  # None: no row
    feed(
        engine,
        [
            sample(T0 + timedelta(minutes=5 * i), 300.0, comp_heat_s=float(v))
            for i, v in enumerate(values)
            if v is not None
        ],
    )
    assert engine.status.cycles_today == 2
    assert engine.status.operating_mode is OperatingMode.IDLE


def test_resent_history_is_never_counted_twice() -> None:
    engine = Engine()
    samples = list(pattern_samples("0111000111" * 10))
    feed(engine, samples)
    totals = engine.status
    feed(engine, samples[40:])  # a source that re-sends what it already sent
    assert engine.status == totals
    assert engine.rejected == {"duplicate_time": 1, "time_backwards": 59}


def test_clock_that_jumped_ahead_is_left_behind() -> None:
    engine = Engine()
    feed(engine, pattern_samples("0110"))
    feed(engine, [sample(T0 + timedelta(days=365), comp_heat_s=60.0)])  # glitch
    assert engine.status.lifetime.comp_heat_s == 180.0
    feed(
        engine, pattern_samples("0" * 9 + "0111000111", start=T0 + timedelta(minutes=4))
    )
    # Ten samples in a row far behind the glitch: the tenth starts a new timeline.
    assert engine.rejected == {"time_backwards": 9}
    status = engine.status
    assert status.time == T0 + timedelta(minutes=23)
    assert status.lifetime.comp_heat_s == (2 + 1 + 3 + 3) * 60.0
    assert status.today.comp_heat_s == 6 * 60.0
    assert status.cycles_today == 2
