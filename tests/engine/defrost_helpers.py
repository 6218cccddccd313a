"""Heating traces with defrosts, for the defrost inference and defrost detectors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
import json
from typing import Any

from custom_components.heat_pump_monitor.engine import Engine, HvacMode, Sample

from .helpers import T0

RETURN_C = 20.0
BLOWER_W = 400.0
TEMPERING_W = 5000.0
OUTDOOR_W = 2900.0


def row(
    time: datetime,
    interval: float = 60.0,
    *,
    state: str = "heat",
    split: float = 12.0,
    **values: Any,
) -> Sample:
    """One sample of a system with duct sensors and power meters.

    ``state``: ``off``; ``heat`` (compressor heating, supply ``split`` above return);
    ``defrost`` (compressor on, tempering strip heat reported as aux, supply below
    return, outdoor fan stopped); ``recover`` (heating, supply still cool).
    """
    fields: dict[str, Any] = {
        "hvac_mode": HvacMode.HEAT,
        "comp_heat_s": interval,
        "comp_cool_s": 0.0,
        "aux_heat_s": 0.0,
        "fan_s": interval,
        "defrost_s": None,
        "indoor_temp_c": 20.5,
        "outdoor_temp_c": -2.0,
        "outdoor_rh": 0.8,
        "supply_temp_c": RETURN_C + split,
        "return_temp_c": RETURN_C,
        "outdoor_unit_w": OUTDOOR_W,
        "indoor_unit_w": BLOWER_W,
    }
    if state == "off":
        fields.update(
            comp_heat_s=0.0,
            fan_s=0.0,
            supply_temp_c=RETURN_C,
            outdoor_unit_w=50.0,
            indoor_unit_w=5.0,
        )
    elif state == "defrost":
        fields.update(
            aux_heat_s=interval,
            supply_temp_c=RETURN_C - 1.0,
            outdoor_unit_w=OUTDOOR_W * 0.9,
            indoor_unit_w=BLOWER_W + TEMPERING_W,
        )
    elif state == "recover":
        fields.update(supply_temp_c=RETURN_C + split * 0.3)
    fields.update(values)
    return Sample(time=time, interval_s=interval, **fields)


def pattern_rows(
    pattern: str, start: datetime = T0, interval: float = 60.0, **values: Any
) -> Iterator[Sample]:
    """Yield one row per character: ``0`` off, ``1`` heat, ``D`` defrost, ``r`` recover."""
    states = {"0": "off", "1": "heat", "D": "defrost", "r": "recover"}
    for index, char in enumerate(pattern):
        time = start + timedelta(seconds=index * interval)
        yield row(time, interval, state=states[char], **values)


def cycle(heat_min: int, defrost_min: int = 5) -> str:
    """Return a heating stretch, then a defrost and one recovery minute."""
    return "1" * heat_min + "D" * defrost_min + "r"


def recorded(engine: Engine, samples: Iterable[Sample]) -> list[tuple[Any, ...]]:
    """Process samples; return the events as plain values at the moment they came."""
    values: list[tuple[Any, ...]] = []
    for sample in samples:
        values.extend(
            (
                event.type,
                event.time,
                None if event.finding is None else event.finding.as_dict(),
                event.defrost,
            )
            for event in engine.process(sample)
        )
    return values


def assert_resumable(samples: list[Sample], cuts: Iterable[int]) -> None:
    """Resuming from ``to_state`` at each cut gives the events of an unbroken run."""
    whole = Engine()
    expected = recorded(whole, samples)
    for cut in cuts:
        first = Engine()
        events = recorded(first, samples[:cut])
        resumed = Engine.from_state(json.loads(json.dumps(first.to_state())))
        events += recorded(resumed, samples[cut:])
        assert events == expected
        assert resumed.to_state() == whole.to_state()
