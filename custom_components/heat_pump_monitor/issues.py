"""Findings as repair issues and notifications, present exactly while active."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.components import persistent_notification
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN
from .engine.events import EngineEvent, EventType
from .engine.findings import Finding, Severity
from .evidence import evidence_placeholders, evidence_summary
from .phone_notifications import PhoneNotifier

_SEVERITY = {
    Severity.INFO: ir.IssueSeverity.WARNING,
    Severity.WARNING: ir.IssueSeverity.WARNING,
    Severity.ERROR: ir.IssueSeverity.ERROR,
    Severity.CRITICAL: ir.IssueSeverity.CRITICAL,
}


class FindingIssues:
    """Keeps one system's repair issues and notifications in step with its findings."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, phone: PhoneNotifier
    ) -> None:
        """Bind to a config entry and its phone notifications."""
        self._hass = hass
        self._entry = entry
        self.phone = phone
        self._written: dict[str, dict[str, str]] = {}
        """Placeholders of each open issue as last written."""

    def issue_id(self, finding: Finding) -> str:
        """Stable per system and kind."""
        return f"{self._entry.entry_id}_{finding.kind.value}"

    def _placeholders(self, finding: Finding) -> dict[str, str]:
        return {
            **evidence_placeholders(self._hass, finding.evidence),
            "system": self._entry.title,
        }

    def _create_issue(self, finding: Finding) -> None:
        issue_id = self.issue_id(finding)
        placeholders = self._placeholders(finding)
        if self._written.get(issue_id) == placeholders:
            return
        self._written[issue_id] = placeholders
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            is_persistent=False,
            severity=_SEVERITY[finding.severity],
            translation_key=finding.kind.value,
            translation_placeholders=placeholders,
            data={"entry_id": self._entry.entry_id, "kind": finding.kind.value},
        )

    def _delete_issue(self, finding: Finding) -> None:
        issue_id = self.issue_id(finding)
        self._written.pop(issue_id, None)
        ir.async_delete_issue(self._hass, DOMAIN, issue_id)

    async def _async_texts(self, finding: Finding) -> tuple[str, str]:
        """Return the finding's translated title and description, filled in."""
        strings = await async_get_translations(
            self._hass, self._hass.config.language, "issues", [DOMAIN]
        )
        prefix = f"component.{DOMAIN}.issues.{finding.kind.value}"
        placeholders = self._placeholders(finding)
        title = strings.get(f"{prefix}.title", finding.kind.value)
        message = strings.get(f"{prefix}.description", "")
        return title.format_map(placeholders), message.format_map(placeholders)

    async def _async_notify(self, finding: Finding) -> None:
        title, message = await self._async_texts(finding)
        persistent_notification.async_create(
            self._hass,
            message,
            title=title,
            notification_id=f"{DOMAIN}_{self.issue_id(finding)}",
        )
        await self.phone.async_raised(
            finding.kind.value, title, evidence_summary(self._hass, finding.evidence)
        )

    def acknowledge(self, finding: Finding) -> None:
        """Mark an active finding as seen: no reminders, no notification."""
        self.phone.acknowledge(finding.kind.value)
        persistent_notification.async_dismiss(
            self._hass, f"{DOMAIN}_{self.issue_id(finding)}"
        )

    async def async_remind(self, active: Iterable[Finding]) -> None:
        """Remind the phones of active findings nobody acknowledged (at most daily)."""
        texts = {}
        for finding in active:
            title, _ = await self._async_texts(finding)
            texts[finding.kind.value] = (
                title,
                evidence_summary(self._hass, finding.evidence),
            )
        await self.phone.async_remind(texts)

    def _clear(self, finding: Finding) -> None:
        self._delete_issue(finding)
        self.phone.cleared(finding.kind.value)
        persistent_notification.async_dismiss(
            self._hass, f"{DOMAIN}_{self.issue_id(finding)}"
        )

    async def async_handle(self, events: Iterable[EngineEvent]) -> None:
        """Raise or clear what the engine reported."""
        for event in events:
            if event.finding is None:
                continue
            if event.type is EventType.FINDING_RAISED:
                self._create_issue(event.finding)
                await self._async_notify(event.finding)
            elif event.type is EventType.FINDING_CLEARED:
                self._clear(event.finding)

    def update(self, active: Iterable[Finding]) -> None:
        """Write active findings' issues whose evidence changed (or after a restart)."""
        for finding in active:
            self._create_issue(finding)

    def withdraw(self, findings: Iterable[Finding]) -> None:
        """Delete the issues of a system that is no longer monitored (unload)."""
        for finding in findings:
            self._delete_issue(finding)
