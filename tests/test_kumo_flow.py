"""Adding, reconfiguring and re-authenticating a Kumo indoor unit."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_DHCP, SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
import pytest

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import SERIAL, FakeKumo, kumo_entry
from .fakes.kumo_cloud import PASSWORD, USERNAME
from .fakes.kumo_unit import FakeKumoUnit
from .fakes.loopback import serve


async def _account_form(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert "kumo" in result["menu_options"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "kumo"}
    )
    assert result["type"] is FlowResultType.FORM and result["step_id"] == "kumo"
    return str(result["flow_id"])


async def _to_address(hass: HomeAssistant) -> dict[str, Any]:
    flow_id = await _account_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"username": USERNAME, "password": PASSWORD}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "kumo_address"
    return dict(result)


async def test_add_a_unit(hass: HomeAssistant, fake_kumo: FakeKumo) -> None:
    """Account, the only unit, its address: credentials come from the cloud."""
    result = await _to_address(hass)
    assert result["description_placeholders"]["credentials"] == "delivered"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": fake_kumo.unit.port}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Living Room"
    unit = fake_kumo.unit
    assert result["data"] == {
        "source": "kumo",
        "username": USERNAME,
        "password": PASSWORD,
        "serial": SERIAL,
        "host": "127.0.0.1",
        "port": unit.port,
        "unit_password": unit.password,
        "crypto_serial": unit.crypto_serial,
        "mac": unit.mac,
        "unit_type": "ductless",
    }
    assert result["result"].unique_id == SERIAL
    assert fake_kumo.cloud.events["device_status_v2"] >= 1
    assert unit.requests["indoorUnit.status"] >= 1 and unit.refused == 0


async def test_choose_among_units(hass: HomeAssistant, fake_kumo: FakeKumo) -> None:
    """An account with two units asks which one; a configured unit is not offered."""
    second = FakeKumoUnit(
        plant=fake_kumo.unit.plant,
        clock=fake_kumo.unit.clock,
        serial="9Z00000002",
        name="Bedroom",
        crypto_serial="1112131415161718191a1b1c",
    )
    fake_kumo.cloud.units.append(second)
    async with serve(second.app) as server:
        flow_id = await _account_form(hass)
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"username": USERNAME, "password": PASSWORD}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "kumo_unit"
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"serial": "9Z00000002"}
        )
        assert result["step_id"] == "kumo_address"
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"host": "127.0.0.1", "port": server.port}
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert result["title"] == "Bedroom"
        assert result["data"]["crypto_serial"] == second.crypto_serial
        # The remaining unit is chosen without asking.
        result = await _to_address(hass)
        assert result["description_placeholders"]["name"] == "Living Room"


@pytest.mark.parametrize(
    ("setup", "error"),
    [("wrong_password", "kumo_invalid_auth"), ("down", "kumo_cloud_unreachable")],
)
async def test_account_errors(
    hass: HomeAssistant, fake_kumo: FakeKumo, setup: str, error: str
) -> None:
    """A wrong password or a cloud down shows on the form; fixing it goes on."""
    flow_id = await _account_form(hass)
    password = "wrong" if setup == "wrong_password" else PASSWORD
    if setup == "down":
        fake_kumo.cloud.misbehaviour = "down"
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"username": USERNAME, "password": password}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    assert password not in str(result)
    fake_kumo.cloud.misbehaviour = None
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"username": USERNAME, "password": PASSWORD}
    )
    assert result["step_id"] == "kumo_address"


async def test_withheld_credentials_are_entered_by_hand(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """The 2026 change: the form asks for the password and crypto serial."""
    fake_kumo.cloud.withhold_credentials = True
    result = await _to_address(hass)
    assert result["description_placeholders"]["credentials"] == "missing"
    flow_id = result["flow_id"]
    address = {"host": "127.0.0.1", "port": fake_kumo.unit.port}
    result = await hass.config_entries.flow.async_configure(flow_id, address)
    assert result["errors"] == {"base": "credentials_needed"}
    unit = fake_kumo.unit
    for typed, error in (
        (
            {"unit_password": "bad!", "crypto_serial": unit.crypto_serial},
            "malformed_unit_credentials",
        ),
        (
            {"unit_password": unit.password, "crypto_serial": "ff" * 12},
            "invalid_unit_auth",
        ),
    ):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {**address, **typed}
        )
        assert result["errors"] == {"base": error}
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {
            **address,
            "unit_password": unit.password,
            "crypto_serial": unit.crypto_serial,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["crypto_serial"] == unit.crypto_serial


async def test_address_is_confirmed(hass: HomeAssistant, fake_kumo: FakeKumo) -> None:
    """Nothing at the address, or not a unit: the form says so."""
    result = await _to_address(hass)
    flow_id = result["flow_id"]
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": "127.0.0.1", "port": 1}
    )
    assert result["errors"] == {"base": "unit_unreachable"}
    fake_kumo.unit.misbehave("malformed", times=1)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"host": "127.0.0.1", "port": fake_kumo.unit.port}
    )
    assert result["errors"] == {"base": "unit_invalid_response"}


async def test_configured_unit_aborts(hass: HomeAssistant, fake_kumo: FakeKumo) -> None:
    """Every unit of the account already added: abort."""
    kumo_entry(fake_kumo).add_to_hass(hass)
    flow_id = await _account_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"username": USERNAME, "password": PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_account_without_units(hass: HomeAssistant, fake_kumo: FakeKumo) -> None:
    """An account with no units: abort."""
    fake_kumo.cloud.units.clear()
    flow_id = await _account_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"username": USERNAME, "password": PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT and result["reason"] == "no_units"


async def test_reauth_with_the_new_cloud_password(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """The cloud password changed in the app: the new one is tested and stored."""
    entry = kumo_entry(fake_kumo)
    entry.add_to_hass(hass)
    fake_kumo.cloud.password = "new-cloud-pa55"
    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "kumo_reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"password": "still-wrong"}
    )
    assert result["errors"] == {"base": "kumo_invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"password": "new-cloud-pa55"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data["password"] == "new-cloud-pa55"


async def test_reauth_fetches_new_unit_credentials(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """The unit refuses the cached credentials: the cloud's new ones are taken."""
    entry = kumo_entry(fake_kumo)
    entry.add_to_hass(hass)
    fake_kumo.unit.crypto_serial = "2122232425262728292a2b2c"
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"password": PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data["crypto_serial"] == "2122232425262728292a2b2c"


async def test_reauth_with_typed_unit_credentials(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """New unit credentials the cloud keeps back: typed ones are tested and kept."""
    entry = kumo_entry(fake_kumo)
    entry.add_to_hass(hass)
    fake_kumo.cloud.withhold_credentials = True
    fake_kumo.unit.crypto_serial = "2122232425262728292a2b2c"
    result = await entry.start_reauth_flow(hass)
    flow_id = result["flow_id"]
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"password": PASSWORD}
    )
    assert result["errors"] == {"base": "invalid_unit_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {
            "password": PASSWORD,
            "unit_password": fake_kumo.unit.password,
            "crypto_serial": "2122232425262728292a2b2c",
        },
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data["crypto_serial"] == "2122232425262728292a2b2c"


async def test_reconfigure_a_moved_unit(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """The unit's address changed: the new one is confirmed before it is saved."""
    entry = kumo_entry(fake_kumo, port=1)
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "kumo_reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": 2}
    )
    assert result["errors"] == {"base": "unit_unreachable"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": fake_kumo.unit.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data["port"] == fake_kumo.unit.port
    assert entry.data["crypto_serial"] == fake_kumo.unit.crypto_serial


def _dhcp(host: str = "127.0.0.1", mac: str = "5026ef123456") -> DhcpServiceInfo:
    return DhcpServiceInfo(ip=host, hostname="kumo-adapter", macaddress=mac)


async def test_dhcp_discovery_adds_the_unit(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """A Kumo adapter on the network: the account, then its unit at its address."""
    second = FakeKumoUnit(
        plant=fake_kumo.unit.plant,
        clock=fake_kumo.unit.clock,
        serial="9Z00000002",
        name="Bedroom",
        mac="50:26:EF:00:00:02",
    )
    fake_kumo.cloud.units.insert(0, second)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=_dhcp()
    )
    assert result["type"] is FlowResultType.FORM and result["step_id"] == "kumo"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"username": USERNAME, "password": PASSWORD}
    )
    # The discovered adapter's unit, not the first of the account, and no question.
    assert result["step_id"] == "kumo_address"
    assert result["description_placeholders"]["name"] == "Living Room"
    schema = result["data_schema"].schema
    host = next(key for key in schema if key == "host")
    assert host.default() == "127.0.0.1"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": fake_kumo.unit.port}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == SERIAL
    await hass.async_block_till_done()


async def test_dhcp_discovery_moves_a_known_unit(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """A configured unit seen at a new address moves there once it answers there."""
    entry = kumo_entry(fake_kumo, host="localhost")
    entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=_dhcp("127.0.0.1")
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data["host"] == "127.0.0.1"
    await hass.async_block_till_done()


async def test_dhcp_discovery_keeps_an_address_that_does_not_answer(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """The unit does not answer at the discovered address: the entry is unchanged."""
    entry = kumo_entry(fake_kumo, port=1)
    entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=_dhcp("127.0.0.2")
    )
    assert result["type"] is FlowResultType.ABORT
    assert entry.data["host"] == "127.0.0.1"
