"""Fix flows of the integration's fixable repair issues.

Only the bridge's missing-entity issue is fixable (findings are fixed by a
technician, not a form): its flow asks for the replacement entity, suggesting the
new id of a renamed one, writes it into the entry and reloads it.
"""

from __future__ import annotations

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
import voluptuous as vol

from .bridge_entities import entity_error, registry_id, selector
from .bridge_issues import ISSUE_KEY
from .compat import form_schema
from .const import CONF_HEAT_PUMP, BridgeEntity

try:  # Home Assistant 2026: fix flows have a result type of their own
    from homeassistant.components.repairs import RepairsFlowResult as FixFlowResult  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # Home Assistant 2025.4
    from homeassistant.data_entry_flow import FlowResult as FixFlowResult  # type: ignore[assignment,no-redef,unused-ignore]

CONF_REPLACEMENT = "replacement"


class ReplaceEntityFlow(RepairsFlow):
    """Pick the entity that replaces a removed or renamed one."""

    def __init__(
        self,
        entry: ConfigEntry,
        role: BridgeEntity,
        missing: str,
        renamed_to: str | None,
        part: str | None = None,
    ) -> None:
        """Replace ``missing`` (the entity of ``role`` in ``entry`` or its ``part``)."""
        self._entry = entry
        self._part = part
        self._role = role
        self._missing = missing
        self._renamed_to = renamed_to

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> FixFlowResult:
        """Start with the replacement form (the input here is the issue's id)."""
        return await self.async_step_replace()

    async def async_step_replace(
        self, user_input: dict[str, str] | None = None
    ) -> FixFlowResult:
        """Ask for the replacement; save it and reload the system."""
        errors: dict[str, str] = {}
        if user_input is not None:
            replacement = user_input[CONF_REPLACEMENT]
            error = entity_error(self.hass, self._role, replacement)
            if error is None:
                await self._async_replace(replacement)
                return self.async_create_entry(data={})
            errors[CONF_REPLACEMENT] = error
        return self.async_show_form(
            step_id="replace",
            data_schema=form_schema(
                vol.Schema(
                    {
                        vol.Required(
                            CONF_REPLACEMENT,
                            description={"suggested_value": self._renamed_to},
                        ): selector(self._role)
                    }
                )
            ),
            description_placeholders={
                "system": self._entry.title,
                "entity": self._missing,
            },
            errors=errors,
        )

    async def _async_replace(self, replacement: str) -> None:
        entry = self._entry
        if self._part is not None:
            # The added heat pump keeps its identity (its device) with a new entity.
            part = {**entry.data[self._part], self._role.value: replacement}
            self.hass.config_entries.async_update_entry(
                entry, data={**entry.data, self._part: part}
            )
            await self.hass.config_entries.async_reload(entry.entry_id)
            return
        data = {**entry.data, self._role.value: replacement}
        if self._role is BridgeEntity.CLIMATE:
            self.hass.config_entries.async_update_entry(
                entry, data=data, unique_id=registry_id(self.hass, replacement)
            )
        else:
            self.hass.config_entries.async_update_entry(entry, data=data)
        await self.hass.config_entries.async_reload(entry.entry_id)


async def async_create_fix_flow(
    hass: HomeAssistant,
    issue_id: str,
    data: dict[str, str | int | float | None] | None,
) -> RepairsFlow:
    """Create the fix flow of an issue (a confirmation if its system is gone)."""
    entry_id = (data or {}).get("entry_id")
    entry = (
        hass.config_entries.async_get_entry(entry_id)
        if isinstance(entry_id, str)
        else None
    )
    role = (data or {}).get("role")
    missing = (data or {}).get("entity_id")
    renamed_to = (data or {}).get("renamed_to")
    part = (data or {}).get("part")
    if (
        ISSUE_KEY in issue_id
        and entry is not None
        and role in {member.value for member in BridgeEntity}
        and isinstance(missing, str)
        and (part is None or (part == CONF_HEAT_PUMP and part in entry.data))
    ):
        return ReplaceEntityFlow(
            entry,
            BridgeEntity(str(role)),
            missing,
            renamed_to if isinstance(renamed_to, str) else None,
            None if part is None else CONF_HEAT_PUMP,
        )
    return ConfirmRepairFlow()
