"""Sum up a ``scripts/faults`` run: print it, and with ``--report`` publish it.

Usage: ``python -m tests.faults_summary TALLY.json --seconds S --status RC
[--report docs/RELIABILITY.md]``. ``TALLY.json`` is what ``faults_tally`` wrote. Exit
status 1 when pytest failed or any scenario did not pass.

The report is the ``faults`` section of ``docs/RELIABILITY.md`` (see
``simulator.doc_sections``); the rest of the file (other suites' sections) is kept as
it is.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
import json
from pathlib import Path
import platform
import sys

from homeassistant.const import __version__ as HA_VERSION

from custom_components.heat_pump_monitor.simulator.doc_sections import replace_section

THEMES = {
    "test_reliability": "restart and outage (simulated)",
    "test_faults_clock": "clock",
    "test_faults_cloud": "connection",
    "test_faults_counters": "counters",
    "test_faults_outage": "outage (Venstar)",
    "test_faults_secrets": "security",
    "test_faults_store": "store file",
}
"""Theme of each test file; a file not listed is named after itself."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One test of the suite and how it ended."""

    theme: str
    name: str
    summary: str
    outcome: str
    seconds: float


def _scenario(record: dict[str, object]) -> Scenario:
    nodeid = str(record["nodeid"])
    path, _, test = nodeid.partition("::")
    module = Path(path).stem
    function, _, params = test.partition("[")
    name = function.removeprefix("test_").replace("_", " ")
    if params:
        name += f" [{params.rstrip(']')}]"
    return Scenario(
        theme=THEMES.get(module, module),
        name=name,
        summary=str(record.get("summary") or ""),
        outcome=str(record["outcome"]),
        seconds=float(str(record.get("seconds") or 0.0)),
    )


def load(path: Path) -> list[Scenario]:
    """Read the scenarios of a tally file, in the order the suite lists them."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    records = json.loads(text) if text.strip() else []
    return [_scenario(record) for record in records]


def totals(scenarios: list[Scenario]) -> Counter[str]:
    """Scenarios by outcome."""
    return Counter(scenario.outcome for scenario in scenarios)


def _totals_text(scenarios: list[Scenario]) -> str:
    counts = totals(scenarios)
    parts = [f"{counts[o]} {o}" for o in ("passed", "failed", "skipped", "not run")]
    return f"{len(scenarios)} scenarios: " + ", ".join(
        part for part in parts if not part.startswith("0 ")
    )


def lines(scenarios: list[Scenario]) -> list[str]:
    """One line per scenario (theme, name, outcome), then the totals."""
    width = max(len(f"{s.theme}: {s.name}") for s in scenarios)
    rows = [
        f"{f'{s.theme}: {s.name}':<{width}}  {s.outcome:<7}  {s.seconds:5.1f} s"
        for s in scenarios
    ]
    return [*rows, "", _totals_text(scenarios)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def section(scenarios: list[Scenario], *, seconds: int, status: int) -> str:
    """Return the "Faults" section of the reliability report."""
    outcome = "passed" if passed(scenarios, status) else "FAILED"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = [
        "| theme | scenario | what it checks | outcome |",
        "| --- | --- | --- | --- |",
        *(
            f"| {s.theme} | {_cell(s.name)} | {_cell(s.summary)} | {s.outcome} |"
            for s in scenarios
        ),
    ]
    return "\n".join(
        [
            "## Faults",
            "",
            "Deterministic fault scenarios, in `tests/test_reliability.py` and",
            "`tests/test_faults_*.py`, run through real config entries in Home Assistant:",
            "the simulated source, or the fake ecobee, Venstar and Kumo servers on",
            "loopback, whose simulated plant is the ground truth. A scenario injects a",
            "fault (a restart mid-cycle or mid-defrost, a six-hour outage, a clock going",
            "back, a daylight-saving day, counters reset or a day reported twice, expired",
            "or revoked tokens, refused passwords, rate limits, replies near the timeout,",
            "an unreadable store file) and checks what the user sees: entity states and",
            "totals against the plant's (within one poll interval), repair issues,",
            "reauthentication flows, bus events and the log. The security scenarios plant",
            "credentials (and the home's coordinates) and search diagnostics, the debug",
            "log, bus events, phone notifications, repair texts and the technician report",
            "for them; they also check that the cloud clients refuse a self-signed TLS",
            "server and that a Venstar entry accepts one only when it says so.",
            "",
            "```bash",
            "scripts/faults            # runs the scenarios; one line per scenario",
            "scripts/faults --report   # the same, and rewrites this section",
            "```",
            "",
            "`scripts/test` runs the same tests as part of the whole suite.",
            "",
            f"Last run: {when}, Python {platform.python_version()}, Home Assistant",
            f"{HA_VERSION}, wall time {seconds} s: **{outcome}**",
            f"({_totals_text(scenarios)}).",
            "",
            *table,
        ]
    )


def passed(scenarios: list[Scenario], status: int) -> bool:
    """Whether pytest passed and every scenario passed."""
    return status == 0 and all(s.outcome == "passed" for s in scenarios)


def main(argv: list[str] | None = None) -> int:
    """Print the outcome of a run (and publish it); return the exit status."""
    parser = argparse.ArgumentParser(prog="scripts/faults")
    parser.add_argument("tally", type=Path)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--status", type=int, required=True)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args(argv)
    scenarios = load(args.tally)
    if not scenarios:
        sys.stderr.write("faults: no scenarios (did the tests run?)\n")
        return 1
    out = sys.stdout
    out.write(f"\nFaults: {args.seconds} s wall time\n\n")
    out.write("\n".join(lines(scenarios)) + "\n")
    if args.report is not None:
        replace_section(
            args.report,
            "faults",
            section(scenarios, seconds=args.seconds, status=args.status),
            title="Reliability",
        )
        out.write(f"\nwrote the Faults section of {args.report}\n")
    ok = passed(scenarios, args.status)
    out.write("\nfaults: " + ("passed" if ok else "FAILED") + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
