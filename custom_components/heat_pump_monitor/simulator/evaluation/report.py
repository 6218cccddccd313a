"""Render a suite score as an aligned text table or as Markdown."""

from __future__ import annotations

from collections.abc import Sequence
import statistics

from ...engine.detectors.capacity_degradation import (
    MAX_EXPECTED_DUTY,
    MIN_EXPECTED_DUTY,
)
from ...engine.detectors.defrost_missing import BIN_C, SPLIT_DROP, SPLIT_SMOOTHING_S
from ...engine.detectors.split_days import MIN_DAY_STEADY_S
from ...engine.detectors.steady import STEADY_AFTER_S
from .expectations import COMPRESSOR_KINDS, GRACE, SECONDARY_SYMPTOMS
from .scoring import KindScore, SuiteScore, defrost_figures

_HEADER = (
    "kind",
    "faults",
    "detected",
    "recall",
    "TP",
    "FP",
    "precision",
    "median TTD",
    "worst TTD",
    "target TTD",
    "target",
)
_MAX_LISTED = 6


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _target(row: KindScore) -> str:
    """Return the fixed target, or the range of the targets measured per scenario."""
    targets = row.scenario_targets_s
    if all(target == row.target_s for target in targets):
        return _duration(row.target_s)
    low, high = _duration(min(targets)), _duration(max(targets))
    return f"per trace: {low}" if low == high else f"per trace: {low} to {high}"


def _row(row: KindScore) -> list[str]:
    passed = row.passed
    return [
        row.kind,
        f"{row.scenarios}"
        + (f" (+{row.unobservable} n/o)" if row.unobservable else ""),
        str(row.detected),
        _ratio(row.recall),
        str(row.true_positives),
        str(row.false_positives),
        _ratio(row.precision),
        _duration(statistics.median(row.ttd_s) if row.ttd_s else None),
        _duration(max(row.ttd_s) if row.ttd_s else None),
        _target(row),
        "-" if passed is None else ("pass" if passed else "FAIL"),
    ]


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, markdown: bool
) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(r, widths, strict=True))
        for r in [header, *rows]
    )


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_MAX_LISTED])
    more = len(items) - _MAX_LISTED
    return shown + (f" (+{more} more)" if more > 0 else "")


def render(suite: SuiteScore, *, markdown: bool, elapsed_s: float) -> str:
    """Return the report of ``suite``."""
    rows = [
        _row(row)
        for row in sorted(suite.kinds.values(), key=lambda r: r.kind)
        if row.scenarios
        or row.unobservable
        or row.true_positives
        or row.false_positives
    ]
    heading = "## " if markdown else ""
    out: list[str] = []
    if markdown:
        out += ["# Evaluation of the anomaly engine on simulated faults", ""]
    out += [
        f"{suite.traces} traces, {suite.rows} rows, {elapsed_s:.0f} s.",
        "",
        f"{heading}Findings per kind",
        "",
        _table(_HEADER, rows, markdown=markdown),
        "",
        f"{heading}Healthy traces",
        "",
        f"Healthy system-years: {suite.healthy_years:.2f}; false technician-grade "
        f"findings: {sum(suite.healthy_false.values())}"
        + (
            f" ({suite.false_per_year:.1f} per system-year)"
            if suite.false_per_year is not None
            else ""
        ),
    ]
    out += [f"- {kind}: {count}" for kind, count in sorted(suite.healthy_false.items())]
    out.append(
        "Maintenance findings (filter_due, info) on healthy traces: "
        + (
            ", ".join(f"{k} {n}" for k, n in sorted(suite.healthy_maintenance.items()))
            or "none"
        )
    )
    precision, recall, f1 = defrost_figures(suite)
    out += [
        "",
        f"{heading}Inferred defrosts (defrost_s blanked)",
        "",
        (
            f"true {suite.defrost_true}, inferred {suite.defrost_inferred}, matched "
            f"{suite.defrost_matched}: precision {_ratio(precision)}, recall "
            f"{_ratio(recall)}, F1 {_ratio(f1)}"
        ),
        "",
        f"{heading}Misses and false alarms",
        "",
    ]
    for row in sorted(suite.kinds.values(), key=lambda r: r.kind):
        if row.missed:
            out.append(f"- missed {row.kind}: {_listed(row.missed)}")
        if row.late:
            out.append(f"- late {row.kind}: {_listed(row.late)}")
        elif row.slowest:
            out.append(f"- slowest {row.kind}: {row.slowest}")
        if row.false_in:
            out.append(f"- false {row.kind}: {_listed(row.false_in)}")
    if markdown:
        out += ["", _method()]
    return "\n".join(out) + "\n"


def _method() -> str:
    secondary = "\n".join(
        f"| {fault} | {', '.join(sorted(kinds)) or 'none'} |"
        for fault, kinds in SECONDARY_SYMPTOMS.items()
    )
    return f"""## Method

Each scenario is simulated (cached) and replayed through the engine exactly as
`scripts/replay` does, with the default `EngineConfig`. A labelled fault is
detected when a finding of its label kind is raised between the fault start and the
fault end plus {GRACE.total_seconds() / 3600:.0f} h. Time to detect runs from the
fault start to `detected_at`; the target is the rule's own window from the
`EngineConfig` defaults, plus one poll interval, plus the natural wait of the
symptom (see `simulator/evaluation/expectations.py`). Where a fixed wait would be
unfair, the pass check measures it in each scenario
(`simulator/evaluation/measured.py`): for `defrost_stuck` the wait is the fault
start to the first true defrost; for {", ".join(f"`{kind}`" for kind in sorted(COMPRESSOR_KINDS))},
symptoms of the running compressor, the natural wait starts once the outdoor air is
above the heat pump's low-temperature lockout; for `defrost_missing`, whose rule
needs frost runtime *and* falling heat at once, the target is the first moment the
frost runtime since the fault start (counted as the detector counts it) has reached
the window while the supply-return split of steady heating (smoothed over
{SPLIT_SMOOTHING_S / 60:.0f} min) is {SPLIT_DROP:.0%} or more below the clean coil's
at that outdoor temperature ({BIN_C:.0f} K bins, the mean of the smoothed split of the
trace's steady heating before the fault), plus one poll: ice forms slowly in deep,
dry cold and melts off a resting coil in air above 0 °C, so the heat falls when the
weather ices the coil, not when the runtime is reached; for `capacity_degradation`
it is the end of the `capacity_days`-th whole day of the fault that the rule can
judge, plus one poll: a day the baseline's reference covers (within 2 K of its
coldest and warmest day) at an expected duty from {MIN_EXPECTED_DUTY:.0%} to
{MAX_EXPECTED_DUTY:.0%}, with the reference rebuilt from the trace by the baseline's
rules (`judged_days.py`; on colder days backup heat carries the house with or without
the loss); for
`low_cooling_split` it is the end of the `split_days`-th local day of the fault with
{MIN_DAY_STEADY_S / 60:.0f} min of steady cooling ({STEADY_AFTER_S / 60:.0f} min or
more into a run), plus one poll: a day without it cannot be judged. A kind passes
when every observable fault was detected within its target. A stuck-defrost fault during which no defrost started, and a cooling
fault with fewer than `split_days` such days, cannot show and are counted as n/o
(not observable).

A finding is a true positive inside the window of a fault labelled with its kind, or
of a fault that physically causes it as a secondary symptom:

| fault | accepted secondary findings |
| --- | --- |
{secondary}

Any other finding, and every finding on a healthy trace, is false. `filter_due` and
findings of severity info are maintenance and counted apart. Inferred defrosts come
from a second replay of each heating trace with the `defrost_s` cells emptied,
matched one to one by time overlap with the simulator's true defrosts.

Regenerate with `scripts/evaluate --report docs/EVALUATION.md`.
"""
