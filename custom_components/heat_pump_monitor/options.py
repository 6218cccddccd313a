"""The engine thresholds as user options: how they are grouped, shown and stored.

Options are stored flat in engine units (seconds, °C, fractions) so the engine and
``scripts/replay --config`` read the same keys. The form groups them in sections and
shows durations in minutes or hours, fractions in percent, and temperatures in the
user's unit system.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from homeassistant.const import PERCENTAGE, UnitOfPower, UnitOfTemperature, UnitOfTime
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
from homeassistant.util.unit_conversion import TemperatureConverter
import voluptuous as vol

from .compat import form_schema
from .engine.config import EngineConfig
from .phone_notifications import CONF_NOTIFY_SERVICES


class Shown(StrEnum):
    """How a threshold is shown in the form."""

    COUNT = "count"
    MINUTES = "minutes"
    HOURS = "hours"
    PERCENT = "percent"
    WATTS = "watts"
    TEMPERATURE = "temperature"
    TEMPERATURE_DELTA = "temperature_delta"
    """A difference of temperatures: converted without the offset."""


_SCALE = {
    Shown.COUNT: 1.0,
    Shown.MINUTES: 60.0,
    Shown.HOURS: 3600.0,
    Shown.PERCENT: 0.01,
    Shown.WATTS: 1.0,
}
_LARGEST = 1e300
"""Magnitudes beyond this are no threshold (and overflow the unit conversions)."""
_UNIT = {
    Shown.MINUTES: UnitOfTime.MINUTES,
    Shown.HOURS: UnitOfTime.HOURS,
    Shown.PERCENT: PERCENTAGE,
    Shown.WATTS: UnitOfPower.WATT,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class OptionField:
    """One engine threshold and its range in shown units (°C for temperatures)."""

    key: str
    shown: Shown
    minimum: float
    maximum: float


def _field(key: str, shown: Shown, minimum: float, maximum: float) -> OptionField:
    return OptionField(key=key, shown=shown, minimum=minimum, maximum=maximum)


OPTION_SECTIONS: dict[str, tuple[OptionField, ...]] = {
    "cycling": (
        _field("short_cycle_min_starts", Shown.COUNT, 2, 30),
        _field("short_cycle_window_s", Shown.MINUTES, 10, 240),
        _field("short_cycle_max_median_period_s", Shown.MINUTES, 2, 60),
        _field("short_cycle_days", Shown.COUNT, 1, 7),
        _field("no_start_s", Shown.MINUTES, 2, 120),
        _field("no_start_max_w", Shown.WATTS, 10, 2000),
    ),
    "defrost": (
        _field("defrost_stuck_s", Shown.MINUTES, 5, 60),
        _field("defrost_frequent_runtime_s", Shown.MINUTES, 10, 120),
        _field("defrost_frequent_count", Shown.COUNT, 1, 10),
        _field("defrost_missing_runtime_s", Shown.HOURS, 1, 48),
        _field("defrost_missing_min_outdoor_c", Shown.TEMPERATURE, -30, 0),
        _field("defrost_missing_max_outdoor_c", Shown.TEMPERATURE, 0, 10),
        _field("defrost_warm_outdoor_c", Shown.TEMPERATURE, 5, 25),
    ),
    "backup_heat": (
        _field("aux_outdoor_c", Shown.TEMPERATURE, -20, 20),
        _field("aux_balance_margin_c", Shown.TEMPERATURE_DELTA, 0.5, 15),
        _field("aux_daily_s", Shown.HOURS, 0.5, 24),
    ),
    "heat_delivery": (
        _field("not_responding_s", Shown.MINUTES, 10, 240),
        _field("not_responding_full_duty_s", Shown.MINUTES, 30, 720),
        _field("not_responding_gap_c", Shown.TEMPERATURE_DELTA, 0.5, 5),
        _field("heating_split_margin_c", Shown.TEMPERATURE_DELTA, 1, 10),
        _field("cooling_split_min_c", Shown.TEMPERATURE_DELTA, 3, 15),
        _field("split_baseline_fraction", Shown.PERCENT, 5, 75),
        _field("split_days", Shown.COUNT, 1, 14),
        _field("reversing_valve_after_s", Shown.MINUTES, 3, 60),
    ),
    "capacity": (
        _field("capacity_fraction", Shown.PERCENT, 5, 100),
        _field("capacity_balance_rise_c", Shown.TEMPERATURE_DELTA, 0.5, 15),
        _field("capacity_days", Shown.COUNT, 1, 14),
    ),
    "device": (
        _field("offline_after_s", Shown.MINUTES, 5, 1440),
        _field("sensor_frozen_s", Shown.HOURS, 1, 72),
        _field("filter_runtime_s", Shown.HOURS, 50, 2000),
    ),
}
"""Form sections in display order; every engine threshold is in exactly one."""


def _to_shown(item: OptionField, value: float, unit: str) -> float:
    if item.shown is Shown.TEMPERATURE:
        shown = TemperatureConverter.convert(value, UnitOfTemperature.CELSIUS, unit)
    elif item.shown is Shown.TEMPERATURE_DELTA:
        shown = TemperatureConverter.convert_interval(
            value, UnitOfTemperature.CELSIUS, unit
        )
    else:
        shown = value / _SCALE[item.shown]
    return round(shown, 2)


def _from_shown(item: OptionField, value: float, unit: str) -> float:
    if item.shown is Shown.TEMPERATURE:
        return TemperatureConverter.convert(value, unit, UnitOfTemperature.CELSIUS)
    if item.shown is Shown.TEMPERATURE_DELTA:
        return TemperatureConverter.convert_interval(
            value, unit, UnitOfTemperature.CELSIUS
        )
    return value * _SCALE[item.shown]


def _in_force(current: Mapping[str, Any]) -> dict[str, Any]:
    """Return the thresholds in force; a stored value that is no number is ignored.

    Stored options come from this form, but a damaged or hand-edited store must not
    keep the form from opening: such a value shows its default instead.
    """
    values = EngineConfig().options()
    for key, value in current.items():
        if key in values and _is_number(value):
            values[key] = value
    return values


def _is_number(value: object) -> bool:
    """Whether ``value`` is a finite int or float (not a bool, not beyond float)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return -_LARGEST < value < _LARGEST  # false for NaN and infinities


class _ThresholdSelector(NumberSelector):
    """A number box that also refuses what is no finite number.

    Home Assistant's number selector lets NaN through its range check, and on
    2025.4 an integer beyond float range fails with ``OverflowError`` instead of a
    validation error.
    """

    def __call__(self, data: Any) -> float:
        """Validate the entered value."""
        if isinstance(data, int) and not _is_number(data):
            raise vol.Invalid("Value is out of range")
        value = super().__call__(data)
        if not _is_number(value):
            raise vol.Invalid(f"Value {value} is not a number")
        return value


def _selector(item: OptionField, unit: str) -> NumberSelector:
    temperature = item.shown in (Shown.TEMPERATURE, Shown.TEMPERATURE_DELTA)
    minimum, maximum = item.minimum, item.maximum
    if temperature:  # the range is given in °C
        minimum, maximum = (
            _to_shown(item, limit, unit) for limit in (minimum, maximum)
        )
    step = 1.0 if item.shown in (Shown.COUNT, Shown.WATTS) else 0.5
    shown_unit = unit if temperature else _UNIT.get(item.shown)
    return _ThresholdSelector(
        NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=step,
            mode=NumberSelectorMode.BOX,
            **({"unit_of_measurement": shown_unit} if shown_unit else {}),
        )
    )


def options_schema(current: Mapping[str, Any], temperature_unit: str) -> vol.Schema:
    """Build the sectioned options form, prefilled with the thresholds in force."""
    values = _in_force(current)
    return vol.Schema(
        {
            vol.Required(name): section(
                form_schema(
                    vol.Schema(
                        {
                            vol.Required(
                                item.key,
                                default=_to_shown(
                                    item, values[item.key], temperature_unit
                                ),
                            ): _selector(item, temperature_unit)
                            for item in items
                        }
                    )
                ),
                {"collapsed": True},
            )
            for name, items in OPTION_SECTIONS.items()
        }
    )


def options_from_form(
    user_input: Mapping[str, Any], temperature_unit: str
) -> dict[str, Any]:
    """Return the form's values flat, in engine units; counts stay integers."""
    defaults = EngineConfig().options()
    options: dict[str, Any] = {}
    for name, items in OPTION_SECTIONS.items():
        values = user_input.get(name, {})
        for item in items:
            if item.key not in values:
                continue
            value = _from_shown(item, float(values[item.key]), temperature_unit)
            options[item.key] = (
                round(value) if isinstance(defaults[item.key], int) else round(value, 3)
            )
    return options


NOTIFICATIONS_SECTION = "notifications"


def notifications_schema(available: list[str], chosen: list[str]) -> vol.Schema:
    """Build the phone notifications section: which notify services get findings."""
    return vol.Schema(
        {
            vol.Required(NOTIFICATIONS_SECTION): section(
                form_schema(
                    vol.Schema(
                        {
                            vol.Optional(
                                CONF_NOTIFY_SERVICES, default=chosen
                            ): SelectSelector(
                                SelectSelectorConfig(
                                    options=sorted(set(available) | set(chosen)),
                                    multiple=True,
                                    custom_value=True,
                                    mode=SelectSelectorMode.DROPDOWN,
                                )
                            )
                        }
                    )
                ),
                {"collapsed": not chosen},
            )
        }
    )


def notify_services_from_form(user_input: Mapping[str, Any]) -> list[str]:
    """Return the chosen notify services, without the ``notify.`` prefix."""
    chosen = user_input.get(NOTIFICATIONS_SECTION, {}).get(CONF_NOTIFY_SERVICES, [])
    return [name.removeprefix("notify.").strip() for name in chosen if name.strip()]
