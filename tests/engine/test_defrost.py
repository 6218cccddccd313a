"""Defrost episodes reported by the unit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.heat_pump_monitor.engine import DefrostEpisode, Engine, EventType

from .helpers import T0, feed, of_type, run, sample


def test_defrost_events_and_counters() -> None:
    engine, events = run("0111DDD111" + "11ddd0000")
    started = of_type(events, EventType.DEFROST_STARTED)
    ended = of_type(events, EventType.DEFROST_ENDED)
    assert [event.defrost for event in started] == [
        DefrostEpisode(start=T0 + timedelta(minutes=4), end=None, inferred=False),
        DefrostEpisode(start=T0 + timedelta(minutes=12), end=None, inferred=False),
    ]
    assert [event.defrost for event in ended] == [
        DefrostEpisode(
            start=T0 + timedelta(minutes=4),
            end=T0 + timedelta(minutes=7),
            inferred=False,
        ),
        DefrostEpisode(
            start=T0 + timedelta(minutes=12),
            end=T0 + timedelta(minutes=15),
            inferred=False,
        ),
    ]
    # Events carry the end of the sample that showed the change.
    assert started[0].time == T0 + timedelta(minutes=5)
    assert ended[0].time == T0 + timedelta(minutes=8)
    status = engine.status
    assert status.defrosts_today == 2
    assert status.defrosts_lifetime == 2
    assert status.last_defrost_s == 180.0
    assert status.defrost_active is False
    assert status.cycles_today == 1


def test_open_defrost_in_status() -> None:
    engine, events = run("011DD")
    assert len(of_type(events, EventType.DEFROST_STARTED)) == 1
    status = engine.status
    assert status.defrost_active is True
    assert status.last_defrost_s is None
    assert engine.open_defrost == DefrostEpisode(
        start=T0 + timedelta(minutes=3), end=None, inferred=False
    )


def test_unit_without_defrost_reporting() -> None:
    engine = Engine()
    events = feed(
        engine,
        [
            sample(T0 + timedelta(minutes=i), comp_heat_s=60.0, defrost_s=None)
            for i in range(5)
        ],
    )
    assert events == []
    assert engine.status.defrost_active is None
    assert engine.status.defrosts_today == 0


def test_defrost_bounds_within_five_minute_intervals() -> None:
    engine = Engine()
    start = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
    defrost = [0, 120, 240, 0]
    events = feed(
        engine,
        [
            sample(
                start + timedelta(minutes=5 * i),
                300.0,
                comp_heat_s=300.0,
                defrost_s=float(d),
            )
            for i, d in enumerate(defrost)
        ],
    )
    (ended,) = of_type(events, EventType.DEFROST_ENDED)
    # Starts 120 s before the end of its first interval, ends 240 s into the next one.
    assert ended.defrost == DefrostEpisode(
        start=start + timedelta(minutes=8),
        end=start + timedelta(minutes=14),
        inferred=False,
    )
    assert engine.status.last_defrost_s == 360.0


def test_defrost_open_at_a_gap_ends_at_the_gap() -> None:
    engine, events = run("01DD" + "_" * 30 + "DD00")
    ended = of_type(events, EventType.DEFROST_ENDED)
    assert [event.defrost for event in ended] == [
        DefrostEpisode(
            start=T0 + timedelta(minutes=2),
            end=T0 + timedelta(minutes=4),
            inferred=False,
        ),
        DefrostEpisode(
            start=T0 + timedelta(minutes=34),
            end=T0 + timedelta(minutes=36),
            inferred=False,
        ),
    ]
    assert engine.status.defrosts_today == 2
