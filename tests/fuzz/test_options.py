"""Fuzzing the options flow: stored options and form input, spoiled.

Whatever options an entry holds, the form opens; whatever the form is sent, the
flow either refuses it with ``InvalidData`` naming the field, or stores every
threshold as a finite number of the right kind within the form's range.
"""

from __future__ import annotations

import math
from typing import Any

from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers.json import json_bytes
from homeassistant.util.json import json_loads
from homeassistant.util.unit_system import METRIC_SYSTEM, US_CUSTOMARY_SYSTEM
from hypothesis import example, given, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.engine.config import EngineConfig
from custom_components.heat_pump_monitor.options import (
    NOTIFICATIONS_SECTION,
    OPTION_SECTIONS,
    OptionField,
    Shown,
    notifications_schema,
    options_schema,
)
from custom_components.heat_pump_monitor.phone_notifications import CONF_NOTIFY_SERVICES

from ..conftest import simulated_entry
from . import tally
from .checks import keys_of
from .mutations import mutated
from .profiles import FUZZ

PARSER = "options flow (form and stored options)"
DEFAULTS = EngineConfig().options()
SCALE = {Shown.MINUTES: 60.0, Shown.HOURS: 3600.0, Shown.PERCENT: 0.01}
FIELDS = {item.key for items in OPTION_SECTIONS.values() for item in items} | {
    *OPTION_SECTIONS,
    NOTIFICATIONS_SECTION,
    CONF_NOTIFY_SERVICES,
}


def _form(schema: Any) -> dict[str, dict[str, Any]]:
    """Return the prefilled values of an options form, by section and key."""
    return {
        name.schema: {key.schema: key.default() for key in inner.schema.schema}
        for name, inner in schema.schema.items()
    }


FORM = _form(
    options_schema({}, UnitOfTemperature.CELSIUS).extend(
        notifications_schema([], []).schema
    )
)
"""The form as a metric user first sees it (no notify service to offer)."""


def _engine_range(item: OptionField) -> tuple[float, float]:
    if item.shown in (Shown.TEMPERATURE, Shown.TEMPERATURE_DELTA):
        return item.minimum, item.maximum
    scale = SCALE.get(item.shown, 1.0)
    return item.minimum * scale, item.maximum * scale


def _check_stored(options: dict[str, Any]) -> None:
    """Every threshold is a finite number of its kind within the form's range."""
    # Stored values are rounded to 0.001, and a Fahrenheit form's limits to 0.01 °F.
    slack = 0.01
    for items in OPTION_SECTIONS.values():
        for item in items:
            value = options[item.key]
            kind = type(DEFAULTS[item.key])
            assert type(value) is kind, f"{item.key}: {value!r} is not {kind}"
            assert math.isfinite(value), f"{item.key}: {value!r}"
            low, high = _engine_range(item)
            assert low - slack <= value <= high + slack, f"{item.key}: {value!r}"
    services = options[CONF_NOTIFY_SERVICES]
    assert isinstance(services, list), services
    assert all(isinstance(name, str) and name for name in services), services


def _names_field(error: InvalidData, form: dict[str, Any]) -> bool:
    """Whether ``error`` names a field of the form, or a key sent that is none."""
    sent = keys_of(form)
    named = [str(step) for step in error.path or []] + list(error.schema_errors or {})
    return any(name in FIELDS or name in sent for name in named)


def _as_stored(options: Any) -> dict[str, Any]:
    """``options`` as Home Assistant's store gives them back (JSON, 64-bit ints).

    Options the store cannot write (not an object, integers beyond 64 bits) can
    never be read back: the entry then holds none.
    """
    try:
        stored = json_loads(json_bytes(options))
    except TypeError:
        return {}
    return stored if isinstance(stored, dict) else {}


@pytest.fixture
def entry(hass: HomeAssistant) -> MockConfigEntry:
    """Add a simulated system (not set up: the options flow needs no running source)."""
    entry = simulated_entry()
    entry.add_to_hass(hass)
    return entry


def _form_with(key: str, value: Any) -> dict[str, dict[str, Any]]:
    """Return the default form with one value changed."""
    section = next(
        name
        for name, items in OPTION_SECTIONS.items()
        if any(item.key == key for item in items)
    )
    return {
        name: {**values, **({key: value} if name == section else {})}
        for name, values in FORM.items()
    }


@FUZZ
@example(stored=DEFAULTS, form=_form_with("defrost_stuck_s", "nan"), fahrenheit=False)
@example(
    stored=DEFAULTS, form=_form_with("aux_outdoor_c", float("nan")), fahrenheit=True
)
@example(stored=DEFAULTS, form=_form_with("split_days", 10**400), fahrenheit=False)
@example(stored={**DEFAULTS, "aux_daily_s": None}, form=FORM, fahrenheit=False)
@example(stored={**DEFAULTS, "capacity_days": "3"}, form=FORM, fahrenheit=True)
@given(
    stored=mutated(DEFAULTS, most=2),
    form=mutated(FORM),
    fahrenheit=st.booleans(),
)
async def test_options_flow(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    stored: Any,
    form: Any,
    fahrenheit: bool,
) -> None:
    hass.config.units = US_CUSTOMARY_SYSTEM if fahrenheit else METRIC_SYSTEM
    manager = hass.config_entries.options
    hass.config_entries.async_update_entry(entry, options=_as_stored(stored))
    refused: InvalidData | None = None
    try:
        opened = await manager.async_init(entry.entry_id)
        result = opened
        if opened["type"] is FlowResultType.FORM:
            try:
                result = await manager.async_configure(opened["flow_id"], form)
            except InvalidData as err:
                refused = err
                manager.async_abort(opened["flow_id"])
    except Exception:
        tally.record(PARSER, tally.UNHANDLED)
        raise
    if opened["type"] is not FlowResultType.FORM:
        tally.record(PARSER, tally.BAD_RESULT)
        pytest.fail(f"the options form did not open: {opened}")
    if refused is not None:
        tally.record(PARSER, tally.rejected(refused))
        # The whole form is the field when it is not an object at all.
        assert not isinstance(form, dict) or _names_field(refused, form), (
            f"{refused!r} {refused.path} {refused.schema_errors}"
        )
        return
    if form is None:  # no input: the form is shown again
        assert result["type"] is FlowResultType.FORM
        manager.async_abort(result["flow_id"])
        tally.record(PARSER, "form shown again")
        return
    assert result["type"] is FlowResultType.CREATE_ENTRY
    try:
        _check_stored(dict(entry.options))
    except AssertionError:
        tally.record(PARSER, tally.BAD_RESULT)
        raise
    tally.record(PARSER, tally.RESULT)
