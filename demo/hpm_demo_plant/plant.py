"""A simulated heat pump that runs in real time and tells its listeners what it did.

The simulation holds the climate's winter weather whatever the date (as the
integration's simulated source does), reports every 10 s and is stepped to the wall
clock by the caller. Setpoint and mode changes resume the simulation from its own
state with the new setting. Nothing here imports Home Assistant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from custom_components.heat_pump_monitor.engine.sample import HvacMode, Sample
from custom_components.heat_pump_monitor.simulator import (
    Climate,
    DefrostParams,
    FaultKind,
    FaultSpec,
    Simulation,
    SimulationConfig,
)
from custom_components.heat_pump_monitor.simulator.weather import CLIMATE_WEATHER

from .const import SAMPLE_INTERVAL_S, WARM_UP

DEFROST_INTERVAL_MIN = 30
"""The board's shortest setting, so a defrost comes about every half hour of runtime."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlantSettings:
    """What the plant simulates: the climate, the seed and an optional fault."""

    climate: Climate
    seed: int
    fault: FaultKind | None = None
    fault_start_h: float = 1.0
    """Hours after the plant starts (real time) before the fault begins."""


def simulation_config(settings: PlantSettings, now: datetime) -> SimulationConfig:
    """Describe the simulation of a plant that appears at ``now``, warmed up."""
    weather = CLIMATE_WEATHER[settings.climate]
    winter = replace(
        weather, summer_mean_c=weather.winter_mean_c, summer_rh=weather.winter_rh
    )
    faults: tuple[FaultSpec, ...] = ()
    if settings.fault is not None:
        faults = (
            FaultSpec(
                kind=settings.fault,
                start=now + timedelta(hours=settings.fault_start_h),
            ),
        )
    return SimulationConfig(
        start=now - WARM_UP,
        climate=settings.climate,
        seed=settings.seed,
        sample_interval_s=SAMPLE_INTERVAL_S,
        hvac_mode=HvacMode.HEAT,
        weather=winter,
        defrost=DefrostParams(interval_min=DEFROST_INTERVAL_MIN),
        faults=faults,
    )


class Plant:
    """The simulation, its latest sample and the callbacks to tell of a new one."""

    def __init__(self, settings: PlantSettings, now: datetime) -> None:
        """Set up the simulation; :meth:`advance` to ``now`` runs the warm-up."""
        self._simulation = Simulation(simulation_config(settings, now))
        self._listeners: list[Callable[[], None]] = []
        self.latest: Sample | None = None
        """The last 10 s the plant ran; None until the warm-up has run."""

    @property
    def tons(self) -> float:
        """Nominal size of the heat pump."""
        return self._simulation.tons

    @property
    def config(self) -> SimulationConfig:
        """What is simulated now (setpoint and mode included)."""
        return self._simulation.config

    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after each new sample; return the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def advance(self, now: datetime) -> None:
        """Run the simulation up to ``now``; tell the listeners if a sample completed."""
        samples = self._simulation.advance(now)
        if not samples:
            return
        self.latest = samples[-1]
        for listener in list(self._listeners):
            listener()

    def set_heat_setpoint(self, celsius: float) -> None:
        """Change the heating setpoint from now on (the range is the simulator's)."""
        self._resume(replace(self.config, heat_setpoint_c=celsius))

    def set_mode(self, mode: HvacMode) -> None:
        """Change the thermostat's mode from now on."""
        self._resume(replace(self.config, hvac_mode=mode))

    def _resume(self, config: SimulationConfig) -> None:
        self._simulation = Simulation.from_state(config, self._simulation.to_state())
