"""Evidence is written for people, in the user's units and time zone."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest

from custom_components.heat_pump_monitor.evidence import (
    evidence_placeholders,
    format_duration,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 min"),
        (59, "1 min"),
        (1320, "22 min"),
        (7384, "2 h 3 min"),
        (90000, "1 d 1 h"),
        (86400, "1 d"),
    ],
)
def test_durations(seconds: float, text: str) -> None:
    """Whole minutes, hours and days."""
    assert format_duration(seconds) == text


async def test_values_by_kind(hass: HomeAssistant) -> None:
    """Temperatures convert, times localise, other values stay readable."""
    await hass.config.async_set_time_zone("America/New_York")
    hass.config.units = US_CUSTOMARY_SYSTEM
    placeholders = evidence_placeholders(
        hass,
        {
            "outdoor_temp_c": -10.0,
            "started_at": "2026-01-10T12:00:00+00:00",
            "window_end": "not a time",
            "starts_in_worst_hour": 7,
            "ratio": 0.25,
            "reported": True,
            "code": "U2",
            "missing": None,
            "measured_split_k": 5.0,
            "problem": "out_of_range",
        },
    )
    assert placeholders == {
        "outdoor_temp_c": "14.0 °F",
        "started_at": "2026-01-10 07:00",
        "window_end": "not a time",
        "starts_in_worst_hour": "7",
        "ratio": "0.25",
        "reported": "yes",
        "code": "U2",
        "missing": "unknown",
        "measured_split_k": "9.0 °F",
        "problem": "out of range",
    }
