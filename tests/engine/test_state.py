"""Persisted state: resume equals an uninterrupted run; bad state is refused."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.heat_pump_monitor.engine import Engine, EngineConfig, EngineEvent

from .helpers import pattern_samples

SHORT_DAY = "0" * 600 + "11110000" * 8 + "0" * 776
TRACE = (
    SHORT_DAY * 3
    + "0111"
    + "D" * 20
    + "0011DD0"  # stuck defrost, then a normal one
    + "1" * 10
    + "x" * 20
    + "1111"  # offline
    + "11"
    + "_" * 30
    + "11DD01100"  # gap with a run and a defrost
    + ("1" * 30 + "0" * 30) * 30  # healthy day: short cycling clears
    + "11?1100D"
)
CONFIG = EngineConfig(timezone=ZoneInfo("America/New_York"))


def _record(events: list[EngineEvent]) -> list[tuple[Any, ...]]:
    """Events as plain values at the moment they were reported."""
    return [
        (
            event.type,
            event.time,
            None if event.finding is None else event.finding.as_dict(),
            event.defrost,
        )
        for event in events
    ]


def _replay(engine: Engine, samples: list[Any]) -> list[tuple[Any, ...]]:
    recorded: list[tuple[Any, ...]] = []
    for sample in samples:
        recorded.extend(_record(engine.process(sample)))
    return recorded


def test_resume_gives_the_same_events_and_status() -> None:
    samples = list(pattern_samples(TRACE))
    samples.insert(100, samples[99])  # a duplicate: rejected, and counted
    whole = Engine(CONFIG)
    events = [_record(whole.process(sample)) for sample in samples]
    final = whole.status
    assert {kind for item in events for (kind, *_rest) in item}, "trace has events"
    # Cut mid short-cycling, mid stuck defrost, mid outage, mid gap, near the end.
    cuts = (
        2 * 1440 + 620,
        3 * 1440 + 12,
        3 * 1440 + 45,
        3 * 1440 + 70,
        5000,
        len(samples) - 3,
    )
    for cut in cuts:
        first = Engine(CONFIG)
        _replay(first, samples[:cut])
        state = json.loads(json.dumps(first.to_state()))
        assert state["version"] == 1
        resumed = Engine.from_state(state, CONFIG)
        assert resumed.status == first.status
        assert _replay(resumed, samples[cut:]) == [
            e for item in events[cut:] for e in item
        ]
        assert resumed.status == final
        assert resumed.rejected == whole.rejected == {"duplicate_time": 1}


def test_state_is_json_with_active_findings() -> None:
    engine = Engine(CONFIG)
    for sample in pattern_samples(SHORT_DAY * 3 + "0111" + "D" * 20):
        engine.process(sample)
    assert len(engine.active_findings) == 2
    state = json.loads(json.dumps(engine.to_state(), allow_nan=False))
    resumed = Engine.from_state(state)
    assert resumed.active_findings == engine.active_findings
    assert resumed.to_state() == state


def test_fresh_engine_round_trip() -> None:
    state = json.loads(json.dumps(Engine().to_state()))
    assert Engine.from_state(state).status == Engine().status


def _corrupt(state: dict[str, Any]) -> list[dict[str, Any]]:
    def changed(path: tuple[str, ...], value: Any) -> dict[str, Any]:
        copy: dict[str, Any] = json.loads(json.dumps(state))
        target = copy
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return copy

    missing = json.loads(json.dumps(state))
    del missing["counters"]
    return [
        missing,
        changed(("counters", "cycles_today"), -1),
        changed(("counters", "today"), [1.0, 2.0]),
        changed(("cycles", "running"), "yes"),
        changed(("cleaner", "end"), "soon"),
        changed(("findings",), [{"kind": "not_a_kind"}]),
        changed(("findings",), "none"),
        changed(("detectors", "short_cycling", "starts"), [[1.0, 2.0]]),
        changed(("detectors", "offline"), None),
        changed(("last_sample",), {"time": "yesterday"}),
        changed(("last_sample", "online"), "yes"),
        changed(("rejected",), {"bad_time": 1.5}),
    ]


def test_corrupt_state_raises_value_error() -> None:
    engine = Engine()
    for sample in pattern_samples("0110D0"):
        engine.process(sample)
    for state in _corrupt(engine.to_state()):
        with pytest.raises(ValueError, match="corrupt engine state"):
            Engine.from_state(state)


@pytest.mark.parametrize("version", [None, 0, 2, "1", True])
def test_unknown_version_raises_value_error(version: Any) -> None:
    state = Engine().to_state()
    state["version"] = version
    with pytest.raises(ValueError, match="unknown engine state version"):
        Engine.from_state(state)


def test_not_a_mapping_raises_value_error() -> None:
    with pytest.raises(ValueError, match="corrupt engine state"):
        Engine.from_state([])  # type: ignore[arg-type]
