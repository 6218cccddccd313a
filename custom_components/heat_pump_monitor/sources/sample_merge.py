"""Merging a heat pump's samples into its thermostat's, interval by interval.

The thermostat's samples set the timeline (its intervals are what the engine sees).
Each field then comes from the side that measures it best: the thermostat for the
call and the room (mode, setpoints, indoor and outdoor air, backup heat, blower), the
heat pump for the refrigerant circuit (compressor, defrost, supply and return air,
power, fault codes). Either side fills in what the other does not know. A heat pump
value counts only where its samples cover at least half the thermostat's interval
(runtimes scaled from the covered part to the whole interval); a fault code counts
however briefly it showed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Final

from ..engine.sample import RUNTIME_FIELDS, Sample

THERMOSTAT_FIRST: Final = (
    "hvac_mode",
    "aux_heat_s",
    "fan_s",
    "indoor_temp_c",
    "outdoor_temp_c",
    "indoor_rh",
    "outdoor_rh",
    "heat_setpoint_c",
    "cool_setpoint_c",
)
HEAT_PUMP_FIRST: Final = (
    "comp_heat_s",
    "comp_cool_s",
    "defrost_s",
    "supply_temp_c",
    "return_temp_c",
    "outdoor_unit_w",
    "indoor_unit_w",
    "error_code",
)
MIN_COVERAGE: Final = 0.5
"""Share of the thermostat's interval the heat pump's samples must cover."""


def end_of(sample: Sample) -> datetime:
    """Return the end of a sample's interval."""
    return sample.time + timedelta(seconds=sample.interval_s)


def merge(thermostat: Sample, heat_pump: Sequence[Sample]) -> Sample:
    """Return ``thermostat`` with the fields of the ``heat_pump`` samples over it."""
    start, end = thermostat.time, end_of(thermostat)
    parts: list[tuple[Sample, float]] = []
    for sample in heat_pump:
        overlap = (min(end, end_of(sample)) - max(start, sample.time)).total_seconds()
        if overlap > 0 and sample.online:
            parts.append((sample, overlap))
    if not parts:
        return thermostat
    changes: dict[str, Any] = {}
    for name in (*HEAT_PUMP_FIRST, *THERMOSTAT_FIRST):
        own = getattr(thermostat, name)
        if name in THERMOSTAT_FIRST and own is not None:
            continue
        value = _over(name, parts, thermostat.interval_s)
        if value is not None:
            changes[name] = value
    return replace(thermostat, **changes)


def _over(name: str, parts: list[tuple[Sample, float]], interval_s: float) -> Any:
    """Return the heat pump's value of ``name`` over the interval, if covered."""
    known = [
        (value, sample.interval_s, overlap)
        for sample, overlap in parts
        if (value := getattr(sample, name)) is not None
    ]
    if name == "error_code":
        # A fault code counts however briefly it showed.
        return str(known[-1][0]) if known else None
    covered = sum(overlap for _value, _length, overlap in known)
    if covered < MIN_COVERAGE * interval_s:
        return None
    if name == "hvac_mode":
        return max(known, key=lambda item: item[2])[0]
    if name in RUNTIME_FIELDS:
        seconds = sum(value * overlap / length for value, length, overlap in known)
        return min(interval_s, seconds * interval_s / covered)
    return sum(value * overlap for value, _length, overlap in known) / covered
