"""The operating mode: what the equipment did in a sample, as one word."""

from __future__ import annotations

from .sample import HvacMode, Sample
from .status import OperatingMode


def operating_mode(
    sample: Sample | None, *, defrosting: bool = False
) -> OperatingMode | None:
    """Return the operating mode of a sample; ``None`` when unknown or offline.

    Defrost (reported, or ``defrosting``: recognised by the engine) wins; then emergency heat (thermostat in emergency heat with aux running);
    then the compressor (heating or cooling, even with aux running alongside); then aux
    heat alone; then the blower alone; then a thermostat that is off; else idle. A
    sample with no runtime reading at all is unknown unless the thermostat is off.
    """
    if sample is None or not sample.online:
        return None
    heat = sample.comp_heat_s
    cool = sample.comp_cool_s
    aux = sample.aux_heat_s
    fan = sample.fan_s
    defrost = sample.defrost_s
    hvac = sample.hvac_mode
    if defrost or defrosting:
        return OperatingMode.DEFROST
    if aux and hvac is HvacMode.EMERGENCY_HEAT:
        return OperatingMode.EMERGENCY_HEAT
    if heat:
        return OperatingMode.HEATING
    if cool:
        return OperatingMode.COOLING
    if aux:
        return OperatingMode.AUX_HEAT
    if fan:
        return OperatingMode.FAN_ONLY
    if hvac is HvacMode.OFF:
        return OperatingMode.OFF
    if (
        heat is None
        and cool is None
        and aux is None
        and fan is None
        and defrost is None
    ):
        return None
    return OperatingMode.IDLE
