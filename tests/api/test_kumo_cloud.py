"""The Kumo Cloud client against the fake cloud (REST and Socket.IO) on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import time

import aiohttp
import pytest

from custom_components.heat_pump_monitor.api import (
    AuthenticationFailed,
    ConnectionFailed,
    InvalidResponse,
    RateLimited,
)
from custom_components.heat_pump_monitor.api.kumo_cloud import KumoCloudClient
from custom_components.heat_pump_monitor.api.kumo_models import (
    KumoCredentials,
    parse_cloud_device,
    parse_zones,
)
from custom_components.heat_pump_monitor.engine.sample import HvacMode

from ..fakes.kumo_cloud import PASSWORD, SITE_ID, USER_ID, USERNAME, FakeKumoCloud
from ..fakes.kumo_unit import FakeKumoUnit, half_degree
from ..fakes.loopback import serve
from ..fakes.plant import SimulatedPlant

START = datetime(2026, 1, 10, 7, 30, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        """Start at ``START``."""
        self.now = START

    def __call__(self) -> datetime:
        """Return the current time."""
        return self.now

    def epoch(self) -> float:
        """Return the current time in epoch seconds."""
        return self.now.timestamp()


@dataclass
class World:
    """The fake cloud with two units, its clock and a session to reach it."""

    cloud: FakeKumoCloud
    clock: Clock
    session: aiohttp.ClientSession

    def client(self, password: str = PASSWORD) -> KumoCloudClient:
        """Return a client of the fake cloud."""
        return KumoCloudClient(
            self.session,
            USERNAME,
            password,
            base_url=self.cloud.url,
            socket_url=self.cloud.url,
            clock=self.clock.epoch,
        )


@pytest.fixture(name="world")
async def world_fixture() -> AsyncIterator[World]:
    """Serve a fake cloud whose account has two units on one plant each."""
    clock = Clock()
    units = [
        FakeKumoUnit(
            plant=SimulatedPlant(clock=clock, hvac_mode=HvacMode.HEAT, seed=seed),
            clock=clock,
            serial=serial,
            name=name,
            crypto_serial=crypto,
        )
        for seed, serial, name, crypto in (
            (1, "9Z00000001", "Living Room", "0a1b2c3d4e5f60718293a4b5"),
            (2, "9Z00000002", "Bedroom", "1112131415161718191a1b1c"),
        )
    ]
    cloud = FakeKumoCloud(units=units, clock=clock)
    async with serve(cloud.app) as server, aiohttp.ClientSession() as session:
        assert server.port is not None
        cloud.port = server.port
        yield World(cloud=cloud, clock=clock, session=session)


async def test_login_sites_zones_and_devices(world: World) -> None:
    """The account's site lists both units; the cloud reports each one's state."""
    kumo = world.client()
    tokens = await kumo.async_login()
    assert tokens.access and tokens.refresh and kumo.user_id == USER_ID
    [site] = await kumo.async_sites()
    assert (site.id, site.name) == (SITE_ID, "Home")
    zones = await kumo.async_zones(site.id)
    assert [zone.name for zone in zones] == ["Living Room", "Bedroom"]
    adapter = zones[0].adapter
    assert adapter is not None
    assert (adapter.serial, adapter.unit_type, adapter.mac) == (
        "9Z00000001",
        "ductless",
        "50:26:EF:12:34:56",
    )
    device = await kumo.async_device("9Z00000001")
    sample = world.cloud.units[0].latest()
    assert device.serial == "9Z00000001" and device.model_number == "MSZ-FS12NA"
    assert device.state.mode == "heat" and device.connected
    assert device.state.room_temp_c == half_degree(sample.indoor_temp_c)
    assert device.state.defrost is bool(sample.defrost_s)
    assert device.state.error_code is None
    status = await kumo.async_device_status("9Z00000002")
    assert status.crypto_serial == "1112131415161718191a1b1c"
    assert status.firmware_version == "02.06.12"
    assert (await kumo.async_properties("9Z00000001")).outdoor_temp_c is None
    world.cloud.station_outdoor = True
    outdoor = (await kumo.async_properties("9Z00000001")).outdoor_temp_c
    assert outdoor == round(sample.outdoor_temp_c or 0.0, 1)
    assert kumo.requests["login"] == 1 and kumo.requests["refresh"] == 0


async def test_first_call_logs_in(world: World) -> None:
    """A call without a login logs in first."""
    kumo = world.client()
    assert kumo.user_id is None
    assert len(await kumo.async_sites()) == 1
    assert kumo.requests == {"login": 1, "sites": 1}


async def test_credentials_arrive_over_socket_io(world: World) -> None:
    """Crypto serials from ``/status``, passwords from ``adapter_update`` events."""
    kumo = world.client()
    began = time.monotonic()
    credentials = await kumo.async_credentials(["9Z00000001", "9Z00000002"])
    assert time.monotonic() - began < 5.0
    for unit in world.cloud.units:
        assert credentials[unit.serial] == KumoCredentials(
            password=unit.password, crypto_serial=unit.crypto_serial
        )
    events = world.cloud.events
    assert events["connect"] == 1
    assert events["subscribe"] == 3  # the account, then each unit
    assert events["force_adapter_request"] == 2
    assert events["device_status_v2"] == 3
    assert kumo.requests["socket.io"] == 1


async def test_withheld_credentials_come_back_as_none(world: World) -> None:
    """Accounts hit by the 2026 change: no serial, no password; no long wait."""
    world.cloud.withhold_credentials = True
    kumo = world.client()
    began = time.monotonic()
    credentials = await kumo.async_credentials(["9Z00000001"])
    assert credentials == {"9Z00000001": None}
    assert time.monotonic() - began < 10.0


async def test_a_unit_never_heard_from_waits_out_the_budget(world: World) -> None:
    """A serial the cloud never updates: None once the budget is spent."""
    kumo = world.client()
    began = time.monotonic()
    passwords = await kumo._passwords(["9Z00000404"], 0.5)
    assert passwords == {"9Z00000404": None}
    assert 0.4 < time.monotonic() - began < 3.0


async def test_wrong_password_is_refused(world: World) -> None:
    """A wrong password is an authentication failure, without the password in it."""
    with pytest.raises(AuthenticationFailed) as err:
        await world.client("not-the-password").async_login()
    assert "not-the-password" not in str(err.value)


async def test_expired_access_token_is_refreshed_once(world: World) -> None:
    """A 401 refreshes (rotating the refresh token) and the call is retried."""
    kumo = world.client()
    first = await kumo.async_login()
    world.cloud.expire_access_tokens()
    assert len(await kumo.async_sites()) == 1
    assert kumo.requests["refresh"] == 1 and kumo.requests["sites"] == 2
    assert kumo.requests["login"] == 1
    # The old refresh token died with the rotation.
    stale = world.client()
    stale._tokens = first
    with pytest.raises(AuthenticationFailed):
        await stale.async_refresh()


async def test_token_is_refreshed_before_it_expires(world: World) -> None:
    """Close to ``exp`` the client refreshes first: no 401 round trip."""
    kumo = world.client()
    await kumo.async_login()
    world.clock.now += timedelta(minutes=19, seconds=30)
    await kumo.async_sites()
    assert kumo.requests["refresh"] == 1 and kumo.requests["sites"] == 1


async def test_dead_refresh_token_logs_in_again(world: World) -> None:
    """After a month the refresh token is gone: the client logs in again."""
    kumo = world.client()
    await kumo.async_login()
    world.cloud.expire_access_tokens()
    world.cloud.expire_refresh_token()
    assert len(await kumo.async_sites()) == 1
    assert kumo.requests["login"] == 2 and kumo.requests["refresh"] == 1


async def test_changed_password_fails_after_expiry(world: World) -> None:
    """Expired tokens and a password changed elsewhere: AuthenticationFailed."""
    kumo = world.client()
    await kumo.async_login()
    world.cloud.password = "changed-in-the-app"
    world.cloud.expire_access_tokens()
    world.cloud.expire_refresh_token()
    with pytest.raises(AuthenticationFailed):
        await kumo.async_sites()


async def test_expired_token_on_the_socket_is_refreshed(world: World) -> None:
    """The namespace refuses an expired token (44): refresh, start again, succeed."""
    kumo = world.client()
    await kumo.async_login()
    world.cloud.expire_access_tokens()
    passwords = await kumo._passwords(["9Z00000001"], 5.0)
    assert passwords["9Z00000001"] == world.cloud.units[0].password
    assert kumo.requests["socket.io"] == 2 and kumo.requests["refresh"] == 1


async def test_socket_refused_twice_is_an_authentication_failure(
    world: World,
) -> None:
    """A namespace refused even with a fresh token: AuthenticationFailed."""
    world.cloud.misbehaviour = "reject_socket"
    with pytest.raises(AuthenticationFailed):
        await world.client().async_credentials(["9Z00000001"])


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("down", ConnectionFailed),
        ("malformed", InvalidResponse),
        ("429", RateLimited),
    ],
)
async def test_cloud_misbehaving(
    world: World, kind: str, error: type[Exception]
) -> None:
    """Cloud down, garbage and rate limits are typed errors."""
    kumo = world.client()
    await kumo.async_login()
    world.cloud.misbehaviour = kind
    with pytest.raises(error):
        await kumo.async_device("9Z00000001")
    if kind == "down":
        with pytest.raises(ConnectionFailed):
            await world.client().async_login()


async def test_socket_down_is_a_connection_failure(world: World) -> None:
    """The Socket.IO channel unreachable: ConnectionFailed, not a hang."""
    kumo = world.client()
    await kumo.async_login()
    await kumo.async_device_status("9Z00000001")
    world.cloud.misbehaviour = "down"
    with pytest.raises(ConnectionFailed):
        await kumo._passwords(["9Z00000001"], 2.0)


async def test_unreachable_cloud() -> None:
    """Nothing listening: ConnectionFailed."""
    async with aiohttp.ClientSession() as session:
        kumo = KumoCloudClient(
            session, USERNAME, PASSWORD, base_url="http://127.0.0.1:1"
        )
        with pytest.raises(ConnectionFailed):
            await kumo.async_login()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"zones": 1}, "zones"),
        ([{"id": "z", "adapter": []}], "zones.adapter"),
        ([{"id": "z", "adapter": {"connected": True}}], "zones.adapter.deviceSerial"),
    ],
)
def test_zone_parser_names_the_field(data: object, field: str) -> None:
    """Malformed zone lists name what is wrong."""
    with pytest.raises(InvalidResponse) as err:
        parse_zones(data)
    assert err.value.field == field


def test_device_parser_reads_power_and_codes() -> None:
    """Power 0 is off whatever the mode; a code other than A0 is kept."""
    device = parse_cloud_device(
        {
            "serialNumber": "9Z1",
            "power": 0,
            "operationMode": "heat",
            "twoFiguresCode": "U2",
            "displayConfig": {"defrost": False, "standby": False, "filter": True},
        }
    )
    assert device.state.mode == "off" and device.state.error_code == "U2"
    assert device.state.filter_dirty
    with pytest.raises(InvalidResponse) as err:
        parse_cloud_device({"serialNumber": "9Z1", "operationMode": 3})
    assert err.value.field == "device.operationMode"
