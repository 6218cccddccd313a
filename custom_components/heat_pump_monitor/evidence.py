"""Evidence values written for people: durations, temperatures and times."""

from __future__ import annotations

from datetime import datetime
import re

from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import TemperatureConverter

from .engine.findings import Evidence, EvidenceValue

_TIME_SUFFIXES = ("_at", "_since", "_start", "_end")
_IDENTIFIER = re.compile(r"[a-z]+(?:_[a-z]+)+")


def format_duration(seconds: float) -> str:
    """Whole minutes, hours and days, e.g. ``2 h 5 min``."""
    minutes = round(seconds / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if minutes or not parts:
        parts.append(f"{minutes} min")
    return " ".join(parts)


def _format_value(hass: HomeAssistant, key: str, value: EvidenceValue) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if key.endswith("_s"):
            return format_duration(float(value))
        if key.endswith("_k"):  # a temperature difference
            unit = hass.config.units.temperature_unit
            converted = TemperatureConverter.convert_interval(
                float(value), UnitOfTemperature.CELSIUS, unit
            )
            return f"{converted:.1f} {unit}"
        if key.endswith("_c"):
            unit = hass.config.units.temperature_unit
            converted = TemperatureConverter.convert(
                float(value), UnitOfTemperature.CELSIUS, unit
            )
            return f"{converted:.1f} {unit}"
        return f"{value:g}" if isinstance(value, float) else str(value)
    if key.endswith(_TIME_SUFFIXES) or key in ("start", "end"):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return dt_util.as_local(moment).strftime("%Y-%m-%d %H:%M")
    if _IDENTIFIER.fullmatch(value):  # an engine word such as "out_of_range"
        return value.replace("_", " ")
    return value


def evidence_placeholders(hass: HomeAssistant, evidence: Evidence) -> dict[str, str]:
    """Every evidence value as a translation placeholder string."""
    return {key: _format_value(hass, key, value) for key, value in evidence.items()}


SUMMARY_ITEMS = 3
"""Evidence values in a one-line summary (a phone notification's body)."""


def evidence_summary(hass: HomeAssistant, evidence: Evidence) -> str:
    """Return the first few evidence values on one line (``code: E5; meaning: ...``)."""
    parts = []
    for key, value in evidence.items():
        if value is None or key.endswith(_TIME_SUFFIXES) or key in ("start", "end"):
            continue
        name = re.sub(r"_(s|c|k|w|h)$", "", key).replace("_", " ")
        parts.append(f"{name}: {_format_value(hass, key, value)}")
        if len(parts) == SUMMARY_ITEMS:
            break
    return "; ".join(parts)
