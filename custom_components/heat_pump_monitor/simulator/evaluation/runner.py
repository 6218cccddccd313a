"""Generate (or find cached) and replay one scenario; the unit of parallel work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
import time
from typing import Any

from ...engine.config import EngineConfig
from ...engine.replay import replay
from ...engine.sample import HvacMode
from ...engine.trace import parse_time
from .defrost_match import DefrostMatch, Span, match_defrosts
from .expectations import COMPRESSOR_KINDS
from .judged_days import judged_day_ends
from .measured import compressor_ready_s, cooling_day_ends, frost_window_s
from .suite import Scenario
from .traces import blanked_column, ensure_trace, read_labels


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelledFault:
    """A true fault of a trace: its simulator name, label kind and window."""

    fault: str
    kind: str
    start: datetime
    end: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RaisedFinding:
    """A finding the engine raised in a replay."""

    kind: str
    severity: str
    detected_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceResult:
    """Everything the scoring needs from one scenario."""

    name: str
    healthy: bool
    start: datetime
    end: datetime
    poll_s: float
    faults: tuple[LabelledFault, ...]
    defrosts_in_faults: tuple[int, ...]
    """True defrosts that start within each fault's window (same order)."""
    first_defrost_s: tuple[float | None, ...]
    """Seconds from each fault's start to the first true defrost in its window."""
    findings: tuple[RaisedFinding, ...]
    defrost: DefrostMatch | None
    """Inferred against true defrosts with the defrost column blanked; heating only."""
    cooling_days_s: tuple[tuple[float, ...], ...]
    """Per fault: seconds from its start to the end of each local day of its window
    with enough steady cooling to judge a split (cooling traces only)."""
    compressor_ready_s: tuple[float | None, ...]
    """Per fault: seconds from its start until the outdoor air allows the compressor
    (computed for ``COMPRESSOR_KINDS`` only)."""
    frost_window_s: tuple[float | None, ...]
    """Per fault: seconds from its start until the ``defrost_missing`` window of frost
    runtime has passed while heat falls (computed for that kind only)."""
    judged_days_s: tuple[tuple[float, ...], ...]
    """Per fault: seconds from its start to the end of each whole day of its window
    the ``capacity_degradation`` rule can judge (computed for that kind only)."""
    rows: int
    generated: bool
    replay_s: float


def engine_config(scenario: Scenario) -> EngineConfig:
    """Return the default engine config in the trace's time zone (its start offset)."""
    offset = scenario.config.start.utcoffset() or timedelta(0)
    return EngineConfig(timezone=timezone(offset)) if offset else EngineConfig()


def run_scenario(scenario: Scenario, root: Path) -> TraceResult:
    """Generate the trace of ``scenario`` if needed, replay it, and score defrosts."""
    path, generated = ensure_trace(scenario, root)
    labels = read_labels(path)
    config = engine_config(scenario)
    began = time.perf_counter()
    findings: list[RaisedFinding] = []
    seen: set[tuple[str, str]] = set()
    summary: dict[str, Any] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        for item in replay(stream, config):
            if item["type"] == "summary":
                summary = item
                continue
            key = (item["kind"], item["detected_at"])
            if key not in seen:
                seen.add(key)
                findings.append(
                    RaisedFinding(
                        kind=item["kind"],
                        severity=item["severity"],
                        detected_at=parse_time(item["detected_at"]),
                    )
                )
    defrost = None
    if scenario.config.hvac_mode in (HvacMode.HEAT, HvacMode.AUTO):
        defrost = _score_inference(path, config, labels)
    start = scenario.config.start
    faults = tuple(
        LabelledFault(
            fault=item["fault"],
            kind=item["kind"],
            start=parse_time(item["start"]),
            end=None if item["end"] is None else parse_time(item["end"]),
        )
        for item in labels["faults"]
    )
    true_starts = [parse_time(item["start"]) for item in labels["defrosts"]]
    in_window = [
        [
            when
            for when in true_starts
            if fault.start <= when and (fault.end is None or when < fault.end)
        ]
        for fault in faults
    ]
    return TraceResult(
        name=scenario.name,
        healthy=scenario.healthy,
        start=start,
        end=start + timedelta(days=scenario.days),
        poll_s=scenario.config.sample_interval_s,
        faults=faults,
        defrosts_in_faults=tuple(len(starts) for starts in in_window),
        first_defrost_s=tuple(
            (min(starts) - fault.start).total_seconds() if starts else None
            for fault, starts in zip(faults, in_window, strict=True)
        ),
        findings=tuple(findings),
        defrost=defrost,
        cooling_days_s=(
            cooling_day_ends(path, faults, config)
            if scenario.config.hvac_mode == HvacMode.COOL
            else tuple(() for _ in faults)
        ),
        compressor_ready_s=(
            compressor_ready_s(
                path, faults, scenario.config.heat_pump.compressor_lockout_c
            )
            if any(fault.kind in COMPRESSOR_KINDS for fault in faults)
            else tuple(None for _ in faults)
        ),
        frost_window_s=(
            frost_window_s(path, faults, config)
            if any(fault.kind == "defrost_missing" for fault in faults)
            else tuple(None for _ in faults)
        ),
        judged_days_s=(
            judged_day_ends(path, faults, config)
            if any(fault.kind == "capacity_degradation" for fault in faults)
            else tuple(() for _ in faults)
        ),
        rows=int(summary.get("rows", 0)),
        generated=generated,
        replay_s=time.perf_counter() - began,
    )


def _score_inference(
    path: Path, config: EngineConfig, labels: dict[str, Any]
) -> DefrostMatch:
    inferred: list[Span] = []
    with path.open(encoding="utf-8", newline="") as stream:
        for item in replay(blanked_column(stream, "defrost_s"), config):
            if item["type"] != "summary":
                continue
            for episode in item["defrosts"]:
                if not episode["inferred"]:
                    continue
                begin = parse_time(episode["start"])
                end = (
                    begin + timedelta(minutes=1)
                    if episode["end"] is None
                    else parse_time(episode["end"])
                )
                inferred.append((begin, end))
    far = datetime.max.replace(tzinfo=UTC)
    true: list[Span] = [
        (
            parse_time(item["start"]),
            far if item["end"] is None else parse_time(item["end"]),
        )
        for item in labels["defrosts"]
    ]
    return match_defrosts(true, inferred)
