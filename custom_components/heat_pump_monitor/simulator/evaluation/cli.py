"""Command line of the evaluation: generate, replay, score, report."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import multiprocessing
from pathlib import Path
import sys
import time
import traceback

from ...engine.config import EngineConfig
from ..config import FaultKind
from .report import render
from .runner import TraceResult, run_scenario
from .scoring import score
from .suite import Scenario, build_suite
from .traces import cache_root


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/evaluate",
        description=(
            "Score the engine on the simulated scenario suite: recall, precision, "
            "time to detect per finding kind, false alarms per healthy system-year, "
            "inferred defrosts. Traces are cached; reruns only replay."
        ),
    )
    parser.add_argument(
        "--kind",
        choices=[item.value for item in FaultKind],
        help="only the scenarios of this simulator fault (no healthy traces)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one seed, one climate, a healthy month instead of the healthy years",
    )
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--report", type=Path, help="also write the report as Markdown")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 if any kind misses its target"
    )
    return parser


def _task(item: tuple[Scenario, Path]) -> TraceResult | str:
    """Run one scenario; return the traceback instead if the engine crashed on it."""
    try:
        return run_scenario(*item)
    except Exception:  # noqa: BLE001 - one broken scenario must not hide the rest
        return f"{item[0].name}: {traceback.format_exc()}"


def run_suite(
    scenarios: Sequence[Scenario], *, jobs: int
) -> tuple[list[TraceResult], list[str]]:
    """Generate and replay ``scenarios`` on ``jobs`` processes, longest first.

    Return the results and the errors (scenario name and traceback) of crashed ones.
    """
    root = cache_root()
    ordered = sorted(scenarios, key=lambda s: -s.days)
    tasks = [(scenario, root) for scenario in ordered]
    if jobs <= 1 or len(tasks) <= 1:
        outcomes = [_task(task) for task in tasks]
    else:
        context = multiprocessing.get_context("spawn")
        with context.Pool(jobs) as pool:
            outcomes = list(pool.imap_unordered(_task, tasks))
    results = [item for item in outcomes if isinstance(item, TraceResult)]
    errors = [item for item in outcomes if isinstance(item, str)]
    return results, errors


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    began = time.perf_counter()
    scenarios = build_suite(quick=args.quick, kind=args.kind)
    sys.stderr.write(f"evaluate: {len(scenarios)} scenarios, cache {cache_root()}\n")
    results, errors = run_suite(scenarios, jobs=max(1, args.jobs))
    for error in errors:
        sys.stderr.write(
            f"evaluate: scenario crashed (left out of the scores): {error}\n"
        )
    generated = sum(result.generated for result in results)
    suite = score(sorted(results, key=lambda r: r.name), EngineConfig())
    elapsed = time.perf_counter() - began
    sys.stderr.write(f"evaluate: {generated} traces generated, the rest cached\n")
    sys.stdout.write(render(suite, markdown=False, elapsed_s=elapsed))
    if args.report is not None:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(
            render(suite, markdown=True, elapsed_s=elapsed), encoding="utf-8"
        )
    if errors:
        sys.stdout.write(f"{len(errors)} scenario(s) crashed, see stderr\n")
    failed = errors or any(row.passed is False for row in suite.kinds.values())
    return 1 if args.strict and failed else 0
