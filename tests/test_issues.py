"""Findings become repair issues and notifications, and go away when they clear."""

from __future__ import annotations

from datetime import timedelta
import itertools
import json
from pathlib import Path
import re
import string
from typing import Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.heat_pump_monitor.const import DOMAIN
from custom_components.heat_pump_monitor.engine.findings import FindingKind
from custom_components.heat_pump_monitor.sources import SourceUnavailable
from custom_components.heat_pump_monitor.sources.simulated import SimulatedSource

from .conftest import Advance, entity_id, simulated_entry, state_of

STRINGS = json.loads(
    (
        Path(__file__).parent.parent
        / "custom_components"
        / "heat_pump_monitor"
        / "strings.json"
    ).read_text(encoding="utf-8")
)


def _placeholders_used(kind: str) -> set[str]:
    texts = STRINGS["issues"][kind].values()
    return {
        name
        for text in texts
        for _, name, _, _ in string.Formatter().parse(text)
        if name
    }


async def _notifications(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> dict[str, dict[str, Any]]:
    assert await async_setup_component(hass, "persistent_notification", {})
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "persistent_notification/get"})
    reply = await client.receive_json()
    assert reply["success"], reply
    return {item["notification_id"]: item for item in reply["result"]}


@pytest.mark.parametrize(
    "case",
    [
        ("defrost_stuck", "defrost_stuck", ir.IssueSeverity.ERROR),
        ("offline", "offline", ir.IssueSeverity.ERROR),
        ("refrigerant_error_code", "error_code", ir.IssueSeverity.CRITICAL),
        ("compressor_failed", "no_start", ir.IssueSeverity.ERROR),
    ],
    ids=lambda case: case[0],
)
async def test_fault_raises_issue_and_notification_then_clears(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    advance: Advance,
    case: tuple[str, str, ir.IssueSeverity],
) -> None:
    """An injected fault is reported as its finding, then withdrawn."""
    fault, kind, severity = case
    entry = simulated_entry(
        scenario=fault, fault_start_h=1.0, fault_duration_h=4.0, speed=3600.0
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    registry = ir.async_get(hass)
    issue_id = f"{entry.entry_id}_{kind}"
    notification_id = f"{DOMAIN}_{issue_id}"

    seen_issue: ir.IssueEntry | None = None
    seen_notification: dict[str, Any] | None = None
    for _ in range(5):  # five simulated hours: the fault is on from 1 h to 5 h
        await advance(timedelta(seconds=1))
        if seen_issue is None and (issue := registry.async_get_issue(DOMAIN, issue_id)):
            seen_issue = issue
            seen_notification = (await _notifications(hass, hass_ws_client)).get(
                notification_id
            )
            assert state_of(hass, "binary_sensor", "problem") == "on"

    assert seen_issue is not None, f"no {kind} issue during the fault"
    assert seen_issue.severity is severity
    assert seen_issue.translation_key == kind
    assert not seen_issue.is_fixable
    placeholders = seen_issue.translation_placeholders or {}
    assert _placeholders_used(kind) <= set(placeholders)
    assert "unknown" not in placeholders.values()
    assert placeholders["system"] == "Test heat pump"
    assert seen_notification is not None
    assert "Test heat pump" in seen_notification["title"]
    assert "licensed" in seen_notification["message"]
    assert "{" not in seen_notification["message"]

    await advance(timedelta(seconds=3))  # the fault ended at 5 h
    assert registry.async_get_issue(DOMAIN, issue_id) is None
    assert notification_id not in await _notifications(hass, hass_ws_client)
    assert state_of(hass, "binary_sensor", "problem") == "off"


async def test_active_finding_survives_a_restart(
    hass: HomeAssistant, advance: Advance
) -> None:
    """A finding active at shutdown is restored with its issue after setup."""
    entry = simulated_entry(scenario="defrost_stuck", fault_start_h=0.5, speed=3600.0)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    registry = ir.async_get(hass)
    issue_id = f"{entry.entry_id}_defrost_stuck"
    for _ in range(4):
        await advance(timedelta(seconds=1))
        if registry.async_get_issue(DOMAIN, issue_id):
            break
    assert registry.async_get_issue(DOMAIN, issue_id) is not None

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert registry.async_get_issue(DOMAIN, issue_id) is None

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    restored = registry.async_get_issue(DOMAIN, issue_id)
    assert restored is not None
    assert state_of(hass, "binary_sensor", "problem") == "on"

    # The defrost goes on: the issue's evidence follows it.
    await advance(timedelta(seconds=1))
    later = registry.async_get_issue(DOMAIN, issue_id)
    assert later is not None
    assert later.translation_placeholders is not None
    assert restored.translation_placeholders is not None
    assert (
        later.translation_placeholders["duration_s"]
        != restored.translation_placeholders["duration_s"]
    )
    problem = hass.states.get(
        next(
            state.entity_id
            for state in hass.states.async_all("binary_sensor")
            if state.entity_id.endswith("needs_attention")
        )
    )
    assert problem is not None
    assert [item["kind"] for item in problem.attributes["findings"]] == [
        "defrost_stuck"
    ]


_STEP = re.compile(r"\d+\. ")


def test_every_issue_text_has_numbered_steps_and_a_technician() -> None:
    """Each finding's repair text tells what to check and when to call a technician.

    The steps are Markdown lists that the repairs dialog renders as lists: a list
    starting at another number than 1 needs a blank line before it.
    """
    for kind in FindingKind:
        description = STRINGS["issues"][kind.value]["description"]
        assert "1. " in description, kind
        assert "licensed" in description or "technician" in description, kind
        lines = description.split("\n")
        for before, line in itertools.pairwise(lines):
            if _STEP.match(line):
                assert before == "" or _STEP.match(before), (kind, line)


async def test_unreachable_source_goes_unavailable_then_offline_then_recovers(
    hass: HomeAssistant, advance: Advance
) -> None:
    """Failed polls make entities unavailable and, after a while, raise offline."""
    entry = simulated_entry(speed=60.0)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(seconds=5))
    assert state_of(hass, "sensor", "indoor_temperature") not in (
        "unavailable",
        "unknown",
    )
    registry = ir.async_get(hass)
    issue_id = f"{entry.entry_id}_offline"

    with patch.object(
        SimulatedSource, "async_poll", side_effect=SourceUnavailable("timed out")
    ):
        await advance(timedelta(seconds=5))
        assert state_of(hass, "sensor", "indoor_temperature") == "unavailable"
        assert registry.async_get_issue(DOMAIN, issue_id) is None
        # 20 real seconds at 60x are 20 simulated minutes: past the 15 min limit.
        await advance(timedelta(seconds=20))
        issue = registry.async_get_issue(DOMAIN, issue_id)
        assert issue is not None
        assert issue.translation_placeholders is not None
        assert issue.translation_placeholders["duration_s"].endswith("min")

    await advance(timedelta(seconds=3))
    assert registry.async_get_issue(DOMAIN, issue_id) is None
    assert state_of(hass, "sensor", "indoor_temperature") not in (
        "unavailable",
        "unknown",
    )


async def test_filter_reset_button_clears_the_filter_notice(
    hass: HomeAssistant, advance: Advance
) -> None:
    """After the blower ran past the limit, pressing reset withdraws the notice."""
    entry = simulated_entry(speed=3600.0)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options={"filter_runtime_s": 3600.0})
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    registry = ir.async_get(hass)
    issue_id = f"{entry.entry_id}_filter_due"
    for _ in range(12):  # up to 12 simulated hours of winter heating
        await advance(timedelta(seconds=1))
        if registry.async_get_issue(DOMAIN, issue_id):
            break
    issue = registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert float(state_of(hass, "sensor", "filter_runtime")) > 1  # hours

    await hass.services.async_call(
        "button",
        "press",
        {"entity_id": entity_id(hass, "button", "reset_filter")},
        blocking=True,
    )
    assert registry.async_get_issue(DOMAIN, issue_id) is None
    assert float(state_of(hass, "sensor", "filter_runtime")) == 0
    await hass.services.async_call(  # a second press, with no notice left: harmless
        "button",
        "press",
        {"entity_id": entity_id(hass, "button", "reset_filter")},
        blocking=True,
    )
    assert float(state_of(hass, "sensor", "filter_runtime")) == 0
    await advance(timedelta(seconds=1))
    assert registry.async_get_issue(DOMAIN, issue_id) is None
    assert float(state_of(hass, "sensor", "filter_runtime")) < 1
