"""The no-start detector."""

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


def _minutes(count: int, start: int = 0, **values: Any) -> list[Sample]:
    return [
        sample(T0 + timedelta(minutes=start + index), **values)
        for index in range(count)
    ]


def _no_start(events: list[EngineEvent], type_: EventType) -> list[EngineEvent]:
    return [
        event
        for event in of_type(events, type_)
        if event.finding is not None and event.finding.kind is FindingKind.NO_START
    ]


def test_reported_runtime_without_outdoor_power() -> None:
    engine = Engine()
    dead = _minutes(15, comp_heat_s=60.0, fan_s=60.0, outdoor_unit_w=40.0)
    events = process_all(engine, dead)
    (raised,) = _no_start(events, EventType.FINDING_RAISED)
    finding = raised.finding
    assert finding is not None
    assert finding.severity is Severity.ERROR
    assert raised.time == T0 + timedelta(minutes=10)
    assert finding.evidence["mode"] == "heat"
    assert finding.evidence["outdoor_unit_w"] == 40.0
    assert finding.evidence["call_since"] == T0.isoformat()
    # The call ending does not clear it; a run with real power does.
    idle = _minutes(30, 15, outdoor_unit_w=40.0)
    assert _no_start(process_all(engine, idle), EventType.FINDING_CLEARED) == []
    running = _minutes(5, 45, comp_heat_s=60.0, outdoor_unit_w=2500.0)
    assert _no_start(process_all(engine, running), EventType.FINDING_CLEARED)


def test_healthy_run_and_unknown_power_are_silent() -> None:
    engine = Engine()
    healthy = _minutes(30, comp_heat_s=60.0, outdoor_unit_w=2400.0)
    unknown = _minutes(30, 30, comp_heat_s=60.0)
    events = process_all(engine, healthy + unknown)
    assert _no_start(events, EventType.FINDING_RAISED) == []


def test_short_runtime_in_five_minute_rows_is_not_judged() -> None:
    engine = Engine()
    rows = [
        sample(
            T0 + timedelta(minutes=5 * index),
            300.0,
            comp_heat_s=30.0,
            outdoor_unit_w=150.0,
        )
        for index in range(6)
    ]
    assert _no_start(process_all(engine, rows), EventType.FINDING_RAISED) == []


def test_room_call_without_runtime_columns() -> None:
    engine = Engine()
    cold_room = _minutes(
        12,
        comp_heat_s=None,
        comp_cool_s=None,
        indoor_temp_c=18.5,
        heat_setpoint_c=20.5,
        outdoor_unit_w=15.0,
    )
    assert _no_start(process_all(engine, cold_room), EventType.FINDING_RAISED)
    calm = Engine()
    at_setpoint = _minutes(
        30,
        comp_heat_s=None,
        comp_cool_s=None,
        indoor_temp_c=20.2,
        heat_setpoint_c=20.5,
        outdoor_unit_w=15.0,
    )
    assert _no_start(process_all(calm, at_setpoint), EventType.FINDING_RAISED) == []
