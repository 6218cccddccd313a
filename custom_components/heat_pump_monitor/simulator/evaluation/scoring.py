"""Score replays against labels: recall, precision, time to detect, false alarms."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
import statistics

from ...engine.config import EngineConfig
from ...engine.findings import FindingKind
from ..config import FaultKind
from .expectations import (
    COMPRESSOR_KINDS,
    GRACE,
    JUDGED_DAYS_KINDS,
    MAINTENANCE_KINDS,
    NATURAL_WAIT_S,
    RUNTIME_WINDOW_KINDS,
    WAITS_FOR_DEFROST,
    accepted_kinds,
    target_s,
)
from .runner import LabelledFault, RaisedFinding, TraceResult

YEAR_DAYS = 365.0


@dataclass(slots=True)
class KindScore:
    """Figures of one finding kind over the whole suite."""

    kind: str
    scenarios: int = 0
    """Labelled faults of this kind that could show (see ``unobservable``)."""
    unobservable: int = 0
    """Labelled faults whose symptom could not happen (a stuck defrost with no defrost)."""
    detected: int = 0
    true_positives: int = 0
    false_positives: int = 0
    ttd_s: list[float] = field(default_factory=list)
    target_s: float | None = None
    scenario_targets_s: list[float] = field(default_factory=list)
    """The target each detected scenario was held to (measured, or ``target_s``)."""
    late: list[str] = field(default_factory=list)
    """Detections slower than their scenario's target."""
    slowest: str = ""
    missed: list[str] = field(default_factory=list)
    false_in: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        """Detected share of the labelled faults."""
        return self.detected / self.scenarios if self.scenarios else None

    @property
    def precision(self) -> float | None:
        """Right share of the findings raised."""
        raised = self.true_positives + self.false_positives
        return self.true_positives / raised if raised else None

    @property
    def passed(self) -> bool | None:
        """Whether every fault was detected within the target (``None``: no target)."""
        if not self.scenarios or self.target_s is None:
            return None
        return self.detected == self.scenarios and not self.late


@dataclass(slots=True)
class SuiteScore:
    """The whole evaluation."""

    kinds: dict[str, KindScore]
    healthy_years: float
    healthy_false: Counter[str]
    healthy_maintenance: Counter[str]
    maintenance: Counter[str]
    defrost_true: int
    defrost_inferred: int
    defrost_matched: int
    traces: int
    rows: int

    @property
    def false_per_year(self) -> float | None:
        """Technician-grade findings per healthy system-year."""
        if not self.healthy_years:
            return None
        return sum(self.healthy_false.values()) / self.healthy_years


def _window_end(fault: LabelledFault, trace_end: datetime) -> datetime:
    return (fault.end or trace_end) + GRACE


def _maintenance(finding: RaisedFinding) -> bool:
    return finding.kind in MAINTENANCE_KINDS or finding.severity == "info"


def _observable(
    fault: LabelledFault,
    defrosts_in_window: int,
    cooling_days: tuple[float, ...],
    config: EngineConfig,
) -> bool:
    # A stuck defrost board shows only if a defrost starts while it is stuck.
    if fault.fault == FaultKind.DEFROST_STUCK and not defrosts_in_window:
        return False
    # The split is judged on days with cooling: a cool summer may not give enough.
    return fault.kind != "low_cooling_split" or len(cooling_days) >= config.split_days


def score(results: Sequence[TraceResult], config: EngineConfig) -> SuiteScore:
    """Score every replay against its labels."""
    kinds = {kind.value: KindScore(kind.value) for kind in FindingKind}
    healthy_false: Counter[str] = Counter()
    healthy_maintenance: Counter[str] = Counter()
    maintenance: Counter[str] = Counter()
    healthy_days = 0.0
    defrost = [0, 0, 0]
    for result in results:
        if result.healthy:
            healthy_days += (result.end - result.start).total_seconds() / 86400.0
        _score_recall(result, kinds, config)
        for finding in result.findings:
            if _maintenance(finding):
                maintenance[finding.kind] += 1
                if result.healthy:
                    healthy_maintenance[finding.kind] += 1
                continue
            row = kinds.setdefault(finding.kind, KindScore(finding.kind))
            right = any(
                fault.start <= finding.detected_at <= _window_end(fault, result.end)
                and finding.kind in accepted_kinds(fault.fault, fault.kind)
                for fault in result.faults
            )
            if right:
                row.true_positives += 1
            else:
                row.false_positives += 1
                row.false_in.append(f"{result.name}@{finding.detected_at:%m-%d %H:%M}")
                if result.healthy:
                    healthy_false[finding.kind] += 1
        if result.defrost is not None:
            defrost[0] += result.defrost.true
            defrost[1] += result.defrost.inferred
            defrost[2] += result.defrost.matched
    poll_s = statistics.median(r.poll_s for r in results) if results else 60.0
    for row in kinds.values():
        row.target_s = target_s(row.kind, config, poll_s)
    for result in results:
        _score_time(result, kinds, config)
    return SuiteScore(
        kinds=kinds,
        healthy_years=healthy_days / YEAR_DAYS,
        healthy_false=healthy_false,
        healthy_maintenance=healthy_maintenance,
        maintenance=maintenance,
        defrost_true=defrost[0],
        defrost_inferred=defrost[1],
        defrost_matched=defrost[2],
        traces=len(results),
        rows=sum(r.rows for r in results),
    )


def _score_recall(
    result: TraceResult, kinds: dict[str, KindScore], config: EngineConfig
) -> None:
    by_kind: dict[str, list[RaisedFinding]] = defaultdict(list)
    for finding in result.findings:
        by_kind[finding.kind].append(finding)
    for fault, defrosts, cooling_days in zip(
        result.faults, result.defrosts_in_faults, result.cooling_days_s, strict=True
    ):
        row = kinds.setdefault(fault.kind, KindScore(fault.kind))
        if not _observable(fault, defrosts, cooling_days, config):
            row.unobservable += 1
            continue
        row.scenarios += 1
        end = _window_end(fault, result.end)
        hits = [
            f.detected_at
            for f in by_kind.get(fault.kind, [])
            if fault.start <= f.detected_at <= end
        ]
        if hits:
            row.detected += 1
            row.ttd_s.append((min(hits) - fault.start).total_seconds())
        else:
            row.missed.append(result.name)


def _score_time(
    result: TraceResult, kinds: dict[str, KindScore], config: EngineConfig
) -> None:
    for fault, wait, cooling_days, ready, frost, judged_days in zip(
        result.faults,
        result.first_defrost_s,
        result.cooling_days_s,
        result.compressor_ready_s,
        result.frost_window_s,
        result.judged_days_s,
        strict=True,
    ):
        row = kinds[fault.kind]
        hits = [
            f.detected_at
            for f in result.findings
            if f.kind == fault.kind
            and fault.start <= f.detected_at <= _window_end(fault, result.end)
        ]
        if not hits or row.target_s is None:
            continue
        ttd = (min(hits) - fault.start).total_seconds()
        target: float | None = row.target_s
        if fault.kind in WAITS_FOR_DEFROST and wait is not None:
            target = target_s(fault.kind, config, result.poll_s, wait_s=wait)
        elif fault.kind in COMPRESSOR_KINDS and ready is not None:
            target = target_s(
                fault.kind,
                config,
                result.poll_s,
                wait_s=ready + NATURAL_WAIT_S.get(fault.kind, 0.0),
            )
        elif fault.kind in RUNTIME_WINDOW_KINDS and frost is not None:
            target = frost + result.poll_s
        elif (
            fault.kind == "low_cooling_split" and len(cooling_days) >= config.split_days
        ):
            # The rule's window counts days with cooling: the last one must end.
            target = cooling_days[config.split_days - 1] + result.poll_s
        elif (
            fault.kind in JUDGED_DAYS_KINDS and len(judged_days) >= config.capacity_days
        ):
            # The rule's window counts days it can judge: the last one must end.
            target = judged_days[config.capacity_days - 1] + result.poll_s
        if target is not None:
            row.scenario_targets_s.append(target)
        if target is not None and ttd > target:
            row.late.append(
                f"{result.name} ({ttd / 3600:.1f} h > {target / 3600:.1f} h)"
            )
        if ttd >= max(row.ttd_s):
            row.slowest = f"{result.name} ({ttd / 3600:.1f} h)"


def defrost_figures(
    suite: SuiteScore,
) -> tuple[float | None, float | None, float | None]:
    """Return precision, recall and F1 of inferred defrosts."""
    precision = (
        suite.defrost_matched / suite.defrost_inferred
        if suite.defrost_inferred
        else None
    )
    recall = suite.defrost_matched / suite.defrost_true if suite.defrost_true else None
    if precision is None or recall is None or precision + recall == 0:
        return precision, recall, None
    return precision, recall, 2 * precision * recall / (precision + recall)
