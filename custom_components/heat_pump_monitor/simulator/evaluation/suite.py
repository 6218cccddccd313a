"""The scenario suite: every injectable fault in every climate, and healthy years."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import hashlib
from typing import Final

from ...engine.sample import HvacMode
from ..config import Climate, FaultKind, FaultSpec, HeatPumpParams, SimulationConfig

DAY: Final = timedelta(days=1)
WINTER_START: Final = datetime(2026, 1, 3, tzinfo=UTC)
SUMMER_START: Final = datetime(2026, 7, 3, tzinfo=UTC)
YEAR_START: Final = datetime(2026, 1, 1, tzinfo=UTC)
SEEDS: Final = (1, 2, 3)
CLIMATES: Final = (Climate.MILD, Climate.COLD, Climate.VERY_COLD)
FAULT_AT_HOUR: Final = 5
"""Faults begin at 05:00 of their day: a cold morning, not on a day boundary."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultPlan:
    """How a fault is staged: season, healthy lead, fault length, healthy tail."""

    mode: HvacMode = HvacMode.HEAT
    lead_days: int = 3
    """Healthy days before the fault, so that baselines exist."""
    fault: timedelta = 5 * DAY
    """Long enough for the slowest rule of the kind (three separate days)."""
    tail_days: int = 2
    """Healthy days after the fault, to see the finding clear."""


FAULT_PLANS: Final[Mapping[str, FaultPlan]] = {
    FaultKind.SHORT_CYCLING: FaultPlan(),
    FaultKind.DEFROST_STUCK: FaultPlan(fault=DAY),
    FaultKind.DEFROST_FAILED: FaultPlan(),
    FaultKind.LOW_CHARGE: FaultPlan(),
    FaultKind.REVERSING_VALVE_STUCK: FaultPlan(fault=2 * DAY),
    FaultKind.AUX_STUCK_ON: FaultPlan(),
    FaultKind.OFFLINE: FaultPlan(fault=timedelta(hours=6), tail_days=1),
    FaultKind.REFRIGERANT_ERROR_CODE: FaultPlan(fault=DAY),
    FaultKind.COMPRESSOR_FAILED: FaultPlan(fault=2 * DAY),
    FaultKind.SENSOR_STUCK: FaultPlan(fault=2 * DAY),
    FaultKind.DEFROST_FREQUENT: FaultPlan(fault=3 * DAY),
    FaultKind.CAPACITY_LOSS: FaultPlan(lead_days=21, fault=7 * DAY),
}
"""Staging per fault (keys are ``FaultKind`` values); faults not listed use the default."""

COOLING_PLANS: Final[Mapping[str, FaultPlan]] = {
    FaultKind.LOW_CHARGE: FaultPlan(mode=HvacMode.COOL, lead_days=21, fault=21 * DAY),
}
"""Faults also staged in a cooling summer (their label follows the mode). The lead
covers three weeks of July so that the unit's own normal split is learned first."""
COOLING_FAULTS: Final = tuple(FaultKind(kind) for kind in COOLING_PLANS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """One trace of the suite: a configuration simulated for ``days``."""

    name: str
    config: SimulationConfig
    days: float

    @property
    def key(self) -> str:
        """Return a short hash of the whole definition (file names of the cache)."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]

    @property
    def healthy(self) -> bool:
        """Whether no fault is injected."""
        return not self.config.faults


def fault_scenario(
    kind: FaultKind, *, climate: Climate, seed: int, mode: HvacMode
) -> Scenario:
    """Return the scenario of ``kind`` in ``climate`` with ``seed`` and ``mode``."""
    cooling = mode == HvacMode.COOL
    plans = COOLING_PLANS if cooling else FAULT_PLANS
    plan = plans.get(kind, FaultPlan())
    start = SUMMER_START if cooling else WINTER_START
    if not cooling:
        # A longer lead starts earlier, so the fault stays in the coldest weather;
        # a cooling lead instead runs into the hotter weeks of July.
        start -= (plan.lead_days - FaultPlan().lead_days) * DAY
    fault_start = start + plan.lead_days * DAY + timedelta(hours=FAULT_AT_HOUR)
    fault_end = fault_start + plan.fault
    days = (fault_end - start) / DAY + plan.tail_days
    return Scenario(
        name=f"{kind.value}-{mode.value}-{climate.value}-s{seed}",
        config=SimulationConfig(
            start=start,
            climate=climate,
            seed=seed,
            hvac_mode=mode,
            faults=(FaultSpec(kind=kind, start=fault_start, end=fault_end),),
        ),
        days=days,
    )


def healthy_years() -> tuple[Scenario, ...]:
    """Return three healthy years in auto mode: oversized, sized and undersized units."""
    plans = (
        (Climate.MILD, 3.0, 20.5, 24.5, "oversized"),
        (Climate.COLD, None, 20.0, 24.0, "sized"),
        (Climate.VERY_COLD, 3.0, 21.0, 25.0, "undersized"),
    )
    return tuple(
        Scenario(
            name=f"healthy-year-{climate.value}-{size}",
            config=SimulationConfig(
                start=YEAR_START,
                climate=climate,
                seed=100 + index,
                hvac_mode=HvacMode.AUTO,
                heat_setpoint_c=heat,
                cool_setpoint_c=cool,
                heat_pump=HeatPumpParams(nominal_tons=tons),
            ),
            days=365.0,
        )
        for index, (climate, tons, heat, cool, size) in enumerate(plans)
    )


def healthy_month() -> Scenario:
    """Return a healthy 30-day cold winter in heat mode (the quick loop's only one)."""
    return Scenario(
        name="healthy-month-cold",
        config=SimulationConfig(start=WINTER_START, climate=Climate.COLD, seed=100),
        days=30.0,
    )


def build_suite(
    *, quick: bool = False, kind: str | None = None
) -> tuple[Scenario, ...]:
    """Return the scenarios to evaluate.

    ``quick``: one seed, one climate (cold), a healthy month instead of the years.
    ``kind``: only the scenarios of that fault (a ``FaultKind`` value); no healthy
    traces.
    """
    climates = (Climate.COLD,) if quick else CLIMATES
    seeds = SEEDS[:1] if quick else SEEDS
    kinds = list(FaultKind) if kind is None else [FaultKind(kind)]
    scenarios: list[Scenario] = []
    for fault in kinds:
        modes = [HvacMode.HEAT]
        if fault in COOLING_FAULTS:
            modes.append(HvacMode.COOL)
        scenarios.extend(
            fault_scenario(fault, climate=climate, seed=seed, mode=mode)
            for mode in modes
            for climate in climates
            for seed in seeds
        )
    if kind is None:
        scenarios.extend((healthy_month(),) if quick else healthy_years())
    return tuple(scenarios)
