"""Each injected fault leaves its signature in the trace and in the labels."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta
import statistics
from typing import Any

import pytest

from custom_components.heat_pump_monitor.engine.sample import HvacMode, Sample
from custom_components.heat_pump_monitor.simulator import (
    FAULT_FINDING_KIND,
    REFRIGERANT_ERROR_CODE,
    Climate,
    FaultKind,
    FaultSpec,
    Simulation,
    SimulationConfig,
)

from .support import (
    FAULT_AT,
    after,
    mean_split,
    runs,
    simulate,
    split,
    steady_heating,
    winter,
)

HOUR = timedelta(hours=1)


def longest_defrost_minutes(samples: list[Sample]) -> float:
    longest = current = 0.0
    for sample in samples:
        current = current + (sample.defrost_s or 0) if sample.defrost_s else 0.0
        longest = max(longest, current)
    return longest / 60


def test_every_fault_is_labelled_with_its_finding_kind() -> None:
    assert FAULT_FINDING_KIND == {
        FaultKind.SHORT_CYCLING: "short_cycling",
        FaultKind.DEFROST_STUCK: "defrost_stuck",
        FaultKind.DEFROST_FAILED: "defrost_missing",
        FaultKind.LOW_CHARGE: "low_heating_split",
        FaultKind.REVERSING_VALVE_STUCK: "reversing_valve",
        FaultKind.AUX_STUCK_ON: "aux_heat_overuse",
        FaultKind.OFFLINE: "offline",
        FaultKind.REFRIGERANT_ERROR_CODE: "error_code",
        FaultKind.COMPRESSOR_FAILED: "no_start",
        FaultKind.SENSOR_STUCK: "sensor_fault",
        FaultKind.DEFROST_FREQUENT: "defrost_frequent",
        FaultKind.CAPACITY_LOSS: "capacity_degradation",
    }
    for kind in FaultKind:
        simulation = Simulation(winter(kind, end=FAULT_AT + HOUR))
        simulation.advance(FAULT_AT - timedelta(minutes=1))
        assert simulation.labels()["faults"] == []
        assert simulation.labels()["healthy"] is True
        simulation.advance(FAULT_AT + timedelta(minutes=1))
        assert simulation.labels()["faults"] == [
            {
                "kind": FAULT_FINDING_KIND[kind],
                "fault": kind.value,
                "start": "2026-01-10T02:00:00Z",
                "end": None,
            }
        ]
        assert simulation.labels()["healthy"] is False
        simulation.advance(FAULT_AT + 2 * HOUR)
        assert simulation.labels()["faults"][0]["end"] == "2026-01-10T03:00:00Z"


def test_short_cycling() -> None:
    healthy, _ = simulate(winter(), 2)
    samples, _ = simulate(winter(FaultKind.SHORT_CYCLING), 2)
    before = [seconds for start, seconds in runs(samples) if start < FAULT_AT]
    assert all(seconds >= 180 for seconds in before[:-1])
    # Runs that start once the fault is there.
    short = [seconds for _, seconds in runs(after(samples, FAULT_AT))[1:]]
    normal = [seconds for _, seconds in runs(after(healthy, FAULT_AT))[1:]]
    assert all(120 <= seconds <= 240 for seconds in short)
    assert statistics.median(normal) >= 480
    hours = 46
    assert len(short) / hours >= 5.5
    assert len(normal) / hours <= 3


def test_defrost_stuck() -> None:
    samples, labels = simulate(winter(FaultKind.DEFROST_STUCK), 1)
    assert longest_defrost_minutes(samples) > 15 * 60
    stuck = labels["defrosts"][-1]
    assert stuck["start"] > "2026-01-10T02:00:00Z"
    assert stuck["end"] is None
    during = [s for s in samples if s.defrost_s == s.interval_s]
    assert all(s.comp_heat_s == s.interval_s and s.aux_heat_s for s in during)


def test_defrost_stuck_ends_with_the_fault() -> None:
    end = FAULT_AT + 6 * HOUR
    samples, labels = simulate(winter(FaultKind.DEFROST_STUCK, end=end), 1)
    longest = longest_defrost_minutes(samples)
    assert 60 < longest < 6 * 60
    ends = [item["end"] for item in labels["defrosts"]]
    assert "2026-01-10T08:00:00Z" in ends
    assert any(item["start"] > "2026-01-10T08:00:00Z" for item in labels["defrosts"])


def test_defrost_failed() -> None:
    healthy, healthy_labels = simulate(winter(), 2)
    samples, labels = simulate(winter(FaultKind.DEFROST_FAILED), 2)
    assert all(item["start"] < "2026-01-10T02:00:00Z" for item in labels["defrosts"])
    assert len(healthy_labels["defrosts"]) > 10
    assert sum(s.defrost_s or 0 for s in after(samples, FAULT_AT)) == 0
    # Frost builds and capacity falls: a smaller split and longer runtime.
    later = FAULT_AT + 4 * HOUR
    assert mean_split(after(samples, later)) < mean_split(after(healthy, later)) - 2
    runtime = sum(s.comp_heat_s or 0 for s in after(samples, later))
    healthy_runtime = sum(s.comp_heat_s or 0 for s in after(healthy, later))
    assert runtime > 1.1 * healthy_runtime
    aux = sum(s.aux_heat_s or 0 for s in after(samples, later))
    assert aux > 1.2 * sum(s.aux_heat_s or 0 for s in after(healthy, later))
    first_hour = [split(s) for s in steady_heating(after(samples, FAULT_AT))[:30]]
    last_hours = [split(s) for s in steady_heating(after(samples, later))]
    assert statistics.mean(last_hours) < statistics.mean(first_hour)


def test_low_charge() -> None:
    healthy, _ = simulate(winter(), 2)
    samples, _ = simulate(winter(FaultKind.LOW_CHARGE), 2)
    low = mean_split(after(samples, FAULT_AT))
    normal = mean_split(after(healthy, FAULT_AT))
    assert low < 0.8 * normal
    assert low > 3
    runtime = sum(s.comp_heat_s or 0 for s in after(samples, FAULT_AT))
    assert runtime > 1.15 * sum(s.comp_heat_s or 0 for s in after(healthy, FAULT_AT))

    def heat_per_watt(trace: tuple[Sample, ...]) -> float:
        steady = steady_heating(after(trace, FAULT_AT))
        return statistics.mean(split(s) / (s.outdoor_unit_w or 1) for s in steady)

    assert heat_per_watt(samples) < 0.9 * heat_per_watt(healthy)


def test_low_charge_in_cooling() -> None:
    summer = datetime(2026, 7, 15, tzinfo=UTC)
    config = SimulationConfig(start=summer, hvac_mode=HvacMode.COOL)
    faulty = replace(
        config, faults=(FaultSpec(kind=FaultKind.LOW_CHARGE, start=summer),)
    )

    def cooling_split(trace: tuple[Sample, ...]) -> float:
        return statistics.mean(
            split(s)
            for s in trace
            if s.comp_cool_s == s.interval_s and not s.aux_heat_s
        )

    healthy, _ = simulate(config, 1)
    samples, _ = simulate(faulty, 1)
    assert 0 < -cooling_split(samples) < -0.8 * cooling_split(healthy)
    assert sum(s.comp_cool_s or 0 for s in samples) > sum(
        s.comp_cool_s or 0 for s in healthy
    )


def test_low_charge_is_labelled_by_the_mode() -> None:
    summer = datetime(2026, 7, 15, tzinfo=UTC)
    fault = (FaultSpec(kind=FaultKind.LOW_CHARGE, start=summer),)
    for mode, kind in (
        (HvacMode.COOL, "low_cooling_split"),
        (HvacMode.HEAT, "low_heating_split"),
        (HvacMode.AUTO, "low_heating_split"),
    ):
        simulation = Simulation(
            SimulationConfig(start=summer, hvac_mode=mode, faults=fault)
        )
        simulation.advance(summer + timedelta(minutes=1))
        assert simulation.labels()["faults"][0]["kind"] == kind


def test_compressor_failed() -> None:
    healthy, _ = simulate(winter(), 1)
    samples, _ = simulate(winter(FaultKind.COMPRESSOR_FAILED), 1)
    later = after(samples, FAULT_AT + HOUR)
    # The thermostat still reports its call as compressor runtime, longer than ever.
    runtime = sum(s.comp_heat_s or 0 for s in later)
    assert runtime > 1.5 * sum(
        s.comp_heat_s or 0 for s in after(healthy, FAULT_AT + HOUR)
    )
    # The outdoor unit draws only standby power and no heat reaches the supply air.
    running = [s for s in later if s.comp_heat_s == s.interval_s]
    assert running
    assert max(s.outdoor_unit_w or 0 for s in running) < 100
    # Only the blower warms the air (about 0.6 K), never a compressor (over 8 K).
    assert all(split(s) < 1.5 for s in running if not s.aux_heat_s)
    # Stage 2 strips carry the load and the room sags below the setpoint.
    assert sum(s.aux_heat_s or 0 for s in later) > 3 * sum(
        s.aux_heat_s or 0 for s in after(healthy, FAULT_AT + HOUR)
    )
    assert min(s.indoor_temp_c or 99 for s in later) < 20.5 - 1.5


def test_sensor_stuck_freezes_the_reading_not_the_room() -> None:
    healthy, _ = simulate(winter(), 1)
    samples, _ = simulate(winter(FaultKind.SENSOR_STUCK), 1)
    before = [s for s in samples if s.time < FAULT_AT]
    stuck = after(samples, FAULT_AT)
    assert {s.indoor_temp_c for s in stuck} == {before[-1].indoor_temp_c}
    assert len({s.indoor_temp_c for s in after(healthy, FAULT_AT)}) > 20
    # The thermostat controls on its own sensor: the equipment runs as if healthy.
    assert [s.comp_heat_s for s in stuck] == [
        s.comp_heat_s for s in after(healthy, FAULT_AT)
    ]


def test_sensor_stuck_survives_a_saved_state() -> None:
    config = winter(FaultKind.SENSOR_STUCK)
    whole = list(Simulation(config).run(timedelta(hours=4)))
    first = Simulation(config)
    head = list(first.run(timedelta(hours=3)))
    resumed = Simulation.from_state(config, first.to_state())
    assert head + list(resumed.run(timedelta(hours=1))) == whole


def test_defrost_frequent() -> None:
    _, healthy_labels = simulate(winter(), 1)
    samples, labels = simulate(winter(FaultKind.DEFROST_FREQUENT), 1)

    def defrosts_after(found: dict[str, Any]) -> int:
        return sum(1 for item in found["defrosts"] if item["start"] > "2026-01-10T02")

    assert defrosts_after(labels) > 3 * defrosts_after(healthy_labels)
    # Runtime between defrosts is minutes, not the board's hour.
    runtime = 0.0
    gaps: list[float] = []
    for sample in after(samples, FAULT_AT + HOUR):
        if sample.defrost_s:
            if runtime:
                gaps.append(runtime)
            runtime = 0.0
        else:
            runtime += sample.comp_heat_s or 0
    assert gaps
    assert statistics.median(gaps) <= 15 * 60


def test_capacity_loss() -> None:
    healthy, _ = simulate(winter(), 2)
    samples, _ = simulate(winter(FaultKind.CAPACITY_LOSS), 2)
    assert mean_split(after(samples, FAULT_AT)) < 0.8 * mean_split(
        after(healthy, FAULT_AT)
    )
    runtime = sum(s.comp_heat_s or 0 for s in after(samples, FAULT_AT))
    assert runtime > 1.15 * sum(s.comp_heat_s or 0 for s in after(healthy, FAULT_AT))


def test_reversing_valve_stuck_in_cooling() -> None:
    samples, labels = simulate(winter(FaultKind.REVERSING_VALVE_STUCK), 1)
    wrong = [
        s
        for s in after(samples, FAULT_AT + timedelta(minutes=5))
        if s.comp_heat_s == s.interval_s and not s.aux_heat_s
    ]
    assert wrong
    assert all(split(s) < -3 for s in wrong[1:])
    assert min(s.indoor_temp_c or 99 for s in samples) < 20.5 - 2
    assert sum(s.comp_cool_s or 0 for s in samples) == 0
    assert all(item["start"] < "2026-01-10T02:00:00Z" for item in labels["defrosts"])


def test_aux_stuck_on() -> None:
    samples, _ = simulate(winter(FaultKind.AUX_STUCK_ON, climate=Climate.MILD), 2)
    healthy, _ = simulate(winter(climate=Climate.MILD), 2)

    def warm_aux_s(trace: tuple[Sample, ...]) -> float:
        return sum(
            s.aux_heat_s or 0
            for s in after(trace, FAULT_AT)
            if (s.outdoor_temp_c or 0) > 4.5 and not s.defrost_s
        )

    assert warm_aux_s(samples) > 3600
    assert warm_aux_s(healthy) == 0
    assert all(s.aux_heat_s == s.fan_s for s in after(samples, FAULT_AT))


def test_offline() -> None:
    end = FAULT_AT + 3 * HOUR
    healthy, _ = simulate(winter(), 1)
    samples, labels = simulate(winter(FaultKind.OFFLINE, end=end), 1)
    assert labels["faults"][0]["kind"] == "offline"
    for sample in samples:
        offline = FAULT_AT <= sample.time < end
        assert sample.online is not offline
        if offline:
            values = {f.name: getattr(sample, f.name) for f in fields(sample)}
            assert {
                name
                for name, value in values.items()
                if value is not None and name not in ("time", "interval_s", "online")
            } == set()
    # The physics went on unseen: the same system as without the fault.
    assert after(samples, end) == after(healthy, end)
    assert labels["defrosts"] == simulate(winter(), 1)[1]["defrosts"]


def test_refrigerant_error_code() -> None:
    end = FAULT_AT + 4 * HOUR
    samples, _ = simulate(winter(FaultKind.REFRIGERANT_ERROR_CODE, end=end), 1)
    assert REFRIGERANT_ERROR_CODE == "U2"
    coded = [s for s in samples if s.error_code]
    assert coded
    assert {s.error_code for s in coded} == {"U2"}
    assert {s.time for s in coded} == {
        s.time for s in samples if FAULT_AT <= s.time < end
    }
    assert sum(s.compressor_s or 0 for s in coded) == 0
    assert sum(s.aux_heat_s or 0 for s in coded) > 0
    assert sum(s.comp_heat_s or 0 for s in after(samples, end)) > 3600


@pytest.mark.parametrize("kind", list(FaultKind))
def test_runtime_columns_stay_within_the_interval(kind: FaultKind) -> None:
    # simulate() checks every runtime column of every sample.
    samples, _ = simulate(winter(kind), 1)
    assert len(samples) == 1440
