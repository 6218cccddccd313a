"""Config-flow steps of an ecobee thermostat: add (PIN authorization) and reauthenticate.

Application key -> a PIN the user enters in the ecobee portal -> the user confirms
-> choose the thermostat when the account has several. The entry keeps the key, the
newest refresh token and the thermostat's identifier (also its unique id).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH, ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_API_KEY
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import voluptuous as vol

from .api import ApiError, AuthenticationFailed
from .api.ecobee import (
    PORTAL_URL,
    AuthorizationExpired,
    AuthorizationPending,
    EcobeeClient,
)
from .api.ecobee_models import EcobeePin
from .compat import form_schema
from .const import (
    CONF_REFRESH_TOKEN,
    CONF_SOURCE,
    CONF_THERMOSTAT_ID,
    LOGGER,
    SourceType,
)
from .sources.ecobee import client_for

_KEY_SCHEMA = vol.Schema({vol.Required(CONF_API_KEY): str})


class EcobeeFlow(ConfigFlow):
    """Steps of the ecobee source (a mixin of the integration's config flow)."""

    _ecobee_client: EcobeeClient | None = None
    _ecobee_pin: EcobeePin | None = None
    _ecobee_key: str = ""
    _ecobee_thermostats: dict[str, str] | None = None
    """Identifier -> name of the account's thermostats."""

    async def async_step_ecobee(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the application key, then show a PIN."""
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = await self._ecobee_new_pin(user_input[CONF_API_KEY].strip())
            if not errors:
                return await self.async_step_ecobee_authorize()
        return self.async_show_form(
            step_id="ecobee",
            data_schema=self.add_suggested_values_to_schema(
                form_schema(_KEY_SCHEMA), user_input
            ),
            errors=errors,
        )

    async def async_step_ecobee_authorize(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the PIN; on submit, check that the user entered it."""
        client, pin = self._ecobee_client, self._ecobee_pin
        assert client is not None and pin is not None
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                if client.refresh_token is None:
                    await client.async_authorize(pin.code)
                summary = await client.async_summary()
            except (AuthorizationExpired, AuthenticationFailed):
                # The PIN died (or its code was refused): show a new one.
                errors = await self._ecobee_new_pin(self._ecobee_key) or {
                    "base": "authorization_expired"
                }
            except Exception as err:  # noqa: BLE001 - every error is shown
                errors["base"] = _error_key(err)
            else:
                self._ecobee_thermostats = {
                    revision.identifier: revision.name for revision in summary.revisions
                }
                return await self.async_step_ecobee_thermostat()
        pin = self._ecobee_pin
        assert pin is not None
        return self.async_show_form(
            step_id="ecobee_authorize",
            errors=errors,
            description_placeholders={
                "pin": pin.pin,
                "url": PORTAL_URL,
                "minutes": str(pin.expires_in_min),
            },
        )

    async def async_step_ecobee_thermostat(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose the thermostat when the account has more than one."""
        thermostats = self._ecobee_thermostats or {}
        if self.source == SOURCE_REAUTH:
            return self._ecobee_reauthorized(thermostats)
        if not thermostats:
            return self.async_abort(reason="no_thermostats")
        if user_input is None and len(thermostats) > 1:
            options = [
                SelectOptionDict(value=identifier, label=name)
                for identifier, name in thermostats.items()
            ]
            return self.async_show_form(
                step_id="ecobee_thermostat",
                data_schema=form_schema(
                    vol.Schema(
                        {
                            vol.Required(CONF_THERMOSTAT_ID): SelectSelector(
                                SelectSelectorConfig(
                                    options=options, mode=SelectSelectorMode.LIST
                                )
                            )
                        }
                    )
                ),
            )
        identifier = (
            user_input[CONF_THERMOSTAT_ID] if user_input else next(iter(thermostats))
        )
        await self.async_set_unique_id(identifier)
        self._abort_if_unique_id_configured()
        client = self._ecobee_client
        assert client is not None
        return self.async_create_entry(
            title=thermostats[identifier],
            data={
                CONF_SOURCE: SourceType.ECOBEE.value,
                CONF_API_KEY: self._ecobee_key,
                CONF_REFRESH_TOKEN: client.refresh_token,
                CONF_THERMOSTAT_ID: identifier,
            },
        )

    async def async_step_ecobee_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Ecobee refused the tokens: authorize with a new PIN."""
        return await self.async_step_ecobee_reauth_confirm()

    async def async_step_ecobee_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Explain, then show a new PIN for the entry's application key."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = await self._ecobee_new_pin(entry.data[CONF_API_KEY])
            if not errors:
                return await self.async_step_ecobee_authorize()
        return self.async_show_form(
            step_id="ecobee_reauth_confirm",
            errors=errors,
            description_placeholders={"name": entry.title},
        )

    def _ecobee_reauthorized(self, thermostats: Mapping[str, str]) -> ConfigFlowResult:
        entry = self._get_reauth_entry()
        if entry.data[CONF_THERMOSTAT_ID] not in thermostats:
            return self.async_abort(reason="wrong_account")
        client = self._ecobee_client
        assert client is not None
        return self.async_update_reload_and_abort(
            entry,
            data_updates={
                CONF_API_KEY: self._ecobee_key,
                CONF_REFRESH_TOKEN: client.refresh_token,
            },
        )

    async def _ecobee_new_pin(self, api_key: str) -> dict[str, str]:
        """Request a PIN with ``api_key``; return the form errors (none: success)."""
        try:
            client = client_for(self.hass, api_key)
            pin = await client.async_request_pin()
        except Exception as err:  # noqa: BLE001 - every error is shown
            return {"base": _error_key(err)}
        self._ecobee_key, self._ecobee_client, self._ecobee_pin = api_key, client, pin
        return {}


def _error_key(err: Exception) -> str:
    """Return the form error for ``err`` (logging the unexpected ones)."""
    if isinstance(err, AuthorizationPending):
        return "authorization_pending"
    if isinstance(err, AuthenticationFailed):
        return "invalid_api_key"
    if isinstance(err, ApiError):
        return "cloud_unreachable"
    LOGGER.exception("Unexpected error while authorizing at ecobee", exc_info=err)
    return "unknown"
