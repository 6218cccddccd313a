"""Command line: write a simulated trace and its labels."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import timedelta
import json
import math
from pathlib import Path
import sys

from ..engine.sample import HvacMode
from ..engine.trace import parse_time
from .config import (
    DEFROST_INTERVALS_MIN,
    Climate,
    DefrostParams,
    FaultKind,
    FaultSpec,
    SimulationConfig,
)
from .scenario import labels_path, write_scenario

_DEFAULT_START = "2026-01-10T00:00:00Z"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m custom_components.heat_pump_monitor.simulator",
        description=(
            "Simulate a house with an air-source heat pump and write a trace (CSV) "
            "with its labels (NAME.labels.json) beside it."
        ),
    )
    parser.add_argument("--out", type=Path, required=True, help="trace file to write")
    parser.add_argument(
        "--climate",
        choices=[item.value for item in Climate],
        default=Climate.COLD.value,
    )
    parser.add_argument(
        "--days", type=float, default=1.0, help="simulated days (default 1)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--start",
        default=_DEFAULT_START,
        help=f"ISO 8601 start (default {_DEFAULT_START})",
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=60.0,
        help="sample interval in seconds (default 60)",
    )
    parser.add_argument(
        "--mode", choices=[item.value for item in HvacMode], default=HvacMode.HEAT.value
    )
    parser.add_argument("--heat-setpoint", type=float, default=20.5, help="°C")
    parser.add_argument("--cool-setpoint", type=float, default=24.0, help="°C")
    parser.add_argument(
        "--defrost-interval",
        type=int,
        choices=DEFROST_INTERVALS_MIN,
        default=60,
        help="defrost board interval in minutes",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        choices=[item.value for item in FaultKind],
        help="inject a fault (repeatable)",
    )
    parser.add_argument(
        "--fault-start-h",
        type=float,
        action="append",
        default=[],
        help="hours after the start when the fault begins (once for all, or once per --fault)",
    )
    parser.add_argument(
        "--fault-end-h",
        type=float,
        action="append",
        default=[],
        help="hours after the start when the fault ends (default: never)",
    )
    return parser


def _per_fault(values: list[float], count: int, name: str) -> list[float | None]:
    if not values:
        return [None] * count
    if len(values) == 1:
        return [values[0]] * count
    if len(values) == count:
        return list(values)
    raise ValueError(f"give {name} once, or once per --fault ({count})")


def _config(args: argparse.Namespace) -> SimulationConfig:
    try:
        start = parse_time(args.start)
    except ValueError:
        raise ValueError(f"--start is not an ISO 8601 time: {args.start!r}") from None
    if not (math.isfinite(args.days) and args.days > 0):
        raise ValueError("--days must be a positive number")
    if not (math.isfinite(args.interval) and args.interval > 0) or args.interval % 10:
        raise ValueError("--interval must be a positive multiple of 10 seconds")
    if (args.fault_start_h or args.fault_end_h) and not args.fault:
        raise ValueError("--fault-start-h and --fault-end-h need a --fault")
    starts = _per_fault(args.fault_start_h, len(args.fault), "--fault-start-h")
    ends = _per_fault(args.fault_end_h, len(args.fault), "--fault-end-h")
    faults = tuple(
        FaultSpec(
            kind=FaultKind(kind),
            start=start + timedelta(hours=begin or 0.0),
            end=None if end is None else start + timedelta(hours=end),
        )
        for kind, begin, end in zip(args.fault, starts, ends, strict=True)
    )
    return SimulationConfig(
        start=start,
        climate=Climate(args.climate),
        seed=args.seed,
        sample_interval_s=args.interval,
        hvac_mode=HvacMode(args.mode),
        heat_setpoint_c=args.heat_setpoint,
        cool_setpoint_c=args.cool_setpoint,
        faults=faults,
        defrost=DefrostParams(interval_min=args.defrost_interval),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        config = _config(args)
    except ValueError as err:
        parser.error(str(err))
    out: Path = args.out
    try:
        rows = write_scenario(out, config, timedelta(days=args.days))
        labels = json.loads(labels_path(out).read_text(encoding="utf-8"))
    except OSError as err:
        parser.exit(
            1, f"{parser.prog}: error: cannot write {out}: {err.strerror or err}\n"
        )
    sys.stdout.write(
        f"{rows} rows written to {out}, {len(labels['defrosts'])} true defrosts, "
        f"labels in {labels_path(out)}\n"
    )
    return 0
