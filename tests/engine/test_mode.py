"""Operating mode and temperatures in the status."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from custom_components.heat_pump_monitor.engine import (
    Engine,
    HvacMode,
    OperatingMode,
    Sample,
)

from .helpers import T0, feed, sample


@pytest.mark.parametrize(
    ("values", "mode"),
    [
        ({"comp_heat_s": 60.0, "defrost_s": 60.0}, OperatingMode.DEFROST),
        (
            {"hvac_mode": HvacMode.EMERGENCY_HEAT, "aux_heat_s": 60.0},
            OperatingMode.EMERGENCY_HEAT,
        ),
        ({"aux_heat_s": 60.0, "fan_s": 60.0}, OperatingMode.AUX_HEAT),
        ({"aux_heat_s": 60.0, "comp_heat_s": 60.0}, OperatingMode.HEATING),
        ({"comp_heat_s": 30.0}, OperatingMode.HEATING),
        ({"hvac_mode": HvacMode.COOL, "comp_cool_s": 60.0}, OperatingMode.COOLING),
        ({"fan_s": 60.0}, OperatingMode.FAN_ONLY),
        ({"hvac_mode": HvacMode.OFF}, OperatingMode.OFF),
        ({}, OperatingMode.IDLE),
        (
            {
                "comp_heat_s": None,
                "comp_cool_s": None,
                "aux_heat_s": None,
                "fan_s": None,
                "defrost_s": None,
            },
            None,
        ),
    ],
)
def test_operating_mode(values: dict[str, Any], mode: OperatingMode | None) -> None:
    engine = Engine()
    feed(engine, [sample(T0, **values)])
    assert engine.status.operating_mode is mode


def test_status_before_any_sample() -> None:
    status = Engine().status
    assert status.time is None
    assert status.online is None
    assert status.operating_mode is None
    assert status.defrost_active is None
    assert status.cycles_today == 0


def test_temperatures_are_those_of_the_last_sample() -> None:
    engine = Engine()
    feed(
        engine, [sample(T0, indoor_temp_c=20.0, supply_temp_c=35.0, return_temp_c=19.5)]
    )
    status = engine.status
    assert (status.indoor_temp_c, status.outdoor_temp_c) == (20.0, -2.0)
    assert (status.supply_temp_c, status.return_temp_c) == (35.0, 19.5)
    feed(
        engine,
        [sample(T0 + timedelta(minutes=1), indoor_temp_c=None, outdoor_temp_c=-3.5)],
    )
    status = engine.status
    assert status.online is True
    assert (status.indoor_temp_c, status.outdoor_temp_c) == (None, -3.5)
    assert (status.supply_temp_c, status.return_temp_c) == (None, None)
    feed(
        engine, [Sample(time=T0 + timedelta(minutes=2), interval_s=60.0, online=False)]
    )
    status = engine.status
    assert status.online is False
    assert status.operating_mode is None
    assert status.defrost_active is None
    assert status.outdoor_temp_c is None
