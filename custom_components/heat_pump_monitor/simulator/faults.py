"""Injected faults: when each is active, and what the engine should call it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
import math
from typing import Final

from ..engine.sample import HvacMode
from .config import FaultKind, FaultSpec

REFRIGERANT_ERROR_CODE: Final = "U2"
"""Mitsubishi Electric outdoor-unit code U2.

In the service manuals of the M- and P-series outdoor units, U2 means abnormal high
discharge temperature (discharge thermistor TH4 above its limit), the 49C thermal
protector having worked, or a shortage of refrigerant. The unit stops the
compressor to protect it, and it does not run again while the code stands; a
technician must find the leak or restriction before it is reset.
"""

FAULT_FINDING_KIND: Final[Mapping[FaultKind, str]] = {
    FaultKind.SHORT_CYCLING: "short_cycling",
    FaultKind.DEFROST_STUCK: "defrost_stuck",
    FaultKind.DEFROST_FAILED: "defrost_missing",
    FaultKind.LOW_CHARGE: "low_heating_split",
    FaultKind.REVERSING_VALVE_STUCK: "reversing_valve",
    FaultKind.AUX_STUCK_ON: "aux_heat_overuse",
    FaultKind.OFFLINE: "offline",
    FaultKind.REFRIGERANT_ERROR_CODE: "error_code",
    FaultKind.COMPRESSOR_FAILED: "no_start",
    FaultKind.SENSOR_STUCK: "sensor_fault",
    FaultKind.DEFROST_FREQUENT: "defrost_frequent",
    FaultKind.CAPACITY_LOSS: "capacity_degradation",
}
"""The engine finding kind each fault should cause in heating (labels ``kind``)."""

_COOLING_FINDING_KIND: Final[Mapping[FaultKind, str]] = {
    FaultKind.LOW_CHARGE: "low_cooling_split",
}
"""Faults whose primary symptom differs when the system only cools."""


def finding_kind(kind: FaultKind, mode: HvacMode) -> str:
    """Return the finding kind ``kind`` should cause with the thermostat in ``mode``."""
    if mode == HvacMode.COOL and kind in _COOLING_FINDING_KIND:
        return _COOLING_FINDING_KIND[kind]
    return FAULT_FINDING_KIND[kind]


@dataclass(frozen=True, slots=True)
class ActiveFaults:
    """Which faults are active at one moment."""

    short_cycling: bool = False
    defrost_stuck: bool = False
    defrost_failed: bool = False
    low_charge: bool = False
    reversing_valve_stuck: bool = False
    aux_stuck_on: bool = False
    offline: bool = False
    refrigerant_error_code: bool = False
    compressor_failed: bool = False
    sensor_stuck: bool = False
    defrost_frequent: bool = False
    capacity_loss: bool = False


NO_FAULTS: Final = ActiveFaults()


class FaultSchedule:
    """The fault windows of a configuration in whole simulated seconds."""

    __slots__ = ("_active", "_next_change_s", "_windows")

    def __init__(self, faults: tuple[FaultSpec, ...], *, start: datetime) -> None:
        """Windows of ``faults`` counted from the simulation ``start``."""
        self._windows: list[tuple[FaultKind, int, float]] = []
        for spec in faults:
            begin = math.ceil((spec.start - start).total_seconds())
            end = (
                math.inf
                if spec.end is None
                else math.ceil((spec.end - start).total_seconds())
            )
            self._windows.append((spec.kind, begin, end))
        self._active = NO_FAULTS
        self._next_change_s: float = -math.inf

    def at(self, t: int) -> ActiveFaults:
        """Faults active at second ``t`` (``start <= t < end``); call with rising ``t``."""
        if t >= self._next_change_s:
            self._refresh(t)
        return self._active

    def _refresh(self, t: int) -> None:
        active: dict[str, bool] = {}
        next_change = math.inf
        for kind, begin, end in self._windows:
            if begin <= t < end:
                active[kind.value] = True
                next_change = min(next_change, end)
            elif t < begin:
                next_change = min(next_change, begin)
        self._active = ActiveFaults(**active) if active else NO_FAULTS
        self._next_change_s = next_change
