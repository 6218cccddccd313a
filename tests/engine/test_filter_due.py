"""The filter-due maintenance notice and ``Engine.reset_filter``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EngineConfig,
    EventType,
    FindingKind,
    Sample,
    Severity,
)

from .helpers import T0, sample
from .signals_helpers import process_all

CONFIG = EngineConfig(filter_runtime_s=7200.0)


def _blower(hours: int, start_h: int = 0, **values: Any) -> list[Sample]:
    return [
        sample(T0 + timedelta(hours=start_h, minutes=index), **values)
        for index in range(hours * 60)
    ]


def test_due_after_blower_runtime_and_reset_clears() -> None:
    engine = Engine(CONFIG)
    events = process_all(engine, _blower(3, fan_s=60.0))
    (raised,) = events
    finding = raised.finding
    assert finding is not None
    assert finding.kind is FindingKind.FILTER_DUE
    assert finding.severity is Severity.INFO
    assert raised.time == T0 + timedelta(hours=2, minutes=1)
    assert finding.evidence == {"fan_runtime_s": 7260, "last_reset_at": None}
    when = T0 + timedelta(hours=3)
    (cleared,) = engine.reset_filter(when)
    assert cleared.type is EventType.FINDING_CLEARED
    assert engine.active_findings == ()
    events = process_all(engine, _blower(3, 3, fan_s=60.0))
    (again,) = events
    assert again.finding is not None
    assert again.finding.evidence["last_reset_at"] == when.isoformat()


def test_reset_before_due_returns_nothing_and_compressor_stands_in() -> None:
    engine = Engine(CONFIG)
    assert engine.reset_filter(T0) == []
    # No fan column: compressor runtime counts as blower runtime.
    events = process_all(engine, _blower(3, fan_s=None, comp_heat_s=60.0))
    assert [event.type for event in events] == [EventType.FINDING_RAISED]


def test_idle_blower_is_not_counted() -> None:
    engine = Engine(CONFIG)
    assert process_all(engine, _blower(5, fan_s=0.0)) == []


def test_cleared_findings_are_kept_and_survive_a_restart() -> None:
    """A reset notice joins the past findings, with its times, across a restart."""
    engine = Engine(CONFIG)
    process_all(engine, _blower(3, fan_s=60.0))
    assert engine.past_findings == ()
    engine.reset_filter(T0 + timedelta(hours=3))
    (past,) = engine.past_findings
    assert past.kind is FindingKind.FILTER_DUE
    assert past.cleared_at == T0 + timedelta(hours=3)
    state = engine.to_state()
    assert Engine.from_state(state, CONFIG).past_findings == (past,)
    del state["past_findings"]  # saved before past findings were kept
    assert Engine.from_state(state, CONFIG).past_findings == ()
    state["past_findings"] = ["not a finding"]
    with pytest.raises(ValueError, match="past finding"):
        Engine.from_state(state, CONFIG)
