"""What every detector looks like.

A detector observes each cleaned sample together with the facts the engine derived
from it (compressor runs and starts, defrost episodes, local day) and answers with
the current *condition* of its symptom: a ``Condition`` while the symptom is present,
``None`` while it is absent. The engine turns conditions into findings (raise, update
evidence, clear); a detector never creates findings. A detector keeps only bounded
state, and persists it through ``to_state`` / ``load_state``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import state as st
from ..baseline import Baseline
from ..config import EngineConfig
from ..cycles import CycleTracker
from ..defrost import DefrostTracker
from ..findings import Evidence, FindingKind, Severity
from ..sample import Sample


@dataclass(frozen=True, slots=True)
class Condition:
    """A symptom that is present: since when, how bad, and the evidence."""

    start: float
    """Epoch seconds at which the symptom began (start of the evidence window)."""
    severity: Severity
    evidence: Evidence = field(default_factory=dict)

    def to_state(self) -> dict[str, Any]:
        """Return a persistable form."""
        return {
            "start": self.start,
            "severity": self.severity.value,
            "evidence": dict(self.evidence),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Condition:
        """Restore ``to_state`` output."""
        try:
            severity = Severity(st.text(state, "severity"))
        except ValueError as err:
            raise st.StateError("unknown severity") from err
        return cls(
            start=st.number(state, "start"),
            severity=severity,
            evidence=evidence_from_state(st.section(state, "evidence")),
        )


def evidence_from_state(state: Mapping[str, Any]) -> Evidence:
    """Check persisted evidence: flat, JSON scalar values."""
    evidence: Evidence = {}
    for key, value in state.items():
        if not isinstance(key, str) or not (
            value is None or isinstance(value, str | int | float | bool)
        ):
            raise st.StateError("evidence must be flat scalars")
        evidence[key] = value
    return evidence


def optional_condition(state: Mapping[str, Any], key: str) -> Condition | None:
    """Read a persisted condition or null."""
    if state.get(key) is None:
        if key not in state:
            raise st.StateError(f"{key!r} is missing")
        return None
    return Condition.from_state(st.section(state, key))


class Observation:
    """One cleaned sample and the engine's derived facts; reused from sample to sample.

    Read it during ``observe`` only: the engine overwrites it for the next sample.
    """

    __slots__ = (
        "baseline",
        "config",
        "cycles",
        "day",
        "defrost",
        "end",
        "interrupted",
        "new_day",
        "sample",
        "start",
    )

    def __init__(
        self,
        config: EngineConfig,
        cycles: CycleTracker,
        defrost: DefrostTracker,
        baseline: Baseline,
    ) -> None:
        """Bind the engine's config, trackers and learned baseline."""
        self.config = config
        self.baseline = baseline
        """What the system normally does; updated with this sample before detectors run."""
        self.cycles = cycles
        """Compressor runs; ``started`` / ``closed`` describe this sample."""
        self.defrost = defrost
        """Defrost episodes; ``active`` / ``started`` / ``ended`` describe this sample."""
        self.sample: Sample | None = None
        self.start = 0.0
        self.end = 0.0
        """Epoch seconds of the sample's interval."""
        self.day = 0
        """Date ordinal of the local day the sample starts on."""
        self.new_day = False
        """Whether this sample is the first of a later local day."""
        self.interrupted = True
        """Whether the data stopped before this sample (gap) or in it (offline)."""


class Detector(Protocol):
    """One symptom's detector; see the module docstring."""

    @property
    def kind(self) -> FindingKind:
        """The finding kind this detector reports."""
        ...

    def observe(self, obs: Observation) -> Condition | None:
        """Return the symptom's condition after this sample."""
        ...

    def to_state(self) -> dict[str, Any]:
        """Return persistable state (JSON-safe)."""
        ...

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output; raise ``StateError`` when it is unusable."""
        ...
