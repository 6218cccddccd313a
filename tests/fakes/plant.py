"""The simulated heat pump system behind every fake device API.

A fake server reports what this plant did, so its numbers are physically consistent:
runtimes add up, temperatures follow the equipment, and an injected fault shows in
the wire format the same way it would on a real device.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from custom_components.heat_pump_monitor.engine.sample import HvacMode, Sample
from custom_components.heat_pump_monitor.simulator import (
    Climate,
    FaultSpec,
    Simulation,
    SimulationConfig,
)

HISTORY = timedelta(days=35)
"""How much of the past a plant keeps (more than a 31-day runtime report)."""


class SimulatedPlant:
    """A simulation advanced to a clock, keeping its recent samples."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        history: timedelta = timedelta(hours=2),
        climate: Climate = Climate.COLD,
        hvac_mode: HvacMode = HvacMode.HEAT,
        seed: int = 1,
        faults: Iterable[FaultSpec] = (),
        sample_interval_s: float = 60.0,
    ) -> None:
        """Start ``history`` before the clock's now and simulate up to it."""
        self._clock = clock
        self.simulation = Simulation(
            SimulationConfig(
                start=clock() - history,
                climate=climate,
                hvac_mode=hvac_mode,
                seed=seed,
                faults=tuple(faults),
                sample_interval_s=sample_interval_s,
            )
        )
        self._samples: deque[Sample] = deque()
        self.advance()

    def advance(self) -> list[Sample]:
        """Simulate up to the clock's now; return the new samples."""
        new = self.simulation.advance(self._clock())
        self._samples.extend(new)
        horizon = self.simulation.now - HISTORY
        while self._samples and self._samples[0].time < horizon:
            self._samples.popleft()
        return new

    @property
    def latest(self) -> Sample | None:
        """The most recent complete sample."""
        self.advance()
        return self._samples[-1] if self._samples else None

    def between(self, start: datetime, end: datetime) -> list[Sample]:
        """Return the samples that start in ``[start, end)``, oldest first."""
        self.advance()
        return [s for s in self._samples if start <= s.time < end]
