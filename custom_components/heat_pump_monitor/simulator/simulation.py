"""The simulation: weather, house, heat pump, thermostat and faults, step by step."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
import random
from typing import Any, Final

from ..engine.sample import HvacMode, Sample
from ..engine.trace import format_time
from .circuit import Circuit, Flow
from .coil import OutdoorCoil
from .config import PHYSICS_STEP_S, SimulationConfig
from .defrost import BoardEvent, DefrostBoard
from .equipment import Equipment
from .faults import REFRIGERANT_ERROR_CODE, FaultSchedule, finding_kind
from .house import House
from .performance import Performance
from .psychro import AIR_CP_J_PER_KG_K, AIR_DENSITY_KG_PER_M3, humidity_ratio_at
from .recorder import Recorder
from .sizing import CLIMATE_HOUSE, size_tons
from .thermostat import Thermostat
from .weather import CLIMATE_WEATHER, Weather

STATE_VERSION: Final = 1
WEATHER_STEP_S: Final = 60
"""Outdoor conditions and free gains are refreshed once a minute and held between."""
_M3_PER_S_PER_CFM: Final = 0.000471947
_INDOOR_STANDBY_W: Final = 5.0
_START_INDOOR_RH: Final = 0.45
_MICROSECOND: Final = timedelta(microseconds=1)
_US_PER_S: Final = 1_000_000


class Simulation:
    """A house with an air-source heat pump, simulated in 10 s steps.

    The simulated clock :attr:`now` moves only when asked (:meth:`advance` or
    :meth:`run`); the physics runs in whole steps up to it and carries any remainder
    over. Equal configurations give equal samples, however the time is cut up.
    """

    def __init__(self, config: SimulationConfig) -> None:
        """Start at ``config.start`` with the room at its setpoint and no frost."""
        self._config = config
        self._rng = random.Random(config.seed)
        self._start = config.start
        self._start_epoch = config.start.timestamp()
        offset = config.start.utcoffset()
        utc_offset_s = offset.total_seconds() if offset is not None else 0.0
        self._local_offset_s = utc_offset_s
        house_params = config.house or CLIMATE_HOUSE[config.climate]
        weather_params = config.weather or CLIMATE_WEATHER[config.climate]
        heat_pump = config.heat_pump
        self._tons = heat_pump.nominal_tons or size_tons(
            house_params,
            weather_params,
            heat_pump,
            heat_setpoint_c=config.heat_setpoint_c,
            cool_setpoint_c=config.cool_setpoint_c,
        )
        self._weather = Weather(
            weather_params, seed=config.seed, utc_offset_s=utc_offset_s
        )
        outdoor = self._weather.smooth_at(self._start_epoch)
        room_c = _starting_room_c(config)
        start_ratio = humidity_ratio_at(room_c, _START_INDOOR_RH)
        self._house = House(house_params, temp_c=room_c, humidity_ratio=start_ratio)
        self._house.humidity_ratio = min(
            start_ratio, self._house.steady_humidity_ratio(outdoor.humidity_ratio)
        )
        coil = OutdoorCoil(self._tons, temp_c=outdoor.temp_c, step_s=PHYSICS_STEP_S)
        self._circuit = Circuit(
            Performance(self._tons),
            coil,
            sensible_heat_ratio=heat_pump.sensible_heat_ratio,
            step_s=PHYSICS_STEP_S,
        )
        self._board = DefrostBoard(config.defrost)
        self._thermostat = Thermostat(
            config.thermostat,
            mode=config.hvac_mode,
            heat_setpoint_c=config.heat_setpoint_c,
            cool_setpoint_c=config.cool_setpoint_c,
        )
        self._equipment = Equipment(heat_pump)
        self._faults = FaultSchedule(config.faults, start=config.start)
        self._recorder = Recorder()
        airflow_kg_s = (
            self._tons
            * heat_pump.airflow_cfm_per_ton
            * _M3_PER_S_PER_CFM
            * AIR_DENSITY_KG_PER_M3
        )
        self._air_w_per_k = airflow_kg_s * AIR_CP_J_PER_KG_K
        self._blower_w = (
            self._tons * heat_pump.airflow_cfm_per_ton * heat_pump.blower_w_per_cfm
        )
        self._sample_s = config.steps_per_sample * PHYSICS_STEP_S
        self._t = 0
        self._clock_us = 0
        self._defrosts: list[tuple[int, int | None]] = []
        """True defrosts as (start, end) seconds; end ``None`` while in progress."""
        self._outdoor_c = 0.0
        self._outdoor_rh = 0.0
        self._outdoor_ratio = 0.0
        self._gains_w = 0.0
        self._last_indoor_c: float | None = None
        """The last indoor temperature reported, to freeze on a stuck sensor."""
        self._frozen_indoor_c: float | None = None
        self._refresh_weather(0)

    @property
    def now(self) -> datetime:
        """The simulated clock."""
        return self._start + self._clock_us * _MICROSECOND

    @property
    def tons(self) -> float:
        """Nominal size of the heat pump, as configured or sized for the house."""
        return self._tons

    @property
    def config(self) -> SimulationConfig:
        """What is being simulated."""
        return self._config

    def advance(self, until: datetime) -> list[Sample]:
        """Simulate up to ``until``; return the samples of the intervals completed.

        Each sample covers one ``sample_interval_s`` and is stamped with its start. A
        time at or before :attr:`now` returns ``[]``.
        """
        if until.tzinfo is None or until.utcoffset() is None:
            raise ValueError(f"until must be timezone aware, got {until.isoformat()}")
        target_us = (until - self._start) // _MICROSECOND
        if target_us <= self._clock_us:
            return []
        self._clock_us = target_us
        samples: list[Sample] = []
        while (self._t + PHYSICS_STEP_S) * _US_PER_S <= target_us:
            sample = self._step()
            if sample is not None:
                samples.append(sample)
        return samples

    def run(self, duration: timedelta) -> Iterator[Sample]:
        """Simulate ``duration`` beyond :attr:`now` as fast as possible, sample by sample."""
        if duration < timedelta(0):
            raise ValueError("duration must not be negative")
        end_us = self._clock_us + duration // _MICROSECOND
        while (self._t + PHYSICS_STEP_S) * _US_PER_S <= end_us:
            sample = self._step()
            self._clock_us = max(self._clock_us, self._t * _US_PER_S)
            if sample is not None:
                yield sample
        self._clock_us = end_us

    def labels(self) -> dict[str, Any]:
        """Return what truly happened so far, as the trace-format labels sidecar."""
        now = self.now
        faults: list[dict[str, Any]] = []
        for spec in self._config.faults:
            if spec.start > now:
                continue
            end = spec.end if spec.end is not None and spec.end <= now else None
            faults.append(
                {
                    "kind": finding_kind(spec.kind, self._config.hvac_mode),
                    "fault": spec.kind.value,
                    "start": format_time(spec.start),
                    "end": None if end is None else format_time(end),
                }
            )
        defrosts = [
            {
                "start": format_time(self._at(begin)),
                "end": None if end_s is None else format_time(self._at(end_s)),
            }
            for begin, end_s in self._defrosts
        ]
        return {"faults": faults, "defrosts": defrosts, "healthy": not faults}

    def to_state(self) -> dict[str, Any]:
        """Return everything needed to resume exactly, JSON-serialisable."""
        version, internal, gauss_next = self._rng.getstate()
        return {
            "version": STATE_VERSION,
            "start": format_time(self._start),
            "sample_interval_s": self._sample_s,
            "t": self._t,
            "clock_us": self._clock_us,
            "rng": [version, list(internal), gauss_next],
            "house": self._house.to_state(),
            "circuit": self._circuit.to_state(),
            "board": self._board.to_state(),
            "thermostat": self._thermostat.to_state(),
            "equipment": self._equipment.to_state(),
            "recorder": self._recorder.to_state(),
            "defrosts": [list(item) for item in self._defrosts],
            "last_indoor_c": self._last_indoor_c,
            "frozen_indoor_c": self._frozen_indoor_c,
        }

    @classmethod
    def from_state(cls, config: SimulationConfig, state: dict[str, Any]) -> Simulation:
        """Resume a simulation saved by :meth:`to_state`.

        ``config`` may differ from the saved run's in setpoints, mode or faults, but not
        in its start or sample interval. Raises ``KeyError``, ``TypeError`` or
        ``ValueError`` for a state that does not fit.
        """
        if not isinstance(state, dict):
            raise TypeError("simulation state must be a dict")
        if state["version"] != STATE_VERSION:
            raise ValueError(
                f"unsupported simulation state version {state['version']!r}"
            )
        simulation = cls(config)
        if state["start"] != format_time(config.start):
            raise ValueError("simulation state belongs to a different start time")
        if state["sample_interval_s"] != simulation._sample_s:
            raise ValueError("simulation state has a different sample interval")
        t = int(state["t"])
        clock_us = int(state["clock_us"])
        if t < 0 or t % PHYSICS_STEP_S or clock_us < t * _US_PER_S:
            raise ValueError("simulation state has an inconsistent clock")
        version, internal, gauss_next = state["rng"]
        simulation._rng.setstate(
            (int(version), tuple(int(item) for item in internal), gauss_next)
        )
        simulation._t = t
        simulation._clock_us = clock_us
        simulation._house.load_state(state["house"])
        simulation._circuit.load_state(state["circuit"])
        simulation._board.load_state(state["board"])
        simulation._thermostat.load_state(state["thermostat"])
        simulation._equipment.load_state(state["equipment"])
        simulation._recorder.load_state(state["recorder"])
        simulation._defrosts = [
            (int(begin), None if end is None else int(end))
            for begin, end in state["defrosts"]
        ]
        simulation._last_indoor_c = _optional_float(state.get("last_indoor_c"))
        simulation._frozen_indoor_c = _optional_float(state.get("frozen_indoor_c"))
        simulation._refresh_weather(t - t % WEATHER_STEP_S)
        return simulation

    def _at(self, t: int) -> datetime:
        return self._start + timedelta(seconds=t)

    def _refresh_weather(self, t: int) -> None:
        epoch = self._start_epoch + t
        outdoor = self._weather.smooth_at(epoch)
        self._outdoor_c = outdoor.temp_c
        self._outdoor_rh = outdoor.rh
        self._outdoor_ratio = outdoor.humidity_ratio
        hour = ((epoch + self._local_offset_s) % 86_400.0) / 3600.0
        self._gains_w = self._house.free_gains_w(hour, outdoor.sun)
        self._circuit.set_outdoor(outdoor.temp_c)

    def _step(self) -> Sample | None:
        t = self._t
        dt = PHYSICS_STEP_S
        if t % WEATHER_STEP_S == 0:
            self._refresh_weather(t)
        outdoor_c = self._outdoor_c
        faults = self._faults.at(t)
        house = self._house
        circuit = self._circuit
        board = self._board
        equipment = self._equipment
        self._thermostat.update(t, house.air_c)

        event = board.check(
            t,
            coil_c=circuit.coil.temp_c,
            compressor_heating=equipment.compressor_on and equipment.compressor_heating,
            stuck=faults.defrost_stuck,
            failed=faults.defrost_failed,
            frequent=faults.defrost_frequent,
        )
        if event is BoardEvent.STARTED:
            self._defrosts.append((t, None))
        elif event is BoardEvent.ENDED:
            self._end_defrost(t)
        equipment.update(
            t,
            thermostat=self._thermostat,
            outdoor_c=outdoor_c,
            defrosting=board.active,
            faults=faults,
            rng=self._rng,
        )
        if board.active and not equipment.compressor_on:
            board.abort()
            self._end_defrost(t)

        compressor_on = equipment.compressor_on
        heating = compressor_on and equipment.compressor_heating
        defrosting = board.active
        if not compressor_on or faults.compressor_failed:
            # A failed contactor or capacitor: the call and the reported runtime go
            # on, but the compressor does not turn.
            flow = Flow.OFF
        elif defrosting:
            flow = Flow.DEFROST
        elif heating and not faults.reversing_valve_stuck:
            flow = Flow.HEATING
        else:
            flow = Flow.COOLING
        circuit.step(
            dt,
            flow,
            outdoor_c=outdoor_c,
            outdoor_ratio=self._outdoor_ratio,
            indoor_ratio=house.humidity_ratio,
            low_charge=faults.low_charge,
            fouled=faults.capacity_loss,
        )
        board.accrue(
            dt,
            coil_c=circuit.coil.temp_c,
            compressor_heating=heating,
            frequent=faults.defrost_frequent,
        )

        room_c = house.air_c
        recorder = self._recorder
        aux_w = equipment.aux_w
        delivered_w = 0.0
        if equipment.blower_on:
            delivered_w = circuit.indoor_w + aux_w + self._blower_w
            recorder.blower_steps += 1
            recorder.supply_sum += room_c + delivered_w / self._air_w_per_k
            recorder.return_sum += room_c
            recorder.indoor_w_sum += _INDOOR_STANDBY_W + self._blower_w + aux_w
        else:
            recorder.indoor_w_sum += _INDOOR_STANDBY_W + aux_w
        house.step(
            dt,
            heat_w=delivered_w + self._gains_w,
            outdoor_c=outdoor_c,
            outdoor_ratio=self._outdoor_ratio,
            dried_kg_s=circuit.dried_kg_s,
        )

        recorder.steps += 1
        if heating:
            recorder.comp_heat_s += dt
        elif compressor_on:
            recorder.comp_cool_s += dt
        if equipment.aux_on:
            recorder.aux_s += dt
        if defrosting:
            recorder.defrost_s += dt
        recorder.indoor_sum += room_c
        recorder.indoor_ratio_sum += house.humidity_ratio
        recorder.outdoor_sum += outdoor_c
        recorder.outdoor_rh_sum += self._outdoor_rh
        recorder.outdoor_w_sum += circuit.power_w
        if faults.offline:
            recorder.offline_steps += 1
        if faults.refrigerant_error_code:
            recorder.error_code = REFRIGERANT_ERROR_CODE

        self._t = t = t + dt
        if t % self._sample_s:
            return None
        config = self._config
        sample = recorder.sample(
            time=self._at(t - self._sample_s),
            interval_s=config.sample_interval_s,
            step_s=dt,
            hvac_mode=config.hvac_mode,
            heat_setpoint_c=config.heat_setpoint_c,
            cool_setpoint_c=config.cool_setpoint_c,
            rng=self._rng,
        )
        recorder.reset()
        return self._report_indoor(sample, stuck=faults.sensor_stuck)

    def _report_indoor(self, sample: Sample, *, stuck: bool) -> Sample:
        """Freeze the reported indoor temperature while its sensor is stuck."""
        if not stuck:
            self._frozen_indoor_c = None
            if sample.indoor_temp_c is not None:
                self._last_indoor_c = sample.indoor_temp_c
            return sample
        if self._frozen_indoor_c is None:
            self._frozen_indoor_c = self._last_indoor_c
        if sample.indoor_temp_c is None or self._frozen_indoor_c is None:
            return sample
        return replace(sample, indoor_temp_c=self._frozen_indoor_c)

    def _end_defrost(self, t: int) -> None:
        begin, end = self._defrosts[-1]
        if end is None:
            self._defrosts[-1] = (begin, t)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _starting_room_c(config: SimulationConfig) -> float:
    if config.hvac_mode == HvacMode.COOL:
        return config.cool_setpoint_c
    if config.hvac_mode == HvacMode.AUTO:
        return (config.heat_setpoint_c + config.cool_setpoint_c) / 2.0
    return config.heat_setpoint_c
