"""A Kumo unit's state, turned into one normalised sample.

The unit reports its mode and whether it is in defrost or standby, not whether the
compressor turns: in a heating mode (``heat``, ``autoHeat``) it counts as heating
unless it reports standby, in a cooling mode (``cool``, ``dry``, ``autoCool``) as
cooling likewise. Defrost is the unit's own flag (true defrost, never inferred) and
counts as heating too (the compressor runs, reversed, for the heating call). The
indoor fan runs whenever the unit is on. Kumo units report no backup heat.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from ..api.kumo_models import KumoUnitState
from ..engine.sample import HvacMode, Sample

MODES: Final = {
    "off": HvacMode.OFF,
    "vent": HvacMode.OFF,
    "heat": HvacMode.HEAT,
    "cool": HvacMode.COOL,
    "dry": HvacMode.COOL,
    "auto": HvacMode.AUTO,
    "autoHeat": HvacMode.AUTO,
    "autoCool": HvacMode.AUTO,
}
"""Kumo modes as the trace format spells them (fan-only ``vent`` heats nothing)."""
HEATING_MODES: Final = frozenset({"heat", "autoHeat"})
COOLING_MODES: Final = frozenset({"cool", "dry", "autoCool"})
FILTER_CODE: Final = "Kumo filterDirty"


def unit_sample(
    *,
    start: datetime,
    interval_s: float,
    state: KumoUnitState,
    outdoor_temp_c: float | None,
) -> Sample:
    """Return the sample of ``[start, start + interval_s)`` in which ``state`` held."""
    mode = state.mode
    known = mode in MODES
    running = not state.standby or state.defrost
    heating = mode in HEATING_MODES and running
    cooling = mode in COOLING_MODES and running
    return Sample(
        time=start,
        interval_s=interval_s,
        hvac_mode=MODES.get(mode),
        comp_heat_s=(interval_s if heating else 0.0) if known else None,
        comp_cool_s=(interval_s if cooling else 0.0) if known else None,
        fan_s=(0.0 if mode == "off" else interval_s) if known else None,
        defrost_s=interval_s if state.defrost else 0.0,
        indoor_temp_c=state.room_temp_c,
        outdoor_temp_c=outdoor_temp_c,
        heat_setpoint_c=state.heat_setpoint_c,
        cool_setpoint_c=state.cool_setpoint_c,
        error_code=error_code(state),
    )


def error_code(state: KumoUnitState) -> str | None:
    """Return the unit's fault code (cloud only), else its dirty-filter flag."""
    if state.error_code is not None:
        return f"Mitsubishi {state.error_code}"
    return FILTER_CODE if state.filter_dirty else None
