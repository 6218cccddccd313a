"""A thermostat and the heat pump it runs, read as one system.

Each of the two sources is polled at its own interval; the coordinator ticks at the
shorter one. The thermostat's samples set the timeline: each waits until the heat
pump's samples cover it (at most one heat pump poll, never more than two heat pump
intervals), then leaves merged with them (``sample_merge``). While the heat pump
cannot be read, the thermostat's samples leave alone, so the system is still watched
with what the thermostat knows. Refused heat pump credentials start that part's
reauthentication; the thermostat keeps being read meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from ..const import LOGGER
from ..engine.clean import sample_from_state, sample_to_state
from ..engine.sample import Sample
from .base import Source, SourceAuthFailed, SourceDevice, SourceUnavailable, data_path
from .sample_merge import end_of, merge

THERMOSTAT: Final = "thermostat"
HEAT_PUMP: Final = "heat_pump"
MAX_KEPT: Final = 1000
"""Samples kept in either queue at most (a day of minute polls is far less)."""


class CombinedSource:
    """One system from two sources (see the module docstring)."""

    def __init__(
        self,
        thermostat: Source,
        heat_pump: Source,
        *,
        on_heat_pump_auth_failed: Callable[[], None],
        state: Mapping[str, Any] | None = None,
    ) -> None:
        """Read ``thermostat`` and ``heat_pump``, resuming the queues of ``state``."""
        self.thermostat = thermostat
        self.heat_pump = heat_pump
        self._on_heat_pump_auth_failed = on_heat_pump_auth_failed
        self._pending: list[Sample] = _samples(state, "pending")
        self._heat_pump_samples: list[Sample] = _samples(state, "heat_pump_samples")
        self._last_poll: dict[str, datetime] = {}
        self._heat_pump_error: str | None = None
        self._heat_pump_refused = False

    @property
    def device(self) -> SourceDevice:
        """The thermostat: the system's identity."""
        return self.thermostat.device

    @property
    def heat_pump_device(self) -> SourceDevice:
        """The heat pump the thermostat runs."""
        return self.heat_pump.device

    @property
    def poll_interval(self) -> timedelta:
        """The shorter of the two sources' intervals."""
        return min(self.thermostat.poll_interval, self.heat_pump.poll_interval)

    @property
    def data_path(self) -> str | None:
        """How the heat pump (or else the thermostat) was reached at the last poll."""
        return data_path(self.heat_pump) or data_path(self.thermostat)

    @property
    def heat_pump_readable(self) -> bool:
        """Whether the heat pump answered its last poll."""
        return self._heat_pump_error is None

    def now(self) -> datetime:
        """Return the thermostat's clock (both keep Home Assistant's)."""
        return self.thermostat.now()

    async def async_poll(self) -> list[Sample]:
        """Poll the sources that are due; return the merged samples that are ready.

        Raise ``SourceUnavailable`` when the thermostat cannot be read (its queued
        samples wait for the next poll) and ``SourceAuthFailed`` when it refuses its
        credentials.
        """
        now = self.now()
        failure: SourceUnavailable | None = None
        if self._due(THERMOSTAT, self.thermostat, now):
            self._last_poll[THERMOSTAT] = now
            try:
                self._pending.extend(await self.thermostat.async_poll())
            except SourceUnavailable as err:
                failure = err
        if self._due(HEAT_PUMP, self.heat_pump, now):
            self._last_poll[HEAT_PUMP] = now
            await self._async_poll_heat_pump()
        self._pending = self._pending[-MAX_KEPT:]
        self._heat_pump_samples = self._heat_pump_samples[-MAX_KEPT:]
        if failure is not None:
            raise failure
        return self._release(now)

    def _due(self, name: str, source: Source, now: datetime) -> bool:
        last = self._last_poll.get(name)
        # Half a tick of slack: the coordinator's ticks are not exact.
        return last is None or now - last >= source.poll_interval - (
            self.poll_interval / 2
        )

    async def _async_poll_heat_pump(self) -> None:
        try:
            samples = await self.heat_pump.async_poll()
        except SourceAuthFailed as err:
            if not self._heat_pump_refused:
                self._heat_pump_refused = True
                self._on_heat_pump_auth_failed()
            self._heat_pump_failed(err)
            return
        except SourceUnavailable as err:
            self._heat_pump_failed(err)
            return
        if self._heat_pump_error is not None:
            LOGGER.info("The heat pump answers again")
        self._heat_pump_error = None
        self._heat_pump_refused = False
        self._heat_pump_samples.extend(samples)

    def _heat_pump_failed(self, err: Exception) -> None:
        if self._heat_pump_error is None:
            LOGGER.warning(
                "The heat pump cannot be read (%s); the thermostat alone is watched "
                "until it answers",
                err,
            )
        self._heat_pump_error = str(err)

    def _release(self, now: datetime) -> list[Sample]:
        """Merge and return the queued thermostat samples the heat pump covers."""
        covered = (
            end_of(self._heat_pump_samples[-1]) if self._heat_pump_samples else None
        )
        longest_wait = 2 * self.heat_pump.poll_interval
        released: list[Sample] = []
        while self._pending:
            sample = self._pending[0]
            end = end_of(sample)
            waiting = self.heat_pump_readable and (covered is None or end > covered)
            if waiting and now - end < longest_wait:
                break
            released.append(merge(sample, self._heat_pump_samples))
            self._pending.pop(0)
        if released:
            last_end = end_of(released[-1])
            self._heat_pump_samples = [
                s for s in self._heat_pump_samples if end_of(s) > last_end
            ]
        return released

    def to_state(self) -> dict[str, Any]:
        """Return both sources' states and the queued samples."""
        return {
            THERMOSTAT: self.thermostat.to_state(),
            HEAT_PUMP: self.heat_pump.to_state(),
            "pending": [sample_to_state(s) for s in self._pending],
            "heat_pump_samples": [sample_to_state(s) for s in self._heat_pump_samples],
        }

    def diagnostics(self) -> dict[str, Any]:
        """Return both sources' facts and how the merging stands."""
        return {
            THERMOSTAT: self.thermostat.diagnostics(),
            HEAT_PUMP: self.heat_pump.diagnostics(),
            "heat_pump_error": self._heat_pump_error,
            "queued_thermostat_samples": len(self._pending),
            "queued_heat_pump_samples": len(self._heat_pump_samples),
        }


def _samples(state: Mapping[str, Any] | None, key: str) -> list[Sample]:
    """Read a queue back; a damaged one is dropped (a poll's worth at most)."""
    rows = (state or {}).get(key)
    if not isinstance(rows, list):
        return []
    try:
        return [sample_from_state(row) for row in rows if isinstance(row, Mapping)]
    except (TypeError, ValueError):
        return []


def part_state(state: Mapping[str, Any] | None, part: str) -> Mapping[str, Any] | None:
    """Return one source's saved state from a combined state.

    A system that was a single source before its heat pump was added saved that
    source's state directly: it is the thermostat's. The reverse holds when the heat
    pump is removed again.
    """
    if state is None:
        return None
    if THERMOSTAT in state or HEAT_PUMP in state:
        found = state.get(part)
        return found if isinstance(found, Mapping) else None
    return state if part == THERMOSTAT else None
