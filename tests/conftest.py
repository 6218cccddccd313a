"""Fixtures for Heat Pump Monitor's Home Assistant tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
from typing import Any, ClassVar, Protocol

from freezegun.api import FrozenDateTimeFactory

# Imported before any test freezes time: hassio builds dataclass decoders at
# import, which fails under a frozen clock (diagnostics imports it lazily).
from homeassistant.components import hassio  # noqa: F401
from homeassistant.components.climate import (
    ClimateEntity,
    ClimateEntityFeature,
    HVACAction,
    HVACMode,
)
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import CONF_API_KEY, Platform, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    async_fire_time_changed,
    mock_config_flow,
    mock_integration,
    mock_platform,
)

from custom_components.heat_pump_monitor.const import (
    CONF_CLIMATE,
    CONF_FAULT_DURATION_H,
    CONF_FAULT_START_H,
    CONF_REFRESH_TOKEN,
    CONF_SCENARIO,
    CONF_SEASON,
    CONF_SEED,
    CONF_SIM_START,
    CONF_SOURCE,
    CONF_SPEED,
    CONF_THERMOSTAT_ID,
    DOMAIN,
)

from .fakes.ecobee import FakeEcobee, FakeThermostat
from .fakes.kumo_cloud import (
    PASSWORD as KUMO_PASSWORD,
    USERNAME as KUMO_USERNAME,
    FakeKumoCloud,
)
from .fakes.kumo_unit import FakeKumoUnit
from .fakes.loopback import serve
from .fakes.plant import SimulatedPlant
from .fakes.venstar import FakeVenstar

SERIAL = "SIM-0123456789AB"


class Advance(Protocol):
    """Let real time pass: ``await advance(total, step)`` (step default one second)."""

    def __call__(self, real: timedelta, step: timedelta = ..., /) -> Awaitable[None]:
        """Advance the clock."""


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load the integration from custom_components in every test."""


def simulated_entry(**overrides: Any) -> MockConfigEntry:
    """Make a simulated system as the config flow would create it."""
    data: dict[str, Any] = {
        CONF_SOURCE: "simulated",
        CONF_CLIMATE: "cold",
        CONF_SEASON: "winter",
        CONF_SCENARIO: "none",
        CONF_FAULT_START_H: 1.0,
        CONF_FAULT_DURATION_H: 0.0,
        CONF_SPEED: 60.0,
        CONF_SEED: 7,
        CONF_SIM_START: dt_util.utcnow().isoformat(),
    }
    data.update(overrides)
    return MockConfigEntry(
        domain=DOMAIN, title="Test heat pump", unique_id=SERIAL, data=data
    )


@pytest.fixture
def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> Advance:
    """Let real time pass in steps of the coordinator's poll interval."""

    async def _advance(real: timedelta, step: timedelta = timedelta(seconds=1)) -> None:
        remaining = real
        while remaining > timedelta(0):
            tick = min(step, remaining)
            freezer.tick(tick)
            async_fire_time_changed(hass)
            await hass.async_block_till_done(wait_background_tasks=True)
            remaining -= tick

    return _advance


def entity_id(hass: HomeAssistant, platform: str, key: str) -> str:
    """Return the entity id of a description key of the test system."""
    from homeassistant.helpers import entity_registry as er

    found = er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{SERIAL}_{key}")
    assert found is not None, f"no {platform} entity for {key}"
    return found


def state_of(hass: HomeAssistant, platform: str, key: str) -> str:
    """Return the state string of a description key of the test system."""
    state = hass.states.get(entity_id(hass, platform, key))
    assert state is not None
    return state.state


@pytest.fixture
async def fake_venstar(
    hass: HomeAssistant, socket_enabled: None, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[FakeVenstar]:
    """Serve a fake Venstar thermostat on loopback; its plant runs on HA's clock.

    The plant heats a cold-climate house and has simulated the last 30 hours. The
    fake's ``port`` attribute says where it listens.
    """
    from custom_components.heat_pump_monitor.sources import venstar

    monkeypatch.setattr(venstar, "REQUEST_GAP_S", 0.0)
    await hass.config.async_set_time_zone("UTC")
    plant = SimulatedPlant(clock=dt_util.utcnow, history=timedelta(hours=30))
    fake = FakeVenstar(plant=plant, clock=dt_util.utcnow)
    async with serve(fake.app) as server:
        assert server.port is not None
        fake.port = server.port
        yield fake


def venstar_entry(fake: FakeVenstar, **overrides: Any) -> MockConfigEntry:
    """Make a Venstar entry for ``fake`` as the config flow would create it."""
    data: dict[str, Any] = {
        CONF_SOURCE: "venstar",
        "host": "127.0.0.1",
        "port": fake.port,
        "ssl": False,
        "verify_ssl": True,
    }
    data.update(overrides)
    return MockConfigEntry(domain=DOMAIN, title="Hallway", unique_id=SERIAL, data=data)


@pytest.fixture
async def fake_ecobee(
    hass: HomeAssistant, socket_enabled: None, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[FakeEcobee]:
    """Serve a fake ecobee cloud whose plant heats a cold house on HA's clock.

    The plant has simulated the last two days; the integration reaches the fake
    through the development URL override. Its ``port`` says where it listens.
    """
    from custom_components.heat_pump_monitor.sources import ecobee

    await hass.config.async_set_time_zone("UTC")
    plant = SimulatedPlant(clock=dt_util.utcnow, history=timedelta(days=2))
    fake = FakeEcobee(clock=dt_util.utcnow, thermostats=[FakeThermostat(plant=plant)])
    fake.issue_tokens()
    async with serve(fake.app) as server:
        assert server.port is not None
        fake.port = server.port
        monkeypatch.setenv(ecobee.URL_ENV, fake.url)
        yield fake


def ecobee_entry(fake: FakeEcobee) -> MockConfigEntry:
    """Make an ecobee entry for ``fake``'s first thermostat, as the flow would."""
    identifier = fake.thermostats[0].identifier
    return MockConfigEntry(
        domain=DOMAIN,
        title="Hallway",
        unique_id=identifier,
        data={
            CONF_SOURCE: "ecobee",
            CONF_API_KEY: fake.api_key,
            CONF_REFRESH_TOKEN: fake.refresh_token,
            CONF_THERMOSTAT_ID: identifier,
        },
    )


class FakeKumo:
    """A fake Kumo Cloud and one fake indoor unit on loopback, on one plant."""

    def __init__(self, cloud: FakeKumoCloud, unit: FakeKumoUnit) -> None:
        """Hold the two fakes (their ``port`` attributes say where they listen)."""
        self.cloud = cloud
        self.unit = unit


@pytest.fixture
async def fake_kumo(
    hass: HomeAssistant, socket_enabled: None, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[FakeKumo]:
    """Serve a fake Kumo Cloud and unit; the plant runs on HA's clock.

    The plant heats a cold-climate house and has simulated the last 30 hours; the
    integration reaches the cloud through the development URL override.
    """
    from custom_components.heat_pump_monitor.sources import kumo

    monkeypatch.setattr(kumo, "RETRY_PAUSE_S", 0.0)
    await hass.config.async_set_time_zone("UTC")
    plant = SimulatedPlant(clock=dt_util.utcnow, history=timedelta(hours=30))
    unit = FakeKumoUnit(plant=plant, clock=dt_util.utcnow, serial=SERIAL)
    cloud = FakeKumoCloud(units=[unit], clock=dt_util.utcnow)
    async with serve(cloud.app) as cloud_server, serve(unit.app) as unit_server:
        assert cloud_server.port is not None and unit_server.port is not None
        cloud.port, unit.port = cloud_server.port, unit_server.port
        monkeypatch.setenv(kumo.URL_ENV, cloud.url)
        yield FakeKumo(cloud, unit)


def kumo_entry(fake: FakeKumo, **overrides: Any) -> MockConfigEntry:
    """Make a Kumo entry for ``fake`` as the config flow would create it."""
    data: dict[str, Any] = {
        CONF_SOURCE: "kumo",
        "username": KUMO_USERNAME,
        "password": KUMO_PASSWORD,
        "serial": fake.unit.serial,
        "host": "127.0.0.1",
        "port": fake.unit.port,
        "unit_password": fake.unit.password,
        "crypto_serial": fake.unit.crypto_serial,
        "mac": fake.unit.mac,
        "unit_type": "ductless",
    }
    data.update(overrides)
    return MockConfigEntry(
        domain=DOMAIN, title="Living Room", unique_id=SERIAL, data=data
    )


BRIDGE_TEST_DOMAIN = "hpm_test_hvac"
"""A test integration that owns the bridge tests' climate entity and its device."""


class BridgeClimate(ClimateEntity):
    """A climate entity whose state the test sets, on a device of its own."""

    _attr_has_entity_name = True
    _attr_name = None
    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_supported_features = ClimateEntityFeature.TARGET_TEMPERATURE
    _attr_hvac_modes: ClassVar[list[HVACMode]] = [
        HVACMode.OFF,
        HVACMode.HEAT,
        HVACMode.COOL,
        HVACMode.HEAT_COOL,
    ]

    def __init__(self) -> None:
        """Heating mode, idle, 20 °C room, 21 °C setpoint, 40 % humidity."""
        self._attr_unique_id = "hallway-heat-pump"
        self._attr_device_info = DeviceInfo(
            identifiers={(BRIDGE_TEST_DOMAIN, "hallway")},
            manufacturer="Acme Heat Pumps",
            model="AHP-9",
            name="Hallway heat pump",
        )
        self._attr_hvac_mode = HVACMode.HEAT
        self._attr_hvac_action = HVACAction.IDLE
        self._attr_current_temperature = 20.0
        self._attr_target_temperature = 21.0
        self._attr_current_humidity = 40.0
        self.extra: dict[str, Any] = {}

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Attributes some integrations add (ecobee's ``equipment_running``)."""
        return self.extra

    def change(self, **values: Any) -> None:
        """Set ``_attr_<name>`` for each value and write the state."""
        for name, value in values.items():
            setattr(self, f"_attr_{name}", value)
        self.async_write_ha_state()


class _BridgeTestFlow(ConfigFlow):
    """The test integration's (unused) config flow: entries need a handler."""

    VERSION = 1


@pytest.fixture
async def bridge_climate(
    hass: HomeAssistant,
) -> AsyncIterator[tuple[BridgeClimate, MockConfigEntry]]:
    """Set up ``climate.hallway_heat_pump`` from a test integration with a device.

    Returns the entity and the test integration's config entry (for sensors on the
    same device).
    """
    climate = BridgeClimate()

    async def _setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, [Platform.CLIMATE])
        return True

    async def _setup_climate(
        hass: HomeAssistant, entry: ConfigEntry, add: AddEntitiesCallback
    ) -> None:
        add([climate])

    mock_integration(
        hass, MockModule(BRIDGE_TEST_DOMAIN, async_setup_entry=_setup_entry)
    )
    mock_platform(hass, f"{BRIDGE_TEST_DOMAIN}.config_flow")
    mock_platform(
        hass,
        f"{BRIDGE_TEST_DOMAIN}.climate",
        MockPlatform(async_setup_entry=_setup_climate),
    )
    entry = MockConfigEntry(domain=BRIDGE_TEST_DOMAIN)
    entry.add_to_hass(hass)
    with mock_config_flow(BRIDGE_TEST_DOMAIN, _BridgeTestFlow):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert climate.entity_id == "climate.hallway_heat_pump"
        yield climate, entry


BRIDGE_CLIMATE = "climate.hallway_heat_pump"


def bridge_entry(hass: HomeAssistant, **entities: str) -> MockConfigEntry:
    """Make a bridge entry for the test climate and ``entities`` (role key -> id)."""
    from homeassistant.helpers import entity_registry as er

    climate = er.async_get(hass).async_get(BRIDGE_CLIMATE)
    return MockConfigEntry(
        domain=DOMAIN,
        title="Hallway heat pump",
        unique_id=BRIDGE_CLIMATE if climate is None else climate.id,
        data={CONF_SOURCE: "bridge", "climate_entity": BRIDGE_CLIMATE, **entities},
    )
