"""The short-cycling detector: raises with evidence, clears, and keeps quiet when healthy."""

from __future__ import annotations

from datetime import timedelta

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EventType,
    FindingKind,
    Severity,
)

from .helpers import T0, of_type, run

DAY = 1440
SHORT_HOUR = "11110000" * 8
"""Eight 4-min runs, 8 min apart: eight starts within an hour."""


def day(hour_block: str = "", at_minute: int = 600) -> str:
    """One day of one-minute samples: off, with ``hour_block`` at ``at_minute``."""
    text = "0" * at_minute + hour_block
    return text + "0" * (DAY - len(text))


HEALTHY_DAY = ("1" * 30 + "0" * 30) * 24
"""24 starts, an hour apart."""


def findings(events: list, kind: EventType) -> list:  # type: ignore[type-arg]
    return [
        event.finding
        for event in of_type(events, kind)
        if event.finding is not None and event.finding.kind is FindingKind.SHORT_CYCLING
    ]


def test_raised_on_the_third_day_with_evidence() -> None:
    engine, events = run(day(SHORT_HOUR) * 3)
    (raised,) = findings(events, EventType.FINDING_RAISED)
    assert raised.severity is Severity.WARNING
    day3 = T0 + timedelta(days=2)
    # The 6th start of day 3 (10:40) makes the third short-cycling hour.
    assert raised.detected_at == day3 + timedelta(hours=10, minutes=41)
    assert raised.start == T0 + timedelta(hours=10)
    assert raised.evidence["days_with_short_cycling"] == 3
    assert raised.evidence["starts_in_worst_hour"] == 8
    assert raised.evidence["median_period_s"] == 480.0
    assert raised.evidence["median_on_s"] == 240.0
    assert raised.evidence["window_start"] == (T0 + timedelta(hours=10)).isoformat()
    assert (
        raised.evidence["window_end"]
        == (T0 + timedelta(hours=10, minutes=56)).isoformat()
    )
    assert engine.active_findings == (raised,)
    assert findings(events, EventType.FINDING_CLEARED) == []


def test_cleared_after_a_full_day_without_short_cycling() -> None:
    engine, events = run(day(SHORT_HOUR) * 3 + day() + HEALTHY_DAY + day(SHORT_HOUR))
    # The idle day does not clear it: no compressor operation to judge.
    (cleared,) = findings(events, EventType.FINDING_CLEARED)
    assert cleared.cleared_at == T0 + timedelta(days=5, minutes=1)
    assert not cleared.active
    assert engine.active_findings == ()
    # One more short-cycling day after the clear is not enough to raise again.
    assert len(findings(events, EventType.FINDING_RAISED)) == 1


def test_not_raised_on_only_two_days() -> None:
    _, events = run(day(SHORT_HOUR) * 2 + day() * 5)
    assert findings(events, EventType.FINDING_RAISED) == []


def test_not_raised_when_the_days_are_more_than_a_week_apart() -> None:
    _, events = run(day(SHORT_HOUR) * 2 + day() * 6 + day(SHORT_HOUR))
    assert findings(events, EventType.FINDING_RAISED) == []


def test_not_raised_on_three_long_runs_an_hour() -> None:
    engine, events = run(("1" * 15 + "0" * 5) * 72 * 3)
    assert engine.status.cycles_lifetime > 200
    assert findings(events, EventType.FINDING_RAISED) == []


def test_not_raised_on_five_short_cycles_an_hour() -> None:
    five = ("11" + "0" * 10) * 5
    engine, events = run((five + "0" * 180) * 24)
    assert engine.status.cycles_lifetime > 100
    assert findings(events, EventType.FINDING_RAISED) == []


def test_not_raised_when_the_median_period_is_long() -> None:
    # Six starts within the hour, but the median on+off period is 16 minutes.
    block = "10" + "1" + "0" * 15 + ("1" + "0" * 15) * 2 + "10" + "10"
    engine, events = run(day(block) * 3)
    assert engine.status.cycles_lifetime == 18
    assert findings(events, EventType.FINDING_RAISED) == []


def test_thresholds_follow_the_config() -> None:
    engine = Engine()
    engine.config = engine.config.with_options({"short_cycle_days": 2})
    _, events = run(day(SHORT_HOUR) * 2, engine)
    assert len(findings(events, EventType.FINDING_RAISED)) == 1
