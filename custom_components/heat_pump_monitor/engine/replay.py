"""Replay a trace file through the engine; print findings and a summary as JSON lines.

Usage::

    python -m custom_components.heat_pump_monitor.engine.replay TRACE.csv [--config FILE.json]

``--config`` names a JSON object of engine option keys (``EngineConfig.options``), plus
optionally ``"timezone"`` (an IANA name such as ``"Europe/Berlin"``) for the local day
of the daily counters. Output, one JSON object per line: each finding when it is
raised (``cleared_at`` null) and again when it clears (``cleared_at`` set), then one
summary object. A damaged file is replayed as far as it can be; rows that cannot be
used are counted in the summary's ``rejected``. A missing or unreadable file, or a
bad config, is reported on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
import csv
from dataclasses import fields
import json
import os
from pathlib import Path
import sys
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .config import EngineConfig, option_value
from .engine import Engine
from .events import DefrostEpisode, EventType
from .trace import TraceReader

_KNOWN = frozenset(item.name for item in fields(EngineConfig))
"""Engine option keys, the time zone included."""

EXIT_USAGE = 2


class ConfigError(ValueError):
    """The ``--config`` file cannot be used."""


def replay(stream: IO[str], config: EngineConfig) -> Iterator[dict[str, Any]]:
    """Run a trace through a fresh engine; yield finding objects, then the summary."""
    reader = TraceReader(stream)
    engine = Engine(config)
    processed = 0
    defrosts: list[dict[str, Any]] = []
    for sample in reader:
        processed += 1
        for event in engine.process(sample):
            if event.finding is not None:
                yield event.finding.as_dict()
            elif event.type is EventType.DEFROST_ENDED and event.defrost is not None:
                defrosts.append(_episode(event.defrost))
    open_defrost = engine.open_defrost
    if open_defrost is not None:
        defrosts.append(_episode(open_defrost))
    engine_rejected = engine.rejected
    rejected: Counter[str] = Counter(reader.stats.rejected)
    rejected.update(engine_rejected)
    status = engine.status
    yield {
        "type": "summary",
        "rows": processed - sum(engine_rejected.values()),
        "comp_heat_s": status.lifetime.comp_heat_s,
        "comp_cool_s": status.lifetime.comp_cool_s,
        "aux_heat_s": status.lifetime.aux_heat_s,
        "cycles": status.cycles_lifetime,
        "defrosts": defrosts,
        "balance_point_c": status.balance_point_c,
        "rejected": dict(sorted(rejected.items())),
        "unknown_values": dict(sorted(reader.stats.unknown_values.items())),
    }


def _episode(episode: DefrostEpisode) -> dict[str, Any]:
    return {
        "start": episode.start.isoformat(),
        "end": None if episode.end is None else episode.end.isoformat(),
        "inferred": episode.inferred,
    }


def load_config(path: Path) -> EngineConfig:
    """Read a ``--config`` file; raise ``ConfigError`` with a clear message.

    Unknown keys are ignored with a warning on stderr.
    """
    try:
        options = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"cannot read config {path}: {err.strerror or err}") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ConfigError(f"config {path} is not valid JSON: {err}") from err
    if not isinstance(options, Mapping):
        raise ConfigError(f"config {path} must be a JSON object of engine options")
    unknown = unknown_options(options)
    if unknown:
        _warn(f"replay: ignoring unknown option(s): {', '.join(unknown)}")
    return config_from_options(options)


def unknown_options(options: Mapping[str, Any]) -> list[str]:
    """Return the keys that are not engine options (they are ignored)."""
    return sorted(str(key) for key in options if key not in _KNOWN)


def config_from_options(options: Mapping[str, Any]) -> EngineConfig:
    """Build an engine config from option values, checked; raise ``ConfigError``.

    Unknown keys are ignored, as ``EngineConfig.with_options`` does.
    """
    config = EngineConfig()
    values = {key: value for key, value in options.items() if key in _KNOWN}
    timezone = values.pop("timezone", None)
    for key, value in values.items():
        try:
            values[key] = option_value(key, value)
        except ValueError as err:
            raise ConfigError(str(err)) from err
    config = config.with_options(values)
    if timezone is not None:
        if not isinstance(timezone, str):
            raise ConfigError(f"time zone must be a name, not {timezone!r}")
        try:
            zone = ZoneInfo(timezone)
        except (ValueError, OSError, ZoneInfoNotFoundError) as err:
            # OSError: a folder of the time zone database, or a name too long.
            raise ConfigError(f"unknown time zone {timezone!r}") from err
        config = EngineConfig(timezone=zone).with_options(config.options())
    return config


def _warn(message: str) -> None:
    sys.stderr.write(message + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="replay",
        description="Replay a heat pump trace (CSV, trace format v1) through the engine.",
    )
    parser.add_argument("trace", type=Path, help="trace file (CSV)")
    parser.add_argument(
        "--config", type=Path, help="JSON object of engine options (and timezone)"
    )
    args = parser.parse_args(argv)
    try:
        config = EngineConfig() if args.config is None else load_config(args.config)
    except ConfigError as err:
        _warn(f"replay: {err}")
        return EXIT_USAGE
    path: Path = args.trace
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as stream:
            for item in replay(stream, config):
                sys.stdout.write(json.dumps(item) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. ``| head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as err:
        _warn(f"replay: cannot read {path}: {err.strerror or err}")
        return EXIT_USAGE
    except csv.Error as err:
        _warn(f"replay: {path} is not a readable CSV file: {err}")
        return EXIT_USAGE
    return 0


if __name__ == "__main__":
    sys.exit(main())
