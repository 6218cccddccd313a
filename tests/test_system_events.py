"""Defrosts and findings as an event entity, bus events and device triggers."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.components import automation
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import Event, HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
    async_get_device_automation_capabilities,
    async_get_device_automations,
    async_mock_service,
)

from custom_components.heat_pump_monitor.const import DOMAIN
from custom_components.heat_pump_monitor.system_events import BUS_EVENT

from .conftest import SERIAL, Advance, entity_id, simulated_entry

EVENT_TYPES = {"defrost_started", "defrost_ended", "finding_raised", "finding_cleared"}


def _device_id(hass: HomeAssistant) -> str:
    [entry] = hass.config_entries.async_entries(DOMAIN)
    [device] = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert device.identifiers == {(DOMAIN, SERIAL)}
    return device.id


async def _setup(hass: HomeAssistant, **options: float) -> None:
    entry = simulated_entry(speed=3600.0)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options=options)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def _press_reset_filter(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": entity_id(hass, "button", "reset_filter")},
        blocking=True,
    )


async def test_defrosts_fire_events(hass: HomeAssistant, advance: Advance) -> None:
    """A cold night's defrost starts and ends on the bus and on the event entity."""
    events = async_capture_events(hass, BUS_EVENT)
    await _setup(hass)
    event_entity = entity_id(hass, "event", "events")
    state = hass.states.get(event_entity)
    assert state is not None
    assert set(state.attributes["event_types"]) == EVENT_TYPES
    for _ in range(12):  # up to 12 simulated hours of winter heating
        await advance(timedelta(seconds=1))
        if any(event.data["type"] == "defrost_ended" for event in events):
            break
    started = [e.data for e in events if e.data["type"] == "defrost_started"]
    ended = [e.data for e in events if e.data["type"] == "defrost_ended"]
    assert started
    assert ended
    assert started[0]["device_id"] == _device_id(hass)
    assert started[0]["system"] == "Test heat pump"
    assert started[0]["inferred"] is False
    assert 60 <= ended[0]["duration_s"] <= 15 * 60
    state = hass.states.get(event_entity)
    assert state is not None
    assert state.attributes["event_type"] == events[-1].data["type"]
    assert state.state not in ("unknown", "unavailable")  # the time of the last event


async def test_findings_fire_events_and_device_triggers(
    hass: HomeAssistant, advance: Advance
) -> None:
    """The filter notice raised and cleared: bus events, entity and an automation."""
    events = async_capture_events(hass, BUS_EVENT)
    calls: list[ServiceCall] = async_mock_service(hass, "test", "automation")
    await _setup(hass, filter_runtime_s=3600.0)
    device_id = _device_id(hass)

    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, device_id
    )
    ours = {t["type"] for t in triggers if t["domain"] == DOMAIN}
    assert ours == EVENT_TYPES
    raised_trigger = next(t for t in triggers if t.get("type") == "finding_raised")
    capabilities = await async_get_device_automation_capabilities(
        hass, DeviceAutomationType.TRIGGER, raised_trigger
    )
    assert [field["name"] for field in capabilities["extra_fields"]] == ["kind"]
    defrost_trigger = next(t for t in triggers if t.get("type") == "defrost_started")
    capabilities = await async_get_device_automation_capabilities(
        hass, DeviceAutomationType.TRIGGER, defrost_trigger
    )
    assert not capabilities.get("extra_fields")

    def _automation(alias: str, trigger_type: str, kind: str | None) -> dict:
        trigger = {
            "platform": "device",
            "domain": DOMAIN,
            "device_id": device_id,
            "type": trigger_type,
        }
        if kind:
            trigger["kind"] = kind
        return {
            "alias": alias,
            "triggers": [trigger],
            "actions": [
                {
                    "action": "test.automation",
                    "data": {"alias": alias, "kind": "{{ trigger.event.data.kind }}"},
                }
            ],
        }

    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                _automation("filter raised", "finding_raised", "filter_due"),
                _automation("cycling raised", "finding_raised", "short_cycling"),
                _automation("any cleared", "finding_cleared", None),
            ]
        },
    )
    for _ in range(12):
        await advance(timedelta(seconds=1))
        if any(e.data["type"] == "finding_raised" for e in events):
            break
    raised = [e.data for e in events if e.data["type"] == "finding_raised"]
    assert [item["kind"] for item in raised] == ["filter_due"]
    assert raised[0]["severity"] == "info"
    assert raised[0]["evidence"]["fan_runtime_s"] >= 3600
    assert [c.data["alias"] for c in calls] == ["filter raised"]
    assert calls[0].data["kind"] == "filter_due"

    await _press_reset_filter(hass)
    await hass.async_block_till_done()
    cleared: list[Event] = [e for e in events if e.data["type"] == "finding_cleared"]
    assert [e.data["kind"] for e in cleared] == ["filter_due"]
    assert [c.data["alias"] for c in calls] == ["filter raised", "any cleared"]
    state = hass.states.get(entity_id(hass, "event", "events"))
    assert state is not None
    assert state.attributes["event_type"] == "finding_cleared"
    assert state.attributes["kind"] == "filter_due"
