"""The planted-secret search: everything the integration writes about a system.

``Outputs`` starts capturing bus events and phone notifications of a system;
``written`` then gathers its diagnostics, the technician report and the repair issue
texts too; ``assert_no_secret`` searches all of it and the log for planted secrets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.heat_pump_monitor.const import DOMAIN
from custom_components.heat_pump_monitor.system_events import BUS_EVENT

try:
    from pytest_homeassistant_custom_component.components.diagnostics import (
        get_diagnostics_for_config_entry,
    )
except ImportError:  # pragma: no cover - older test plugin layout
    from tests.components.diagnostics import get_diagnostics_for_config_entry

PHONE = "mobile_app_phone"
"""The phone notify service the search sets up (``notify.mobile_app_phone``)."""
NOTIFY_OPTIONS = {"notify_services": [PHONE]}
"""Entry options that send findings to ``PHONE``."""


@dataclass(kw_only=True)
class Written:
    """What the integration wrote about one system, part by part."""

    diagnostics: dict[str, Any]
    report: Any
    issues: list[dict[str, str] | None]
    events: list[dict[str, Any]]
    phone: list[dict[str, Any]]

    @property
    def text(self) -> str:
        """All of it as one text to search."""
        return "\n".join(
            str(part)
            for part in (
                self.diagnostics,
                self.events,
                self.phone,
                self.report,
                self.issues,
            )
        )


class Outputs:
    """Bus events and phone notifications, captured from creation on."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Start capturing (before the system is set up)."""
        self._hass = hass
        self._events = async_capture_events(hass, BUS_EVENT)
        self._phone: list[ServiceCall] = async_mock_service(hass, "notify", PHONE)

    @property
    def event_data(self) -> list[dict[str, Any]]:
        """The data of every bus event so far."""
        return [dict(event.data) for event in self._events]

    @property
    def phone_data(self) -> list[dict[str, Any]]:
        """The data of every phone notification so far."""
        return [dict(call.data) for call in self._phone]

    async def written(
        self, hass_client: ClientSessionGenerator, entry: MockConfigEntry
    ) -> Written:
        """Collect diagnostics, the technician report, repair issues, events, phone."""
        hass = self._hass
        diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
        report = await hass.services.async_call(
            DOMAIN,
            "technician_report",
            {"config_entry_id": entry.entry_id},
            blocking=True,
            return_response=True,
        )
        issues = [
            issue.translation_placeholders
            for issue in ir.async_get(hass).issues.values()
            if issue.domain == DOMAIN
        ]
        return Written(
            diagnostics=diagnostics,
            report=report,
            issues=issues,
            events=self.event_data,
            phone=self.phone_data,
        )


NOT_OURS = ("aiohttp.access", "pytest_homeassistant_custom_component")
"""Loggers of the test harness: the fake servers' access log, the mocked storage."""


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured log message but the test harness's own."""
    return "\n".join(
        record.getMessage()
        for record in caplog.records
        if not record.name.startswith(NOT_OURS)
    )


def assert_no_secret(
    secrets: list[str | None], written: Written, caplog: pytest.LogCaptureFixture
) -> None:
    """Fail naming the first planted secret found in what was written or logged."""
    text, log = written.text, logged(caplog)
    for secret in secrets:
        assert secret, "a planted secret must be a non-empty text"
        assert secret not in text, f"{secret!r} written"
        assert secret not in log, f"{secret!r} logged"
