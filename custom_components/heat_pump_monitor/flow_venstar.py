"""Config-flow steps of a Venstar thermostat: add, discover, reconfigure, reauthenticate.

Every step reads the thermostat (``GET /`` and ``/query/info``) before it saves.
The local API has no serial number. A thermostat found by SSDP (it answers
``venstar:thermostat:ecp`` with its base URL, and its MAC in the USN) is known by its
MAC: its unique id is made of it, and a known thermostat seen at a new address moves
there once it answers there. One added by hand gets a unique id made once at
creation (and learns its MAC when SSDP sees it at its address); the same host and
port cannot be added twice.
"""

from __future__ import annotations

from collections.abc import Mapping
import re
from typing import Any
from urllib.parse import unquote
import uuid

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import (
    CONF_HOST,
    CONF_MAC,
    CONF_PASSWORD,
    CONF_PIN,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.selector import (
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.ssdp import SsdpServiceInfo
import voluptuous as vol
from yarl import URL

from .api import AuthenticationFailed, ConnectionFailed, InvalidResponse
from .api.venstar import VenstarInfo
from .compat import form_schema
from .const import CONF_SOURCE, LOGGER, SourceType
from .sources.venstar import client_from_entry

CREDENTIALS = (CONF_USERNAME, CONF_PASSWORD, CONF_PIN)
PIN_DIGITS = 4
_USN_MAC = re.compile(r"(?i)(?<![0-9a-f])((?:[0-9a-f]{2}:){5}[0-9a-f]{2})(?![0-9a-f])")
_USN_NAME = re.compile(r":name:(?P<name>[^:]*)")
_PASSWORD = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))


def _connection_schema(defaults: Mapping[str, Any]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_HOST, default=defaults.get(CONF_HOST, "")): str,
            vol.Optional(
                CONF_PORT,
                description={"suggested_value": defaults.get(CONF_PORT)},
            ): vol.All(vol.Coerce(int), vol.Range(min=1, max=65535)),
            vol.Required(CONF_SSL, default=defaults.get(CONF_SSL, False)): bool,
            vol.Required(
                CONF_VERIFY_SSL, default=defaults.get(CONF_VERIFY_SSL, True)
            ): bool,
            **_credentials_fields(defaults),
        }
    )


def _credentials_fields(defaults: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    return {
        vol.Optional(
            CONF_USERNAME, description={"suggested_value": defaults.get(CONF_USERNAME)}
        ): str,
        vol.Optional(CONF_PASSWORD): _PASSWORD,
        vol.Optional(CONF_PIN): _PASSWORD,
    }


def _connection(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the fields the entry stores (empty credentials are left out)."""
    data: dict[str, Any] = {
        CONF_HOST: user_input[CONF_HOST].strip(),
        CONF_SSL: user_input[CONF_SSL],
        CONF_VERIFY_SSL: user_input[CONF_VERIFY_SSL],
    }
    if user_input.get(CONF_PORT):
        data[CONF_PORT] = int(user_input[CONF_PORT])
    for key in CREDENTIALS:
        if user_input.get(key):
            data[key] = user_input[key]
    return data


def _format_errors(data: Mapping[str, Any]) -> dict[str, str]:
    """Return the fields no thermostat could accept (a URL as host, a long PIN)."""
    errors: dict[str, str] = {}
    try:
        URL.build(scheme="http", host=data[CONF_HOST])
    except ValueError:
        errors[CONF_HOST] = "invalid_host"
    pin = data.get(CONF_PIN)
    if pin is not None and not (pin.isdecimal() and len(pin) <= PIN_DIGITS):
        errors[CONF_PIN] = "invalid_pin"
    return errors


def _discovered(info: SsdpServiceInfo) -> tuple[dict[str, Any], str | None, str]:
    """Return the connection, MAC and name an SSDP reply describes."""
    url = URL(info.ssdp_location or "")
    connection: dict[str, Any] = {
        CONF_HOST: url.host or "",
        CONF_SSL: url.scheme == "https",
    }
    if url.explicit_port is not None:
        connection[CONF_PORT] = url.explicit_port
    mac = _USN_MAC.search(info.ssdp_usn)
    name = _USN_NAME.search(info.ssdp_usn)
    return (
        connection,
        format_mac(mac.group(1)) if mac else None,
        unquote(name.group("name")) if name and name.group("name") else "",
    )


class VenstarFlow(ConfigFlow):
    """Config-flow steps of a Venstar thermostat."""

    _venstar_discovered: dict[str, Any] | None = None
    """Connection and MAC of a thermostat found by SSDP."""

    async def _async_read_thermostat(
        self, data: Mapping[str, Any]
    ) -> tuple[VenstarInfo | None, dict[str, str]]:
        """Read the thermostat ``data`` describes; return its info or form errors."""
        errors = _format_errors(data)
        if errors:
            return None, errors
        client = client_from_entry(self.hass, data)
        try:
            await client.async_root()
            return await client.async_info(), {}
        except AuthenticationFailed:
            return None, {"base": "invalid_auth"}
        except ConnectionFailed:
            return None, {"base": "cannot_connect"}
        except InvalidResponse as err:
            if err.field == "api_ver":
                return None, {"base": "unsupported_api"}
            if err.field == "error":
                return None, {"base": "thermostat_refused"}
            return None, {"base": "invalid_response"}
        except Exception:  # noqa: BLE001 - the form shows it; the log has the trace
            LOGGER.exception("Unexpected error reading the Venstar thermostat")
            return None, {"base": "unknown"}

    def _host_configured(
        self, data: Mapping[str, Any], *, ignore_entry: str | None = None
    ) -> bool:
        """Whether another Venstar entry reads the same host and port."""
        return any(
            entry.entry_id != ignore_entry
            and entry.data.get(CONF_SOURCE) == SourceType.VENSTAR
            and entry.data.get(CONF_HOST) == data[CONF_HOST]
            and entry.data.get(CONF_PORT) == data.get(CONF_PORT)
            for entry in self._async_current_entries(include_ignore=False)
        )

    async def async_step_ssdp(
        self, discovery_info: SsdpServiceInfo
    ) -> ConfigFlowResult:
        """Move a known thermostat to its new address, or offer to add a new one."""
        connection, mac, name = _discovered(discovery_info)
        if not connection[CONF_HOST]:
            return self.async_abort(reason="not_venstar")
        for entry in self._async_current_entries(include_ignore=False):
            if entry.data.get(CONF_SOURCE) != SourceType.VENSTAR:
                continue
            if mac is not None and entry.data.get(CONF_MAC) == mac:
                moved = {
                    key: value for key, value in entry.data.items() if key != CONF_PORT
                } | connection
                if moved != dict(entry.data):
                    info, errors = await self._async_read_thermostat(moved)
                    if info is not None and not errors:
                        self.hass.config_entries.async_update_entry(entry, data=moved)
                        self.hass.config_entries.async_schedule_reload(entry.entry_id)
                return self.async_abort(reason="already_configured")
            if entry.data.get(CONF_HOST) == connection[CONF_HOST]:
                if mac is not None and CONF_MAC not in entry.data:
                    self.hass.config_entries.async_update_entry(
                        entry, data={**entry.data, CONF_MAC: mac}
                    )
                return self.async_abort(reason="already_configured")
        if mac is not None:
            await self.async_set_unique_id(f"venstar-{mac}")
            self._abort_if_unique_id_configured()
        self._venstar_discovered = {**connection, CONF_MAC: mac}
        self.context["title_placeholders"] = {"name": name or connection[CONF_HOST]}
        return await self.async_step_venstar()

    async def async_step_venstar(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask where the thermostat is and how to log in; read it before saving."""
        errors: dict[str, str] = {}
        discovered = self._venstar_discovered or {}
        if user_input is not None:
            data = _connection(user_input)
            if self._host_configured(data):
                return self.async_abort(reason="already_configured")
            info, errors = await self._async_read_thermostat(data)
            if info is not None:
                mac = discovered.get(CONF_MAC)
                if mac is not None:
                    data[CONF_MAC] = mac
                else:
                    await self.async_set_unique_id(f"venstar-{uuid.uuid4().hex[:12]}")
                return self.async_create_entry(
                    title=info.name,
                    data={CONF_SOURCE: SourceType.VENSTAR.value, **data},
                )
        return self.async_show_form(
            step_id="venstar",
            data_schema=form_schema(_connection_schema(user_input or discovered)),
            errors=errors,
        )

    async def async_step_venstar_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the thermostat's address, protocol or credentials."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = _connection(user_input)
            if self._host_configured(data, ignore_entry=entry.entry_id):
                return self.async_abort(reason="already_configured")
            info, errors = await self._async_read_thermostat(data)
            if info is not None:
                return self.async_update_reload_and_abort(
                    entry, data={CONF_SOURCE: SourceType.VENSTAR.value, **data}
                )
        return self.async_show_form(
            step_id="venstar_reconfigure",
            data_schema=form_schema(_connection_schema(user_input or entry.data)),
            errors=errors,
        )

    async def async_step_venstar_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Ask for new credentials: the thermostat refused the stored ones."""
        return await self.async_step_venstar_reauth_confirm()

    async def async_step_venstar_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the user name, password and PIN the thermostat now expects."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                key: value
                for key, value in entry.data.items()
                if key not in CREDENTIALS
            }
            data.update(
                {key: user_input[key] for key in CREDENTIALS if user_input.get(key)}
            )
            info, errors = await self._async_read_thermostat(data)
            if info is not None:
                return self.async_update_reload_and_abort(entry, data=data)
        return self.async_show_form(
            step_id="venstar_reauth_confirm",
            data_schema=form_schema(
                vol.Schema(_credentials_fields(user_input or entry.data))
            ),
            description_placeholders={"host": entry.data[CONF_HOST]},
            errors=errors,
        )
