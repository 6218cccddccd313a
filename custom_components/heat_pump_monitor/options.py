"""The engine thresholds as user options: how they are shown and stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)
import voluptuous as vol

from .engine.config import EngineConfig


@dataclass(frozen=True, slots=True, kw_only=True)
class OptionField:
    """One engine threshold; stored in engine units, shown in ``unit``."""

    key: str
    minimum: float
    maximum: float
    unit: str | None = None
    scale: float = 1.0
    """Engine units per shown unit (60 for a duration shown in minutes)."""


OPTION_FIELDS: tuple[OptionField, ...] = (
    OptionField(key="short_cycle_min_starts", minimum=2, maximum=30),
    OptionField(
        key="short_cycle_window_s", minimum=10, maximum=240, unit="min", scale=60
    ),
    OptionField(
        key="short_cycle_max_median_period_s",
        minimum=2,
        maximum=60,
        unit="min",
        scale=60,
    ),
    OptionField(key="short_cycle_days", minimum=1, maximum=7),
    OptionField(key="defrost_stuck_s", minimum=5, maximum=60, unit="min", scale=60),
    OptionField(key="offline_after_s", minimum=5, maximum=1440, unit="min", scale=60),
)


def options_schema(current: Mapping[str, Any]) -> vol.Schema:
    """Build the options form, prefilled with the current (or default) thresholds."""
    values = EngineConfig().with_options(current).options()
    return vol.Schema(
        {
            vol.Required(field.key, default=values[field.key] / field.scale): (
                NumberSelector(
                    NumberSelectorConfig(
                        min=field.minimum,
                        max=field.maximum,
                        step=1,
                        mode=NumberSelectorMode.BOX,
                        **({"unit_of_measurement": field.unit} if field.unit else {}),
                    )
                )
            )
            for field in OPTION_FIELDS
        }
    )


def options_from_form(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Form values in engine units; counts stay integers."""
    defaults = EngineConfig().options()
    options: dict[str, Any] = {}
    for field in OPTION_FIELDS:
        value = float(user_input[field.key]) * field.scale
        options[field.key] = (
            round(value) if isinstance(defaults[field.key], int) else value
        )
    return options
