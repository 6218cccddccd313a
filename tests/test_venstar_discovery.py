"""Venstar thermostats found by SSDP: offered once, known by their MAC, followed when they move."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_SSDP
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.ssdp import SsdpServiceInfo
import voluptuous as vol

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import venstar_entry
from .fakes.venstar import FakeVenstar

MAC = "00:23:a7:3a:b2:72"


def _reply(location: str, mac: str = MAC) -> SsdpServiceInfo:
    return SsdpServiceInfo(
        ssdp_usn=f"ecp:{mac.upper()}:name:Upstairs%20Hall:type:residential",
        ssdp_st="venstar:thermostat:ecp",
        ssdp_location=location,
        upnp={},
    )


async def _discover(hass: HomeAssistant, location: str, mac: str = MAC) -> dict:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_SSDP}, data=_reply(location, mac)
    )
    return dict(result)


async def test_a_discovered_thermostat_is_added_with_its_address(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """The form comes filled in from the reply; the entry is known by its MAC."""
    result = await _discover(hass, f"http://127.0.0.1:{fake_venstar.port}/")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "venstar"
    [flow] = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["title_placeholders"] == {"name": "Upstairs Hall"}
    defaults = {
        str(key): key.default()
        for key in result["data_schema"].schema
        if key.default is not vol.UNDEFINED
    }
    assert defaults["host"] == "127.0.0.1" and defaults["ssl"] is False
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "host": "127.0.0.1",
            "port": fake_venstar.port,
            "ssl": False,
            "verify_ssl": True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == f"venstar-{MAC}"
    assert result["data"]["mac"] == MAC
    await hass.async_block_till_done()
    # Seen again (at any address): nothing more to add.
    again = await _discover(hass, "http://192.0.2.1/")
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "already_configured"


async def test_a_known_thermostat_moves_when_it_answers_there(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """The same MAC at a new address: the entry follows once the thermostat answers."""
    entry = venstar_entry(fake_venstar, host="localhost", mac=MAC)
    entry.add_to_hass(hass)
    result = await _discover(hass, "http://192.0.2.1/")  # does not answer there
    assert result["reason"] == "already_configured"
    assert entry.data["host"] == "localhost"
    result = await _discover(hass, f"http://127.0.0.1:{fake_venstar.port}/")
    assert result["reason"] == "already_configured"
    assert entry.data["host"] == "127.0.0.1"
    assert entry.data["port"] == fake_venstar.port
    await hass.async_block_till_done()


async def test_a_thermostat_added_by_hand_learns_its_mac(
    hass: HomeAssistant, fake_venstar: FakeVenstar
) -> None:
    """SSDP at the address of an entry made by hand: no second offer, MAC kept."""
    entry = venstar_entry(fake_venstar)
    entry.add_to_hass(hass)
    result = await _discover(hass, f"http://127.0.0.1:{fake_venstar.port}/")
    assert result["reason"] == "already_configured"
    assert entry.data["mac"] == MAC


async def test_a_reply_without_an_address_is_ignored(hass: HomeAssistant) -> None:
    """A reply with no usable location aborts quietly."""
    result = await _discover(hass, "")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_venstar"
