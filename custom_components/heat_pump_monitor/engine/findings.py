"""What the engine finds: the fixed vocabulary of finding kinds, and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class FindingKind(StrEnum):
    """Finding kinds of the shared trace format; the vocabulary is fixed."""

    SHORT_CYCLING = "short_cycling"
    HEATING_NOT_RESPONDING = "heating_not_responding"
    COOLING_NOT_RESPONDING = "cooling_not_responding"
    LOW_HEATING_SPLIT = "low_heating_split"
    LOW_COOLING_SPLIT = "low_cooling_split"
    REVERSING_VALVE = "reversing_valve"
    CAPACITY_DEGRADATION = "capacity_degradation"
    AUX_HEAT_OVERUSE = "aux_heat_overuse"
    DEFROST_STUCK = "defrost_stuck"
    DEFROST_FREQUENT = "defrost_frequent"
    DEFROST_MISSING = "defrost_missing"
    OFFLINE = "offline"
    NO_START = "no_start"
    ERROR_CODE = "error_code"
    SENSOR_FAULT = "sensor_fault"
    FILTER_DUE = "filter_due"


class Severity(StrEnum):
    """How urgent a finding is; ``info`` is maintenance, not a fault."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"


EvidenceValue = str | int | float | bool | None
Evidence = dict[str, EvidenceValue]
"""Flat, JSON-serialisable facts a technician can use (counts, durations, temperatures)."""


@dataclass(slots=True, kw_only=True)
class Finding:
    """One occurrence of a symptom, from when it started until it cleared."""

    kind: FindingKind
    severity: Severity
    start: datetime
    """When the symptom began (the start of the evidence window)."""
    detected_at: datetime
    """The sample time at which the engine raised the finding."""
    cleared_at: datetime | None = None
    evidence: Evidence = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """Whether the symptom is still present."""
        return self.cleared_at is None

    def as_dict(self) -> dict[str, Any]:
        """Return the replay-output object of the trace format."""
        return {
            "type": "finding",
            "kind": self.kind.value,
            "severity": self.severity.value,
            "start": self.start.isoformat(),
            "detected_at": self.detected_at.isoformat(),
            "cleared_at": self.cleared_at.isoformat() if self.cleared_at else None,
            "evidence": dict(self.evidence),
        }
