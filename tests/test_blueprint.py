"""The shipped blueprint: a finding at or above the chosen severity reaches a phone."""

from __future__ import annotations

from pathlib import Path
import shutil

from homeassistant.components import automation
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_mock_service

from custom_components.heat_pump_monitor.system_events import BUS_EVENT

BLUEPRINT = (
    Path(__file__).parent.parent
    / "blueprints"
    / "automation"
    / "heat_pump_monitor"
    / "notify_on_finding.yaml"
)


async def test_blueprint_sends_findings_at_or_above_the_severity(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """Warning and above go out with kind and evidence; info and clears do not."""
    target = tmp_path / "blueprints" / "automation" / "heat_pump_monitor"
    target.mkdir(parents=True)
    shutil.copy(BLUEPRINT, target)
    hass.config.config_dir = str(tmp_path)
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "mobile_app_phone")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: {
                "use_blueprint": {
                    "path": "heat_pump_monitor/notify_on_finding.yaml",
                    "input": {
                        "notify_service": "notify.mobile_app_phone",
                        "minimum_severity": "warning",
                    },
                }
            }
        },
    )
    base = {"system": "Upstairs", "device_id": "abc", "entry_id": "e1"}
    for data in (
        {"type": "finding_raised", "kind": "filter_due", "severity": "info"},
        {"type": "defrost_started"},
        {
            "type": "finding_raised",
            "kind": "error_code",
            "severity": "critical",
            "evidence": {
                "code": "E5",
                "meaning": "low pressure",
                "first_seen_at": None,
            },
        },
        {"type": "finding_cleared", "kind": "error_code", "severity": "critical"},
    ):
        hass.bus.async_fire(BUS_EVENT, {**base, **data})
        await hass.async_block_till_done()
    assert len(calls) == 1
    assert calls[0].data["title"] == "Upstairs: error code"
    assert calls[0].data["message"] == "Critical. code: E5; meaning: low pressure"
