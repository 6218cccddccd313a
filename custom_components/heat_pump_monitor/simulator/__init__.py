"""Physics simulator of a house heated and cooled by an air-source heat pump.

It produces engine samples (and trace files with labels) for tests, demos and
scoring, with faults injected on purpose. Nothing here imports Home Assistant.
"""

from .config import (
    Climate,
    DefrostParams,
    FaultKind,
    FaultSpec,
    HeatPumpParams,
    HouseParams,
    SimulationConfig,
    ThermostatParams,
    WeatherParams,
)
from .faults import FAULT_FINDING_KIND, REFRIGERANT_ERROR_CODE
from .scenario import labels_path, write_scenario
from .simulation import Simulation

__all__ = [
    "FAULT_FINDING_KIND",
    "REFRIGERANT_ERROR_CODE",
    "Climate",
    "DefrostParams",
    "FaultKind",
    "FaultSpec",
    "HeatPumpParams",
    "HouseParams",
    "Simulation",
    "SimulationConfig",
    "ThermostatParams",
    "WeatherParams",
    "labels_path",
    "write_scenario",
]
