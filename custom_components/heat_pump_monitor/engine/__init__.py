"""Pure analytics: normalised samples in, cycles, defrosts, runtime and findings out.

Nothing in this package imports Home Assistant; it is deterministic and replayable.
"""

from __future__ import annotations

from .config import EngineConfig
from .engine import Engine
from .events import DefrostEpisode, EngineEvent, EventType
from .findings import Evidence, EvidenceValue, Finding, FindingKind, Severity
from .sample import HvacMode, Sample
from .status import EngineStatus, OperatingMode, RuntimeTotals
from .trace import ReadStats, RejectReason, TraceReader, write_trace

__all__ = [
    "DefrostEpisode",
    "Engine",
    "EngineConfig",
    "EngineEvent",
    "EngineStatus",
    "EventType",
    "Evidence",
    "EvidenceValue",
    "Finding",
    "FindingKind",
    "HvacMode",
    "OperatingMode",
    "ReadStats",
    "RejectReason",
    "RuntimeTotals",
    "Sample",
    "Severity",
    "TraceReader",
    "write_trace",
]
