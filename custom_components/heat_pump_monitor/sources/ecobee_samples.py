"""Turn ecobee replies into normalised samples (°F -> °C, tokens -> runtimes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Final

from ..api.ecobee_models import (
    EcobeeAlert,
    EcobeeReport,
    EcobeeReportRow,
    EcobeeRuntime,
    EcobeeSettings,
    EcobeeWeather,
)
from ..engine.sample import HvacMode, Sample

MODES: Final = {
    "off": HvacMode.OFF,
    "heat": HvacMode.HEAT,
    "cool": HvacMode.COOL,
    "auto": HvacMode.AUTO,
    "auxHeatOnly": HvacMode.EMERGENCY_HEAT,
}
COMPRESSOR_HEAT: Final = frozenset({"heatPump", "heatPump2", "heatPump3"})
COMPRESSOR_COOL: Final = frozenset({"compCool1", "compCool2"})
AUX_HEAT: Final = frozenset({"auxHeat1", "auxHeat2", "auxHeat3"})
FAN: Final = frozenset({"fan"})
ALERT_CODES: Final = (1004, 1005, 1007, 1009, 1010)
"""Technician-relevant alert numbers that become ``error_code``, most serious first."""
REPORT_COLUMNS: Final = (
    "compHeat1",
    "compHeat2",
    "auxHeat1",
    "auxHeat2",
    "auxHeat3",
    "compCool1",
    "compCool2",
    "fan",
    "outdoorTemp",
    "zoneAveTemp",
    "zoneHeatTemp",
    "zoneCoolTemp",
    "zoneHumidity",
    "zoneHvacMode",
)
SLOT_S: Final = 300.0


def celsius(fahrenheit: float | None) -> float | None:
    """Return °F in °C (two decimals)."""
    if fahrenheit is None:
        return None
    return round((fahrenheit - 32.0) * 5.0 / 9.0, 2)


def error_code(alerts: Iterable[EcobeeAlert] | None) -> str | None:
    """Return the most serious technician-relevant alert as ``ecobee-<number>``."""
    active = {alert.number for alert in alerts or ()}
    return next((f"ecobee-{code}" for code in ALERT_CODES if code in active), None)


def live_sample(
    *,
    start: datetime,
    interval_s: float,
    running: frozenset[str],
    runtime: EcobeeRuntime | None,
    settings: EcobeeSettings | None,
    weather: EcobeeWeather | None,
    alerts: Iterable[EcobeeAlert] | None,
) -> Sample:
    """Return the interval since the last poll; equipment running now ran throughout."""

    def seconds(tokens: frozenset[str]) -> float:
        return interval_s if running & tokens else 0.0

    humidity = runtime.actual_humidity if runtime else None
    outdoor_rh = weather.relative_humidity if weather else None
    return Sample(
        time=start,
        interval_s=interval_s,
        hvac_mode=MODES.get(settings.hvac_mode) if settings else None,
        comp_heat_s=seconds(COMPRESSOR_HEAT),
        comp_cool_s=seconds(COMPRESSOR_COOL),
        aux_heat_s=seconds(AUX_HEAT),
        fan_s=seconds(FAN),
        defrost_s=None,
        indoor_temp_c=celsius(runtime.actual_temperature_f) if runtime else None,
        outdoor_temp_c=celsius(weather.temperature_f) if weather else None,
        indoor_rh=None if humidity is None else humidity / 100.0,
        outdoor_rh=None if outdoor_rh is None else outdoor_rh / 100.0,
        heat_setpoint_c=celsius(runtime.desired_heat_f) if runtime else None,
        cool_setpoint_c=celsius(runtime.desired_cool_f) if runtime else None,
        error_code=error_code(alerts),
    )


def local_to_utc(
    utc_offset: timedelta, timezone: tzinfo | None
) -> Callable[[datetime], datetime]:
    """Return how to turn the thermostat's local wall times into UTC.

    With the thermostat's ``timezone`` the offsets before a DST change are right
    too; without it the thermostat's offset now (``utc_offset``) is used for all.
    """
    if timezone is not None:
        zone = timezone

        def zoned(local: datetime) -> datetime:
            return local.replace(tzinfo=zone).astimezone(UTC)

        return zoned

    def fixed(local: datetime) -> datetime:
        return (local - utc_offset).replace(tzinfo=UTC)

    return fixed


def report_samples(
    report: EcobeeReport,
    *,
    to_utc: Callable[[datetime], datetime],
    start: datetime,
    end: datetime,
) -> list[Sample]:
    """Return 5-minute samples of the report rows in ``[start, end)``; gaps stay gaps."""
    samples = []
    for row in report.rows:
        when = to_utc(row.time)
        if row.empty or not start <= when < end:
            continue
        samples.append(_row_sample(row, when))
    return samples


def _row_sample(row: EcobeeReportRow, when: datetime) -> Sample:
    numbers = row.numbers

    def stages(*columns: str) -> float | None:
        # Higher stages run together with stage 1: the longest is the runtime.
        known = [v for c in columns if (v := numbers.get(c)) is not None]
        return min(SLOT_S, max(known)) if known else None

    humidity = numbers.get("zoneHumidity")
    return Sample(
        time=when,
        interval_s=SLOT_S,
        hvac_mode=MODES.get(row.texts.get("zoneHvacMode") or ""),
        comp_heat_s=stages("compHeat1", "compHeat2"),
        comp_cool_s=stages("compCool1", "compCool2"),
        aux_heat_s=stages("auxHeat1", "auxHeat2", "auxHeat3"),
        fan_s=stages("fan"),
        defrost_s=None,
        indoor_temp_c=celsius(numbers.get("zoneAveTemp")),
        outdoor_temp_c=celsius(numbers.get("outdoorTemp")),
        indoor_rh=None if humidity is None else humidity / 100.0,
        heat_setpoint_c=celsius(numbers.get("zoneHeatTemp")),
        cool_setpoint_c=celsius(numbers.get("zoneCoolTemp")),
    )
