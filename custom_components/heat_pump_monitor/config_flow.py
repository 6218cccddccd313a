"""Config and options flows: add a heat pump system and tune its thresholds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
import uuid

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import dt as dt_util
import voluptuous as vol

from .compat import form_schema
from .const import (
    CONF_CLIMATE,
    CONF_FAULT_DURATION_H,
    CONF_FAULT_START_H,
    CONF_HEAT_PUMP,
    CONF_REAUTH_PART,
    CONF_SCENARIO,
    CONF_SEASON,
    CONF_SEED,
    CONF_SIM_START,
    CONF_SOURCE,
    CONF_SPEED,
    DEFAULT_FAULT_DURATION_H,
    DEFAULT_FAULT_START_H,
    DEFAULT_SPEED,
    DOMAIN,
    SCENARIO_NONE,
    Season,
    SourceType,
)
from .flow_bridge import BridgeFlow
from .flow_ecobee import EcobeeFlow
from .flow_kumo import KumoFlow
from .flow_system import SystemFlow
from .flow_venstar import VenstarFlow
from .options import (
    notifications_schema,
    notify_services_from_form,
    options_from_form,
    options_schema,
)
from .phone_notifications import CONF_NOTIFY_SERVICES
from .simulator import Climate, FaultKind
from .sources.factory import heat_pump_data

RECONFIGURABLE = frozenset({SourceType.VENSTAR, SourceType.KUMO, SourceType.BRIDGE})


def _dropdown(key: str, options: list[str]) -> SelectSelector:
    return SelectSelector(
        SelectSelectorConfig(
            options=options, translation_key=key, mode=SelectSelectorMode.DROPDOWN
        )
    )


def _box(maximum: float, step: float, unit: str, minimum: float = 0) -> NumberSelector:
    return NumberSelector(
        NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=step,
            unit_of_measurement=unit,
            mode=NumberSelectorMode.BOX,
        )
    )


SIMULATED_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME, default="Simulated heat pump"): TextSelector(),
        vol.Required(CONF_CLIMATE, default=Climate.COLD.value): _dropdown(
            CONF_CLIMATE, [climate.value for climate in Climate]
        ),
        vol.Required(CONF_SEASON, default=Season.WINTER.value): _dropdown(
            CONF_SEASON, [season.value for season in Season]
        ),
        vol.Required(CONF_SCENARIO, default=SCENARIO_NONE): _dropdown(
            CONF_SCENARIO, [SCENARIO_NONE, *(fault.value for fault in FaultKind)]
        ),
        vol.Required(CONF_FAULT_START_H, default=DEFAULT_FAULT_START_H): _box(
            720, 0.5, "h"
        ),
        vol.Required(CONF_FAULT_DURATION_H, default=DEFAULT_FAULT_DURATION_H): _box(
            720, 0.5, "h"
        ),
        vol.Required(CONF_SPEED, default=DEFAULT_SPEED): _box(3600, 1, "x", minimum=1),
    }
)


class HeatPumpMonitorConfigFlow(
    EcobeeFlow, VenstarFlow, KumoFlow, BridgeFlow, SystemFlow, ConfigFlow, domain=DOMAIN
):
    """Add one heat pump system.

    Each source's steps live in its own ``flow_<source>`` module; reauthentication and
    reconfiguration go to the steps of the entry's source, or of the heat pump added
    to it (``flow_system``).
    """

    VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> HeatPumpOptionsFlow:
        """Thresholds of the anomaly engine."""
        return HeatPumpOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose where the system's data comes from."""
        return self.async_show_menu(
            step_id="user", menu_options=[source.value for source in SourceType]
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Ask for new credentials of the source that refused them."""
        if entry_data.get(CONF_REAUTH_PART) == CONF_HEAT_PUMP:
            part = heat_pump_data(entry_data)
            if part is not None and part.get(CONF_SOURCE) == SourceType.KUMO:
                self._part = CONF_HEAT_PUMP
                return await self.async_step_kumo_reauth(part)
            return self.async_abort(reason="reauth_not_supported")
        if entry_data.get(CONF_SOURCE) == SourceType.ECOBEE:
            return await self.async_step_ecobee_reauth(entry_data)
        if entry_data.get(CONF_SOURCE) == SourceType.VENSTAR:
            return await self.async_step_venstar_reauth(entry_data)
        if entry_data.get(CONF_SOURCE) == SourceType.KUMO:
            return await self.async_step_kumo_reauth(entry_data)
        return self.async_abort(reason="reauth_not_supported")

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change where the entry's source is reached (or its added heat pump)."""
        entry = self._get_reconfigure_entry()
        if heat_pump_data(entry.data) is None:
            return await self.async_step_reconfigure_thermostat(user_input)
        own = entry.data.get(CONF_SOURCE) in RECONFIGURABLE
        return self.async_show_menu(
            step_id="reconfigure",
            menu_options=[
                *(["reconfigure_thermostat"] if own else []),
                "reconfigure_heat_pump",
                "remove_heat_pump",
            ],
            description_placeholders={"name": entry.title},
        )

    async def async_step_reconfigure_thermostat(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change where the entry's own source is reached."""
        self._part = None
        source = self._get_reconfigure_entry().data.get(CONF_SOURCE)
        return await self._async_reconfigure_source(source, user_input)

    async def async_step_reconfigure_heat_pump(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change where the added heat pump is reached."""
        self._part = CONF_HEAT_PUMP
        part = heat_pump_data(self._get_reconfigure_entry().data) or {}
        return await self._async_reconfigure_source(part.get(CONF_SOURCE), user_input)

    async def _async_reconfigure_source(
        self, source: object, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        if source == SourceType.VENSTAR:
            return await self.async_step_venstar_reconfigure(user_input)
        if source == SourceType.KUMO:
            return await self.async_step_kumo_reconfigure(user_input)
        if source == SourceType.BRIDGE:
            return await self.async_step_bridge_reconfigure(user_input)
        return self.async_abort(reason="reconfigure_not_supported")

    async def async_step_simulated(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Configure a simulated heat pump: no hardware needed."""
        if user_input is None:
            return self.async_show_form(
                step_id=SourceType.SIMULATED.value,
                data_schema=form_schema(SIMULATED_SCHEMA),
            )
        identity = uuid.uuid4()
        await self.async_set_unique_id(f"SIM-{identity.hex[:12].upper()}")
        self._abort_if_unique_id_configured()
        return self.async_create_entry(
            title=user_input[CONF_NAME],
            data={
                CONF_SOURCE: SourceType.SIMULATED.value,
                CONF_CLIMATE: user_input[CONF_CLIMATE],
                CONF_SEASON: user_input[CONF_SEASON],
                CONF_SCENARIO: user_input[CONF_SCENARIO],
                CONF_FAULT_START_H: float(user_input[CONF_FAULT_START_H]),
                CONF_FAULT_DURATION_H: float(user_input[CONF_FAULT_DURATION_H]),
                CONF_SPEED: float(user_input[CONF_SPEED]),
                CONF_SEED: identity.int % 2**31,
                CONF_SIM_START: dt_util.utcnow().isoformat(),
            },
        )


class HeatPumpOptionsFlow(OptionsFlow):
    """Change the engine thresholds of a system."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form with every threshold, in collapsed sections."""
        unit = self.hass.config.units.temperature_unit
        if user_input is not None:
            return self.async_create_entry(
                data={
                    **self.config_entry.options,
                    **options_from_form(user_input, unit),
                    CONF_NOTIFY_SERVICES: notify_services_from_form(user_input),
                }
            )
        available = [
            name
            for name in self.hass.services.async_services_for_domain("notify")
            if name not in ("notify", "persistent_notification", "send_message")
        ]
        chosen = list(self.config_entry.options.get(CONF_NOTIFY_SERVICES, []))
        schema = options_schema(self.config_entry.options, unit).extend(
            notifications_schema(available, chosen).schema
        )
        return self.async_show_form(step_id="init", data_schema=form_schema(schema))
