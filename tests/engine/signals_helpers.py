"""Builders for the signal detectors' tests: steady runs with duct temperatures."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from custom_components.heat_pump_monitor.engine import Engine, EngineEvent, Sample

from .helpers import T0, sample

MINUTE = timedelta(minutes=1)


def runs(
    start: datetime,
    *,
    count: int,
    on_min: int = 40,
    off_min: int = 20,
    on: dict[str, Any],
    off: dict[str, Any] | None = None,
) -> list[Sample]:
    """Return ``count`` compressor cycles of one-minute samples from ``start``."""
    samples: list[Sample] = []
    time = start
    for _ in range(count):
        for _ in range(on_min):
            samples.append(sample(time, **on))
            time += MINUTE
        for _ in range(off_min):
            samples.append(sample(time, **(off or {})))
            time += MINUTE
    return samples


def heating_day(
    day: int, rise: float, outdoor: float = 5.0, **extra: Any
) -> list[Sample]:
    """Return one day of heating cycles with a steady ``rise`` (K) across the coil."""
    on = {
        "comp_heat_s": 60.0,
        "fan_s": 60.0,
        "return_temp_c": 20.0,
        "supply_temp_c": 20.0 + rise,
        "outdoor_temp_c": outdoor,
        **extra,
    }
    off = {"outdoor_temp_c": outdoor, "return_temp_c": 20.0, "supply_temp_c": 20.0}
    return runs(T0 + timedelta(days=day), count=24, on=on, off=off)


def cooling_day(day: int, drop: float, indoor_rh: float | None = 0.5) -> list[Sample]:
    """Return one day of cooling cycles with a steady ``drop`` (K) across the coil."""
    on = {
        "hvac_mode": "cool",
        "comp_cool_s": 60.0,
        "fan_s": 60.0,
        "return_temp_c": 24.0,
        "supply_temp_c": 24.0 - drop,
        "outdoor_temp_c": 30.0,
        "indoor_rh": indoor_rh,
    }
    off = {"hvac_mode": "cool", "outdoor_temp_c": 30.0, "indoor_rh": indoor_rh}
    return runs(T0 + timedelta(days=day), count=24, on=on, off=off)


def process_all(engine: Engine, samples: list[Sample]) -> list[EngineEvent]:
    """Process samples; return all events."""
    events: list[EngineEvent] = []
    for item in samples:
        events.extend(engine.process(item))
    return events
