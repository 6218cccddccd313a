"""Adding, reconfiguring and re-authenticating a Venstar thermostat."""

from __future__ import annotations

from asyncio import AbstractEventLoop
from pathlib import Path
from typing import Any
from unittest.mock import patch

from aiohttp.test_utils import TestServer
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import venstar_entry
from .fakes.loopback import self_signed_context
from .fakes.venstar import FakeVenstar


async def _venstar_form(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert "venstar" in result["menu_options"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "venstar"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "venstar"
    return str(result["flow_id"])


def _form(fake: FakeVenstar, **extra: Any) -> dict[str, Any]:
    return {
        "host": "127.0.0.1",
        "port": fake.port,
        "ssl": False,
        "verify_ssl": True,
        **extra,
    }


async def test_add_a_thermostat(hass: HomeAssistant, fake_venstar: FakeVenstar) -> None:
    """The thermostat is read before the entry is made; its name is the title."""
    flow_id = await _venstar_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(fake_venstar)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Hallway"
    assert result["data"] == {
        "source": "venstar",
        "host": "127.0.0.1",
        "port": fake_venstar.port,
        "ssl": False,
        "verify_ssl": True,
    }
    entry = result["result"]
    assert entry.unique_id.startswith("venstar-")
    assert fake_venstar.requests["/"] >= 1
    assert fake_venstar.requests["/query/info"] >= 1


async def test_credentials_are_kept(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """Digest credentials and the PIN are tested and stored."""
    fake_venstar.username, fake_venstar.password = "admin", "s3cret"
    fake_venstar.pin = "0042"
    flow_id = await _venstar_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(fake_venstar, username="admin", password="s3cret", pin="0042")
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["password"] == "s3cret"
    assert result["data"]["pin"] == "0042"


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        ("unreachable", "cannot_connect"),
        ("wrong_password", "invalid_auth"),
        ("api_ver_2", "unsupported_api"),
        ("wrong_pin", "thermostat_refused"),
        ("html", "invalid_response"),
    ],
)
async def test_errors_then_success(
    hass: HomeAssistant, fake_venstar: FakeVenstar, setup: str, error: str
) -> None:
    """Each failure shows its error on the form; fixing it creates the entry."""
    form = _form(fake_venstar)
    if setup == "unreachable":
        form["port"] = 1
    elif setup == "wrong_password":
        fake_venstar.username, fake_venstar.password = "admin", "s3cret"
        form.update(username="admin", password="wrong")
    elif setup == "wrong_pin":
        fake_venstar.pin = "1234"
        form["pin"] = "9999"
    else:
        fake_venstar.misbehave(setup, times=1)
    flow_id = await _venstar_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, form)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    fixed = _form(fake_venstar)
    if setup == "wrong_password":
        fixed.update(username="admin", password="s3cret")
    elif setup == "wrong_pin":
        fixed["pin"] = "1234"
    result = await hass.config_entries.flow.async_configure(flow_id, fixed)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("host", "http://127.0.0.1", "invalid_host"),
        ("host", "127.0.0.1:80", "invalid_host"),
        ("pin", "12a4", "invalid_pin"),
        ("pin", "12345", "invalid_pin"),
    ],
)
async def test_unusable_fields_are_named(
    hass: HomeAssistant, fake_venstar: FakeVenstar, field: str, value: str, error: str
) -> None:
    """A URL typed as host or a PIN that is no PIN is refused before any request."""
    flow_id = await _venstar_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(fake_venstar, **{field: value})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert sum(fake_venstar.requests.values()) == 0


async def test_unexpected_error_is_unknown(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """A bug shows the unknown error instead of a broken form."""
    flow_id = await _venstar_form(hass)
    with patch(
        "custom_components.heat_pump_monitor.api.venstar.VenstarClient.async_info",
        side_effect=RuntimeError("boom"),
    ):
        result = await hass.config_entries.flow.async_configure(
            flow_id, _form(fake_venstar)
        )
    assert result["errors"] == {"base": "unknown"}


async def test_https_with_a_self_signed_certificate(
    hass: HomeAssistant, fake_venstar: FakeVenstar, tmp_path: Path
) -> None:
    """A self-signed thermostat is refused unless the user accepts its certificate."""
    fake_venstar.username, fake_venstar.password = "admin", "s3cret"
    server = TestServer(fake_venstar.app, host="127.0.0.1")
    await server.start_server(ssl=self_signed_context(tmp_path))
    # The refused handshake resets the fake's side of the connection; that is the
    # point here, not an error of the test.
    handler = hass.loop.get_exception_handler()
    assert handler is not None

    def ignore_resets(loop: AbstractEventLoop, context: dict[str, Any]) -> None:
        if not isinstance(context.get("exception"), ConnectionResetError):
            handler(loop, context)

    hass.loop.set_exception_handler(ignore_resets)
    try:
        form = _form(fake_venstar, port=server.port, ssl=True)
        form.update(username="admin", password="s3cret")
        flow_id = await _venstar_form(hass)
        result = await hass.config_entries.flow.async_configure(flow_id, form)
        assert result["errors"] == {"base": "cannot_connect"}
        form["verify_ssl"] = False
        result = await hass.config_entries.flow.async_configure(flow_id, form)
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert result["data"]["ssl"] is True
        assert result["data"]["verify_ssl"] is False
    finally:
        hass.loop.set_exception_handler(handler)
        await server.close()


async def test_same_thermostat_twice_aborts(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """The same host and port cannot be added twice."""
    venstar_entry(fake_venstar).add_to_hass(hass)
    flow_id = await _venstar_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(fake_venstar)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_moves_the_host(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """A new address is tested, then saved and the entry reloaded."""
    entry = venstar_entry(fake_venstar, port=1)
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "venstar_reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _form(fake_venstar, port=2)
    )
    assert result["errors"] == {"base": "cannot_connect"}
    # Without a port: the standard HTTP port, where this thermostat is not.
    without_port = _form(fake_venstar)
    del without_port["port"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], without_port
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _form(fake_venstar)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data["port"] == fake_venstar.port


async def test_reconfigure_onto_another_entry_aborts(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """Two entries cannot end up reading one thermostat."""
    venstar_entry(fake_venstar).add_to_hass(hass)
    other = venstar_entry(fake_venstar, port=1)
    other.add_to_hass(hass)
    result = await other.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _form(fake_venstar)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reauth_takes_new_credentials(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """Refused credentials are replaced after a successful test."""
    fake_venstar.username, fake_venstar.password = "admin", "new-secret"
    entry = venstar_entry(fake_venstar, username="admin", password="old-secret")
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "venstar_reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"username": "admin", "password": "still-wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"username": "admin", "password": "new-secret"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data["password"] == "new-secret"
    assert entry.data["host"] == "127.0.0.1"
