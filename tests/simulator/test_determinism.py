"""Same seed, same trace; a saved state resumes exactly; the clock behaves."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
import json

import pytest

from custom_components.heat_pump_monitor.engine.sample import HvacMode
from custom_components.heat_pump_monitor.simulator import (
    Climate,
    DefrostParams,
    FaultKind,
    FaultSpec,
    HeatPumpParams,
    HouseParams,
    Simulation,
    SimulationConfig,
    ThermostatParams,
)

from .support import FAULT_AT, WINTER, simulate, winter

DAY = timedelta(days=1)


def test_same_seed_same_samples() -> None:
    config = winter(FaultKind.SHORT_CYCLING)
    first = list(Simulation(config).run(DAY))
    second = list(Simulation(config).run(DAY))
    assert first == second
    assert len(first) == 1440


def test_another_seed_other_weather() -> None:
    first, _ = simulate(winter(), 1)
    other, _ = simulate(winter(seed=2), 1)
    assert [s.outdoor_temp_c for s in first] != [s.outdoor_temp_c for s in other]


def test_advance_in_pieces_equals_run() -> None:
    config = winter(FaultKind.SHORT_CYCLING)
    whole = list(Simulation(config).run(timedelta(hours=6)))
    simulation = Simulation(config)
    pieces = []
    moment = WINTER
    while moment < WINTER + timedelta(hours=6):
        moment += timedelta(seconds=37.5)
        pieces += simulation.advance(moment)
    assert pieces == whole
    assert simulation.now == WINTER + timedelta(hours=6)


def test_resume_from_json_state_is_exact() -> None:
    config = replace(
        winter(),
        faults=(
            FaultSpec(kind=FaultKind.SHORT_CYCLING, start=FAULT_AT),
            FaultSpec(kind=FaultKind.LOW_CHARGE, start=FAULT_AT),
        ),
    )
    reference = list(Simulation(config).run(timedelta(hours=12)))
    first = Simulation(config)
    # Stop mid-interval and mid-step, in the middle of a short-cycling run.
    cut = WINTER + timedelta(hours=5, seconds=95.5)
    head = first.advance(cut)
    state = json.loads(json.dumps(first.to_state()))
    resumed = Simulation.from_state(config, state)
    assert resumed.now == cut
    tail = resumed.advance(WINTER + timedelta(hours=12))
    assert head + tail == reference
    continued = first.advance(WINTER + timedelta(hours=12))
    assert head + continued == reference
    assert first.labels() == resumed.labels()


def test_state_of_another_run_is_rejected() -> None:
    state = Simulation(winter()).to_state()
    later = replace(winter(), start=WINTER + DAY)
    with pytest.raises(ValueError, match="start"):
        Simulation.from_state(later, state)
    with pytest.raises(ValueError, match="interval"):
        Simulation.from_state(replace(winter(), sample_interval_s=300), state)
    with pytest.raises(ValueError, match="version"):
        Simulation.from_state(winter(), state | {"version": 99})
    with pytest.raises(KeyError):
        Simulation.from_state(winter(), {"version": 1})
    with pytest.raises(TypeError):
        Simulation.from_state(winter(), [])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="clock"):
        Simulation.from_state(winter(), state | {"t": 15})


def test_advance_into_the_past_returns_nothing() -> None:
    simulation = Simulation(winter())
    assert simulation.config == winter()
    assert len(simulation.advance(WINTER + timedelta(minutes=10))) == 10
    assert simulation.advance(WINTER + timedelta(minutes=5)) == []
    assert simulation.advance(WINTER + timedelta(minutes=10)) == []
    assert simulation.now == WINTER + timedelta(minutes=10)
    with pytest.raises(ValueError, match="timezone"):
        simulation.advance(datetime(2026, 1, 10, 1))


def test_sample_times_and_intervals() -> None:
    config = replace(winter(), sample_interval_s=300.0)
    simulation = Simulation(config)
    samples = simulation.advance(WINTER + timedelta(minutes=31))
    assert [s.time for s in samples] == [
        WINTER + timedelta(minutes=5 * i) for i in range(6)
    ]
    assert {s.interval_s for s in samples} == {300.0}
    assert simulation.advance(WINTER + timedelta(minutes=34, seconds=59)) == []
    assert len(simulation.advance(WINTER + timedelta(minutes=35))) == 1


def test_run_is_lazy_and_moves_the_clock() -> None:
    simulation = Simulation(winter())
    samples = simulation.run(timedelta(hours=1))
    assert simulation.now == WINTER
    assert next(samples).time == WINTER
    assert simulation.now == WINTER + timedelta(minutes=1)
    assert len(list(samples)) == 59
    assert simulation.now == WINTER + timedelta(hours=1)
    with pytest.raises(ValueError, match="negative"):
        next(simulation.run(timedelta(seconds=-1)))


def test_config_accepts_enum_values() -> None:
    config = SimulationConfig(
        start=WINTER,
        climate="mild",  # type: ignore[arg-type]
        hvac_mode="auto",  # type: ignore[arg-type]
        faults=[FaultSpec(kind="offline", start=FAULT_AT)],  # type: ignore[arg-type]
    )
    assert config.climate is Climate.MILD
    assert config.hvac_mode is HvacMode.AUTO
    assert config.faults == (FaultSpec(kind=FaultKind.OFFLINE, start=FAULT_AT),)
    assert config.faults[0].kind is FaultKind.OFFLINE
    with pytest.raises(ValueError, match="tropical"):
        SimulationConfig(start=WINTER, climate="tropical")  # type: ignore[arg-type]


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="timezone"):
        SimulationConfig(start=datetime(2026, 1, 10))
    with pytest.raises(ValueError, match="multiple"):
        SimulationConfig(start=WINTER, sample_interval_s=15)
    with pytest.raises(ValueError, match="multiple"):
        SimulationConfig(start=WINTER, sample_interval_s=float("nan"))
    with pytest.raises(ValueError, match="before it starts"):
        FaultSpec(kind=FaultKind.OFFLINE, start=FAULT_AT, end=WINTER)
    with pytest.raises(ValueError, match="timezone"):
        FaultSpec(kind=FaultKind.OFFLINE, start=datetime(2026, 1, 10))
    with pytest.raises(ValueError, match="interval_min"):
        DefrostParams(interval_min=45)
    with pytest.raises(ValueError, match="max_duration_min"):
        DefrostParams(max_duration_min=20)
    with pytest.raises(ValueError, match="terminate_c"):
        DefrostParams(terminate_c=-5)
    with pytest.raises(ValueError, match="auto"):
        SimulationConfig(
            start=WINTER,
            hvac_mode=HvacMode.AUTO,
            heat_setpoint_c=22,
            cool_setpoint_c=22,
        )
    with pytest.raises(ValueError, match="cool_setpoint_c"):
        SimulationConfig(start=WINTER, cool_setpoint_c=60)
    with pytest.raises(ValueError, match="ua_w_per_k"):
        HouseParams(ua_w_per_k=0)
    with pytest.raises(ValueError, match="air_mass_fraction"):
        HouseParams(air_mass_fraction=1.5)
    with pytest.raises(ValueError, match="nominal_tons"):
        HeatPumpParams(nominal_tons=40)
    with pytest.raises(ValueError, match="negative"):
        HeatPumpParams(min_on_s=-1)
    with pytest.raises(ValueError, match="defrost_tempering_w"):
        HeatPumpParams(aux_heat_w=4000)
    with pytest.raises(ValueError, match="sensible_heat_ratio"):
        HeatPumpParams(sensible_heat_ratio=0)
    with pytest.raises(ValueError, match="differential"):
        ThermostatParams(differential_c=0)
    with pytest.raises(ValueError, match="stage2_delay_s"):
        ThermostatParams(stage2_delay_s=0)
