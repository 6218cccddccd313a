"""Sum up a ``scripts/fuzz`` run: print it, and with ``--report`` publish it.

Usage: ``python -m tests.fuzz.summary TALLY_DIR --seconds S --seed N --status RC
[--report docs/RELIABILITY.md]``. ``TALLY_DIR`` holds the JSON counts each pytest
process wrote (see ``tally``). Exit status 1 when pytest failed or any example ended
in an unhandled exception or a result that broke the parser's promises.

The report is the ``fuzzing`` section of ``docs/RELIABILITY.md`` (see
``simulator.doc_sections``); the rest of the file (other suites' sections) is kept as
it is.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
import json
from pathlib import Path
import platform
import sys

from homeassistant.const import __version__ as HA_VERSION

from custom_components.heat_pump_monitor.simulator.doc_sections import replace_section

from . import tally
from .profiles import CI_EXAMPLES, FUZZ_EXAMPLES

PREAMBLE = """What the reliability suites check, how to run them, and the figures of their
last run. Each section is written by the script that runs its suite; do not edit the
figures by hand."""


@dataclass(frozen=True, slots=True)
class ParserRun:
    """What one parser did with its examples."""

    name: str
    counts: Counter[str]

    @property
    def examples(self) -> int:
        """Examples run (rows of a trace file are counted apart)."""
        return sum(
            n for key, n in self.counts.items() if not key.startswith(tally.ROWS)
        )

    @property
    def rejections(self) -> dict[str, int]:
        """Typed rejections by error type."""
        return {
            key.removeprefix(tally.REJECTED): n
            for key, n in sorted(self.counts.items())
            if key.startswith(tally.REJECTED)
        }

    @property
    def rows(self) -> dict[str, int]:
        """Row counts of the trace files (empty for other parsers)."""
        return {
            key.removeprefix(tally.ROWS): n
            for key, n in sorted(self.counts.items())
            if key.startswith(tally.ROWS)
        }

    def get(self, outcome: str) -> int:
        """Return the number of examples that ended as ``outcome``."""
        return self.counts.get(outcome, 0)


def load(folder: Path) -> list[ParserRun]:
    """Merge the counts every process wrote into ``folder``."""
    merged: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for path in sorted(folder.glob("*.json")):
        for parser, counts in json.loads(path.read_text(encoding="utf-8")).items():
            merged[parser].update(counts)
    return [ParserRun(name, merged[name]) for name in sorted(merged)]


def _rejections(run: ParserRun) -> str:
    text = ", ".join(f"{error} {n:,}" for error, n in run.rejections.items())
    if run.get("form shown again"):
        text += (
            f"{', ' if text else ''}form shown again {run.get('form shown again'):,}"
        )
    return text or "none"


def table(runs: list[ParserRun]) -> list[str]:
    """Return the figures as a Markdown table."""
    lines = [
        "| parser | examples | typed results | rejections by error type | bad results | unhandled exceptions |",
        "| --- | ---: | ---: | --- | ---: | ---: |",
    ]
    lines += [
        f"| {run.name} | {run.examples:,} | {run.get(tally.RESULT):,} | "
        f"{_rejections(run)} | {run.get(tally.BAD_RESULT):,} | {run.get(tally.UNHANDLED):,} |"
        for run in runs
    ]
    for run in runs:
        if run.rows:
            rows = ", ".join(f"{what} {n:,}" for what, n in run.rows.items())
            lines.append("")
            lines.append(f"Rows of the generated trace files: {rows}.")
    return lines


def section(runs: list[ParserRun], *, seconds: int, seed: str, status: int) -> str:
    """Return the "Fuzzing" section of the reliability report."""
    outcome = "passed" if _passed(runs, status) else "FAILED"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            "## Fuzzing",
            "",
            "Property-based fuzzing ([hypothesis](https://hypothesis.readthedocs.io/)) of",
            "every parser, in `tests/fuzz/`. Each device client is driven through its",
            "public methods against a loopback HTTP server whose reply changes with every",
            "example: the real-shaped replies of the fakes with fields dropped, added or of",
            "the wrong type, huge, negative, NaN or infinite numbers, unicode, broken",
            "separators, truncated JSON, HTML error pages, empty or binary bodies, other",
            "encodings, wrong content types and error statuses. The trace reader reads",
            "damaged CSV files; the options flow gets damaged stored options and form",
            "input. An example passes when the parser returns a typed result (every field",
            "of its annotated type, numbers finite) or raises one of the clients' typed",
            "errors, an `InvalidResponse` naming the field; a trace row is either a sample",
            "or counted as rejected by reason; the options flow refuses bad input with",
            "`InvalidData` naming the field.",
            "",
            "```bash",
            f"scripts/fuzz            # {FUZZ_EXAMPLES:,} examples per parser; prints the figures",
            "scripts/fuzz --report   # the same, and rewrites this section",
            "```",
            "",
            "`scripts/test` runs the same tests with a small derandomized profile",
            f"({CI_EXAMPLES} examples per parser).",
            "",
            f"Last run: {when}, Python {platform.python_version()}, Home Assistant",
            f"{HA_VERSION}, seed {seed}, wall time {seconds} s: **{outcome}**.",
            "",
            *table(runs),
        ]
    )


def _passed(runs: list[ParserRun], status: int) -> bool:
    return status == 0 and not any(
        run.get(tally.UNHANDLED) or run.get(tally.BAD_RESULT) for run in runs
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures of a run (and publish them); return the exit status."""
    parser = argparse.ArgumentParser(prog="scripts/fuzz")
    parser.add_argument("tally", type=Path)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--status", type=int, required=True)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args(argv)
    runs = load(args.tally)
    if not runs:
        sys.stderr.write("fuzz: no figures (did the tests run?)\n")
        return 1
    out = sys.stdout
    out.write(
        f"\nFuzzing: {args.seconds} s wall time, seed {args.seed}, "
        f"{FUZZ_EXAMPLES:,} examples per parser\n"
    )
    out.write("\n".join(table(runs)) + "\n")
    if args.report is not None:
        replace_section(
            args.report,
            "fuzzing",
            section(runs, seconds=args.seconds, seed=args.seed, status=args.status),
            title="Reliability",
            preamble=PREAMBLE,
        )
        out.write(f"\nwrote the Fuzzing section of {args.report}\n")
    passed = _passed(runs, args.status)
    out.write("\nfuzz: " + ("passed" if passed else "FAILED") + "\n")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
