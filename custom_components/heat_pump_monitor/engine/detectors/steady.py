"""Steady compressor operation: when supply and return air tell the unit's state.

Supply minus return only says something about the refrigerant circuit once the
indoor coil has settled: the compressor has run continuously for ``STEADY_AFTER_S``,
no defrost is going on or ended less than ``DEFROST_RECOVERY_S`` ago, and no strip
heat ran in the sample or shortly before it (strip heat inflates the rise). Shared
by the split and reversing-valve detectors.
"""

from __future__ import annotations

from typing import Final

from .base import Observation

STEADY_AFTER_S: Final = 600.0
"""Continuous compressor runtime after which the indoor coil has settled."""
DEFROST_RECOVERY_S: Final = 600.0
"""Time after a defrost during which the supply air is still recovering."""
AUX_SETTLE_S: Final = 300.0
"""Time after strip heat stops during which the supply air still carries its heat."""
WRONG_SIDE_K: Final = 1.5
"""Supply this far on the wrong side of return is the reversing valve's symptom."""
FULL_SHARE: Final = 0.9
"""Share of the interval the compressor must run for the sample to be steady."""

HEATING: Final = 1
COOLING: Final = 2


def running_mode(obs: Observation) -> int:
    """Return ``HEATING`` or ``COOLING`` when the compressor ran through the sample, else 0."""
    sample = obs.sample
    if sample is None or not sample.online or obs.interrupted:
        return 0
    power = sample.outdoor_unit_w
    if power is not None and power < obs.config.no_start_max_w:
        return 0  # reported, but the outdoor unit draws too little to be running
    interval = obs.end - obs.start
    heat = sample.comp_heat_s or 0.0
    cool = sample.comp_cool_s or 0.0
    if heat >= FULL_SHARE * interval and not cool:
        return HEATING
    if cool >= FULL_SHARE * interval and not heat:
        return COOLING
    return 0


def settled(
    obs: Observation,
    aux_until: float | None,
    after_s: float,
    recovery_s: float = DEFROST_RECOVERY_S,
) -> bool:
    """Return whether the run is ``after_s`` old, out of defrost and free of strip heat.

    ``aux_until`` is the end of the last sample that ran strip heat (None: never);
    ``recovery_s`` the time after a defrost that does not count.
    """
    cycles = obs.cycles
    if not cycles.running or obs.start - cycles.run_start < after_s:
        return False
    defrost = obs.defrost
    if defrost.active:
        return False
    last_end = defrost.last_end
    if last_end is not None and obs.start - last_end < recovery_s:
        return False
    return aux_until is None or obs.start - aux_until >= AUX_SETTLE_S


def air_split(obs: Observation) -> float | None:
    """Return supply minus return air temperature (K), when both are known."""
    sample = obs.sample
    if sample is None:
        return None
    supply = sample.supply_temp_c
    back = sample.return_temp_c
    if supply is None or back is None:
        return None
    return supply - back
