"""The normalised sample: one interval of what a heat pump system did.

Field names and units are those of the shared trace format (v1). ``None`` always means
"not known", never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum


class HvacMode(StrEnum):
    """Thermostat mode, as the trace format spells it."""

    OFF = "off"
    HEAT = "heat"
    COOL = "cool"
    AUTO = "auto"
    EMERGENCY_HEAT = "emergency_heat"


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    """One interval ``[time, time + interval_s)`` of one heat pump system."""

    time: datetime
    """Start of the interval, timezone aware."""
    interval_s: float
    hvac_mode: HvacMode | None = None
    comp_heat_s: float | None = None
    comp_cool_s: float | None = None
    aux_heat_s: float | None = None
    fan_s: float | None = None
    defrost_s: float | None = None
    """Seconds of unit-reported defrost; ``None`` where the unit cannot report defrost."""
    indoor_temp_c: float | None = None
    outdoor_temp_c: float | None = None
    indoor_rh: float | None = None
    outdoor_rh: float | None = None
    heat_setpoint_c: float | None = None
    cool_setpoint_c: float | None = None
    supply_temp_c: float | None = None
    return_temp_c: float | None = None
    outdoor_unit_w: float | None = None
    indoor_unit_w: float | None = None
    error_code: str | None = None
    online: bool = True

    @property
    def compressor_s(self) -> float | None:
        """Seconds the compressor ran in either direction, if known."""
        if self.comp_heat_s is None and self.comp_cool_s is None:
            return None
        return (self.comp_heat_s or 0.0) + (self.comp_cool_s or 0.0)


SAMPLE_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(Sample))
"""Trace-format column names, in the order of the dataclass."""

RUNTIME_FIELDS: tuple[str, ...] = (
    "comp_heat_s",
    "comp_cool_s",
    "aux_heat_s",
    "fan_s",
    "defrost_s",
)
"""Columns holding seconds of the interval (``0 <= x <= interval_s``)."""
