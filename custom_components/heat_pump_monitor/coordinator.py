"""The coordinator: polls a source and feeds every sample to the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DOMAIN, LOGGER
from .engine import Engine
from .engine.events import EngineEvent
from .engine.findings import Finding
from .engine.status import EngineStatus
from .issues import FindingIssues
from .service_log import MAX_VISITS, ServiceVisit
from .sources import Source, SourceAuthFailed, SourceUnavailable
from .store import StoredState, SystemStore
from .system_events import SystemEvents


@dataclass(kw_only=True)
class HeatPumpRuntimeData:
    """What a loaded entry holds."""

    coordinator: HeatPumpCoordinator


type HeatPumpConfigEntry = ConfigEntry[HeatPumpRuntimeData]


class HeatPumpCoordinator(DataUpdateCoordinator[EngineStatus]):
    """Polls one system's source and runs its engine."""

    config_entry: HeatPumpConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: HeatPumpConfigEntry,
        *,
        source: Source,
        engine: Engine,
        store: SystemStore,
        issues: FindingIssues,
        events: SystemEvents,
        service_log: list[ServiceVisit] | None = None,
    ) -> None:
        """Wire a source to an engine."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=source.poll_interval,
            always_update=False,
        )
        self.source = source
        self.engine = engine
        self.issues = issues
        self.events = events
        self.service_log: list[ServiceVisit] = list(service_log or [])
        self._store = store

    async def _async_update_data(self) -> EngineStatus:
        """Poll the source and process what it reports."""
        try:
            samples = await self.source.async_poll()
        except SourceAuthFailed as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="source_auth_failed",
                translation_placeholders={"system": self.config_entry.title},
            ) from err
        except SourceUnavailable as err:
            # No sample: the engine still counts the outage toward ``offline``.
            offline = self.engine.check_offline(self.source.now())
            if offline:
                await self._async_publish(offline)
            self.issues.update(self.engine.active_findings)
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="source_unavailable",
                translation_placeholders={
                    "system": self.config_entry.title,
                    "error": str(err),
                },
            ) from err
        events: list[EngineEvent] = []
        for sample in samples:
            events.extend(self.engine.process(sample))
        if events:
            await self._async_publish(events)
        if samples:
            self.issues.update(self.engine.active_findings)
            self._store.schedule_save(self.stored_state)
        return self.engine.status

    async def async_reset_filter(self) -> None:
        """Start the filter runtime anew (the user changed the filter)."""
        events = self.engine.reset_filter(self.source.now())
        if events:
            await self._async_publish(events)
        self._store.schedule_save(self.stored_state)
        self.async_set_updated_data(self.engine.status)

    def active_finding(self, kind: str) -> Finding | None:
        """Return the active finding of ``kind``, if any."""
        return next(
            (f for f in self.engine.active_findings if f.kind.value == kind), None
        )

    def acknowledge(self, finding: Finding) -> None:
        """Stop reminders of an active finding."""
        self.issues.acknowledge(finding)
        self._store.schedule_save(self.stored_state)

    def snooze(self, finding: Finding, length: timedelta) -> None:
        """Hold reminders of an active finding back."""
        self.issues.phone.snooze(finding.kind.value, length)
        self._store.schedule_save(self.stored_state)

    def log_visit(self, visit: ServiceVisit) -> None:
        """Add a technician visit to the service log (kept in date order)."""
        self.service_log = sorted([*self.service_log, visit], key=lambda v: v.day)[
            -MAX_VISITS:
        ]
        self._store.schedule_save(self.stored_state)

    async def async_remind(self) -> None:
        """Send the reminders that are due."""
        await self.issues.async_remind(self.engine.active_findings)
        self._store.schedule_save(self.stored_state)

    async def _async_publish(self, events: list[EngineEvent]) -> None:
        """Turn engine events into repair issues, notifications and events."""
        await self.issues.async_handle(events)
        self.events.fire(events)

    def stored_state(self) -> StoredState:
        """Everything to persist for this system."""
        return {
            "engine": self.engine.to_state(),
            "source": self.source.to_state(),
            "notifications": self.issues.phone.to_state(),
            "service_log": [visit.to_state() for visit in self.service_log],
        }

    async def async_save_now(self) -> None:
        """Write the state at once (unload)."""
        await self._store.async_save(self.stored_state())

    @property
    def diagnostics(self) -> dict[str, Any]:
        """Engine facts for diagnostics."""
        return {
            "source": self.source.diagnostics(),
            "rejected_samples": dict(self.engine.rejected),
            "engine_options": self.engine.config.options(),
        }
