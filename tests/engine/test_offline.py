"""The offline detector, from offline samples and from missing samples."""

from __future__ import annotations

from datetime import timedelta
import json

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EventType,
    FindingKind,
    Severity,
)

from .helpers import T0, run, sample


def test_raised_after_fifteen_minutes_offline_and_cleared_online() -> None:
    engine, events = run("11111" + "x" * 20 + "10")
    (raised,) = of_type_kind(events, EventType.FINDING_RAISED)
    finding = raised.finding
    assert finding is not None
    assert finding.severity is Severity.ERROR
    assert finding.start == T0 + timedelta(minutes=5)
    assert finding.detected_at == T0 + timedelta(minutes=20)
    (cleared,) = of_type_kind(events, EventType.FINDING_CLEARED)
    assert finding.cleared_at == T0 + timedelta(minutes=26)
    assert finding.evidence == {
        "offline_since": (T0 + timedelta(minutes=5)).isoformat(),
        "duration_s": 1200.0,
    }
    assert cleared.finding is finding
    assert engine.status.online is True


def test_short_outage_is_not_raised() -> None:
    _, events = run("11111" + "x" * 14 + "10")
    assert of_type_kind(events, EventType.FINDING_RAISED) == []


def test_offline_from_the_first_sample() -> None:
    engine, events = run("x" * 16)
    (raised,) = of_type_kind(events, EventType.FINDING_RAISED)
    assert raised.time == T0 + timedelta(minutes=15)
    assert engine.status.online is False
    assert [f.kind for f in engine.active_findings] == [FindingKind.OFFLINE]


def test_check_offline_when_samples_stop() -> None:
    engine, _ = run("11111")
    assert engine.check_offline(T0 + timedelta(minutes=19)) == []
    (raised,) = engine.check_offline(T0 + timedelta(minutes=20))
    assert raised.type is EventType.FINDING_RAISED
    assert raised.time == T0 + timedelta(minutes=20)
    assert raised.finding is not None
    assert raised.finding.start == T0 + timedelta(minutes=5)
    assert engine.check_offline(T0 + timedelta(minutes=30)) == []  # still the same one
    assert raised.finding.evidence["duration_s"] == 1500.0
    # Polls that fail may also deliver offline samples: still one finding.
    _, events = run("x", engine, start=T0 + timedelta(minutes=30))
    assert events == []
    _, events = run("1", engine, start=T0 + timedelta(minutes=31))
    (cleared,) = events
    assert cleared.type is EventType.FINDING_CLEARED
    assert cleared.finding is raised.finding
    assert engine.active_findings == ()


def test_check_offline_with_a_naive_time_and_resume() -> None:
    engine, _ = run("11111")
    (raised,) = engine.check_offline((T0 + timedelta(minutes=25)).replace(tzinfo=None))
    assert raised.finding is not None
    assert raised.finding.detected_at == T0 + timedelta(minutes=25)
    state = json.loads(json.dumps(engine.to_state()))
    resumed = Engine.from_state(state)
    assert resumed.active_findings == engine.active_findings
    assert resumed.check_offline(T0 + timedelta(minutes=26)) == []
    (cleared,) = resumed.process(sample(T0 + timedelta(minutes=26)))
    assert cleared.type is EventType.FINDING_CLEARED


def test_check_offline_before_any_sample() -> None:
    assert Engine().check_offline(T0) == []


def of_type_kind(events: list, kind: EventType) -> list:  # type: ignore[type-arg]
    return [
        event
        for event in events
        if event.type is kind
        and event.finding is not None
        and event.finding.kind is FindingKind.OFFLINE
    ]
