"""The reversing-valve detector."""

from __future__ import annotations

from datetime import timedelta

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EngineEvent,
    EventType,
    FindingKind,
    Severity,
)

from .helpers import T0, of_type
from .signals_helpers import process_all, runs

COLD_SUPPLY = {
    "comp_heat_s": 60.0,
    "fan_s": 60.0,
    "return_temp_c": 18.0,
    "supply_temp_c": 10.0,
}
WARM_SUPPLY = {**COLD_SUPPLY, "supply_temp_c": 32.0}


def _raised(events: list[EngineEvent]) -> list[EngineEvent]:
    return [
        event
        for event in of_type(events, EventType.FINDING_RAISED)
        if event.finding is not None
        and event.finding.kind is FindingKind.REVERSING_VALVE
    ]


def test_two_wrong_runs_raise_and_a_right_run_clears() -> None:
    engine = Engine()
    events = process_all(engine, runs(T0, count=2, on_min=20, on=COLD_SUPPLY))
    (raised,) = _raised(events)
    finding = raised.finding
    assert finding is not None
    assert finding.severity is Severity.ERROR
    # Second run starts at 40 min; judged after 10 min settling + 3 min of readings.
    assert raised.time == T0 + timedelta(minutes=53)
    assert finding.start == T0 + timedelta(minutes=10)  # first wrong reading
    assert finding.evidence["mode"] == "heat"
    assert finding.evidence["supply_minus_return_k"] == -8.0
    assert finding.evidence["wrong_runs"] == 2
    events = process_all(
        engine, runs(T0 + timedelta(hours=2), count=1, on_min=20, on=WARM_SUPPLY)
    )
    assert [e.type for e in events] == [EventType.FINDING_CLEARED]


def test_one_wrong_run_is_a_glitch() -> None:
    engine = Engine()
    samples = runs(T0, count=1, on_min=20, on=COLD_SUPPLY)
    samples += runs(T0 + timedelta(hours=1), count=1, on_min=20, on=WARM_SUPPLY)
    samples += runs(T0 + timedelta(hours=2), count=1, on_min=20, on=COLD_SUPPLY)
    assert _raised(process_all(engine, samples)) == []


def test_one_endless_wrong_run_is_enough() -> None:
    engine = Engine()
    events = process_all(engine, runs(T0, count=1, on_min=60, on=COLD_SUPPLY))
    (raised,) = _raised(events)
    assert raised.time == T0 + timedelta(minutes=40)  # 10 min settling + 30 min


def test_cold_supply_after_defrost_is_recovery() -> None:
    engine = Engine()
    samples = []
    for run in range(3):
        start = T0 + timedelta(hours=run)
        samples += runs(start, count=1, on_min=12, off_min=0, on=WARM_SUPPLY)
        samples += runs(
            start + timedelta(minutes=12),
            count=1,
            on_min=5,
            off_min=0,
            on={**COLD_SUPPLY, "defrost_s": 60.0},
        )
        # Five minutes of recovery, then (wrong) cold supply for two more.
        samples += runs(
            start + timedelta(minutes=17), count=1, on_min=7, on=COLD_SUPPLY
        )
    assert _raised(process_all(engine, samples)) == []


def test_cooling_with_warm_supply_and_silence_without_sensors() -> None:
    engine = Engine()
    hot = {
        "hvac_mode": "cool",
        "comp_cool_s": 60.0,
        "fan_s": 60.0,
        "return_temp_c": 24.0,
        "supply_temp_c": 30.0,
    }
    (raised,) = _raised(process_all(engine, runs(T0, count=2, on_min=20, on=hot)))
    assert raised.finding is not None
    assert raised.finding.evidence["mode"] == "cool"
    blind = Engine()
    no_sensor = {**COLD_SUPPLY, "supply_temp_c": None}
    assert _raised(process_all(blind, runs(T0, count=3, on_min=20, on=no_sensor))) == []


def test_wrong_readings_followed_by_right_ones_in_the_run_are_not_counted() -> None:
    engine = Engine()
    samples = []
    for run in range(3):
        start = T0 + timedelta(hours=run)
        # An unreported defrost 12 min into the run, then normal heating.
        samples += runs(start, count=1, on_min=12, off_min=0, on=WARM_SUPPLY)
        samples += runs(
            start + timedelta(minutes=12), count=1, on_min=4, off_min=0, on=COLD_SUPPLY
        )
        samples += runs(
            start + timedelta(minutes=16), count=1, on_min=10, on=WARM_SUPPLY
        )
    assert _raised(process_all(engine, samples)) == []


def test_wrong_run_masked_by_strip_heat_without_defrost() -> None:
    engine = Engine()
    samples = runs(T0, count=1, on_min=15, off_min=0, on=COLD_SUPPLY)
    strips = {**COLD_SUPPLY, "aux_heat_s": 60.0, "supply_temp_c": 24.0}
    samples += runs(T0 + timedelta(minutes=15), count=1, on_min=60, on=strips)
    (raised,) = _raised(process_all(engine, samples))
    # Wrong from minute 10; 5 wrong minutes + 25 masked minutes at minute 40.
    assert raised.time == T0 + timedelta(minutes=40)
    assert raised.finding is not None
    assert raised.finding.evidence["wrong_runs"] == 1


def test_strip_heat_after_a_defrost_does_not_confirm() -> None:
    engine = Engine()
    samples = runs(T0, count=1, on_min=15, off_min=0, on=COLD_SUPPLY)
    defrost = {**COLD_SUPPLY, "defrost_s": 60.0, "aux_heat_s": 60.0}
    samples += runs(
        T0 + timedelta(minutes=15), count=1, on_min=5, off_min=0, on=defrost
    )
    strips = {**COLD_SUPPLY, "aux_heat_s": 60.0, "supply_temp_c": 24.0}
    samples += runs(T0 + timedelta(minutes=20), count=1, on_min=60, on=strips)
    assert _raised(process_all(engine, samples)) == []


def test_valve_sticking_mid_run() -> None:
    engine = Engine()
    samples = runs(T0, count=1, on_min=20, off_min=0, on=WARM_SUPPLY)
    samples += runs(T0 + timedelta(minutes=20), count=1, on_min=40, on=COLD_SUPPLY)
    (raised,) = _raised(process_all(engine, samples))
    assert raised.time == T0 + timedelta(minutes=50)  # wrong from minute 20, 30 min


def test_strip_heat_hiding_the_valve_from_the_start() -> None:
    """Strips on from a run's start: a rise below the compressor's own is the valve."""
    engine = Engine()
    samples = runs(T0, count=2, on_min=30, off_min=30, on=WARM_SUPPLY)
    masked = {**COLD_SUPPLY, "aux_heat_s": 60.0, "supply_temp_c": 24.0}
    start = T0 + timedelta(hours=2)
    samples += runs(start, count=1, on_min=60, on=masked)
    (raised,) = _raised(process_all(engine, samples))
    # Settled 10 min into the run, then 30 min of a 6 K rise against 14 K.
    assert raised.time == start + timedelta(minutes=40)
    assert raised.finding is not None
    assert raised.finding.start == start + timedelta(minutes=10)
    assert raised.finding.evidence["supply_minus_return_k"] == 6.0


def test_strip_heat_on_a_working_compressor_is_not_the_valve() -> None:
    """Strips on a working compressor lift the rise above the compressor's own."""
    engine = Engine()
    samples = runs(T0, count=2, on_min=30, off_min=30, on=WARM_SUPPLY)
    boosted = {**WARM_SUPPLY, "aux_heat_s": 60.0, "supply_temp_c": 43.0}
    samples += runs(T0 + timedelta(hours=2), count=1, on_min=60, on=boosted)
    assert _raised(process_all(engine, samples)) == []
