"""Compressor starts and cycles, for live polls and for interval data."""

from __future__ import annotations

from datetime import timedelta

from custom_components.heat_pump_monitor.engine import Engine

from .helpers import T0, feed, run, sample


def test_cycles_counted_on_one_minute_polls() -> None:
    # The run going on at the first sample is not a start: nobody saw it begin.
    engine, _ = run("11000" + "111000" * 4 + "1100")
    status = engine.status
    assert status.cycles_today == 5
    assert status.cycles_lifetime == 5
    assert status.today.comp_heat_s == (2 + 3 * 4 + 2) * 60


def test_cooling_runs_count_as_cycles() -> None:
    engine, _ = run("000ccc000ccc000")
    assert engine.status.cycles_today == 2
    assert engine.status.today.comp_cool_s == 6 * 60


def test_cycles_counted_on_five_minute_intervals() -> None:
    engine = Engine()
    runtimes = [0, 120, 300, 300, 90, 0, 0, 300, 300, 0, 45, 0, 0]
    feed(
        engine,
        [
            sample(T0 + timedelta(minutes=5 * index), 300.0, comp_heat_s=float(value))
            for index, value in enumerate(runtimes)
        ],
    )
    # A partial interval followed by zero ends the run; consecutive ones continue it.
    assert engine.status.cycles_today == 3
    assert engine.status.today.comp_heat_s == sum(runtimes)


def test_defrost_is_not_a_start() -> None:
    # The compressor reads 0 during the defrost and restarts 1 min after it.
    engine, _ = run("0" + "11111DDD011111" + "000")
    assert engine.status.cycles_today == 1
    # Compressor running through the defrost: still one run.
    engine, _ = run("0" + "11111ddd11111" + "000")
    assert engine.status.cycles_today == 1


def test_restart_long_after_defrost_is_a_start() -> None:
    engine, _ = run("0" + "11111DDD0000011111" + "000")
    assert engine.status.cycles_today == 2


def test_cycles_today_restarts_at_midnight() -> None:
    start = T0 + timedelta(hours=23)
    engine, _ = run("0" + "1100" * 14 + "1100" * 3, start=start)
    # 15 starts before midnight (23:01 .. 23:57), 2 after it (00:01, 00:05).
    assert engine.status.cycles_today == 2
    assert engine.status.cycles_lifetime == 17
