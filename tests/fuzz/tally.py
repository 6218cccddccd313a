"""What every fuzzed parser did with its examples, for ``scripts/fuzz``.

Each example ends as a typed result, a typed rejection (by error type), a result
that broke the parser's promises, or an unhandled exception. With ``HPM_FUZZ_TALLY``
set to a directory, the counts of this process are written there as JSON when the
session ends (one file per pytest-xdist worker).
"""

from __future__ import annotations

from collections import Counter, defaultdict
import json
import os
from pathlib import Path

RESULT = "result"
BAD_RESULT = "bad result"
UNHANDLED = "unhandled"
REJECTED = "rejected: "
ROWS = "rows "
"""Prefix of counts of the rows of an example (trace files), not of examples."""

OUTCOMES: defaultdict[str, Counter[str]] = defaultdict(Counter)


def record(parser: str, outcome: str) -> None:
    """Count one example of ``parser``."""
    OUTCOMES[parser][outcome] += 1


def rejected(error: BaseException) -> str:
    """Return the outcome of an example rejected with ``error``."""
    return REJECTED + type(error).__name__


def write(worker: str) -> Path | None:
    """Write this process's counts to ``$HPM_FUZZ_TALLY/<worker>.json``, if set."""
    folder = os.environ.get("HPM_FUZZ_TALLY")
    if not folder or not OUTCOMES:
        return None
    path = Path(folder) / f"{worker}.json"
    path.write_text(
        json.dumps({parser: dict(counts) for parser, counts in OUTCOMES.items()}),
        encoding="utf-8",
    )
    return path
