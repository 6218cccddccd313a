"""Config-flow steps of a Kumo indoor unit: add, reconfigure, re-authenticate.

Kumo Cloud account (tested by logging in) -> choose the unit -> its LAN address,
confirmed with an authenticated status query. DHCP discovery (the adapters' MAC
prefixes) starts the same steps with the unit and its address known, or moves a
configured unit to its new address once the unit answers there. The unit's password and crypto
serial come from the cloud where it still delivers them; otherwise (and whenever
the user enters them) from the form. One entry per unit, unique id its serial.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import (
    CONF_HOST,
    CONF_MAC,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_USERNAME,
)
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
import voluptuous as vol

from .api import ApiError, AuthenticationFailed, ConnectionFailed
from .api.kumo_models import KumoAdapter, KumoCredentials
from .api.kumo_token import MalformedCredentials
from .compat import form_schema
from .const import (
    CONF_CRYPTO_SERIAL,
    CONF_SERIAL,
    CONF_SOURCE,
    CONF_UNIT_PASSWORD,
    CONF_UNIT_TYPE,
    LOGGER,
    SourceType,
)
from .flow_system import SystemFlow, source_parts, with_part_data
from .sources.kumo import cloud_client, local_client

_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_PORT = vol.All(vol.Coerce(int), vol.Range(min=1, max=65535))
UNIT_CREDENTIALS = (CONF_UNIT_PASSWORD, CONF_CRYPTO_SERIAL)


def _account_schema(username: str = "") -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_USERNAME, default=username): str,
            vol.Required(CONF_PASSWORD): _SECRET,
        }
    )


def _credential_fields() -> dict[vol.Marker, Any]:
    return {
        vol.Optional(CONF_UNIT_PASSWORD): _SECRET,
        vol.Optional(CONF_CRYPTO_SERIAL): _SECRET,
    }


def _address_fields(defaults: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    return {
        vol.Required(CONF_HOST, default=defaults.get(CONF_HOST, "")): str,
        vol.Optional(
            CONF_PORT, description={"suggested_value": defaults.get(CONF_PORT)}
        ): _PORT,
    }


def _address(user_input: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {CONF_HOST: user_input[CONF_HOST].strip()}
    if user_input.get(CONF_PORT):
        data[CONF_PORT] = int(user_input[CONF_PORT])
    return data


def _typed_credentials(user_input: Mapping[str, Any]) -> dict[str, str] | None:
    """Return the unit credentials the user typed (both, or None)."""
    password = (user_input.get(CONF_UNIT_PASSWORD) or "").strip()
    serial = (user_input.get(CONF_CRYPTO_SERIAL) or "").strip()
    if password and serial:
        return {CONF_UNIT_PASSWORD: password, CONF_CRYPTO_SERIAL: serial}
    return None


class KumoFlow(SystemFlow):
    """Steps of the Kumo source (a mixin of the integration's config flow)."""

    _kumo_account: dict[str, str] | None = None
    _kumo_units: dict[str, tuple[str, KumoAdapter]] | None = None
    """Serial -> (zone name, adapter) of the account's units not yet added."""
    _kumo_serial: str = ""
    _kumo_credentials: KumoCredentials | None = None
    _kumo_discovered: dict[str, str] | None = None
    """Host and MAC of an adapter found by DHCP."""

    async def async_step_dhcp(
        self, discovery_info: DhcpServiceInfo
    ) -> ConfigFlowResult:
        """Move a known unit to its new address, or offer to add a new one."""
        mac = format_mac(discovery_info.macaddress)
        host = discovery_info.ip
        for entry in self._async_current_entries(include_ignore=False):
            for part, data in source_parts(entry):
                if (
                    data.get(CONF_SOURCE) != SourceType.KUMO
                    or format_mac(data.get(CONF_MAC, "")) != mac
                ):
                    continue
                if data.get(CONF_HOST) != host:
                    moved = {**data, CONF_HOST: host}
                    if not await self._kumo_check_unit(moved):
                        self.hass.config_entries.async_update_entry(
                            entry, data=with_part_data(entry, part, moved)
                        )
                        self.hass.config_entries.async_schedule_reload(entry.entry_id)
                return self.async_abort(reason="already_configured")
        await self.async_set_unique_id(f"kumo-adapter-{mac}")
        self._abort_if_unique_id_configured()
        self._kumo_discovered = {CONF_HOST: host, CONF_MAC: mac}
        self.context["title_placeholders"] = {"name": f"Kumo adapter {host}"}
        return await self.async_step_kumo()

    async def async_step_kumo(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the Kumo Cloud account; log in and list its units."""
        errors: dict[str, str] = {}
        if user_input is not None:
            account = {
                CONF_USERNAME: user_input[CONF_USERNAME].strip(),
                CONF_PASSWORD: user_input[CONF_PASSWORD],
            }
            try:
                units = await self._kumo_list_units(account)
            except Exception as err:  # noqa: BLE001 - every error is shown
                errors["base"] = _error_key(err)
            else:
                configured = self._async_current_ids(include_ignore=False)
                self._kumo_account = account
                self._kumo_units = {
                    serial: unit
                    for serial, unit in units.items()
                    if serial not in configured
                }
                if not units:
                    return self.async_abort(reason="no_units")
                if not self._kumo_units:
                    return self.async_abort(reason="already_configured")
                return await self.async_step_kumo_unit()
        return self.async_show_form(
            step_id="kumo",
            data_schema=form_schema(
                _account_schema((user_input or {}).get(CONF_USERNAME, ""))
            ),
            errors=errors,
        )

    async def async_step_kumo_unit(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose the unit when the account has several; fetch its credentials.

        A unit whose adapter DHCP discovery found is chosen without asking.
        """
        units = self._kumo_units or {}
        discovered = (self._kumo_discovered or {}).get(CONF_MAC)
        found = next(
            (
                serial
                for serial, (_name, adapter) in units.items()
                if discovered and adapter.mac and format_mac(adapter.mac) == discovered
            ),
            None,
        )
        if user_input is None and len(units) > 1 and found is None:
            options = [
                SelectOptionDict(value=serial, label=name)
                for serial, (name, _adapter) in units.items()
            ]
            return self.async_show_form(
                step_id="kumo_unit",
                data_schema=form_schema(
                    vol.Schema(
                        {
                            vol.Required(CONF_SERIAL): SelectSelector(
                                SelectSelectorConfig(
                                    options=options, mode=SelectSelectorMode.LIST
                                )
                            )
                        }
                    )
                ),
            )
        if user_input is not None:
            serial = user_input[CONF_SERIAL]
        else:
            serial = found or next(iter(units))
        await self.async_set_unique_id(serial, raise_on_progress=False)
        self._abort_if_unique_id_configured()
        self._kumo_serial = serial
        self._kumo_credentials = await self._kumo_cloud_credentials(serial)
        return await self.async_step_kumo_address()

    async def async_step_kumo_address(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the unit's address (and its credentials if the cloud kept them)."""
        errors: dict[str, str] = {}
        account, units = self._kumo_account, self._kumo_units
        assert account is not None and units is not None
        name, adapter = units[self._kumo_serial]
        if user_input is not None:
            data: dict[str, Any] = {
                CONF_SOURCE: SourceType.KUMO.value,
                **account,
                CONF_SERIAL: self._kumo_serial,
                **_address(user_input),
            }
            typed = _typed_credentials(user_input)
            cloud = self._kumo_credentials
            if typed is not None:
                data.update(typed)
            elif cloud is not None:
                data[CONF_UNIT_PASSWORD] = cloud.password
                data[CONF_CRYPTO_SERIAL] = cloud.crypto_serial
            if CONF_UNIT_PASSWORD not in data:
                errors["base"] = "credentials_needed"
            else:
                errors = await self._kumo_check_unit(data)
            if not errors:
                if adapter.mac:
                    data[CONF_MAC] = adapter.mac
                if adapter.unit_type:
                    data[CONF_UNIT_TYPE] = adapter.unit_type
                return await self._async_create_heat_pump(name, data)
        return self.async_show_form(
            step_id="kumo_address",
            data_schema=form_schema(
                vol.Schema(
                    {
                        **_address_fields(user_input or self._kumo_discovered or {}),
                        **_credential_fields(),
                    }
                )
            ),
            description_placeholders={
                "name": name,
                "credentials": "delivered"
                if self._kumo_credentials is not None
                else "missing",
            },
            errors=errors,
        )

    async def async_step_kumo_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the unit's address (it moved on the network)."""
        entry = self._get_reconfigure_entry()
        current = self._part_data(entry)
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                key: value
                for key, value in current.items()
                if key not in (CONF_HOST, CONF_PORT)
            }
            data.update(_address(user_input))
            errors = await self._kumo_check_unit(data)
            if not errors:
                return self.async_update_reload_and_abort(
                    entry, data=self._with_part_data(entry, data)
                )
        return self.async_show_form(
            step_id="kumo_reconfigure",
            data_schema=form_schema(vol.Schema(_address_fields(user_input or current))),
            description_placeholders={"name": entry.title},
            errors=errors,
        )

    async def async_step_kumo_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Ask again: the cloud or the unit refused the stored credentials."""
        return await self.async_step_kumo_reauth_confirm()

    async def async_step_kumo_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the cloud password (and the unit's credentials, if needed)."""
        entry = self._get_reauth_entry()
        current = self._part_data(entry)
        errors: dict[str, str] = {}
        if user_input is not None:
            account = {
                CONF_USERNAME: current[CONF_USERNAME],
                CONF_PASSWORD: user_input[CONF_PASSWORD],
            }
            data = {**current, **account}
            typed = _typed_credentials(user_input)
            if typed is not None:
                data.update(typed)
            try:
                await cloud_client(self.hass, **_login(account)).async_login()
            except Exception as err:  # noqa: BLE001 - every error is shown
                errors["base"] = _error_key(err)
            else:
                errors = await self._kumo_check_unit(data)
                if errors.get("base") == "invalid_unit_auth" and typed is None:
                    # The cached credentials died (a new adapter?): ask the cloud.
                    fresh = await self._kumo_cloud_credentials(
                        current[CONF_SERIAL], account
                    )
                    if fresh is not None:
                        data[CONF_UNIT_PASSWORD] = fresh.password
                        data[CONF_CRYPTO_SERIAL] = fresh.crypto_serial
                        errors = await self._kumo_check_unit(data)
            if not errors:
                return self.async_update_reload_and_abort(
                    entry, data=self._with_part_data(entry, data)
                )
        return self.async_show_form(
            step_id="kumo_reauth_confirm",
            data_schema=form_schema(
                vol.Schema(
                    {vol.Required(CONF_PASSWORD): _SECRET, **_credential_fields()}
                )
            ),
            description_placeholders={
                "name": entry.title,
                "username": current[CONF_USERNAME],
            },
            errors=errors,
        )

    async def _kumo_list_units(
        self, account: Mapping[str, str]
    ) -> dict[str, tuple[str, KumoAdapter]]:
        cloud = cloud_client(self.hass, **_login(account))
        units: dict[str, tuple[str, KumoAdapter]] = {}
        for site in await cloud.async_sites():
            for zone in await cloud.async_zones(site.id):
                if zone.adapter is not None:
                    units[zone.adapter.serial] = (zone.name, zone.adapter)
        return units

    async def _kumo_cloud_credentials(
        self, serial: str, account: Mapping[str, str] | None = None
    ) -> KumoCredentials | None:
        """Return the unit's credentials from the cloud; None if it keeps them back."""
        account = account or self._kumo_account
        assert account is not None
        try:
            cloud = cloud_client(self.hass, **_login(account))
            return (await cloud.async_credentials([serial]))[serial]
        except ApiError as err:
            LOGGER.info("Kumo Cloud did not deliver the unit's credentials: %s", err)
            return None

    async def _kumo_check_unit(self, data: Mapping[str, Any]) -> dict[str, str]:
        """Query the unit's status with ``data``; return the form errors (none: ok)."""
        try:
            await local_client(self.hass, data).async_status()
        except MalformedCredentials:
            return {"base": "malformed_unit_credentials"}
        except AuthenticationFailed:
            return {"base": "invalid_unit_auth"}
        except ConnectionFailed:
            return {"base": "unit_unreachable"}
        except ApiError:
            return {"base": "unit_invalid_response"}
        except Exception:  # noqa: BLE001 - the form shows it; the log has the trace
            LOGGER.exception("Unexpected error reading the Kumo unit")
            return {"base": "unknown"}
        return {}


def _login(account: Mapping[str, str]) -> dict[str, str]:
    return {"username": account[CONF_USERNAME], "password": account[CONF_PASSWORD]}


def _error_key(err: Exception) -> str:
    """Return the form error for a cloud ``err`` (logging the unexpected ones)."""
    if isinstance(err, AuthenticationFailed):
        return "kumo_invalid_auth"
    if isinstance(err, ApiError):
        return "kumo_cloud_unreachable"
    LOGGER.exception("Unexpected error at Kumo Cloud", exc_info=err)
    return "unknown"
