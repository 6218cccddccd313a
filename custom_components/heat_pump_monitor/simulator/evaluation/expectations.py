"""What counts as a right finding, and how fast it should come.

A fault has one primary finding kind (its label). Some faults also cause other
symptoms that a good engine may rightly report: a finding of such a secondary kind
inside the fault's window is not a false alarm. The table is explicit so that a
detector cannot hide its false alarms behind it; each entry says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Final

from ...engine.config import EngineConfig
from ..config import FaultKind

HOUR: Final = 3600.0
DAY: Final = 86400.0
GRACE: Final = timedelta(hours=12)
"""A finding up to this long after a fault ends still belongs to it."""
MAINTENANCE_KINDS: Final = frozenset({"filter_due"})
"""Not faults: counted apart from the technician-grade findings."""

_NOT_RESPONDING = ("heating_not_responding", "cooling_not_responding")

SECONDARY_SYMPTOMS: Final[Mapping[str, frozenset[str]]] = {
    # Less refrigerant moves less heat: longer runs per degree-hour, the room may
    # not recover, the thermostat's second stage brings the strips in.
    FaultKind.LOW_CHARGE: frozenset(
        {"capacity_degradation", "aux_heat_overuse", *_NOT_RESPONDING}
    ),
    # A valve stuck in cooling blows cold air on a heat call: the room falls, the
    # split is negative, stage 2 strips run, capacity is gone.
    FaultKind.REVERSING_VALVE_STUCK: frozenset(
        {
            "heating_not_responding",
            "low_heating_split",
            "aux_heat_overuse",
            "capacity_degradation",
        }
    ),
    # Frost builds unchecked: capacity and split fall, strips make up the heat.
    FaultKind.DEFROST_FAILED: frozenset(
        {
            "capacity_degradation",
            "low_heating_split",
            "aux_heat_overuse",
            "heating_not_responding",
        }
    ),
    # A defrost that never ends runs the circuit in cooling with tempering strips
    # on: supply below return, no heat delivered, strips for hours.
    FaultKind.DEFROST_STUCK: frozenset(
        {
            "heating_not_responding",
            "low_heating_split",
            "reversing_valve",
            "aux_heat_overuse",
            "capacity_degradation",
        }
    ),
    # Many defrosts: lost heating time and tempering strip heat. The faulty coil
    # sensor or board also defrosts in mild weather (above 10 °C outdoor), which the
    # engine reports as a sensor fault, as published practice reads it.
    FaultKind.DEFROST_FREQUENT: frozenset(
        {"capacity_degradation", "aux_heat_overuse", "sensor_fault"}
    ),
    # No compressor: no split, the room falls, stage 2 strips carry the load.
    FaultKind.COMPRESSOR_FAILED: frozenset(
        {
            "heating_not_responding",
            "aux_heat_overuse",
            "low_heating_split",
            "capacity_degradation",
            "cooling_not_responding",
        }
    ),
    # The unit locks the compressor out while the code stands: a call with no
    # compressor is a no-start, and the strips carry the load.
    FaultKind.REFRIGERANT_ERROR_CODE: frozenset(
        {"no_start", "heating_not_responding", "aux_heat_overuse"}
    ),
    # A fouled coil moves less heat: smaller split, longer runs, strips.
    FaultKind.CAPACITY_LOSS: frozenset(
        {
            "low_heating_split",
            "low_cooling_split",
            "aux_heat_overuse",
            *_NOT_RESPONDING,
        }
    ),
    # Nothing else: the physics is unchanged (offline, a stuck reading) or the fault
    # has one symptom (short cycling, strips stuck on).
    FaultKind.OFFLINE: frozenset(),
    FaultKind.SENSOR_STUCK: frozenset(),
    FaultKind.SHORT_CYCLING: frozenset(),
    FaultKind.AUX_STUCK_ON: frozenset(),
}
"""Finding kinds accepted inside the window of each fault besides its label."""

WAITS_FOR_DEFROST: Final = frozenset({"defrost_stuck"})
"""Kinds whose natural wait is measured per scenario: the first true defrost."""
COMPRESSOR_KINDS: Final = frozenset({"no_start", "reversing_valve", "defrost_frequent"})
"""Symptoms of the running compressor: their natural wait starts once the outdoor
air is above the heat pump's low-temperature lockout (measured per scenario)."""
RUNTIME_WINDOW_KINDS: Final = frozenset({"defrost_missing"})
"""Kinds whose rule window is frost runtime with falling heat, not time: measured
per scenario."""
JUDGED_DAYS_KINDS: Final = frozenset({"capacity_degradation"})
"""Kinds whose rule window is days the baseline can judge, not time: measured per
scenario."""

NATURAL_WAIT_S: Final[Mapping[str, float]] = {
    # The next heating call after the fault begins.
    "heating_not_responding": HOUR,
    "cooling_not_responding": HOUR,
    "reversing_valve": HOUR,
    "no_start": HOUR,
    "defrost_frequent": HOUR,
    # The next defrost: up to 90 min of frosting runtime at part duty. The pass
    # check uses the wait measured in each scenario instead (WAITS_FOR_DEFROST).
    "defrost_stuck": 3 * HOUR,
    # The frozen time counts from the reading's last change, while the system runs.
    "sensor_fault": HOUR,
    # Heating runtime accrues at about half duty in frost weather.
    "defrost_missing": 6 * HOUR,
    # Split and capacity figures are daily; the day the fault starts is partial.
    "low_heating_split": DAY,
    "low_cooling_split": DAY,
    "capacity_degradation": DAY,
    # Over-use shows by the end of the local day or on the next mild afternoon.
    "aux_heat_overuse": DAY,
}
"""Time a symptom needs to be able to show at all after its fault begins."""


def rule_window_s(kind: str, config: EngineConfig) -> float | None:
    """Return the evidence window of the rule for ``kind`` (``None``: no target)."""
    windows: dict[str, float] = {
        "short_cycling": (config.short_cycle_days - 1) * DAY
        + config.short_cycle_window_s,
        "heating_not_responding": config.not_responding_full_duty_s,
        "cooling_not_responding": config.not_responding_full_duty_s,
        "low_heating_split": (config.split_days - 1) * DAY,
        "low_cooling_split": (config.split_days - 1) * DAY,
        "reversing_valve": config.reversing_valve_after_s,
        "capacity_degradation": config.capacity_days * DAY,
        "aux_heat_overuse": config.aux_daily_s,
        "defrost_stuck": config.defrost_stuck_s,
        "defrost_frequent": config.defrost_frequent_count
        * config.defrost_frequent_runtime_s,
        "defrost_missing": config.defrost_missing_runtime_s,
        "offline": config.offline_after_s,
        "no_start": config.no_start_s,
        "error_code": 0.0,
        "sensor_fault": config.sensor_frozen_s,
    }
    return windows.get(kind)


def target_s(
    kind: str, config: EngineConfig, poll_s: float, *, wait_s: float | None = None
) -> float | None:
    """Return the target time to detect ``kind``: rule window, one poll, natural wait.

    ``wait_s``: the natural wait measured in a scenario, instead of the documented one.
    """
    window = rule_window_s(kind, config)
    if window is None:
        return None
    wait = NATURAL_WAIT_S.get(kind, 0.0) if wait_s is None else wait_s
    return window + poll_s + wait


def accepted_kinds(fault: str, label_kind: str) -> frozenset[str]:
    """Return the finding kinds that are right inside the window of ``fault``."""
    return SECONDARY_SYMPTOMS.get(fault, frozenset()) | {label_kind}
