"""What the engine reports to its caller, sample by sample."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .findings import Finding


@dataclass(frozen=True, slots=True, kw_only=True)
class DefrostEpisode:
    """One defrost, reported by the unit (``inferred`` False) or recognised by the engine."""

    start: datetime
    end: datetime | None
    inferred: bool

    @property
    def duration_s(self) -> float | None:
        """Length of a finished defrost."""
        return None if self.end is None else (self.end - self.start).total_seconds()


class EventType(StrEnum):
    """Kinds of engine event."""

    FINDING_RAISED = "finding_raised"
    FINDING_CLEARED = "finding_cleared"
    DEFROST_STARTED = "defrost_started"
    DEFROST_ENDED = "defrost_ended"


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineEvent:
    """A change the engine saw at ``time`` (a sample time)."""

    type: EventType
    time: datetime
    finding: Finding | None = None
    defrost: DefrostEpisode | None = None
