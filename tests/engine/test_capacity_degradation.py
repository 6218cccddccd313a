"""``capacity_degradation``: more runtime per degree-day than the learned reference."""

from __future__ import annotations

import pytest

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EngineEvent,
    EventType,
    Finding,
)

from .baseline_helpers import HEALTHY_DAYS_C, days
from .helpers import feed

KEYS = {
    "degraded_days",
    "runtime_ratio",
    "outdoor_temp_c",
    "duty",
    "expected_duty",
    "balance_point_c",
    "reference_balance_point_c",
    "degraded_since",
    "balance_rise_k",
}
LATER_C = (1.0, -2.0, 3.0, 0.0, 2.0, -1.0)


def _raised(events: list[EngineEvent]) -> list[Finding]:
    return [
        event.finding
        for event in events
        if event.type is EventType.FINDING_RAISED
        and event.finding is not None
        and event.finding.kind == "capacity_degradation"
    ]


def test_forty_percent_more_runtime_after_a_healthy_fortnight_is_raised() -> None:
    engine = Engine()
    feed(engine, days(HEALTHY_DAYS_C))
    events = feed(engine, days(LATER_C, factor=1.4, first=len(HEALTHY_DAYS_C)))
    [finding] = _raised(events)
    assert set(finding.evidence) == KEYS
    ratio = finding.evidence["runtime_ratio"]
    assert isinstance(ratio, float)
    assert ratio >= 1.3
    assert finding.severity == "warning"
    # Raised on the third degraded day (closed at the start of the fourth).
    assert finding.detected_at.day == 5 + len(HEALTHY_DAYS_C) + 3


def test_backup_heat_making_up_for_lost_capacity_is_raised() -> None:
    engine = Engine()
    feed(engine, days(HEALTHY_DAYS_C))
    # The compressor runs as before, but backup heat now covers 15 % of the day:
    # the balance point moved 25 K/duty * 0.15 = 3.75 K warmer.
    events = feed(engine, days(LATER_C, aux=0.15, first=len(HEALTHY_DAYS_C)))
    [finding] = _raised(events)
    rise = finding.evidence["balance_rise_k"]
    assert rise == pytest.approx(3.75, abs=0.1)


def test_a_healthy_system_stays_silent() -> None:
    engine = Engine()
    events = feed(engine, days(HEALTHY_DAYS_C))
    events += feed(engine, days(LATER_C * 3, factor=1.1, first=len(HEALTHY_DAYS_C)))
    assert _raised(events) == []


def test_silent_before_a_reference_is_learned() -> None:
    engine = Engine()
    events = feed(engine, days(HEALTHY_DAYS_C[:5]))
    events += feed(engine, days(LATER_C, factor=1.4, first=5))
    assert _raised(events) == []


def test_clears_once_runtime_is_back_to_normal() -> None:
    engine = Engine()
    feed(engine, days(HEALTHY_DAYS_C))
    feed(engine, days(LATER_C, factor=1.4, first=len(HEALTHY_DAYS_C)))
    assert "capacity_degradation" in [f.kind for f in engine.active_findings]
    first = len(HEALTHY_DAYS_C) + len(LATER_C)
    events = feed(engine, days(LATER_C, first=first))
    assert any(event.type is EventType.FINDING_CLEARED for event in events)
    assert "capacity_degradation" not in [f.kind for f in engine.active_findings]
