"""Sample builders for the engine tests: one character per sample."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EngineEvent,
    EventType,
    HvacMode,
    Sample,
)

T0 = datetime(2026, 1, 5, tzinfo=UTC)
"""A Monday, midnight UTC."""

# One character per sample:
#   0 compressor off        1 compressor heating     c compressor cooling
#   D defrost, compressor reads 0                    d defrost, compressor running
#   ? compressor reading unknown                     x device offline
#   _ no sample at all (a hole in the data)
PATTERN_HELP = "01cDd?x_"


def sample(time: datetime, interval: float = 60.0, **values: Any) -> Sample:
    """Build a heating sample: everything off unless given."""
    fields: dict[str, Any] = {
        "hvac_mode": HvacMode.HEAT,
        "comp_heat_s": 0.0,
        "comp_cool_s": 0.0,
        "aux_heat_s": 0.0,
        "fan_s": 0.0,
        "defrost_s": 0.0,
        "indoor_temp_c": 20.5,
        "outdoor_temp_c": -2.0,
    }
    fields.update(values)
    return Sample(time=time, interval_s=interval, **fields)


def pattern_samples(
    pattern: str, start: datetime = T0, interval: float = 60.0
) -> Iterator[Sample]:
    """Yield samples of ``interval`` seconds, one per character of ``pattern``."""
    for index, char in enumerate(pattern):
        time = start + timedelta(seconds=index * interval)
        if char == "_":
            continue
        if char == "0":
            yield sample(time, interval)
        elif char == "1":
            yield sample(time, interval, comp_heat_s=interval, fan_s=interval)
        elif char == "c":
            yield sample(time, interval, hvac_mode=HvacMode.COOL, comp_cool_s=interval)
        elif char == "D":
            yield sample(time, interval, defrost_s=interval)
        elif char == "d":
            yield sample(time, interval, defrost_s=interval, comp_heat_s=interval)
        elif char == "?":
            yield sample(time, interval, comp_heat_s=None, comp_cool_s=None)
        elif char == "x":
            yield Sample(time=time, interval_s=interval, online=False)
        else:
            raise ValueError(f"unknown pattern character {char!r}")


def feed(engine: Engine, samples: Iterator[Sample] | list[Sample]) -> list[EngineEvent]:
    """Process samples; return all events."""
    events: list[EngineEvent] = []
    for item in samples:
        events.extend(engine.process(item))
    return events


def run(
    pattern: str,
    engine: Engine | None = None,
    start: datetime = T0,
    interval: float = 60.0,
) -> tuple[Engine, list[EngineEvent]]:
    """Run a pattern through a (new) engine; return it and the events it reported."""
    engine = engine if engine is not None else Engine()
    return engine, feed(engine, pattern_samples(pattern, start, interval))


def of_type(events: list[EngineEvent], kind: EventType) -> list[EngineEvent]:
    """Return the events of one type."""
    return [event for event in events if event.type is kind]
