"""A simulated heat pump system as a source, running faster than real time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_CLIMATE,
    CONF_FAULT_DURATION_H,
    CONF_FAULT_START_H,
    CONF_SCENARIO,
    CONF_SEASON,
    CONF_SEED,
    CONF_SIM_START,
    CONF_SPEED,
    LOGGER,
    SCENARIO_NONE,
    Season,
)
from ..engine.sample import HvacMode, Sample
from ..simulator import (
    Climate,
    DefrostParams,
    FaultKind,
    FaultSpec,
    Simulation,
    SimulationConfig,
    WeatherParams,
)
from ..simulator.weather import CLIMATE_WEATHER
from .base import SourceDevice

MAX_SIMULATED_PER_POLL = timedelta(days=1)
"""Upper bound of simulated time per poll, so a long pause never blocks the loop."""

DEFROST_INTERVAL_MIN = 30
"""The board's shortest setting, so defrost is seen often (boards offer 30/60/90)."""


def _seasonal(climate: Climate, season: Season) -> tuple[WeatherParams, HvacMode]:
    """Weather held in one season of the climate, and the mode a homeowner uses."""
    weather = CLIMATE_WEATHER[climate]
    if season is Season.WINTER:
        return replace(
            weather, summer_mean_c=weather.winter_mean_c, summer_rh=weather.winter_rh
        ), HvacMode.HEAT
    if season is Season.SUMMER:
        return replace(
            weather, winter_mean_c=weather.summer_mean_c, winter_rh=weather.summer_rh
        ), HvacMode.COOL
    return weather, HvacMode.AUTO


def simulation_config(data: Mapping[str, Any]) -> SimulationConfig:
    """Describe the simulation of a config entry."""
    start = datetime.fromisoformat(data[CONF_SIM_START])
    faults: tuple[FaultSpec, ...] = ()
    if data[CONF_SCENARIO] != SCENARIO_NONE:
        fault_start = start + timedelta(hours=float(data[CONF_FAULT_START_H]))
        duration_h = float(data.get(CONF_FAULT_DURATION_H, 0.0))
        faults = (
            FaultSpec(
                kind=FaultKind(data[CONF_SCENARIO]),
                start=fault_start,
                end=fault_start + timedelta(hours=duration_h) if duration_h else None,
            ),
        )
    climate = Climate(data[CONF_CLIMATE])
    weather, hvac_mode = _seasonal(
        climate, Season(data.get(CONF_SEASON, Season.WINTER.value))
    )
    return SimulationConfig(
        start=start,
        climate=climate,
        seed=int(data[CONF_SEED]),
        hvac_mode=hvac_mode,
        weather=weather,
        defrost=DefrostParams(interval_min=DEFROST_INTERVAL_MIN),
        faults=faults,
    )


class SimulatedSource:
    """Advances a simulation by real elapsed time times the speed at every poll."""

    def __init__(
        self,
        *,
        serial: str,
        data: Mapping[str, Any],
        state: Mapping[str, Any] | None = None,
        clock: Callable[[], datetime] = dt_util.utcnow,
    ) -> None:
        """Start the simulation of an entry, resuming from persisted state if any."""
        config = simulation_config(data)
        self._simulation = self._restore(config, state)
        self._speed = float(data[CONF_SPEED])
        self._clock = clock
        self._last_real = clock()
        self._sample_interval_s = config.sample_interval_s
        self._device = SourceDevice(
            serial=serial,
            manufacturer="Heat Pump Monitor",
            model=f"Simulated air-source heat pump ({config.climate.value})",
        )

    @staticmethod
    def _restore(
        config: SimulationConfig, state: Mapping[str, Any] | None
    ) -> Simulation:
        if state and "simulation" in state:
            try:
                return Simulation.from_state(config, state["simulation"])
            except (KeyError, TypeError, ValueError) as err:
                LOGGER.warning("Simulation state not restored, starting anew: %s", err)
        return Simulation(config)

    @property
    def device(self) -> SourceDevice:
        """The simulated equipment."""
        return self._device

    @property
    def poll_interval(self) -> timedelta:
        """One simulated sample interval, in real time, at least a second."""
        return timedelta(seconds=max(1.0, self._sample_interval_s / self._speed))

    @property
    def simulated_now(self) -> datetime:
        """The simulation's clock."""
        return self._simulation.now

    def now(self) -> datetime:
        """Return the simulated time that corresponds to the real time now."""
        elapsed = max(self._clock() - self._last_real, timedelta(0))
        return self._simulation.now + elapsed * self._speed

    async def async_poll(self) -> list[Sample]:
        """Run the simulation for the real time elapsed since the last poll."""
        now = self._clock()
        elapsed = now - self._last_real
        self._last_real = now
        if elapsed <= timedelta(0):
            return []
        step = min(elapsed * self._speed, MAX_SIMULATED_PER_POLL)
        return self._simulation.advance(self._simulation.now + step)

    def to_state(self) -> dict[str, Any]:
        """Return the simulation's full state."""
        return {"simulation": self._simulation.to_state()}

    def diagnostics(self) -> dict[str, Any]:
        """Where the simulation stands."""
        return {"simulated_now": self._simulation.now.isoformat()}


def build(
    hass: HomeAssistant, entry: ConfigEntry, state: Mapping[str, Any] | None
) -> SimulatedSource:
    """Create the source of a simulated system's entry."""
    return SimulatedSource(
        serial=entry.unique_id or entry.entry_id, data=entry.data, state=state
    )
