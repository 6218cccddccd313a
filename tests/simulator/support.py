"""Shared helpers of the simulator tests: cached runs and trace arithmetic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
import statistics

from custom_components.heat_pump_monitor.engine.sample import RUNTIME_FIELDS, Sample
from custom_components.heat_pump_monitor.simulator import (
    Climate,
    FaultKind,
    FaultSpec,
    Simulation,
    SimulationConfig,
)

WINTER = datetime(2026, 1, 10, tzinfo=UTC)
FAULT_AT = WINTER + timedelta(hours=2)


@cache
def simulate(config: SimulationConfig, days: float) -> tuple[tuple[Sample, ...], dict]:
    """Return the samples and labels of a run (cached: configs are hashable)."""
    simulation = Simulation(config)
    samples = tuple(simulation.run(timedelta(days=days)))
    check_runtime_bounds(samples)
    return samples, simulation.labels()


def winter(
    fault: FaultKind | None = None,
    *,
    climate: Climate = Climate.COLD,
    end: datetime | None = None,
    seed: int = 1,
) -> SimulationConfig:
    """Return a January configuration, with one fault from two hours in."""
    faults = () if fault is None else (FaultSpec(kind=fault, start=FAULT_AT, end=end),)
    return SimulationConfig(start=WINTER, climate=climate, seed=seed, faults=faults)


def check_runtime_bounds(samples: Sequence[Sample]) -> None:
    """Every runtime column lies within its interval."""
    for sample in samples:
        for name in RUNTIME_FIELDS:
            value = getattr(sample, name)
            assert value is None or 0 <= value <= sample.interval_s, (sample, name)


def after(samples: Sequence[Sample], when: datetime) -> list[Sample]:
    """Return the samples starting at or after ``when``."""
    return [sample for sample in samples if sample.time >= when]


def split(sample: Sample) -> float:
    """Supply minus return temperature."""
    assert sample.supply_temp_c is not None and sample.return_temp_c is not None
    return sample.supply_temp_c - sample.return_temp_c


def steady_heating(samples: Sequence[Sample]) -> list[Sample]:
    """Compressor-only heating samples that follow another such sample.

    The first minutes of a run and those after a defrost are excluded: the indoor coil
    is still warming up then.
    """
    steady: list[Sample] = []
    previous_full = False
    for sample in samples:
        full = (
            sample.comp_heat_s == sample.interval_s
            and sample.aux_heat_s == 0
            and sample.defrost_s == 0
        )
        if full and previous_full:
            steady.append(sample)
        previous_full = full
    return steady


def mean_split(samples: Sequence[Sample]) -> float:
    """Mean supply-return split over steady compressor heating."""
    return statistics.mean(split(sample) for sample in steady_heating(samples))


def runs(samples: Sequence[Sample]) -> list[tuple[datetime, float]]:
    """Return compressor runs as (start, seconds): runs of samples with runtime.

    The minimum off time is longer than a sample, so two runs never touch.
    """
    found: list[tuple[datetime, float]] = []
    start: datetime | None = None
    total = 0.0
    for sample in samples:
        seconds = sample.compressor_s or 0.0
        if seconds:
            if start is None:
                start, total = sample.time, 0.0
            total += seconds
        elif start is not None:
            found.append((start, total))
            start = None
    return found


def defrost_minutes(labels: dict) -> list[float]:
    """Durations of the finished true defrosts, in minutes."""
    return [
        (
            datetime.fromisoformat(item["end"]) - datetime.fromisoformat(item["start"])
        ).total_seconds()
        / 60
        for item in labels["defrosts"]
        if item["end"] is not None
    ]
