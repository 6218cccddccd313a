"""Generated suite traces, cached on disk so that a rerun only replays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
import hashlib
import json
import os
from pathlib import Path
from typing import IO, Any, Final, cast

from ..scenario import labels_path, write_scenario
from .suite import Scenario

_SIMULATOR_DIR: Final = Path(__file__).resolve().parent.parent
_NOT_PHYSICS: Final = frozenset({"bench.py", "cli.py", "__main__.py"})
"""Simulator modules that do not change what a trace holds."""
CACHE_ENV: Final = "HPM_SUITE_CACHE"
"""Environment variable that moves the cache (default ~/.cache/heat_pump_monitor/suite)."""


def simulator_hash() -> str:
    """Return a hash of the simulator's source (not of this evaluation package)."""
    digest = hashlib.sha256()
    for path in sorted(_SIMULATOR_DIR.glob("*.py")):
        if path.name in _NOT_PHYSICS:
            continue
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    engine_dir = _SIMULATOR_DIR.parent / "engine"
    for name in ("sample.py", "trace.py"):  # what the trace writer writes
        digest.update((engine_dir / name).read_bytes())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    """Return the cache directory of this simulator version."""
    base = os.environ.get(CACHE_ENV)
    root = (
        Path(base) if base else Path.home() / ".cache" / "heat_pump_monitor" / "suite"
    )
    return root / simulator_hash()


def trace_path(scenario: Scenario, root: Path) -> Path:
    """Return where the trace of ``scenario`` is cached."""
    return root / f"{scenario.name}-{scenario.key}.csv"


def ensure_trace(scenario: Scenario, root: Path) -> tuple[Path, bool]:
    """Generate the trace of ``scenario`` unless cached; return it and if generated.

    The files are written under temporary names and renamed, so concurrent runs
    never see half a trace.
    """
    path = trace_path(scenario, root)
    labels = labels_path(path)
    if path.exists() and labels.exists():
        return path, False
    root.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.csv")
    write_scenario(partial, scenario.config, timedelta(days=scenario.days))
    os.replace(labels_path(partial), labels)
    os.replace(partial, path)
    return path, True


def read_labels(path: Path) -> dict[str, Any]:
    """Return the labels sidecar of a trace."""
    labels: dict[str, Any] = json.loads(labels_path(path).read_text(encoding="utf-8"))
    return labels


def blanked_column(stream: IO[str], column: str) -> IO[str]:
    """Return the lines of a trace with every cell of ``column`` empty.

    The simulator writes no quoted cells, so a plain split is exact; a line with a
    quote is left alone rather than mangled.
    """
    return cast("IO[str]", _blank_lines(stream, column))


def _blank_lines(stream: IO[str], column: str) -> Iterator[str]:
    header = stream.readline()
    yield header
    names = header.rstrip("\r\n").split(",")
    if column not in names:
        yield from stream
        return
    index = names.index(column)
    for line in stream:
        if '"' in line:
            yield line
            continue
        cells = line.rstrip("\r\n").split(",")
        if index < len(cells):
            cells[index] = ""
        yield ",".join(cells) + "\n"
