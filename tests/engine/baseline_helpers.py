"""Day builders for the baseline tests: whole days of 5-minute heating rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from custom_components.heat_pump_monitor.engine import Sample

from .helpers import T0, sample

ROW_S = 300.0
ROWS_PER_DAY = 288
BASE_C = 15.0
"""Zero-load outdoor temperature of the synthetic house."""
SLOPE_K = 25.0
"""Outdoor kelvin per unit of compressor duty: full duty at ``BASE_C - SLOPE_K``."""

# Mean outdoor temperatures of a varied healthy fortnight.
HEALTHY_DAYS_C = (
    2.0,
    -1.0,
    4.0,
    0.0,
    -3.0,
    1.0,
    5.0,
    -2.0,
    3.0,
    -4.0,
    0.5,
    2.5,
    -1.5,
    1.5,
)


def healthy_duty(outdoor_c: float) -> float:
    """Compressor duty of the healthy synthetic system at a daily mean temperature."""
    return min(1.0, max(0.0, (BASE_C - outdoor_c) / SLOPE_K))


def day_rows(
    day: int, outdoor_c: float, duty: float, start: datetime = T0, aux: float = 0.0
) -> Iterator[Sample]:
    """Yield one local (UTC) day of 5-minute rows at a steady outdoor temperature."""
    begin = start + timedelta(days=day)
    for index in range(ROWS_PER_DAY):
        yield sample(
            begin + timedelta(seconds=index * ROW_S),
            ROW_S,
            comp_heat_s=round(duty * ROW_S, 1),
            fan_s=round(duty * ROW_S, 1),
            aux_heat_s=round(aux * ROW_S, 1),
            outdoor_temp_c=outdoor_c,
            heat_setpoint_c=20.5,
        )


def days(
    temps: tuple[float, ...], factor: float = 1.0, first: int = 0, aux: float = 0.0
) -> Iterator[Sample]:
    """Yield days at ``temps`` whose runtime is ``factor`` times the healthy runtime.

    ``aux``: backup heat duty alongside (outside defrost).
    """
    for offset, outdoor in enumerate(temps):
        duty = min(1.0, healthy_duty(outdoor) * factor)
        yield from day_rows(first + offset, outdoor, duty, aux=aux)


RETURN_C = 20.0
COMPRESSOR_SPLIT_K = 10.0
"""Rise across the indoor coil with the compressor alone in ``split_day_rows``."""


def split_day_rows(
    day: int, outdoor_c: float, duty: float, aux: float, aux_split_k: float
) -> Iterator[Sample]:
    """Yield one day of 5-minute rows with supply and return air temperatures.

    The compressor runs whole rows for ``duty`` of the day in one block, with a
    ``COMPRESSOR_SPLIT_K`` rise across the coil; backup heat runs the last ``aux``
    of the day's rows in that block, raising the rise to ``aux_split_k``.
    """
    begin = T0 + timedelta(days=day)
    running = round(duty * ROWS_PER_DAY)
    backup_from = running - round(aux * ROWS_PER_DAY)
    for index in range(ROWS_PER_DAY):
        on = index < running
        backup = on and index >= backup_from
        split = aux_split_k if backup else COMPRESSOR_SPLIT_K if on else 0.0
        yield sample(
            begin + timedelta(seconds=index * ROW_S),
            ROW_S,
            comp_heat_s=ROW_S if on else 0.0,
            fan_s=ROW_S if on else 0.0,
            aux_heat_s=ROW_S if backup else 0.0,
            outdoor_temp_c=outdoor_c,
            heat_setpoint_c=20.5,
            supply_temp_c=RETURN_C + split,
            return_temp_c=RETURN_C,
        )


def split_days(
    temps: tuple[float, ...], first: int = 0, aux: float = 0.0, aux_split_k: float = 0.0
) -> Iterator[Sample]:
    """Yield healthy-runtime days at ``temps`` with supply and return air."""
    for offset, outdoor in enumerate(temps):
        yield from split_day_rows(
            first + offset, outdoor, healthy_duty(outdoor), aux, aux_split_k
        )
