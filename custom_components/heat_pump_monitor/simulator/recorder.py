"""Sums physics steps into engine samples."""

from __future__ import annotations

from datetime import datetime
import random
from typing import Any, Final

from ..engine.sample import HvacMode, Sample
from .psychro import relative_humidity

_DUCT_SENSOR_NOISE_C: Final = 0.1


class Recorder:
    """Accumulates one sample interval, step by step."""

    __slots__ = (
        "aux_s",
        "blower_steps",
        "comp_cool_s",
        "comp_heat_s",
        "defrost_s",
        "error_code",
        "indoor_ratio_sum",
        "indoor_sum",
        "indoor_w_sum",
        "offline_steps",
        "outdoor_rh_sum",
        "outdoor_sum",
        "outdoor_w_sum",
        "return_sum",
        "steps",
        "supply_sum",
    )

    def __init__(self) -> None:
        """Start with an empty interval."""
        self.reset()

    def reset(self) -> None:
        """Start a new interval."""
        self.steps = 0
        self.offline_steps = 0
        self.comp_heat_s = 0
        self.comp_cool_s = 0
        self.aux_s = 0
        self.defrost_s = 0
        self.blower_steps = 0
        self.indoor_sum = 0.0
        self.indoor_ratio_sum = 0.0
        self.outdoor_sum = 0.0
        self.outdoor_rh_sum = 0.0
        self.supply_sum = 0.0
        self.return_sum = 0.0
        self.outdoor_w_sum = 0.0
        self.indoor_w_sum = 0.0
        self.error_code: str | None = None

    def sample(
        self,
        *,
        time: datetime,
        interval_s: float,
        step_s: int,
        hvac_mode: HvacMode,
        heat_setpoint_c: float,
        cool_setpoint_c: float,
        rng: random.Random,
    ) -> Sample:
        """Return the sample of the finished interval (then call :meth:`reset`)."""
        # Drawn even for an offline interval so that the noise does not depend on it.
        supply_noise = rng.gauss(0.0, _DUCT_SENSOR_NOISE_C)
        return_noise = rng.gauss(0.0, _DUCT_SENSOR_NOISE_C)
        steps = self.steps
        if self.offline_steps >= steps:
            return Sample(time=time, interval_s=interval_s, online=False)
        indoor_c = self.indoor_sum / steps
        if self.blower_steps:
            supply_c = self.supply_sum / self.blower_steps
            return_c = self.return_sum / self.blower_steps
        else:
            supply_c = return_c = indoor_c
        return Sample(
            time=time,
            interval_s=interval_s,
            hvac_mode=hvac_mode,
            comp_heat_s=float(self.comp_heat_s),
            comp_cool_s=float(self.comp_cool_s),
            aux_heat_s=float(self.aux_s),
            fan_s=float(self.blower_steps * step_s),
            defrost_s=float(self.defrost_s),
            indoor_temp_c=round(indoor_c, 2),
            outdoor_temp_c=round(self.outdoor_sum / steps, 2),
            indoor_rh=round(
                relative_humidity(indoor_c, self.indoor_ratio_sum / steps), 3
            ),
            outdoor_rh=round(self.outdoor_rh_sum / steps, 3),
            heat_setpoint_c=heat_setpoint_c,
            cool_setpoint_c=cool_setpoint_c,
            supply_temp_c=round(supply_c + supply_noise, 2),
            return_temp_c=round(return_c + return_noise, 2),
            outdoor_unit_w=round(self.outdoor_w_sum / steps, 1),
            indoor_unit_w=round(self.indoor_w_sum / steps, 1),
            error_code=self.error_code,
        )

    def to_state(self) -> dict[str, Any]:
        """Return the unfinished interval, JSON-serialisable."""
        return {name: getattr(self, name) for name in self.__slots__}

    def load_state(self, state: dict[str, Any]) -> None:
        """Resume from :meth:`to_state`."""
        for name in self.__slots__:
            value = state[name]
            if name == "error_code":
                self.error_code = None if value is None else str(value)
            elif name.endswith(("_sum",)):
                setattr(self, name, float(value))
            else:
                setattr(self, name, int(value))
