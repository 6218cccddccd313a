"""Benchmark of the engine: one year of 1-minute rows, speed and memory.

Usage::

    python -m custom_components.heat_pump_monitor.simulator.bench [--trace FILE] [--rows N]

Without ``--trace`` it replays the cached healthy simulated year (cold climate, auto
mode; generated once, about 30 s). Only ``Engine.process`` is timed: the rows are
parsed in chunks outside the clock. The replay rate with CSV parsing is printed
apart. A second pass under ``tracemalloc`` shows the memory the engine keeps after
one month and after the whole trace: it must not grow with the trace length.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
import gc
from itertools import islice
import json
from pathlib import Path
import platform
import sys
import time
import tracemalloc
from typing import Final

from ..engine.config import EngineConfig
from ..engine.engine import Engine
from ..engine.replay import replay
from ..engine.sample import Sample
from ..engine.trace import TraceReader
from .doc_sections import replace_section
from .evaluation.suite import healthy_years
from .evaluation.traces import cache_root, ensure_trace

MONTH_ROWS: Final = 30 * 1440
TARGET_ROWS_PER_S: Final = 100_000
TITLE: Final = "Benchmarks"
_CHUNK: Final = 14_400
"""Rows parsed at a time outside the clock: ten days, so a month is three chunks."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoryPoint:
    """Memory the engine holds after ``rows`` rows."""

    rows: int
    retained_bytes: int
    """Traced memory still allocated, against before the engine was made."""
    peak_bytes: int
    """Highest traced memory since the start of the pass, against the same base."""
    state_bytes: int
    """Size of the engine's persisted state as JSON."""


def _chunks(path: Path, limit: int | None) -> Iterator[list[Sample]]:
    with path.open(encoding="utf-8", newline="") as stream:
        samples = iter(TraceReader(stream))
        if limit is not None:
            samples = islice(samples, limit)
        while True:
            batch = [list(islice(samples, _CHUNK))]
            if not batch[0]:
                return
            # Hand the rows over without keeping a reference here, so the caller
            # can free them before measuring the engine's memory.
            yield batch.pop()


def time_process(path: Path, limit: int | None) -> tuple[int, float]:
    """Return rows and seconds spent in ``Engine.process`` alone."""
    engine = Engine(EngineConfig())
    process = engine.process
    rows = 0
    spent = 0.0
    for chunk in _chunks(path, limit):
        began = time.perf_counter()
        for sample in chunk:
            process(sample)
        spent += time.perf_counter() - began
        rows += len(chunk)
    return rows, spent


def time_replay(path: Path) -> tuple[int, float]:
    """Return rows and seconds of a whole replay, CSV parsing included."""
    began = time.perf_counter()
    rows = 0
    with path.open(encoding="utf-8", newline="") as stream:
        for item in replay(stream, EngineConfig()):
            if item["type"] == "summary":
                rows = int(item["rows"])
    return rows, time.perf_counter() - began


def trace_memory(path: Path, limit: int | None) -> list[MemoryPoint]:
    """Return the engine's memory after one month of rows and after all of them."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        engine = Engine(EngineConfig())
        rows = 0
        points: list[MemoryPoint] = []
        for chunk in _chunks(path, limit):
            for sample in chunk:
                engine.process(sample)
            rows += len(chunk)
            del chunk  # measure the engine, not the parsed rows
            if rows == MONTH_ROWS:
                points.append(_point(engine, rows, base))
        points.append(_point(engine, rows, base))
        return points
    finally:
        tracemalloc.stop()


def _point(engine: Engine, rows: int, base: int) -> MemoryPoint:
    current, peak = tracemalloc.get_traced_memory()
    state = len(json.dumps(engine.to_state()))
    return MemoryPoint(
        rows=rows,
        retained_bytes=current - base,
        peak_bytes=peak - base,
        state_bytes=state,
    )


def default_trace() -> Path:
    """Return the cached healthy year (generated on first use)."""
    path, generated = ensure_trace(healthy_years()[1], cache_root())
    if generated:
        sys.stderr.write(f"bench: generated {path}\n")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Time Engine.process over one year of 1-minute rows; show memory.",
    )
    parser.add_argument("--trace", type=Path, help="trace to replay (default: a year)")
    parser.add_argument("--rows", type=int, help="use only the first N rows")
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the tracemalloc pass"
    )
    parser.add_argument(
        "--report", type=Path, help="also rewrite the engine section of this file"
    )
    args = parser.parse_args(argv)
    path: Path = args.trace or default_trace()
    printed: list[str] = []

    def out(text: str) -> None:
        sys.stdout.write(text)
        printed.append(text)

    out(f"trace: {path}\n")
    rows, spent = time_process(path, args.rows)
    rate = rows / spent if spent else float("inf")
    verdict = "pass" if rate >= TARGET_ROWS_PER_S else "BELOW TARGET"
    out(
        f"Engine.process: {rows} rows in {spent:.2f} s = {rate:,.0f} rows/s "
        f"(target >= {TARGET_ROWS_PER_S:,}: {verdict})\n"
    )
    if args.rows is None:
        replayed, whole = time_replay(path)
        out(
            f"replay with CSV parsing: {replayed} rows in {whole:.2f} s = "
            f"{replayed / whole:,.0f} rows/s\n"
        )
    if not args.no_memory:
        for point in trace_memory(path, args.rows):
            out(
                f"memory after {point.rows} rows ({point.rows / 1440:.0f} days): "
                f"engine retains {point.retained_bytes / 1024:,.0f} KiB, peak so far "
                f"{point.peak_bytes / 1024:,.0f} KiB (incl. one parsed chunk of "
                f"{_CHUNK} rows), state {point.state_bytes / 1024:,.1f} KiB as JSON\n"
            )
    if args.report:
        replace_section(args.report, "engine", _engine_section(printed), title=TITLE)
    return 0


def _engine_section(printed: Sequence[str]) -> str:
    """Markdown of the engine section: what was measured, and the printed figures."""
    figures = "".join(f"    {line}" for line in printed)
    return f"""## Engine

`scripts/bench` replays a simulated year of 1-minute rows (525,600) through
`Engine.process` with every detector on, on one core ({platform.python_implementation()}
{platform.python_version()}, {platform.machine()}); rows are parsed outside the
clock, and the replay rate with CSV parsing is shown apart. A second pass under
`tracemalloc` shows the memory the engine keeps after one month and after the whole
year. Target: at least {TARGET_ROWS_PER_S:,} rows per second, memory that does not
grow with the trace. Figures of the last run:

{figures}"""


if __name__ == "__main__":
    sys.exit(main())
