"""The defrost-stuck detector."""

from __future__ import annotations

from datetime import timedelta

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EventType,
    FindingKind,
    Severity,
)

from .helpers import T0, feed, of_type, run, sample


def test_raised_while_going_and_cleared_when_it_ends() -> None:
    engine, events = run("0111" + "D" * 20 + "0011")
    (raised,) = of_type(events, EventType.FINDING_RAISED)
    finding = raised.finding
    assert finding is not None
    assert finding.kind is FindingKind.DEFROST_STUCK
    assert finding.severity is Severity.ERROR
    assert finding.start == T0 + timedelta(minutes=4)
    assert finding.detected_at == T0 + timedelta(minutes=20)  # 16 min in
    (cleared,) = of_type(events, EventType.FINDING_CLEARED)
    assert cleared.finding is finding
    assert finding.cleared_at == T0 + timedelta(minutes=25)
    assert finding.evidence == {
        "duration_s": 1200.0,
        "outdoor_temp_c": -2.0,
        "started_at": (T0 + timedelta(minutes=4)).isoformat(),
    }
    assert engine.active_findings == ()


def test_fifteen_minute_defrost_is_not_stuck() -> None:
    _, events = run("0111" + "D" * 15 + "0011")
    assert of_type(events, EventType.FINDING_RAISED) == []


def test_stuck_in_five_minute_data() -> None:
    engine = Engine()
    defrost = [0, 300, 300, 300, 300, 60, 0]
    events = feed(
        engine,
        [
            sample(
                T0 + timedelta(minutes=5 * i),
                300.0,
                comp_heat_s=300.0,
                defrost_s=float(d),
            )
            for i, d in enumerate(defrost)
        ],
    )
    (raised,) = of_type(events, EventType.FINDING_RAISED)
    assert raised.time == T0 + timedelta(minutes=25)
    (cleared,) = of_type(events, EventType.FINDING_CLEARED)
    assert cleared.finding is not None
    assert cleared.finding.evidence["duration_s"] == 1260.0
