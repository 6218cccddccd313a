"""``aux_heat_overuse``: backup heat above the outdoor limit or for too long."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from custom_components.heat_pump_monitor.engine import Engine, EventType

from .helpers import T0, feed, sample

KEYS = {
    "aux_warm_today_s",
    "aux_today_s",
    "aux_avoidable_today_s",
    "warm_outdoor_temp_c",
    "aux_limit_outdoor_c",
    "balance_point_c",
    "aux_onset_c",
    "first_aux_today_at",
    "aux_with_compressor_today_s",
    "compressor_today_s",
    "aux_share_of_compressor",
}


def _minutes(count: int, start_min: int = 0, **values: Any) -> Iterator[Any]:
    for index in range(count):
        yield sample(
            T0 + timedelta(minutes=start_min + index),
            comp_heat_s=60.0,
            fan_s=60.0,
            **values,
        )


def _raised(events: list[Any]) -> list[Any]:
    return [
        event.finding
        for event in events
        if event.type is EventType.FINDING_RAISED
        and event.finding.kind == "aux_heat_overuse"
    ]


def test_an_hour_of_backup_heat_in_mild_weather_is_overuse() -> None:
    engine = Engine()
    events = feed(engine, _minutes(60, aux_heat_s=60.0, outdoor_temp_c=8.0))
    [finding] = _raised(events)
    assert set(finding.evidence) == KEYS
    assert finding.detected_at == T0 + timedelta(minutes=45)
    assert finding.evidence["aux_warm_today_s"] == 3600.0  # follows the day
    assert finding.evidence["aux_limit_outdoor_c"] == 4.0
    assert finding.evidence["warm_outdoor_temp_c"] == 8.0
    assert finding.severity == "warning"


def test_twenty_minutes_is_not_enough() -> None:
    engine = Engine()
    events = feed(engine, _minutes(20, aux_heat_s=60.0, outdoor_temp_c=8.0))
    events += feed(engine, _minutes(120, 20, aux_heat_s=0.0, outdoor_temp_c=8.0))
    assert _raised(events) == []


def test_staged_backup_heat_in_the_cold_is_normal_without_a_baseline() -> None:
    engine = Engine()
    events: list[Any] = []
    for call in range(16):  # 16 h of 40-min calls with backup in their last 20 min
        base = call * 60
        events += feed(engine, _minutes(40, base, outdoor_temp_c=-10.0))
        events += feed(
            engine, _minutes(20, base + 40, aux_heat_s=60.0, outdoor_temp_c=-10.0)
        )
    assert _raised(events) == []


def test_backup_heat_shadowing_the_compressor_is_not_staged() -> None:
    engine = Engine()
    events = feed(engine, _minutes(240, aux_heat_s=60.0, outdoor_temp_c=-10.0))
    [finding] = _raised(events)
    assert finding.detected_at == T0 + timedelta(hours=3, minutes=1)
    assert finding.evidence["aux_share_of_compressor"] == 1.0
    assert finding.evidence["aux_warm_today_s"] == 0.0


def test_tempering_during_defrosts_does_not_count() -> None:
    engine = Engine()
    events: list[Any] = []
    for cycle in range(12):  # a 5-minute defrost with tempering every 30 minutes
        base = cycle * 30
        events += feed(
            engine,
            _minutes(5, base, aux_heat_s=60.0, defrost_s=60.0, outdoor_temp_c=5.0),
        )
        events += feed(
            engine, _minutes(4, base + 5, aux_heat_s=60.0, outdoor_temp_c=5.0)
        )
        events += feed(engine, _minutes(21, base + 9, outdoor_temp_c=5.0))
    assert _raised(events) == []


def test_aux_without_strip_heat_power_is_not_trusted() -> None:
    engine = Engine()
    # The air handler draws the same with and without "aux": a second compressor
    # stage reported as aux, not strip heat.
    events = feed(engine, _minutes(30, indoor_unit_w=600.0, outdoor_temp_c=8.0))
    events += feed(
        engine,
        _minutes(90, 30, aux_heat_s=60.0, indoor_unit_w=600.0, outdoor_temp_c=8.0),
    )
    assert _raised(events) == []
    events = feed(
        engine,
        _minutes(60, 120, aux_heat_s=60.0, indoor_unit_w=6000.0, outdoor_temp_c=8.0),
    )
    assert len(_raised(events)) == 1


def test_clears_after_a_mild_day_without_backup_heat() -> None:
    engine = Engine()
    feed(engine, _minutes(60, aux_heat_s=60.0, outdoor_temp_c=8.0))
    assert [f.kind for f in engine.active_findings] == ["aux_heat_overuse"]
    feed(engine, _minutes(1440, 1440, outdoor_temp_c=8.0))  # next day: no backup
    feed(engine, _minutes(1, 2880, outdoor_temp_c=8.0))
    assert engine.active_findings == ()


def test_resume_gives_the_same_finding() -> None:
    whole = Engine()
    whole_events = feed(whole, _minutes(60, aux_heat_s=60.0, outdoor_temp_c=8.0))
    first = Engine()
    feed(first, _minutes(30, aux_heat_s=60.0, outdoor_temp_c=8.0))
    resumed = Engine.from_state(first.to_state())
    events = feed(resumed, _minutes(30, 30, aux_heat_s=60.0, outdoor_temp_c=8.0))
    assert [f.as_dict() for f in _raised(events)] == [
        f.as_dict() for f in _raised(whole_events)
    ]
