"""Readings held for exact lengths of time, summed into one sample per interval.

Runtime columns are the seconds their flag was on; temperatures, humidity and power
are means weighted by how long each value held. A column whose value was not known
at any moment of the interval is ``None`` for the whole interval (a gap, never a
guess); the interval is offline if the climate entity was unavailable at any moment.
The mode is the one held longest, the error code the last one reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from ..engine.sample import HvacMode, Sample
from .bridge_states import Reading

FLAGS: Final = {
    "comp_heat_s": "comp_heat",
    "comp_cool_s": "comp_cool",
    "aux_heat_s": "aux_heat",
    "fan_s": "fan",
    "defrost_s": "defrost",
}
"""Runtime column -> the reading's flag."""
MEANS: Final = (
    "indoor_temp_c",
    "indoor_rh",
    "heat_setpoint_c",
    "cool_setpoint_c",
    "outdoor_temp_c",
    "supply_temp_c",
    "return_temp_c",
    "outdoor_unit_w",
    "indoor_unit_w",
)


@dataclass(slots=True)
class IntervalTotals:
    """What the readings of one interval add up to so far."""

    on_s: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0.0))
    weighted: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(MEANS, 0.0)
    )
    unknown: set[str] = field(default_factory=set)
    mode_s: dict[HvacMode, float] = field(default_factory=dict)
    offline: bool = False
    error_code: str | None = None
    seconds: float = 0.0

    def add(self, reading: Reading, seconds: float) -> None:
        """Count ``reading`` as held for ``seconds``."""
        self.seconds += seconds
        self.offline = self.offline or not reading.online
        for column, flag in FLAGS.items():
            on = getattr(reading, flag)
            if on is None:
                self.unknown.add(column)
            elif on:
                self.on_s[column] += seconds
        for column in MEANS:
            value = getattr(reading, column)
            if value is None:
                self.unknown.add(column)
            else:
                self.weighted[column] += value * seconds
        if reading.hvac_mode is None:
            self.unknown.add("hvac_mode")
        else:
            held = self.mode_s.get(reading.hvac_mode, 0.0)
            self.mode_s[reading.hvac_mode] = held + seconds
        if reading.error_code is not None:
            self.error_code = reading.error_code

    def sample(self, start: datetime, interval_s: float) -> Sample:
        """Return the sample of ``[start, start + interval_s)``.

        ``interval_s`` is the time the readings were added for (``seconds``).
        """
        values: dict[str, float | None] = {}
        for column in FLAGS:
            values[column] = None if column in self.unknown else self.on_s[column]
        for column in MEANS:
            values[column] = (
                None
                if column in self.unknown or self.seconds <= 0
                else self.weighted[column] / self.seconds
            )
        mode = (
            max(self.mode_s, key=self.mode_s.__getitem__)
            if self.mode_s and "hvac_mode" not in self.unknown
            else None
        )
        return Sample(
            time=start,
            interval_s=interval_s,
            hvac_mode=mode,
            comp_heat_s=values["comp_heat_s"],
            comp_cool_s=values["comp_cool_s"],
            aux_heat_s=values["aux_heat_s"],
            fan_s=values["fan_s"],
            defrost_s=values["defrost_s"],
            indoor_temp_c=values["indoor_temp_c"],
            outdoor_temp_c=values["outdoor_temp_c"],
            indoor_rh=values["indoor_rh"],
            heat_setpoint_c=values["heat_setpoint_c"],
            cool_setpoint_c=values["cool_setpoint_c"],
            supply_temp_c=values["supply_temp_c"],
            return_temp_c=values["return_temp_c"],
            outdoor_unit_w=values["outdoor_unit_w"],
            indoor_unit_w=values["indoor_unit_w"],
            error_code=self.error_code,
            online=not self.offline,
        )
