"""``heating_not_responding`` / ``cooling_not_responding``: the room not following a call."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from custom_components.heat_pump_monitor.engine import Engine, EventType, HvacMode

from .helpers import T0, feed, sample

KEYS = {
    "call_s",
    "run_s",
    "indoor_temp_c",
    "setpoint_c",
    "gap_k",
    "no_progress_s",
    "call_start",
    "outdoor_temp_c",
    "balance_point_c",
}


def _heating(
    temps: list[float], outdoor: float = 8.0, start_min: int = 0, **values: Any
) -> Iterator[Any]:
    for index, indoor in enumerate(temps):
        fields: dict[str, Any] = {
            "comp_heat_s": 60.0,
            "fan_s": 60.0,
            "indoor_temp_c": indoor,
            "outdoor_temp_c": outdoor,
            "heat_setpoint_c": 20.5,
        }
        fields.update(values)
        yield sample(T0 + timedelta(minutes=start_min + index), **fields)


def _kinds(events: list[Any], kind: str, event_type: EventType) -> list[Any]:
    return [
        event
        for event in events
        if event.type is event_type and event.finding.kind == kind
    ]


def _ramp(first: float, step: float, count: int) -> list[float]:
    return [round(first + step * index, 3) for index in range(count)]


def test_heating_that_cools_the_room_is_raised_and_clears_at_setpoint() -> None:
    engine = Engine()
    events = feed(engine, _heating(_ramp(20.0, -0.02, 60)))  # falls 1.2 K in an hour
    [raised] = _kinds(events, "heating_not_responding", EventType.FINDING_RAISED)
    finding = raised.finding
    assert set(finding.evidence) == KEYS
    assert finding.severity == "error"
    assert raised.time - T0 <= timedelta(minutes=45)
    events = feed(engine, _heating(_ramp(19.0, 0.05, 40), start_min=60))
    assert _kinds(events, "heating_not_responding", EventType.FINDING_CLEARED)
    assert engine.active_findings == ()


def test_a_slow_recovery_is_not_raised() -> None:
    engine = Engine()
    # A 2 K setback recovered at 0.6 K/h: slow, but moving toward the setpoint.
    events = feed(engine, _heating(_ramp(18.5, 0.01, 200)))
    assert not _kinds(events, "heating_not_responding", EventType.FINDING_RAISED)


def test_below_the_balance_point_a_drooping_room_is_expected() -> None:
    engine = Engine()
    events = feed(engine, _heating(_ramp(20.0, -0.02, 90), outdoor=-15.0))
    assert not _kinds(events, "heating_not_responding", EventType.FINDING_RAISED)


def test_two_hours_of_full_duty_still_a_degree_short_is_raised() -> None:
    engine = Engine()
    # Creeps up 0.1 K per 20 min: progress, but still far away after 2 h.
    temps = [18.0 + 0.1 * (index // 20) for index in range(150)]
    events = feed(engine, _heating(temps))
    [raised] = _kinds(events, "heating_not_responding", EventType.FINDING_RAISED)
    assert raised.time - T0 >= timedelta(hours=2)


def test_idle_room_near_setpoint_is_not_a_call() -> None:
    engine = Engine()
    events = feed(engine, _heating([20.2] * 180, comp_heat_s=0.0, fan_s=0.0))
    assert not _kinds(events, "heating_not_responding", EventType.FINDING_RAISED)


def test_cooling_that_does_not_cool_is_raised() -> None:
    engine = Engine()
    rows = (
        sample(
            T0 + timedelta(minutes=index),
            hvac_mode=HvacMode.COOL,
            comp_cool_s=60.0,
            fan_s=60.0,
            indoor_temp_c=26.0,
            cool_setpoint_c=24.0,
            outdoor_temp_c=30.0,
        )
        for index in range(45)
    )
    events = feed(engine, rows)
    [raised] = _kinds(events, "cooling_not_responding", EventType.FINDING_RAISED)
    assert set(raised.finding.evidence) == KEYS
    assert raised.finding.evidence["gap_k"] == 2.0
    assert not _kinds(events, "heating_not_responding", EventType.FINDING_RAISED)


def test_resume_gives_the_same_finding() -> None:
    temps = _ramp(20.0, -0.02, 60)
    whole = Engine()
    expected = feed(whole, _heating(temps))
    first = Engine()
    feed(first, _heating(temps[:25]))
    resumed = Engine.from_state(first.to_state())
    events = feed(resumed, _heating(temps[25:], start_min=25))
    assert [e.finding.as_dict() for e in events if e.finding] == [
        e.finding.as_dict() for e in expected if e.finding
    ]
