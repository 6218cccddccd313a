"""Fixtures for Heat Pump Monitor's Home Assistant tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
from typing import Any, Protocol

from freezegun.api import FrozenDateTimeFactory

# Imported before any test freezes time: hassio builds dataclass decoders at
# import, which fails under a frozen clock (diagnostics imports it lazily).
from homeassistant.components import hassio  # noqa: F401
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.heat_pump_monitor.const import (
    CONF_CLIMATE,
    CONF_FAULT_DURATION_H,
    CONF_FAULT_START_H,
    CONF_SCENARIO,
    CONF_SEASON,
    CONF_SEED,
    CONF_SIM_START,
    CONF_SOURCE,
    CONF_SPEED,
    DOMAIN,
)

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
