"""Detectors: one symptom each, all of the shape of ``base.Detector``."""

from __future__ import annotations

from .aux_heat_overuse import AuxHeatOveruseDetector
from .base import Condition, Detector, Observation
from .capacity_degradation import CapacityDegradationDetector
from .cooling_not_responding import CoolingNotRespondingDetector
from .defrost_frequent import DefrostFrequentDetector
from .defrost_missing import DefrostMissingDetector
from .defrost_stuck import DefrostStuckDetector
from .error_code import ErrorCodeDetector
from .filter_due import FilterDueDetector
from .heating_not_responding import HeatingNotRespondingDetector
from .low_cooling_split import LowCoolingSplitDetector
from .low_heating_split import LowHeatingSplitDetector
from .no_start import NoStartDetector
from .offline import OfflineDetector
from .reversing_valve import ReversingValveDetector
from .sensor_fault import SensorFaultDetector
from .short_cycling import ShortCyclingDetector


def other_detectors() -> tuple[Detector, ...]:
    """Return a fresh instance of every detector but those the engine holds itself.

    The engine holds ``filter_due`` (reset by the user) and ``offline`` (checked
    without samples) and runs them last, in that order.
    """
    return (
        ErrorCodeDetector(),
        ShortCyclingDetector(),
        DefrostStuckDetector(),
        DefrostFrequentDetector(),
        DefrostMissingDetector(),
        AuxHeatOveruseDetector(),
        HeatingNotRespondingDetector(),
        CoolingNotRespondingDetector(),
        LowHeatingSplitDetector(),
        LowCoolingSplitDetector(),
        ReversingValveDetector(),
        CapacityDegradationDetector(),
        NoStartDetector(),
        SensorFaultDetector(),
    )


__all__ = [
    "Condition",
    "Detector",
    "FilterDueDetector",
    "Observation",
    "OfflineDetector",
    "other_detectors",
]
