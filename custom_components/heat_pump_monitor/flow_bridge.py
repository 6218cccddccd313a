"""Config-flow steps of a heat pump already in Home Assistant: add, reconfigure.

Climate entity -> optional sensors (outdoor, supply and return air temperature,
outdoor-unit, indoor-unit or total power, defrost indicator, compressor frequency,
error code), the fitting entities of the climate's own device suggested. One entry
per climate entity, unique id its entity registry id (it survives renames).
Reconfiguring changes the optional picks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigFlowResult
import voluptuous as vol

from .bridge_entities import (
    OPTIONAL,
    entity_error,
    picks,
    registry_id,
    selector,
    suggestions,
)
from .compat import form_schema
from .const import CONF_PART_ID, CONF_SOURCE, BridgeEntity, SourceType
from .flow_system import SystemFlow


def _sensor_schema(defaults: Mapping[BridgeEntity, str]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Optional(
                role.value, description={"suggested_value": defaults.get(role)}
            ): selector(role)
            for role in OPTIONAL
        }
    )


class BridgeFlow(SystemFlow):
    """Steps of the entity bridge source (a mixin of the integration's config flow)."""

    _bridge_climate: str = ""

    async def async_step_bridge(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose the climate entity of the heat pump."""
        errors: dict[str, str] = {}
        if user_input is not None:
            climate = user_input[BridgeEntity.CLIMATE.value]
            error = entity_error(self.hass, BridgeEntity.CLIMATE, climate)
            if error is None:
                await self.async_set_unique_id(registry_id(self.hass, climate))
                self._abort_if_unique_id_configured()
                self._bridge_climate = climate
                return await self.async_step_bridge_sensors()
            errors[BridgeEntity.CLIMATE.value] = error
        return self.async_show_form(
            step_id="bridge",
            data_schema=form_schema(
                vol.Schema(
                    {
                        vol.Required(BridgeEntity.CLIMATE.value): selector(
                            BridgeEntity.CLIMATE
                        )
                    }
                )
            ),
            errors=errors,
        )

    async def async_step_bridge_sensors(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose the optional entities; those of the climate's device are suggested."""
        climate = self._bridge_climate
        errors: dict[str, str] = {}
        chosen: Mapping[BridgeEntity, str] = suggestions(self.hass, climate)
        if user_input is not None:
            chosen = picks(user_input)
            errors = self._bridge_errors(chosen)
            if not errors:
                state = self.hass.states.get(climate)
                return await self._async_create_heat_pump(
                    climate if state is None else state.name, _data(climate, chosen)
                )
        return self.async_show_form(
            step_id="bridge_sensors",
            data_schema=form_schema(_sensor_schema(chosen)),
            description_placeholders={"climate": climate},
            errors=errors,
        )

    async def async_step_bridge_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the optional entities of the system."""
        entry = self._get_reconfigure_entry()
        current = self._part_data(entry)
        climate = current[BridgeEntity.CLIMATE.value]
        errors: dict[str, str] = {}
        chosen: Mapping[BridgeEntity, str] = picks(current)
        if user_input is not None:
            chosen = picks(user_input)
            errors = self._bridge_errors(chosen)
            if not errors:
                data = _data(climate, chosen)
                if CONF_PART_ID in current:  # an added heat pump keeps its identity
                    data[CONF_PART_ID] = current[CONF_PART_ID]
                return self.async_update_reload_and_abort(
                    entry, data=self._with_part_data(entry, data)
                )
        return self.async_show_form(
            step_id="bridge_reconfigure",
            data_schema=form_schema(_sensor_schema(chosen)),
            description_placeholders={"climate": climate, "name": entry.title},
            errors=errors,
        )

    def _bridge_errors(self, chosen: Mapping[BridgeEntity, str]) -> dict[str, str]:
        """Return the form errors of the picked entities (none: all usable)."""
        errors: dict[str, str] = {}
        for role, entity_id in chosen.items():
            if (error := entity_error(self.hass, role, entity_id)) is not None:
                errors[role.value] = error
        if BridgeEntity.OUTDOOR_POWER in chosen and BridgeEntity.TOTAL_POWER in chosen:
            errors[BridgeEntity.TOTAL_POWER.value] = "power_overlap"
        return errors


def _data(climate: str, chosen: Mapping[BridgeEntity, str]) -> dict[str, str]:
    return {
        CONF_SOURCE: SourceType.BRIDGE.value,
        BridgeEntity.CLIMATE.value: climate,
        **{role.value: entity_id for role, entity_id in chosen.items()},
    }
