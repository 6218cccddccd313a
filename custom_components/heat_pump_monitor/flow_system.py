"""Config-flow steps that make one system of a thermostat and the heat pump it runs.

A heat pump source (a Kumo unit, or heat pump entities through the bridge) set up
while a thermostat system without a heat pump exists is offered to that system: the
user picks it, or a system of its own. Added to a thermostat, its data goes into the
thermostat's entry (under ``heat_pump``, with its unique id) and the entry reloads.
Reconfiguring such a system offers the thermostat's own reconfiguration, the heat
pump's, and taking the heat pump out again (its device goes; add it anew to watch it
on its own). Steps that edit a source's data read and write it through
``_part_data`` / ``_with_part_data``, so the same steps serve an entry's own source
and its added heat pump.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigFlowResult
from homeassistant.data_entry_flow import AbortFlow
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import voluptuous as vol

from .compat import form_schema
from .const import CONF_HEAT_PUMP, CONF_PART_ID, CONF_SOURCE, DOMAIN, THERMOSTAT_SOURCES
from .sources.factory import heat_pump_data

CONF_SYSTEM: Final = "system"
NEW_SYSTEM: Final = "new"


def source_parts(entry: ConfigEntry) -> Iterator[tuple[str | None, Mapping[str, Any]]]:
    """Yield ``(part, data)`` of each source an entry reads (part None: its own)."""
    yield None, entry.data
    if (data := heat_pump_data(entry.data)) is not None:
        yield CONF_HEAT_PUMP, data


def with_part_data(
    entry: ConfigEntry, part: str | None, data: Mapping[str, Any]
) -> dict[str, Any]:
    """Return the entry's data with one source's data (``part``) replaced."""
    if part is None:
        return dict(data)
    return {**entry.data, part: dict(data)}


class SystemFlow(ConfigFlow):
    """Steps joining a heat pump to a thermostat (a mixin of the config flow)."""

    _part: str | None = None
    """The part of the entry being reauthenticated or reconfigured (None: its own)."""
    _system_title: str = ""
    _system_data: dict[str, Any] | None = None

    def _part_data(self, entry: ConfigEntry) -> Mapping[str, Any]:
        """Return the data of the source being edited."""
        return entry.data if self._part is None else entry.data[self._part]

    def _with_part_data(
        self, entry: ConfigEntry, data: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Return the entry's data with the edited source's data replaced."""
        return with_part_data(entry, self._part, data)

    def _part_ids(self) -> set[str]:
        """Return the unique ids of the heat pumps added to systems."""
        return {
            str(data[CONF_PART_ID])
            for entry in self.hass.config_entries.async_entries(DOMAIN)
            if (data := heat_pump_data(entry.data)) is not None
        }

    def _async_current_ids(self, include_ignore: bool = True) -> set[str | None]:
        """Return the unique ids of the entries and of their added heat pumps."""
        return super()._async_current_ids(include_ignore) | self._part_ids()

    def _abort_if_unique_id_configured(self, *args: Any, **kwargs: Any) -> None:
        """Abort if the unique id is an entry's or an added heat pump's."""
        super()._abort_if_unique_id_configured(*args, **kwargs)
        if self.unique_id in self._part_ids():
            raise AbortFlow(kwargs.get("error", "already_configured"))

    def _thermostat_systems(self) -> list[ConfigEntry]:
        """Return the systems a heat pump can be added to."""
        return [
            entry
            for entry in self._async_current_entries(include_ignore=False)
            if entry.data.get(CONF_SOURCE) in THERMOSTAT_SOURCES
            and heat_pump_data(entry.data) is None
            and entry.unique_id != self.unique_id
        ]

    async def _async_create_heat_pump(
        self, title: str, data: dict[str, Any]
    ) -> ConfigFlowResult:
        """Create a heat pump's system, or first offer it to a thermostat's."""
        if not self._thermostat_systems():
            return self.async_create_entry(title=title, data=data)
        self._system_title, self._system_data = title, data
        return await self.async_step_system()

    async def async_step_system(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask whether the heat pump is part of a thermostat's system."""
        data = self._system_data
        assert data is not None
        systems = {entry.entry_id: entry for entry in self._thermostat_systems()}
        if user_input is not None:
            entry = systems.get(user_input[CONF_SYSTEM])
            if entry is None:
                return self.async_create_entry(title=self._system_title, data=data)
            part = {**data, CONF_PART_ID: self.unique_id}
            return self.async_update_reload_and_abort(
                entry,
                data={**entry.data, CONF_HEAT_PUMP: part},
                reason="heat_pump_added",
            )
        options = [
            SelectOptionDict(value=NEW_SYSTEM, label=NEW_SYSTEM),
            *(
                SelectOptionDict(value=entry_id, label=entry.title)
                for entry_id, entry in systems.items()
            ),
        ]
        return self.async_show_form(
            step_id="system",
            data_schema=form_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_SYSTEM, default=NEW_SYSTEM): SelectSelector(
                            SelectSelectorConfig(
                                options=options,
                                mode=SelectSelectorMode.LIST,
                                translation_key=CONF_SYSTEM,
                            )
                        )
                    }
                )
            ),
            description_placeholders={"name": self._system_title},
        )

    async def async_step_remove_heat_pump(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Take the added heat pump out of the system, after a confirmation."""
        entry = self._get_reconfigure_entry()
        part = heat_pump_data(entry.data)
        if part is None:
            return self.async_abort(reason="no_heat_pump")
        if user_input is None:
            return self.async_show_form(
                step_id="remove_heat_pump",
                description_placeholders={"name": entry.title},
            )
        registry = dr.async_get(self.hass)
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
            if (DOMAIN, str(part[CONF_PART_ID])) in device.identifiers:
                registry.async_update_device(
                    device.id, remove_config_entry_id=entry.entry_id
                )
        data = {
            key: value for key, value in entry.data.items() if key != CONF_HEAT_PUMP
        }
        return self.async_update_reload_and_abort(
            entry, data=data, reason="heat_pump_removed"
        )
