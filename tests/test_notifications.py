"""Phone notifications with actions, reminders, and the acknowledge/snooze/reset actions."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import Advance, simulated_entry, state_of
from .test_config_flow import _form_defaults
from .test_issues import _notifications

PHONE = "mobile_app_test_phone"


async def _setup(hass: HomeAssistant, **options: object) -> MockConfigEntry:
    entry = simulated_entry(speed=3600.0)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, options={"filter_runtime_s": 3600.0, **options}
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def _until_filter_due(hass: HomeAssistant, advance: Advance) -> str:
    issue_id = f"{hass.config_entries.async_entries(DOMAIN)[0].entry_id}_filter_due"
    for _ in range(12):  # up to 12 simulated hours of winter heating
        await advance(timedelta(seconds=1))
        if ir.async_get(hass).async_get_issue(DOMAIN, issue_id):
            return issue_id
    raise AssertionError("the filter notice never came")


async def _days_later(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hours: float
) -> None:
    freezer.tick(timedelta(hours=hours))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_options_choose_the_notify_services(hass: HomeAssistant) -> None:
    """The options form takes notify services with or without the notify. prefix."""
    async_mock_service(hass, "notify", PHONE)
    entry = await _setup(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    form = _form_defaults(result)
    assert form["notifications"] == {"notify_services": []}
    form["notifications"]["notify_services"] = [f"notify.{PHONE}", " "]
    form["device"]["filter_runtime_s"] = 300  # hours, the form's unit
    result = await hass.config_entries.options.async_configure(result["flow_id"], form)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["notify_services"] == [PHONE]
    assert entry.options["filter_runtime_s"] == 300 * 3600


async def test_one_message_then_daily_reminders_until_acknowledged(
    hass: HomeAssistant, advance: Advance, freezer: FrozenDateTimeFactory
) -> None:
    """A finding sends one message with buttons; reminders daily; none after Acknowledge."""
    calls: list[ServiceCall] = async_mock_service(hass, "notify", PHONE)
    entry = await _setup(hass, notify_services=[PHONE, "missing_phone"])
    await _until_filter_due(hass, advance)
    await advance(timedelta(seconds=5))  # the notice stays active: no more messages
    assert len(calls) == 1
    message = calls[0].data
    assert "Air filter" in message["title"]
    assert message["message"].startswith("fan runtime: ")
    actions = message["data"]["actions"]
    assert [a["title"] for a in actions] == ["Acknowledge", "Snooze 24 h"]
    assert all(entry.entry_id in a["action"] for a in actions)

    await _days_later(hass, freezer, 25)
    assert len(calls) == 2  # the daily reminder

    for foreign in (
        "SOMEONE_ELSES_ACTION",
        actions[0]["action"].replace(entry.entry_id, "another_entry"),
        actions[0]["action"].replace("filter_due", "short_cycling"),  # not active
    ):
        hass.bus.async_fire("mobile_app_notification_action", {"action": foreign})
    await hass.async_block_till_done()
    await _days_later(hass, freezer, 25)
    assert len(calls) == 3  # none of those was ours to act on

    hass.bus.async_fire(
        "mobile_app_notification_action", {"action": actions[0]["action"]}
    )
    await hass.async_block_till_done()
    assert await hass.config_entries.async_reload(entry.entry_id)  # a restart
    await hass.async_block_till_done()
    await _days_later(hass, freezer, 25)
    assert len(calls) == 3  # acknowledged, also after the restart: no reminder


async def test_snooze_holds_reminders_back(
    hass: HomeAssistant, advance: Advance, freezer: FrozenDateTimeFactory
) -> None:
    """A snooze (the action or the phone's button) delays the reminder."""
    calls: list[ServiceCall] = async_mock_service(hass, "notify", PHONE)
    entry = await _setup(hass, notify_services=[PHONE])
    await _until_filter_due(hass, advance)
    await hass.services.async_call(
        DOMAIN,
        "snooze_finding",
        {"config_entry_id": entry.entry_id, "kind": "filter_due", "hours": 48},
        blocking=True,
    )
    await _days_later(hass, freezer, 25)
    assert len(calls) == 1
    await _days_later(hass, freezer, 25)
    assert len(calls) == 2  # the snooze is over

    snooze_button = calls[-1].data["data"]["actions"][1]["action"]
    hass.bus.async_fire("mobile_app_notification_action", {"action": snooze_button})
    await hass.async_block_till_done()
    await _days_later(hass, freezer, 23)
    assert len(calls) == 2  # snoozed for 24 h from the phone
    await _days_later(hass, freezer, 2)
    assert len(calls) == 3


async def test_actions_validate_and_act(
    hass: HomeAssistant, advance: Advance, hass_ws_client: WebSocketGenerator
) -> None:
    """Unknown systems and inactive findings are refused; acknowledge and reset act."""
    entry = await _setup(hass)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "acknowledge_finding",
            {"config_entry_id": "nope", "kind": "filter_due"},
            blocking=True,
        )
    assert err.value.translation_key == "system_not_found"
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "acknowledge_finding",
            {"config_entry_id": entry.entry_id, "kind": "short_cycling"},
            blocking=True,
        )
    assert err.value.translation_key == "finding_not_active"

    issue_id = await _until_filter_due(hass, advance)
    notification = f"{DOMAIN}_{issue_id}"
    assert notification in await _notifications(hass, hass_ws_client)
    await hass.services.async_call(
        DOMAIN,
        "acknowledge_finding",
        {"config_entry_id": entry.entry_id, "kind": "filter_due"},
        blocking=True,
    )
    assert notification not in await _notifications(hass, hass_ws_client)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id)  # symptom remains

    await hass.services.async_call(
        DOMAIN, "reset_filter", {"config_entry_id": entry.entry_id}, blocking=True
    )
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert float(state_of(hass, "sensor", "filter_runtime")) == 0

    await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "reset_filter", {"config_entry_id": entry.entry_id}, blocking=True
        )
    assert err.value.translation_key == "system_not_loaded"
