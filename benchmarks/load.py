"""Load benchmark: Home Assistant with many simulated systems, measured from inside.

Usage (through ``scripts/bench-load``)::

    python benchmarks/load.py [--systems 20] [--speed 3600] [--hours 24]
                              [--warmup-hours 2] [--report docs/BENCHMARKS.md]

Starts a real Home Assistant (``hass``) on a fresh temporary configuration holding
Heat Pump Monitor and the probe in ``benchmarks/hpm_load_probe``, which adds the
systems through the config flow and measures event-loop lag, CPU per poll and
resident memory (see the probe's docstring). Afterwards the log is searched for Home
Assistant's blocking-call and misuse reports, which must stay silent. Prints the
figures; ``--report`` also rewrites the load section of the given Markdown file.
Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import json
import os
from pathlib import Path
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.hpm_load_probe import TICK_S  # noqa: E402
from custom_components.heat_pump_monitor.simulator.doc_sections import replace_section  # noqa: E402

LAG_P99_TARGET_S: Final = 0.05
RSS_GROWTH_LIMIT: Final = 0.05
"""Memory counts as flat when it grows less than this share after the warm-up."""
LOG_ALARMS: Final = re.compile(
    r"Detected blocking call|Detected that custom integration|Detected code that"
    r"|took \d+\.\d+ seconds|Traceback"
)
TIMEOUT_S: Final = 1800.0
ALARM_CONTEXT: Final = 12
"""Log lines shown from each alarm on (a traceback's frames)."""


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _configuration(args: argparse.Namespace, output: Path) -> str:
    return f"""homeassistant:
  name: Heat Pump Monitor load benchmark
  unit_system: metric
  time_zone: UTC
  country: US
  currency: USD

logger:
  default: warning
  logs:
    # Pre-imported by Home Assistant; it wants the system library libturbojpeg (and
    # Home Assistant 2026's tts the ffmpeg program), which this benchmark never uses.
    homeassistant.components.camera.img_util: critical
    haffmpeg: critical

hpm_load_probe:
  systems: {args.systems}
  speed: {args.speed}
  hours: {args.hours}
  warmup_hours: {args.warmup_hours}
  output: {output}
"""


def run(args: argparse.Namespace) -> tuple[dict[str, Any], list[str], str]:
    """Run Home Assistant under load; return the probe's figures, alarms, HA version."""
    hass = Path(sys.executable).with_name("hass")
    version = subprocess.run(
        [
            sys.executable,
            "-c",
            "from homeassistant.const import __version__ as v; print(v)",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="hpm-load-") as tmp:
        config = Path(tmp)
        components = config / "custom_components"
        components.mkdir()
        (components / "heat_pump_monitor").symlink_to(
            ROOT / "custom_components" / "heat_pump_monitor"
        )
        shutil.copytree(
            ROOT / "benchmarks" / "hpm_load_probe", components / "hpm_load_probe"
        )
        output = config / "figures.json"
        (config / "configuration.yaml").write_text(
            _configuration(args, output), "utf-8"
        )
        log = config / "home-assistant.log"
        began = time.monotonic()
        load_before = os.getloadavg()[0]
        with subprocess.Popen(
            [str(hass), "-c", str(config), "--log-file", str(log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        ) as process:
            try:
                process.wait(timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
        if not output.exists():
            tail = log.read_text("utf-8", "replace")[-3000:] if log.exists() else ""
            raise SystemExit(
                f"bench-load: no figures after {time.monotonic() - began:.0f} s\n{tail}"
            )
        figures = json.loads(output.read_text("utf-8"))
        figures["load_before"] = load_before
        figures["load_after"] = os.getloadavg()[0]
        lines = log.read_text("utf-8", "replace").splitlines()
        alarms = [
            "\n".join(lines[index : index + ALARM_CONTEXT])
            for index, line in enumerate(lines)
            if LOG_ALARMS.search(line)
        ]
    return figures, alarms, version


def summarise(figures: dict[str, Any], alarms: list[str]) -> dict[str, Any]:
    """Derive the published figures from the raw ones."""
    lags = figures["lags_s"]
    rss = figures["rss_by_hour"]
    first, last = rss[0][1], rss[-1][1]
    growth = (last - first) / first if first else float("nan")
    return {
        "lag_p50_ms": _percentile(lags, 0.5) * 1000,
        "lag_p99_ms": _percentile(lags, 0.99) * 1000,
        "lag_max_ms": max(lags) * 1000 if lags else float("nan"),
        "lag_samples": len(lags),
        "cpu_per_poll_ms": figures["cpu_s"] / figures["polls"] * 1000
        if figures["polls"]
        else float("nan"),
        "polls": figures["polls"],
        "polls_per_s": figures["polls"] / figures["measured_s"],
        "cpu_share": figures["cpu_s"] / figures["measured_s"],
        "rss_warm_mib": first / 2**20,
        "rss_end_mib": last / 2**20,
        "rss_growth": growth,
        "alarms": len(alarms),
    }


def render(
    args: argparse.Namespace, figures: dict[str, Any], s: dict[str, Any], version: str
) -> str:
    """Markdown of the load section."""
    lag_ok = s["lag_p99_ms"] < LAG_P99_TARGET_S * 1000
    flat = s["rss_growth"] < RSS_GROWTH_LIMIT
    hours = ", ".join(f"{h:g} h: {b / 2**20:.1f}" for h, b in figures["rss_by_hour"])
    return f"""## Load and event loop

`scripts/bench-load` starts Home Assistant {version} (Python {platform.python_version()})
with {args.systems} simulated systems added through the config flow, each at
{args.speed:g}x so that it polls once a second (the fastest the simulated source
allows, {args.speed / 60:g} one-minute samples per poll), and measures from inside
Home Assistant until the first system has simulated {args.hours:g} hours (the first
{args.warmup_hours:g} hours are warm-up and not counted). Machine: {os.cpu_count()} cores,
{platform.machine()}; load average {figures["load_before"]:.1f} before the run and
{figures["load_after"]:.1f} after it (other processes make the loop wait for a core
too, which shows as lag).

| figure | value | target |
| --- | --- | --- |
| event-loop lag p50 | {s["lag_p50_ms"]:.1f} ms | |
| event-loop lag p99 | {s["lag_p99_ms"]:.1f} ms | < {LAG_P99_TARGET_S * 1000:.0f} ms: {"pass" if lag_ok else "FAIL"} |
| event-loop lag max | {s["lag_max_ms"]:.1f} ms ({s["lag_samples"]} samples every {TICK_S * 1000:g} ms) | |
| polls | {s["polls"]} ({s["polls_per_s"]:.1f} per second) | |
| CPU per poll | {s["cpu_per_poll_ms"]:.2f} ms (whole process; {s["cpu_share"] * 100:.0f} % of one core) | |
| resident memory after warm-up / at the end | {s["rss_warm_mib"]:.1f} MiB / {s["rss_end_mib"]:.1f} MiB ({s["rss_growth"] * 100:+.1f} %) | flat (< {RSS_GROWTH_LIMIT * 100:.0f} %): {"pass" if flat else "FAIL"} |
| blocking-call and misuse reports in the log | {s["alarms"]} | 0: {"pass" if not s["alarms"] else "FAIL"} |

Resident memory (MiB) by simulated hour: {hours}.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the load benchmark; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="scripts/bench-load", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--systems", type=int, default=20)
    parser.add_argument("--speed", type=float, default=3600.0)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--warmup-hours", type=float, default=2.0)
    parser.add_argument(
        "--report", type=Path, help="rewrite the load section of this file"
    )
    args = parser.parse_args(argv)
    figures, alarms, version = run(args)
    summary = summarise(figures, alarms)
    text = render(args, figures, summary, version)
    sys.stdout.write(text)
    for line in alarms[:20]:
        sys.stdout.write(f"log: {line}\n")
    if args.report:
        replace_section(args.report, "load", text, title="Benchmarks")
    ok = (
        summary["lag_p99_ms"] < LAG_P99_TARGET_S * 1000
        and summary["rss_growth"] < RSS_GROWTH_LIMIT
        and not alarms
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
