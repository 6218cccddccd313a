"""Findings as phone notifications, with Acknowledge and Snooze buttons, never a flood.

The notify services chosen in the options (for example ``mobile_app_pixel``) get one
message when a finding is raised: its title, a one-line evidence summary and two
actions the mobile app shows as buttons. While the finding stays active a reminder
goes out at most every ``REMINDER`` unless it was acknowledged or is snoozed; a
cleared finding forgets all of that. The state survives restarts (``to_state``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER

CONF_NOTIFY_SERVICES: Final = "notify_services"
REMINDER: Final = timedelta(days=1)
SNOOZE: Final = timedelta(hours=24)
ACTION_EVENT: Final = "mobile_app_notification_action"
ACKNOWLEDGE: Final = "HEAT_PUMP_MONITOR_ACKNOWLEDGE"
SNOOZE_ACTION: Final = "HEAT_PUMP_MONITOR_SNOOZE"
_SEPARATOR: Final = "|"


def action_id(action: str, entry_id: str, kind: str) -> str:
    """Return the id the mobile app sends back when the button is pressed."""
    return _SEPARATOR.join((action, entry_id, kind))


def parse_action(value: str) -> tuple[str, str, str] | None:
    """Return (action, entry id, kind) of one of our action ids, else None."""
    parts = value.split(_SEPARATOR)
    if len(parts) != 3 or parts[0] not in (ACKNOWLEDGE, SNOOZE_ACTION):
        return None
    return parts[0], parts[1], parts[2]


class PhoneNotifier:
    """Sends and remembers one system's finding notifications."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        services: list[str],
        state: Mapping[str, Any] | None,
    ) -> None:
        """Bind to the chosen notify services; restore what was sent."""
        self._hass = hass
        self._entry_id = entry_id
        self._services = services
        self._sent: dict[str, dict[str, Any]] = {}
        for kind, item in (state or {}).items():
            if isinstance(item, dict) and isinstance(item.get("sent_at"), str):
                self._sent[kind] = {
                    "sent_at": item["sent_at"],
                    "acknowledged": bool(item.get("acknowledged")),
                    "snoozed_until": item.get("snoozed_until"),
                }

    def to_state(self) -> dict[str, Any]:
        """Return what was sent, acknowledged and snoozed, for the store."""
        return {kind: dict(item) for kind, item in self._sent.items()}

    def _record(self, kind: str) -> dict[str, Any]:
        return self._sent.setdefault(
            kind,
            {
                "sent_at": dt_util.utcnow().isoformat(),
                "acknowledged": False,
                "snoozed_until": None,
            },
        )

    async def async_raised(self, kind: str, title: str, summary: str) -> None:
        """Send the first message of a raised finding."""
        self._sent.pop(kind, None)
        self._record(kind)
        await self._async_send(kind, title, summary)

    def cleared(self, kind: str) -> None:
        """Forget a finding that cleared (a new raise notifies again)."""
        self._sent.pop(kind, None)

    def acknowledge(self, kind: str) -> None:
        """Stop reminders of an active finding (the caller checks it is active)."""
        self._record(kind)["acknowledged"] = True

    def snooze(self, kind: str, length: timedelta = SNOOZE) -> None:
        """Hold reminders of an active finding back for ``length``."""
        self._record(kind)["snoozed_until"] = (dt_util.utcnow() + length).isoformat()

    async def async_remind(self, active: Mapping[str, tuple[str, str]]) -> None:
        """Send a reminder of each active finding that is due one.

        ``active`` maps the kinds still active to their title and summary.
        """
        now = dt_util.utcnow()
        for kind, (title, summary) in active.items():
            item = self._sent.get(kind)
            if item is None or item["acknowledged"]:
                continue
            snoozed = item["snoozed_until"]
            if snoozed and now < datetime.fromisoformat(snoozed):
                continue
            if now - datetime.fromisoformat(item["sent_at"]) < REMINDER:
                continue
            item["sent_at"] = now.isoformat()
            await self._async_send(kind, title, summary)

    async def _async_button_titles(self) -> tuple[str, str]:
        """Return the buttons' titles in Home Assistant's language."""
        strings = await async_get_translations(
            self._hass, self._hass.config.language, "selector", [DOMAIN]
        )
        prefix = f"component.{DOMAIN}.selector.notification_action.options"
        return (
            strings.get(f"{prefix}.acknowledge", "acknowledge"),
            strings.get(f"{prefix}.snooze", "snooze"),
        )

    async def _async_send(self, kind: str, title: str, summary: str) -> None:
        acknowledge, snooze = await self._async_button_titles()
        data = {
            "tag": f"heat_pump_monitor_{self._entry_id}_{kind}",
            "actions": [
                {
                    "action": action_id(ACKNOWLEDGE, self._entry_id, kind),
                    "title": acknowledge,
                },
                {
                    "action": action_id(SNOOZE_ACTION, self._entry_id, kind),
                    "title": snooze,
                },
            ],
        }
        for service in self._services:  # none chosen: nothing is sent
            if not self._hass.services.has_service("notify", service):
                LOGGER.warning("Notify service notify.%s does not exist", service)
                continue
            await self._hass.services.async_call(
                "notify",
                service,
                {"title": title, "message": summary, "data": data},
                blocking=False,
            )
