"""The sensor-fault detector."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EngineEvent,
    EventType,
    FindingKind,
    Sample,
    Severity,
)

from .helpers import T0, of_type, sample
from .signals_helpers import process_all


def _sensor(events: list[EngineEvent], type_: EventType) -> list[EngineEvent]:
    return [
        event
        for event in of_type(events, type_)
        if event.finding is not None and event.finding.kind is FindingKind.SENSOR_FAULT
    ]


def _day(hours: int, indoor: float | None = None, **values: Any) -> list[Sample]:
    """Minutes of cycling heat with outdoor rising 0.01 °C a minute."""
    samples = []
    for index in range(hours * 60):
        running = index % 30 < 20
        room = indoor if indoor is not None else 20.0 + (index % 30) * 0.02
        samples.append(
            sample(
                T0 + timedelta(minutes=index),
                comp_heat_s=60.0 if running else 0.0,
                fan_s=60.0 if running else 0.0,
                outdoor_temp_c=-8.0 + index * 0.01,
                indoor_temp_c=room,
                **values,
            )
        )
    return samples


def test_healthy_readings_are_silent() -> None:
    engine = Engine()
    assert _sensor(process_all(engine, _day(12)), EventType.FINDING_RAISED) == []


def test_frozen_indoor_reading_while_outdoor_moves() -> None:
    engine = Engine()
    events = process_all(engine, _day(12, indoor=20.37))
    (raised,) = _sensor(events, EventType.FINDING_RAISED)
    finding = raised.finding
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence["sensor"] == "indoor"
    assert finding.evidence["problem"] == "frozen"
    assert finding.evidence["reading_c"] == 20.37
    assert raised.time == T0 + timedelta(hours=6)
    thaw = sample(T0 + timedelta(hours=12), indoor_temp_c=20.5, outdoor_temp_c=0.0)
    assert _sensor(engine.process(thaw), EventType.FINDING_CLEARED)


def test_frozen_indoor_needs_the_outdoor_air_to_move() -> None:
    engine = Engine()
    samples = [
        sample(
            T0 + timedelta(minutes=index),
            comp_heat_s=60.0 if index % 30 < 20 else 0.0,
            indoor_temp_c=20.37,
            outdoor_temp_c=-8.0 + (index % 2) * 0.01,
        )
        for index in range(12 * 60)
    ]
    assert _sensor(process_all(engine, samples), EventType.FINDING_RAISED) == []


def test_out_of_range_after_three_samples() -> None:
    engine = Engine()
    samples = _day(1)[:10]
    samples += [
        sample(T0 + timedelta(minutes=10 + index), indoor_temp_c=-40.0)
        for index in range(3)
    ]
    (raised,) = _sensor(process_all(engine, samples), EventType.FINDING_RAISED)
    assert raised.finding is not None
    assert raised.finding.evidence["problem"] == "out_of_range"
    assert raised.time == T0 + timedelta(minutes=13)


def test_indoor_jumping_three_times() -> None:
    engine = Engine()
    samples = []
    for index in range(60):
        room = 35.0 if index in (10, 25, 40) else 20.0
        samples.append(sample(T0 + timedelta(minutes=index), indoor_temp_c=room))
    (raised,) = _sensor(process_all(engine, samples), EventType.FINDING_RAISED)
    assert raised.finding is not None
    assert raised.finding.evidence["problem"] == "jumping"
    assert raised.finding.evidence["count"] == 3


def test_two_reported_defrosts_in_warm_weather() -> None:
    engine = Engine()
    samples = []
    for index in range(120):
        defrost = 60.0 if index % 60 in (30, 31) else 0.0
        samples.append(
            sample(
                T0 + timedelta(minutes=index),
                comp_heat_s=60.0,
                defrost_s=defrost,
                outdoor_temp_c=14.0,
                indoor_temp_c=20.0 + (index % 7) * 0.01,
            )
        )
    (raised,) = _sensor(process_all(engine, samples), EventType.FINDING_RAISED)
    assert raised.finding is not None
    assert raised.finding.evidence["problem"] == "defrost_when_warm"
    assert raised.finding.evidence["sensor"] == "outdoor_coil"
    assert raised.time == T0 + timedelta(minutes=91)
