"""``capacity_degradation``: more runtime per degree-day than the learned reference."""

from __future__ import annotations

import json
from typing import Any

import pytest

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EngineEvent,
    EventType,
    Finding,
)

from .baseline_helpers import COMPRESSOR_SPLIT_K, HEALTHY_DAYS_C, days, split_days
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
    "aux_factor",
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
    # Without supply and return air, a backup second counts as a heat-pump second.
    assert finding.evidence["aux_factor"] == 1.0


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


def _backup_finding(engine: Engine, aux_split_k: float) -> Finding:
    """Feed a healthy fortnight, then days where backup heat covers 15 % of the day."""
    feed(engine, split_days(HEALTHY_DAYS_C))
    events = feed(
        engine,
        split_days(
            LATER_C, first=len(HEALTHY_DAYS_C), aux=0.15, aux_split_k=aux_split_k
        ),
    )
    [finding] = _raised(events)
    return finding


def test_backup_heat_that_outheats_the_heat_pump_weighs_more() -> None:
    # Strips triple the rise of the compressor alone: each backup second adds twice
    # the heat of a heat-pump second, so the balance point moved 2 * 3.75 K.
    finding = _backup_finding(Engine(), aux_split_k=3 * COMPRESSOR_SPLIT_K)
    assert finding.evidence["aux_factor"] == pytest.approx(2.0)
    assert finding.evidence["balance_rise_k"] == pytest.approx(7.5, abs=0.1)


def test_the_backup_weight_is_bounded() -> None:
    finding = _backup_finding(Engine(), aux_split_k=10 * COMPRESSOR_SPLIT_K)
    assert finding.evidence["aux_factor"] == pytest.approx(4.0)
    assert finding.evidence["balance_rise_k"] == pytest.approx(15.0, abs=0.1)


def test_the_learned_backup_weight_survives_a_restart() -> None:
    engine = Engine()
    feed(engine, split_days(HEALTHY_DAYS_C))
    feed(engine, split_days(LATER_C[:1], first=14, aux=0.15, aux_split_k=30.0))
    resumed = Engine.from_state(json.loads(json.dumps(engine.to_state())))
    events = feed(
        resumed, split_days(LATER_C[1:], first=15, aux=0.15, aux_split_k=30.0)
    )
    [finding] = _raised(events)
    assert finding.evidence["aux_factor"] == pytest.approx(2.0)
    assert finding.evidence["balance_rise_k"] == pytest.approx(7.5, abs=0.1)


def _older_version(state: dict[str, Any]) -> dict[str, Any]:
    """Rewrite a baseline's state as versions without the backup weight saved it."""
    baseline = dict(state["baseline"])
    del baseline["aux_factor"]
    n, sd, sa, sy, sdd, sda, saa, sdy, say, syy, low, high = baseline[
        "reference_effort"
    ]
    baseline["reference_effort"] = [
        n, sd + sa, sy, sdd + 2 * sda + saa, sdy + say, syy, low, high
    ]  # fmt: skip
    baseline["effort_days"] = [
        [outdoor, duty + aux, 0.0] for outdoor, duty, aux in baseline["effort_days"]
    ]
    return {**state, "baseline": baseline}


def test_state_of_an_older_version_loads_and_counts_backup_as_before() -> None:
    engine = Engine()
    feed(engine, split_days(HEALTHY_DAYS_C))
    resumed = Engine.from_state(_older_version(engine.to_state()))
    events = feed(resumed, split_days(LATER_C, first=14, aux=0.15, aux_split_k=30.0))
    [finding] = _raised(events)
    assert finding.evidence["balance_rise_k"] == pytest.approx(3.75, abs=0.1)
    # Saved and restored again, the older reference keeps its weighing.
    again = Engine.from_state(resumed.to_state())
    assert again.to_state()["baseline"] == resumed.to_state()["baseline"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("aux_factor", {"bins": [[0.0, 0.0, 0.0]], "aux_since": None}),
        ("reference_effort", [1.0, 2.0, 3.0]),
    ],
)
def test_corrupt_backup_weight_state_raises_value_error(key: str, value: Any) -> None:
    engine = Engine()
    feed(engine, split_days(HEALTHY_DAYS_C))
    state = engine.to_state()
    state["baseline"] = {**state["baseline"], key: value}
    with pytest.raises(ValueError, match="corrupt engine state"):
        Engine.from_state(state)
