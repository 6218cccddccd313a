"""The engine: cleaned samples in; runtime, cycles, defrosts, status and findings out.

One ``Engine`` follows one heat pump system. Feed it samples in time order with
``process``; it never raises on bad data (bad samples are counted in ``rejected``).
Everything it knows can be persisted with ``to_state`` and resumed with
``from_state``: resuming and processing the rest of a trace gives the same events and
status as an uninterrupted run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from . import state as st
from .baseline import Baseline
from .clean import SampleCleaner, sample_from_state, sample_to_state
from .clock import LocalDays, to_datetime, to_timestamp
from .config import EngineConfig
from .cycles import CycleTracker
from .defrost import DefrostTracker
from .defrost_inference import DefrostInference
from .detectors import (
    Condition,
    Detector,
    FilterDueDetector,
    Observation,
    OfflineDetector,
    other_detectors,
)
from .detectors.base import evidence_from_state
from .events import DefrostEpisode, EngineEvent, EventType
from .findings import Finding, FindingKind, Severity
from .mode import operating_mode
from .runtime import RuntimeCounters
from .sample import Sample
from .status import DayTotals, EngineStatus

STATE_VERSION = 1
PAST_FINDINGS = 50
"""Cleared findings kept for the technician report, newest last."""
"""Version of the ``to_state`` format; ``from_state`` refuses any other."""


class _Slot:
    """One detector as the engine drives it, with the last condition it applied."""

    __slots__ = ("condition", "detector", "kind", "observe", "raised")

    def __init__(self, detector: Detector) -> None:
        """Bind ``detector``; nothing applied or raised yet."""
        self.detector = detector
        self.kind = detector.kind
        self.observe = detector.observe
        self.condition: Condition | None = None
        """The condition last applied (raised or refreshed), if its finding is active."""
        self.raised = False
        """Whether the finding of this kind is active."""


class Engine:
    """Analytics of one heat pump system; see the module docstring."""

    __slots__ = (
        "_active",
        "_baseline",
        "_cleaner",
        "_config",
        "_counters",
        "_cycles",
        "_days",
        "_defrost",
        "_filter",
        "_inference",
        "_last",
        "_obs",
        "_offline",
        "_past",
        "_rejected",
        "_slots",
        "_slots_by_kind",
    )

    def __init__(self, config: EngineConfig | None = None) -> None:
        """Start fresh (nothing seen) with ``config`` or the default thresholds."""
        self._config = config if config is not None else EngineConfig()
        self._days = LocalDays(self._config.timezone)
        self._cleaner = SampleCleaner()
        self._counters = RuntimeCounters()
        self._defrost = DefrostTracker()
        self._cycles = CycleTracker()
        self._inference = DefrostInference()
        self._baseline = Baseline()
        self._filter = FilterDueDetector()
        self._offline = OfflineDetector()
        detectors: tuple[Detector, ...] = (
            *other_detectors(),
            self._filter,
            self._offline,
        )
        self._slots = tuple(_Slot(detector) for detector in detectors)
        self._slots_by_kind = {slot.kind: slot for slot in self._slots}
        self._obs = Observation(
            self._config, self._cycles, self._defrost, self._baseline
        )
        self._active: dict[FindingKind, Finding] = {}
        self._past: deque[Finding] = deque(maxlen=PAST_FINDINGS)
        """Findings that cleared, oldest first."""
        self._rejected: dict[str, int] = {}
        self._last: Sample | None = None

    @property
    def config(self) -> EngineConfig:
        """The thresholds in force."""
        return self._config

    @config.setter
    def config(self, config: EngineConfig) -> None:
        """Change thresholds (e.g. the user edited options), keeping all state."""
        self._config = config
        self._obs.config = config
        if config.timezone != self._days.timezone:
            self._days = LocalDays(config.timezone)

    def process(self, sample: Sample) -> list[EngineEvent]:
        """Take the next sample; return what changed (defrosts, findings)."""
        cleaner = self._cleaner
        cleaned = cleaner.clean(sample)
        if cleaned is None:
            reason = cleaner.reason
            self._rejected[reason] = self._rejected.get(reason, 0) + 1
            return []
        start = cleaner.start
        end = cleaner.end
        assert start is not None and end is not None
        counters = self._counters
        if cleaner.resynced:
            counters.day = None  # the clock moved back: a new "today" begins
        obs = self._obs
        day = self._days.ordinal(start)
        obs.new_day = counters.roll(day)
        current = counters.day  # not earlier than ``day``: today never goes back
        obs.day = day if current is None else current
        obs.sample = cleaned
        obs.start = start
        obs.end = end
        online = cleaned.online
        interrupted = cleaner.gap or not online
        obs.interrupted = interrupted
        defrost = self._defrost
        events: list[EngineEvent] = []
        if online:
            counters.add(cleaned)
            defrost_s = cleaned.defrost_s
            inferred = defrost_s is None
            if inferred:
                defrost_s = self._inference.infer(cleaned, start, end)
            defrost.update(
                start,
                end,
                defrost_s,
                cleaned.outdoor_temp_c,
                interrupted,
                inferred=inferred,
            )
            heat = cleaned.comp_heat_s
            cool = cleaned.comp_cool_s
            # ``Sample.compressor_s``, without the property call.
            compressor = (
                None if heat is None and cool is None else (heat or 0.0) + (cool or 0.0)
            )
        else:
            defrost.update(start, end, None, None, True)
            compressor = None
        if defrost.ended or defrost.started:
            self._defrost_events(events, end)
        if self._cycles.update(start, end, compressor, interrupted, defrost):
            counters.count_cycle()
        self._last = cleaned
        self._baseline.observe(obs)
        for slot in self._slots:
            condition = slot.observe(obs)
            if condition is None:
                if slot.raised:
                    events.append(self._clear(slot.kind, to_datetime(end)))
            elif condition is not slot.condition:
                event = self._apply(slot.kind, condition, to_datetime(end))
                if event is not None:
                    events.append(event)
        return events

    def check_offline(self, now: datetime) -> list[EngineEvent]:
        """Raise ``offline`` when no sample has come for too long (call it when polls fail).

        ``now`` is the caller's wall time (naive means UTC). Only an online sample
        clears the finding.
        """
        timestamp = to_timestamp(now)
        condition = self._offline.check(timestamp, self._config)
        if (
            condition is None
            or self._slots_by_kind[FindingKind.OFFLINE].condition is condition
        ):
            return []
        event = self._apply(FindingKind.OFFLINE, condition, to_datetime(timestamp))
        return [] if event is None else [event]

    def reset_filter(self, when: datetime) -> list[EngineEvent]:
        """Record a filter change at ``when`` (naive means UTC): restart the blower count.

        Clears an active ``filter_due`` finding; returns the events (the clearing).
        """
        timestamp = to_timestamp(when)
        self._filter.reset(timestamp)
        if FindingKind.FILTER_DUE not in self._active:
            return []
        return [self._clear(FindingKind.FILTER_DUE, to_datetime(timestamp))]

    @property
    def status(self) -> EngineStatus:
        """A snapshot after the last sample."""
        last = self._last
        counters = self._counters
        online = None if last is None else last.online
        known = last if online else None
        end = self._cleaner.end
        defrost_active = (
            None
            if last is None or not online or not self._defrost.known
            else self._defrost.active
        )
        return EngineStatus(
            time=None if end is None else to_datetime(end),
            online=online,
            operating_mode=operating_mode(last, defrosting=bool(defrost_active)),
            defrost_active=defrost_active,
            today=counters.today(),
            lifetime=counters.lifetime(),
            cycles_today=counters.cycles_today,
            defrosts_today=counters.defrosts_today,
            last_defrost_s=self._defrost.last_duration_s,
            indoor_temp_c=None if known is None else known.indoor_temp_c,
            outdoor_temp_c=None if known is None else known.outdoor_temp_c,
            supply_temp_c=None if known is None else known.supply_temp_c,
            return_temp_c=None if known is None else known.return_temp_c,
            active_findings=tuple(self._active.values()),
            cycles_lifetime=counters.cycles_lifetime,
            defrosts_lifetime=counters.defrosts_lifetime,
            balance_point_c=self._baseline.balance_point_c,
            heating_s_per_degree_day=self._baseline.heating_s_per_degree_day,
            cop=self._baseline.cop,
            filter_runtime_s=self._filter.runtime_s,
        )

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        """Findings raised and not cleared, in the order they were raised."""
        return tuple(self._active.values())

    @property
    def past_findings(self) -> tuple[Finding, ...]:
        """The last ``PAST_FINDINGS`` findings that cleared, oldest first."""
        return tuple(self._past)

    @property
    def daily_history(self) -> tuple[DayTotals, ...]:
        """Finished local days (up to ``runtime.HISTORY_DAYS``), oldest first."""
        return tuple(self._counters.history)

    @property
    def rejected(self) -> Mapping[str, int]:
        """Samples rejected so far, by reason (a copy)."""
        return dict(self._rejected)

    @property
    def open_defrost(self) -> DefrostEpisode | None:
        """The defrost going on after the last sample, if any."""
        if not self._defrost.active:
            return None
        return DefrostEpisode(
            start=to_datetime(self._defrost.start),
            end=None,
            inferred=self._defrost.inferred,
        )

    def _defrost_events(self, events: list[EngineEvent], end: float) -> None:
        defrost = self._defrost
        when = to_datetime(end)
        if defrost.ended:
            assert defrost.last_start is not None and defrost.last_end is not None
            episode = DefrostEpisode(
                start=to_datetime(defrost.last_start),
                end=to_datetime(defrost.last_end),
                inferred=defrost.last_inferred,
            )
            events.append(
                EngineEvent(type=EventType.DEFROST_ENDED, time=when, defrost=episode)
            )
        if defrost.started:
            self._counters.count_defrost()
            episode = DefrostEpisode(
                start=to_datetime(defrost.start), end=None, inferred=defrost.inferred
            )
            events.append(
                EngineEvent(type=EventType.DEFROST_STARTED, time=when, defrost=episode)
            )

    def _apply(
        self, kind: FindingKind, condition: Condition, when: datetime
    ) -> EngineEvent | None:
        """Raise a finding for a new condition, or refresh the evidence of an active one."""
        slot = self._slots_by_kind[kind]
        slot.condition = condition
        slot.raised = True
        finding = self._active.get(kind)
        if finding is not None:
            finding.severity = condition.severity
            finding.evidence = dict(condition.evidence)
            return None
        finding = Finding(
            kind=kind,
            severity=condition.severity,
            start=to_datetime(condition.start),
            detected_at=when,
            evidence=dict(condition.evidence),
        )
        self._active[kind] = finding
        return EngineEvent(type=EventType.FINDING_RAISED, time=when, finding=finding)

    def _clear(self, kind: FindingKind, when: datetime) -> EngineEvent:
        finding = self._active.pop(kind)
        slot = self._slots_by_kind[kind]
        slot.condition = None
        slot.raised = False
        finding.cleared_at = when
        self._past.append(finding)
        return EngineEvent(type=EventType.FINDING_CLEARED, time=when, finding=finding)

    def to_state(self) -> dict[str, Any]:
        """Everything needed to resume, as JSON-serialisable values (``"version": 1``)."""
        return {
            "version": STATE_VERSION,
            "cleaner": self._cleaner.to_state(),
            "counters": self._counters.to_state(),
            "defrost": self._defrost.to_state(),
            "cycles": self._cycles.to_state(),
            "inference": self._inference.to_state(),
            "baseline": self._baseline.to_state(),
            "detectors": {
                slot.kind.value: slot.detector.to_state() for slot in self._slots
            },
            "findings": [
                _finding_to_state(finding) for finding in self._active.values()
            ],
            "past_findings": [_finding_to_state(finding) for finding in self._past],
            "rejected": dict(self._rejected),
            "last_sample": None if self._last is None else sample_to_state(self._last),
        }

    @classmethod
    def from_state(
        cls, state: Mapping[str, Any], config: EngineConfig | None = None
    ) -> Engine:
        """Resume from ``to_state`` output.

        Raises ``ValueError`` when the state is corrupt or of an unknown version; the
        caller should then start a fresh engine and tell the user.
        """
        if not isinstance(state, Mapping):
            raise st.StateError("corrupt engine state: not an object")
        version = state.get("version")
        if type(version) is not int or version != STATE_VERSION:
            raise st.StateError(
                f"unknown engine state version {version!r} (this engine reads {STATE_VERSION})"
            )
        engine = cls(config)
        try:
            engine._load(state)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as err:
            raise st.StateError(f"corrupt engine state: {err}") from err
        return engine

    def _load(self, state: Mapping[str, Any]) -> None:
        self._cleaner.load_state(st.section(state, "cleaner"))
        self._counters.load_state(st.section(state, "counters"))
        self._defrost.load_state(st.section(state, "defrost"))
        self._cycles.load_state(st.section(state, "cycles"))
        # Parts added after a state was saved start fresh rather than failing it.
        if "inference" in state:
            self._inference.load_state(st.section(state, "inference"))
        if "baseline" in state:
            self._baseline.load_state(st.section(state, "baseline"))
        detectors = st.section(state, "detectors")
        for slot in self._slots:
            if slot.kind.value in detectors:
                slot.detector.load_state(st.section(detectors, slot.kind.value))
        for item in st.items(state, "findings"):
            if not isinstance(item, Mapping):
                raise st.StateError("a finding is not an object")
            finding = _finding_from_state(item)
            if finding.kind in self._active:
                raise st.StateError(f"two active {finding.kind} findings")
            self._active[finding.kind] = finding
            self._slots_by_kind[finding.kind].raised = True
        for item in (
            st.items(state, "past_findings") if "past_findings" in state else []
        ):
            if not isinstance(item, Mapping):
                raise st.StateError("a past finding is not an object")
            self._past.append(_finding_from_state(item))
        rejected = st.section(state, "rejected")
        self._rejected = {
            str(reason): st.integer(rejected, reason) for reason in rejected
        }
        last = state.get("last_sample")
        if last is not None:
            if not isinstance(last, Mapping):
                raise st.StateError("'last_sample' must be an object")
            self._last = sample_from_state(last)


def _finding_to_state(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind.value,
        "severity": finding.severity.value,
        "start": finding.start.isoformat(),
        "detected_at": finding.detected_at.isoformat(),
        "evidence": dict(finding.evidence),
        **(
            {"cleared_at": finding.cleared_at.isoformat()}
            if finding.cleared_at is not None
            else {}
        ),
    }


def _finding_from_state(state: Mapping[str, Any]) -> Finding:
    try:
        kind = FindingKind(st.text(state, "kind"))
        severity = Severity(st.text(state, "severity"))
        start = datetime.fromisoformat(st.text(state, "start"))
        detected_at = datetime.fromisoformat(st.text(state, "detected_at"))
        cleared = (
            st.optional_text(state, "cleared_at") if "cleared_at" in state else None
        )
        cleared_at = None if cleared is None else datetime.fromisoformat(cleared)
    except ValueError as err:
        raise st.StateError(f"bad finding ({err})") from err
    if start.tzinfo is None or detected_at.tzinfo is None:
        raise st.StateError("finding times need an offset")
    if cleared_at is not None and cleared_at.tzinfo is None:
        raise st.StateError("finding times need an offset")
    return Finding(
        kind=kind,
        severity=severity,
        start=start,
        detected_at=detected_at,
        cleared_at=cleared_at,
        evidence=evidence_from_state(st.section(state, "evidence")),
    )
