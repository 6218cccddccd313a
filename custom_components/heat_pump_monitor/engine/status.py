"""A snapshot of what the system is doing, for dashboards (entities)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .findings import Finding


class OperatingMode(StrEnum):
    """What the equipment is doing now, as one word."""

    HEATING = "heating"
    COOLING = "cooling"
    DEFROST = "defrost"
    AUX_HEAT = "aux_heat"
    EMERGENCY_HEAT = "emergency_heat"
    FAN_ONLY = "fan_only"
    IDLE = "idle"
    OFF = "off"


@dataclass(frozen=True, slots=True, kw_only=True)
class RuntimeTotals:
    """Seconds of runtime per equipment."""

    comp_heat_s: float = 0.0
    comp_cool_s: float = 0.0
    aux_heat_s: float = 0.0
    fan_s: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class DayTotals:
    """One finished local day: runtime per equipment, compressor starts, defrosts."""

    day: date
    runtime: RuntimeTotals
    cycles: int
    defrosts: int


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineStatus:
    """The engine's view after the last sample; ``None`` where unknown."""

    time: datetime | None = None
    """End of the last sample's interval."""
    online: bool | None = None
    operating_mode: OperatingMode | None = None
    defrost_active: bool | None = None
    today: RuntimeTotals = field(default_factory=RuntimeTotals)
    """Since local midnight of the day of the last sample."""
    lifetime: RuntimeTotals = field(default_factory=RuntimeTotals)
    cycles_today: int = 0
    defrosts_today: int = 0
    last_defrost_s: float | None = None
    indoor_temp_c: float | None = None
    outdoor_temp_c: float | None = None
    supply_temp_c: float | None = None
    return_temp_c: float | None = None
    active_findings: tuple[Finding, ...] = ()
    cycles_lifetime: int = 0
    """Compressor starts counted since the engine first ran."""
    defrosts_lifetime: int = 0
    """Defrost episodes counted since the engine first ran."""
    balance_point_c: float | None = None
    """Learned outdoor temperature below which the heat pump alone cannot keep up."""
    heating_s_per_degree_day: float | None = None
    """Learned compressor heating runtime per heating degree-day (°C-day)."""
    cop: float | None = None
    """Estimated coefficient of performance, where power is known."""
    filter_runtime_s: float = 0.0
    """Blower runtime since the filter was last changed (``Engine.reset_filter``)."""
