"""One system per home: a heat pump source added to a thermostat's system.

The thermostat is a climate entity of its own (read through the bridge); the heat
pump is either the test integration's climate entity with a defrost sensor and a
supply air probe (bridge) or a Kumo unit on the fakes. Both are merged by time into
the one stream the engine sees.
"""

from __future__ import annotations

from datetime import timedelta
import json
from typing import Any

from homeassistant.components.climate import HVACAction
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import (
    SOURCE_DHCP,
    SOURCE_REAUTH,
    SOURCE_USER,
    ConfigEntryState,
)
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import (
    BRIDGE_CLIMATE,
    Advance,
    BridgeClimate,
    FakeKumo,
    FakeVenstar,
    kumo_entry,
    venstar_entry,
)
from .fakes.kumo_cloud import PASSWORD as KUMO_PASSWORD, USERNAME as KUMO_USERNAME

THERMOSTAT = "climate.thermostat"
DEFROST = "binary_sensor.heat_pump_defrost"
SUPPLY = "sensor.supply_air"

type Climate = tuple[BridgeClimate, MockConfigEntry]


def _thermostat(hass: HomeAssistant, action: str, room: float = 19.5) -> None:
    hass.states.async_set(
        THERMOSTAT,
        "heat",
        {
            "hvac_action": action,
            "current_temperature": room,
            "temperature": 21.0,
            "friendly_name": "Thermostat",
        },
    )


async def _thermostat_system(hass: HomeAssistant) -> MockConfigEntry:
    _thermostat(hass, "idle")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        unique_id=THERMOSTAT,
        data={"source": "bridge", "climate_entity": THERMOSTAT},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def _key_entity(hass: HomeAssistant, platform: str, key: str) -> er.RegistryEntry:
    registry = er.async_get(hass)
    found = registry.async_get_entity_id(platform, DOMAIN, f"{THERMOSTAT}_{key}")
    assert found is not None, key
    entry = registry.async_get(found)
    assert entry is not None
    return entry


def _state(hass: HomeAssistant, platform: str, key: str) -> str:
    state = hass.states.get(_key_entity(hass, platform, key).entity_id)
    assert state is not None
    return state.state


async def _bridge_flow_for_heat_pump(hass: HomeAssistant) -> dict[str, Any]:
    """Start the bridge flow and choose the test heat pump's climate entity."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "bridge"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"climate_entity": BRIDGE_CLIMATE}
    )
    return dict(result)


async def _add_bridge_heat_pump(hass: HomeAssistant, system: str) -> dict[str, Any]:
    """Run the bridge flow for the test heat pump; answer the system question."""
    hass.states.async_set(DEFROST, STATE_OFF)
    hass.states.async_set(SUPPLY, "35", {"unit_of_measurement": "°C"})
    result = await _bridge_flow_for_heat_pump(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"defrost_entity": DEFROST, "supply_temp_entity": SUPPLY}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "system"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"system": system}
    )
    await hass.async_block_till_done()
    return dict(result)


async def test_heat_pump_joins_the_thermostat_system(
    hass: HomeAssistant, bridge_climate: Climate, advance: Advance
) -> None:
    """Added through the flow: one entry, two devices, samples merged by time."""
    climate, _ = bridge_climate
    entry = await _thermostat_system(hass)
    _thermostat(hass, "heating")
    await advance(timedelta(minutes=10), timedelta(seconds=30))
    before = float(_state(hass, "sensor", "compressor_heating_runtime_lifetime"))
    assert before == pytest.approx(600 / 3600, abs=0.01)
    indoor_id = _key_entity(hass, "sensor", "indoor_temperature").entity_id

    result = await _add_bridge_heat_pump(hass, entry.entry_id)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "heat_pump_added"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert entry.state is ConfigEntryState.LOADED
    part = entry.data["heat_pump"]
    assert part["source"] == "bridge"
    assert part["climate_entity"] == BRIDGE_CLIMATE
    assert part["defrost_entity"] == DEFROST
    # Devices: the heat pump is the system's, the thermostat connected through it.
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    [heat_pump] = [d for d in devices if d.via_device_id is None]
    [thermostat] = [d for d in devices if d.via_device_id is not None]
    assert thermostat.via_device_id == heat_pump.id
    assert heat_pump.name == "Home"
    assert heat_pump.manufacturer == "Acme Heat Pumps"
    assert thermostat.name == "Home thermostat"
    indoor = _key_entity(hass, "sensor", "indoor_temperature")
    assert indoor.entity_id == indoor_id  # same entity, history kept
    assert indoor.device_id == thermostat.id
    assert _key_entity(hass, "binary_sensor", "defrost").device_id == heat_pump.id

    # The heat pump's compressor and defrost, the thermostat's room.
    climate.change(hvac_action=HVACAction.HEATING)
    await advance(timedelta(minutes=5), timedelta(seconds=30))
    hass.states.async_set(DEFROST, STATE_ON)
    hass.states.async_set(SUPPLY, "12", {"unit_of_measurement": "°C"})
    await advance(timedelta(minutes=1), timedelta(seconds=30))
    assert _state(hass, "binary_sensor", "defrost") == STATE_ON
    assert float(_state(hass, "sensor", "supply_temperature")) == pytest.approx(12)
    assert float(_state(hass, "sensor", "indoor_temperature")) == pytest.approx(19.5)
    await advance(timedelta(minutes=3), timedelta(seconds=30))
    hass.states.async_set(DEFROST, STATE_OFF)
    await advance(timedelta(minutes=2), timedelta(seconds=30))
    assert _state(hass, "binary_sensor", "defrost") == STATE_OFF
    assert _state(hass, "sensor", "defrosts_today") == "1"
    duration = float(_state(hass, "sensor", "last_defrost_duration"))
    assert duration == pytest.approx(4, abs=0.6)  # minutes, to a poll
    # Runtime kept counting from before the heat pump joined, nothing twice.
    after = float(_state(hass, "sensor", "compressor_heating_runtime_lifetime"))
    assert after == pytest.approx(before + 11 / 60, abs=0.02)


async def test_thermostat_alone_while_the_heat_pump_is_unavailable(
    hass: HomeAssistant, bridge_climate: Climate, advance: Advance
) -> None:
    """An unreadable heat pump leaves the thermostat's call to be counted."""
    climate, _ = bridge_climate
    entry = await _thermostat_system(hass)
    await _add_bridge_heat_pump(hass, entry.entry_id)
    climate.change(hvac_action=HVACAction.IDLE, available=False)
    assert hass.states.is_state(BRIDGE_CLIMATE, STATE_UNAVAILABLE)
    _thermostat(hass, "heating")
    await advance(timedelta(minutes=10), timedelta(seconds=30))
    assert _state(hass, "binary_sensor", "online") == STATE_ON
    runtime = float(_state(hass, "sensor", "compressor_heating_runtime_today"))
    assert runtime == pytest.approx(10 / 60, abs=0.02)


async def test_a_new_system_when_asked(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """Choosing "a system of its own" creates an entry of the heat pump alone."""
    entry = await _thermostat_system(hass)
    result = await _add_bridge_heat_pump(hass, "new")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["climate_entity"] == BRIDGE_CLIMATE
    assert "heat_pump" not in entry.data
    # Added once, either way: the flow for the same entity aborts now.
    again = await _bridge_flow_for_heat_pump(hass)
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "already_configured"


async def test_an_added_heat_pump_is_not_added_twice(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """The heat pump's unique id counts as configured once it is in a system."""
    entry = await _thermostat_system(hass)
    await _add_bridge_heat_pump(hass, entry.entry_id)
    result = await _bridge_flow_for_heat_pump(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_and_remove_the_heat_pump(
    hass: HomeAssistant, bridge_climate: Climate, advance: Advance
) -> None:
    """The reconfigure menu edits either part, or takes the heat pump out."""
    entry = await _thermostat_system(hass)
    await _add_bridge_heat_pump(hass, entry.entry_id)
    part_id = entry.data["heat_pump"]["part_id"]

    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == [
        "reconfigure_thermostat",
        "reconfigure_heat_pump",
        "remove_heat_pump",
    ]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "reconfigure_heat_pump"}
    )
    assert result["step_id"] == "bridge_reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"defrost_entity": DEFROST}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reconfigure_successful"
    assert entry.data["heat_pump"] == {
        "source": "bridge",
        "climate_entity": BRIDGE_CLIMATE,
        "defrost_entity": DEFROST,
        "part_id": part_id,
    }
    assert entry.data["climate_entity"] == THERMOSTAT

    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "remove_heat_pump"}
    )
    assert result["step_id"] == "remove_heat_pump"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    assert result["reason"] == "heat_pump_removed"
    assert "heat_pump" not in entry.data
    [device] = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert device.via_device_id is None
    assert _key_entity(hass, "sensor", "indoor_temperature").device_id == device.id
    assert _key_entity(hass, "binary_sensor", "defrost").device_id == device.id
    _thermostat(hass, "heating")
    await advance(timedelta(minutes=2), timedelta(seconds=30))
    assert float(_state(hass, "sensor", "compressor_heating_runtime_today")) > 0


async def test_refused_kumo_credentials_reauthenticate_the_heat_pump(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """The Kumo part's reauth asks for the Kumo password; the thermostat goes on."""
    _thermostat(hass, "heating")
    kumo = kumo_entry(fake_kumo)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        unique_id=THERMOSTAT,
        data={
            "source": "bridge",
            "climate_entity": THERMOSTAT,
            "heat_pump": {**kumo.data, "part_id": kumo.unique_id},
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(minutes=2), timedelta(seconds=30))
    assert float(_state(hass, "sensor", "indoor_temperature")) == pytest.approx(19.5)
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert {d.manufacturer for d in devices if d.via_device_id is None} == {
        "Mitsubishi Electric"
    }

    right = fake_kumo.unit.crypto_serial
    fake_kumo.unit.crypto_serial = "ff" * 12
    await advance(timedelta(minutes=2), timedelta(seconds=30))
    [flow] = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["source"] == SOURCE_REAUTH
    assert flow["step_id"] == "kumo_reauth_confirm"
    assert entry.state is ConfigEntryState.LOADED
    before = float(_state(hass, "sensor", "compressor_heating_runtime_today"))
    await advance(timedelta(minutes=2), timedelta(seconds=30))
    assert float(_state(hass, "sensor", "compressor_heating_runtime_today")) > before

    fake_kumo.unit.crypto_serial = right
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"password": entry.data["heat_pump"]["password"]}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data["climate_entity"] == THERMOSTAT
    assert entry.data["heat_pump"]["serial"] == fake_kumo.unit.serial


def _kumo_system(fake: FakeKumo, **kumo: Any) -> MockConfigEntry:
    """Make a thermostat system whose heat pump is ``fake``'s Kumo unit."""
    unit = kumo_entry(fake, **kumo)
    return MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        unique_id=THERMOSTAT,
        data={
            "source": "bridge",
            "climate_entity": THERMOSTAT,
            "heat_pump": {**unit.data, "part_id": unit.unique_id},
        },
    )


async def test_restart_keeps_the_merged_totals(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """Queued samples are saved at unload: nothing lost, nothing twice."""
    _thermostat(hass, "heating")
    entry = _kumo_system(fake_kumo)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(seconds=150), timedelta(seconds=30))
    fan = float(_state(hass, "sensor", "fan_runtime_today"))
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    # The thermostat's queued half minute comes out after the restart, once.
    await advance(timedelta(seconds=60), timedelta(seconds=30))
    after = float(_state(hass, "sensor", "fan_runtime_today"))
    assert after == pytest.approx(fan + 90 / 3600, abs=31 / 3600)


async def test_an_unreachable_kumo_unit_leaves_the_thermostat(
    hass: HomeAssistant,
    fake_kumo: FakeKumo,
    advance: Advance,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The unit and its cloud down: logged once, the thermostat's call counted."""
    _thermostat(hass, "heating", room=18.0)
    entry = _kumo_system(fake_kumo)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    fake_kumo.unit.misbehave("500")
    fake_kumo.cloud.misbehaviour = "down"
    before = float(_state(hass, "sensor", "compressor_heating_runtime_today"))
    await advance(timedelta(minutes=5), timedelta(seconds=30))
    assert caplog.text.count("The heat pump cannot be read") == 1
    online = hass.states.get(_key_entity(hass, "binary_sensor", "online").entity_id)
    assert online is not None and online.state == STATE_ON
    assert online.attributes["heat_pump_online"] is False
    runtime = float(_state(hass, "sensor", "compressor_heating_runtime_today"))
    assert runtime == pytest.approx(before + 5 / 60, abs=0.01)
    fake_kumo.unit.misbehave(None)
    fake_kumo.cloud.misbehaviour = None
    await advance(timedelta(minutes=2), timedelta(seconds=30))
    assert "The heat pump answers again" in caplog.text
    online = hass.states.get(_key_entity(hass, "binary_sensor", "online").entity_id)
    assert online is not None and online.attributes["heat_pump_online"] is True


async def test_a_discovered_address_moves_the_added_unit(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """DHCP finds the added unit at a new address: the system's data follows."""
    entry = _kumo_system(fake_kumo, host="localhost")
    entry.add_to_hass(hass)
    mac = str(entry.data["heat_pump"]["mac"]).replace(":", "").lower()
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_DHCP},
        data=DhcpServiceInfo(ip="127.0.0.1", hostname="kumo", macaddress=mac),
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data["heat_pump"]["host"] == "127.0.0.1"
    assert entry.data["climate_entity"] == THERMOSTAT
    await hass.async_block_till_done()


async def test_a_missing_heat_pump_entity_is_fixed_in_the_heat_pump(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """The added heat pump's missing entity: its own issue, fixed in its data."""
    _thermostat(hass, "idle")
    hass.states.async_set(DEFROST, STATE_OFF)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        unique_id=THERMOSTAT,
        data={
            "source": "bridge",
            "climate_entity": THERMOSTAT,
            "heat_pump": {
                "source": "bridge",
                "climate_entity": BRIDGE_CLIMATE,
                "defrost_entity": "binary_sensor.gone",
                "part_id": "heat-pump",
            },
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"{entry.entry_id}_heat_pump_entity_missing_defrost_entity"
    )
    assert issue is not None and issue.is_fixable
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": issue.issue_id})
    result = await manager.async_configure(result["flow_id"], {"replacement": DEFROST})
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.data["heat_pump"]["defrost_entity"] == DEFROST
    assert entry.data["heat_pump"]["part_id"] == "heat-pump"
    assert "defrost_entity" not in entry.data


async def test_bridge_heat_pump_has_no_credentials_to_renew(
    hass: HomeAssistant, bridge_climate: Climate
) -> None:
    """A reauth for an added bridge heat pump aborts: it has no credentials."""
    entry = await _thermostat_system(hass)
    await _add_bridge_heat_pump(hass, entry.entry_id)
    result = await entry.start_reauth_flow(hass, data={"reauth_part": "heat_pump"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_not_supported"


async def test_venstar_thermostat_with_a_kumo_heat_pump(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    fake_kumo: FakeKumo,
    advance: Advance,
) -> None:
    """Both device APIs at once; the thermostat failing makes the system unavailable."""
    unit = kumo_entry(fake_kumo)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        unique_id=THERMOSTAT,  # the helpers find the entities by it
        data={
            **venstar_entry(fake_venstar).data,
            "heat_pump": {**unit.data, "part_id": unit.unique_id},
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await advance(timedelta(minutes=3), timedelta(seconds=60))
    assert _state(hass, "binary_sensor", "online") == STATE_ON
    assert _state(hass, "sensor", "indoor_temperature") not in ("unknown", "")
    fake_venstar.misbehave("500")
    await advance(timedelta(minutes=3), timedelta(seconds=60))
    assert _state(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    fake_venstar.misbehave(None)
    await advance(timedelta(minutes=3), timedelta(seconds=60))
    assert _state(hass, "binary_sensor", "online") == STATE_ON
    assert _state(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert sorted(d.manufacturer or "" for d in devices) == [
        "Mitsubishi Electric",
        "Venstar",
    ]


async def _kumo_flow_to_system(hass: HomeAssistant, fake: FakeKumo) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "kumo"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"username": KUMO_USERNAME, "password": KUMO_PASSWORD}
    )
    if result["type"] is FlowResultType.ABORT:
        return dict(result)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": fake.unit.port}
    )
    return dict(result)


async def test_kumo_unit_joins_a_thermostat_system_through_its_flow(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """The Kumo flow ends with the system question; the unit goes into the system."""
    entry = await _thermostat_system(hass)
    result = await _kumo_flow_to_system(hass, fake_kumo)
    assert result["step_id"] == "system"
    assert result["description_placeholders"] == {"name": "Living Room"}
    [field] = result["data_schema"].schema
    options = result["data_schema"].schema[field].config["options"]
    assert [option["value"] for option in options] == ["new", entry.entry_id]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"system": entry.entry_id}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "heat_pump_added"
    part = entry.data["heat_pump"]
    assert part["source"] == "kumo"
    assert part["part_id"] == part["serial"] == fake_kumo.unit.serial
    assert part["unit_password"] == fake_kumo.unit.password
    # The account's only unit is taken now: a new flow has nothing to offer.
    again = await _kumo_flow_to_system(hass, fake_kumo)
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "already_configured"


async def test_report_and_diagnostics_name_both_devices(
    hass: HomeAssistant,
    bridge_climate: Climate,
    hass_client: ClientSessionGenerator,
) -> None:
    """The technician report lists thermostat and heat pump; diagnostics redact both."""
    entry = await _thermostat_system(hass)
    await _add_bridge_heat_pump(hass, entry.entry_id)
    response = await hass.services.async_call(
        DOMAIN,
        "technician_report",
        {"config_entry_id": entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    report = str(response["report"])
    assert "- Thermostat: Home Assistant Climate entity" in report
    assert "- Heat pump: Acme Heat Pumps AHP-9" in report
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["heat_pump_device"]["manufacturer"] == "Acme Heat Pumps"
    assert diagnostics["heat_pump_device"]["serial"] == "**REDACTED**"
    assert diagnostics["entry"]["data"]["heat_pump"]["part_id"] == "**REDACTED**"
    source = diagnostics["engine"]["source"]
    assert set(source) >= {"thermostat", "heat_pump", "heat_pump_error"}
    part_id = entry.data["heat_pump"]["part_id"]
    assert part_id not in json.dumps(diagnostics)
