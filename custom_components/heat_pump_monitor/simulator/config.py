"""What a simulation is asked to simulate: climate, house, equipment, faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
import math
from typing import Final

from ..engine.sample import HvacMode

PHYSICS_STEP_S: Final = 10
"""Seconds of one physics step; every sample interval is a whole number of steps."""


class Climate(StrEnum):
    """Where the house stands: sets the weather and the default house and sizing."""

    MILD = "mild"
    COLD = "cold"
    VERY_COLD = "very_cold"


class FaultKind(StrEnum):
    """Faults the simulator can inject."""

    SHORT_CYCLING = "short_cycling"
    DEFROST_STUCK = "defrost_stuck"
    DEFROST_FAILED = "defrost_failed"
    LOW_CHARGE = "low_charge"
    REVERSING_VALVE_STUCK = "reversing_valve_stuck"
    AUX_STUCK_ON = "aux_stuck_on"
    OFFLINE = "offline"
    REFRIGERANT_ERROR_CODE = "refrigerant_error_code"
    COMPRESSOR_FAILED = "compressor_failed"
    """Failed contactor or run capacitor: called and reported on, but nothing runs."""
    SENSOR_STUCK = "sensor_stuck"
    """The reported indoor temperature freezes; the thermostat still controls."""
    DEFROST_FREQUENT = "defrost_frequent"
    """Faulty coil sensor or board: a defrost after minutes of runtime, frost or not."""
    CAPACITY_LOSS = "capacity_loss"
    """Fouled outdoor coil: about 30 % less capacity for the same power."""


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone aware, got {value.isoformat()}")


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultSpec:
    """One injected fault, active from ``start`` until ``end`` (``None``: for good)."""

    kind: FaultKind
    start: datetime
    end: datetime | None = None

    def __post_init__(self) -> None:
        """Reject unknown kinds, naive times and empty windows."""
        object.__setattr__(self, "kind", FaultKind(self.kind))
        _require_aware("fault start", self.start)
        if self.end is not None:
            _require_aware("fault end", self.end)
            if self.end <= self.start:
                raise ValueError(
                    f"fault {self.kind.value} ends ({self.end.isoformat()}) "
                    f"before it starts ({self.start.isoformat()})"
                )


@dataclass(frozen=True, slots=True, kw_only=True)
class WeatherParams:
    """Outdoor climate: seasonal means, the daily swing and day-to-day variation."""

    winter_mean_c: float
    """Daily mean outdoor temperature in the coldest part of the year (late January)."""
    summer_mean_c: float
    """Daily mean outdoor temperature in the warmest part of the year (late July)."""
    diurnal_range_c: float = 8.0
    """Average difference between the afternoon maximum and the dawn minimum."""
    day_to_day_sd_c: float = 3.5
    """Standard deviation of the slow random departure from the seasonal mean."""
    winter_rh: float = 0.8
    summer_rh: float = 0.65


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseParams:
    """Envelope and occupancy of the heated space."""

    ua_w_per_k: float = 250.0
    """Heat loss coefficient of the envelope including infiltration."""
    thermal_mass_j_per_k: float = 20e6
    air_mass_fraction: float = 0.3
    """Share of the thermal mass (air, furnishings) that follows the air within minutes."""
    mass_coupling_w_per_k: float = 800.0
    """Heat transfer between the air and the slow structural mass."""
    internal_gains_w: float = 600.0
    """Daily mean of people, appliances and lights; more in the evening."""
    solar_gain_w: float = 800.0
    """Solar gain through the windows at noon on a clear day."""
    air_volume_m3: float = 450.0
    air_changes_per_h: float = 0.35
    moisture_gain_kg_per_h: float = 0.35
    """Moisture from people, cooking and showers."""

    def __post_init__(self) -> None:
        """Reject values the physics cannot use."""
        for name in ("ua_w_per_k", "thermal_mass_j_per_k", "air_volume_m3"):
            if getattr(self, name) <= 0:
                raise ValueError(f"house {name} must be positive")
        if not 0 < self.air_mass_fraction < 1:
            raise ValueError("house air_mass_fraction must be between 0 and 1")


@dataclass(frozen=True, slots=True, kw_only=True)
class HeatPumpParams:
    """Outdoor unit, air handler and their protections."""

    nominal_tons: float | None = None
    """Nominal size (1 ton = 12 kBtu/h); ``None`` sizes it to the house and climate."""
    aux_heat_w: float = 10_000.0
    defrost_tempering_w: float = 5_000.0
    """Strip heat the defrost board turns on by itself (one element of the kit)."""
    aux_lockout_c: float = 4.0
    """Strip heat is not allowed above this outdoor temperature, except in defrost."""
    compressor_lockout_c: float = -25.0
    """Below this outdoor temperature only strip heat runs."""
    min_on_s: int = 180
    min_off_s: int = 300
    airflow_cfm_per_ton: float = 400.0
    blower_w_per_cfm: float = 1 / 3
    sensible_heat_ratio: float = 0.75
    """Share of the cooling capacity that lowers temperature rather than humidity."""

    def __post_init__(self) -> None:
        """Reject values the equipment cannot have."""
        if self.nominal_tons is not None and not 0.5 <= self.nominal_tons <= 10:
            raise ValueError("heat pump nominal_tons must be between 0.5 and 10")
        if min(self.min_on_s, self.min_off_s, self.aux_heat_w) < 0:
            raise ValueError("heat pump timers and aux power must not be negative")
        if not 0 <= self.defrost_tempering_w <= self.aux_heat_w:
            raise ValueError("heat pump defrost_tempering_w must be within aux_heat_w")
        if not 0 < self.sensible_heat_ratio <= 1:
            raise ValueError("heat pump sensible_heat_ratio must be in (0, 1]")


@dataclass(frozen=True, slots=True, kw_only=True)
class ThermostatParams:
    """Staging of the thermostat."""

    differential_c: float = 0.5
    """Width of the band around the setpoint between call and satisfaction."""
    stage2_droop_c: float = 1.5
    """Second stage when the room is this far below the heating setpoint."""
    stage2_delay_s: int = 2400
    """Second stage when a heating call has lasted this long without recovery."""

    def __post_init__(self) -> None:
        """Reject a band the thermostat cannot work with."""
        if self.differential_c <= 0 or self.stage2_droop_c <= 0:
            raise ValueError("thermostat differential and droop must be positive")
        if self.stage2_delay_s <= 0:
            raise ValueError("thermostat stage2_delay_s must be positive")


DEFROST_INTERVALS_MIN: Final = (30, 60, 90)
SETPOINT_RANGE_C: Final = (5.0, 35.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class DefrostParams:
    """Settings of a time/temperature defrost board."""

    interval_min: int = 60
    """Compressor runtime with the coil below freezing before a defrost (30/60/90)."""
    max_duration_min: float = 10.0
    """Defrost ends at this cap if the coil has not warmed to ``terminate_c`` (10-14)."""
    terminate_c: float = 10.0
    sensor_close_c: float = 0.0
    """The coil sensor counts runtime while the coil is below this temperature."""

    def __post_init__(self) -> None:
        """Accept only settings a board has."""
        if self.interval_min not in DEFROST_INTERVALS_MIN:
            raise ValueError(
                f"defrost interval_min must be one of {DEFROST_INTERVALS_MIN}, "
                f"got {self.interval_min}"
            )
        if not 10 <= self.max_duration_min <= 14:
            raise ValueError("defrost max_duration_min must be between 10 and 14")
        if self.terminate_c <= self.sensor_close_c:
            raise ValueError("defrost terminate_c must be above sensor_close_c")


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulationConfig:
    """Everything a simulation needs; equal configs and seeds give equal traces."""

    start: datetime
    """Simulated start time, timezone aware; its UTC offset is the local time."""
    climate: Climate = Climate.COLD
    seed: int = 1
    sample_interval_s: float = 60.0
    hvac_mode: HvacMode = HvacMode.HEAT
    heat_setpoint_c: float = 20.5
    cool_setpoint_c: float = 24.0
    faults: tuple[FaultSpec, ...] = ()
    house: HouseParams | None = None
    """``None``: a typical house for the climate."""
    weather: WeatherParams | None = None
    """``None``: the weather of the climate."""
    heat_pump: HeatPumpParams = field(default_factory=HeatPumpParams)
    thermostat: ThermostatParams = field(default_factory=ThermostatParams)
    defrost: DefrostParams = field(default_factory=DefrostParams)

    def __post_init__(self) -> None:
        """Reject a configuration the simulation cannot run; accept enum values."""
        object.__setattr__(self, "climate", Climate(self.climate))
        object.__setattr__(self, "hvac_mode", HvacMode(self.hvac_mode))
        object.__setattr__(self, "faults", tuple(self.faults))
        _require_aware("start", self.start)
        interval = self.sample_interval_s
        if not (math.isfinite(interval) and interval > 0) or interval % PHYSICS_STEP_S:
            raise ValueError(
                f"sample_interval_s must be a positive multiple of {PHYSICS_STEP_S} s, "
                f"got {self.sample_interval_s}"
            )
        for name in ("heat_setpoint_c", "cool_setpoint_c"):
            value = getattr(self, name)
            if not (
                math.isfinite(value)
                and SETPOINT_RANGE_C[0] <= value <= SETPOINT_RANGE_C[1]
            ):
                raise ValueError(
                    f"{name} must be within {SETPOINT_RANGE_C} °C, got {value}"
                )
        if self.hvac_mode == HvacMode.AUTO and (
            self.cool_setpoint_c - self.heat_setpoint_c < 1.0
        ):
            raise ValueError(
                "in auto mode the cooling setpoint must be 1 °C above heat"
            )

    @property
    def steps_per_sample(self) -> int:
        """Physics steps in one sample interval."""
        return int(self.sample_interval_s) // PHYSICS_STEP_S
