"""The Kumo local client against the fake indoor unit on loopback."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
import hashlib

import aiohttp
import pytest

from custom_components.heat_pump_monitor.api import (
    AuthenticationFailed,
    ConnectionFailed,
    InvalidResponse,
    RateLimited,
)
from custom_components.heat_pump_monitor.api.kumo_local import (
    BUSY_BACKOFF_S,
    KumoLocalClient,
    UnitBusy,
)
from custom_components.heat_pump_monitor.api.kumo_models import KumoCredentials
from custom_components.heat_pump_monitor.api.kumo_token import (
    W_PARAM,
    MalformedCredentials,
    TokenKey,
)
from custom_components.heat_pump_monitor.engine.sample import HvacMode

from ..fakes.kumo_unit import (
    CRYPTO_SERIAL,
    PASSWORD,
    FakeKumoUnit,
    expected_token,
    half_degree,
)
from ..fakes.loopback import serve
from ..fakes.plant import SimulatedPlant

NOW = datetime(2026, 1, 10, 7, 30, tzinfo=UTC)
RIGHT = KumoCredentials(password=PASSWORD, crypto_serial=CRYPTO_SERIAL)

type MakeClient = Callable[..., KumoLocalClient]


@pytest.fixture(name="unit")
def unit_fixture() -> FakeKumoUnit:
    """Make a fake unit on a heating plant with 30 hours of history."""
    plant = SimulatedPlant(
        clock=lambda: NOW, history=timedelta(hours=30), hvac_mode=HvacMode.HEAT
    )
    return FakeKumoUnit(plant=plant, clock=lambda: NOW, slow_s=0.5)


@pytest.fixture(name="client")
async def client_fixture(unit: FakeKumoUnit) -> AsyncIterator[MakeClient]:
    """Make clients of the fake unit, served on loopback."""
    async with serve(unit.app) as server, aiohttp.ClientSession() as session:

        def make(
            credentials: KumoCredentials = RIGHT, **kwargs: object
        ) -> KumoLocalClient:
            kwargs.setdefault("retry_pause_s", 0.0)
            return KumoLocalClient(
                session,
                "127.0.0.1",
                credentials,
                port=server.port,
                **kwargs,  # type: ignore[arg-type]
            )

        yield make


def test_token_follows_the_notes_byte_by_byte() -> None:
    """The token is SHA-256 of the 88-byte block the notes lay out.

    The notes give no published test vector, so the block is spelled out here
    from the notes' table and compared with the client's and the fake's results.
    """
    password = b"\x01\x02secret"
    serial = bytes(range(0x10, 0x1C))  # 12 bytes
    body = b'{"c":{"indoorUnit":{"status":{}}}}'
    block = bytearray(88)
    block[:32] = bytes.fromhex(
        "44c73283b498d432ff25f5c8e06a016aef931e68f0a00ea710e36e6338fb22db"
    )
    block[32:64] = hashlib.sha256(password + body).digest()
    block[64:67] = b"\x08\x40\x00"
    block[79] = 0x18
    block[80:84] = b"\x14\x15\x16\x17"
    block[84:88] = b"\x10\x11\x12\x13"
    want = hashlib.sha256(bytes(block)).hexdigest()
    key = TokenKey(base64.b64encode(password).decode(), serial.hex())
    assert key.token(body) == want
    assert (
        expected_token(base64.b64encode(password).decode(), serial.hex(), body) == want
    )
    assert bytes(block[:32]) == W_PARAM
    assert key.token(body + b" ") != want
    assert len(want) == 64 and want == want.lower()
    assert "secret" not in repr(key)


@pytest.mark.parametrize(
    ("password", "serial", "field"),
    [
        ("not base64!", CRYPTO_SERIAL, "password"),
        ("", CRYPTO_SERIAL, "password"),
        (PASSWORD, "zz", "crypto_serial"),
        (PASSWORD, "0a1b2c3d", "crypto_serial"),
    ],
)
def test_malformed_credentials_name_the_field(
    password: str, serial: str, field: str
) -> None:
    """Credentials that cannot be decoded are refused before anything is sent."""
    with pytest.raises(MalformedCredentials) as err:
        TokenKey(password, serial)
    assert err.value.field == field
    assert isinstance(err.value, AuthenticationFailed)
    if password:
        assert password not in str(err.value)


async def test_reads_status_profile_and_sensors(
    unit: FakeKumoUnit, client: MakeClient
) -> None:
    """Status carries the plant's numbers and true defrost; requests are counted."""
    unit.sensors = [
        {"uuid": "a1b2", "humidity": 41, "temperature": 20.5, "battery": 88},
    ]
    kumo = client()
    status = await kumo.async_status()
    sample = unit.latest()
    assert status.mode == "heat"
    assert status.room_temp_c == half_degree(sample.indoor_temp_c)
    assert status.heat_setpoint_c == sample.heat_setpoint_c
    assert status.defrost is bool(sample.defrost_s)
    assert status.standby is not bool(sample.comp_heat_s)
    assert not status.filter_dirty and status.active_thermistor == "unset"
    profile = await kumo.async_profile()
    assert profile.has_defrost and profile.has_standby
    assert profile.number_of_fan_speeds == 5
    sensors = await kumo.async_sensors()
    assert [(s.uuid, s.temperature_c, s.humidity) for s in sensors] == [
        ("a1b2", 20.5, 41.0)
    ]
    assert kumo.requests == {
        "indoorUnit.status": 1,
        "indoorUnit.profile": 1,
        "sensors.0": 1,
        "sensors.1": 1,
    }
    assert unit.refused == 0


async def test_reports_defrost_when_the_plant_defrosts(
    unit: FakeKumoUnit, client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Somewhere in 30 cold hours the plant defrosts; the unit says so then only."""
    history = unit.plant.between(NOW - timedelta(hours=30), NOW)
    defrosting = [sample for sample in history if sample.defrost_s]
    resting = [sample for sample in history if not sample.defrost_s]
    assert defrosting and resting
    kumo = client()
    for sample, expected in ((defrosting[0], True), (resting[0], False)):
        monkeypatch.setattr(unit, "latest", lambda sample=sample: sample)
        assert (await kumo.async_status()).defrost is expected


async def test_wrong_credentials_are_refused(
    unit: FakeKumoUnit, client: MakeClient
) -> None:
    """A wrong password or crypto serial gives a token the unit rejects."""
    wrong = KumoCredentials(
        password=base64.b64encode(b"other").decode(), crypto_serial=CRYPTO_SERIAL
    )
    with pytest.raises(AuthenticationFailed):
        await client(wrong).async_status()
    # Refused three times: the first try and two retries (transient on real units).
    assert unit.refused == 3
    wrong_serial = KumoCredentials(password=PASSWORD, crypto_serial="ff" * 12)
    with pytest.raises(AuthenticationFailed):
        await client(wrong_serial, retries=0).async_status()
    assert unit.refused == 4


async def test_malformed_credentials_send_nothing(
    unit: FakeKumoUnit, client: MakeClient
) -> None:
    """Undecodable credentials fail before the unit is asked."""
    bad = KumoCredentials(password="***", crypto_serial=CRYPTO_SERIAL)
    with pytest.raises(MalformedCredentials):
        await client(bad).async_status()
    assert unit.refused == 0 and not unit.requests


@pytest.mark.parametrize("kind", ["serializer_error", "auth_error"])
async def test_transient_errors_are_retried(
    unit: FakeKumoUnit, client: MakeClient, kind: str
) -> None:
    """One serializer or authentication error is retried and passes."""
    unit.misbehave(kind, times=1)
    kumo = client()
    assert (await kumo.async_status()).mode == "heat"
    assert kumo.requests["indoorUnit.status"] == 2


async def test_persistent_serializer_errors_leave_the_unit_alone(
    unit: FakeKumoUnit, client: MakeClient
) -> None:
    """A unit that keeps failing to serialise is busy: back off."""
    unit.misbehave("serializer_error")
    with pytest.raises(UnitBusy) as err:
        await client(retries=1).async_status()
    assert err.value.retry_after_s == BUSY_BACKOFF_S


async def test_no_memory_is_not_retried(unit: FakeKumoUnit, client: MakeClient) -> None:
    """``__no_memory`` anywhere: no retry, leave the unit alone for a while."""
    unit.misbehave("no_memory")
    kumo = client(busy_backoff_s=900.0)
    with pytest.raises(RateLimited) as err:
        await kumo.async_status()
    assert isinstance(err.value, UnitBusy) and err.value.retry_after_s == 900.0
    assert kumo.requests["indoorUnit.status"] == 1


@pytest.mark.parametrize(
    ("kind", "error", "field"),
    [
        ("malformed", InvalidResponse, "body"),
        ("empty", InvalidResponse, "r.indoorUnit"),
        ("500", ConnectionFailed, None),
    ],
)
async def test_bad_replies(
    unit: FakeKumoUnit,
    client: MakeClient,
    kind: str,
    error: type[Exception],
    field: str | None,
) -> None:
    """Malformed JSON, missing data and HTTP errors are typed, naming the field."""
    unit.misbehave(kind)
    with pytest.raises(error) as err:
        await client().async_status()
    if field is not None:
        assert isinstance(err.value, InvalidResponse) and err.value.field == field


async def test_unknown_api_error_names_the_query(
    unit: FakeKumoUnit, client: MakeClient
) -> None:
    """An ``_api_error`` the client does not know is an invalid response."""
    unit.misbehave("unknown_error")
    with pytest.raises(InvalidResponse) as err:
        await client().async_status()
    assert err.value.field == "indoorUnit.status"


async def test_timeout_is_a_connection_failure(
    unit: FakeKumoUnit, client: MakeClient
) -> None:
    """A unit that does not answer within the read timeout: ConnectionFailed."""
    unit.misbehave("timeout", times=1)
    with pytest.raises(ConnectionFailed):
        await client(read_timeout_s=0.1).async_status()


async def test_unreachable_unit() -> None:
    """Nothing listening: ConnectionFailed, quickly."""
    async with aiohttp.ClientSession() as session:
        kumo = KumoLocalClient(session, "127.0.0.1", RIGHT, port=1)
        with pytest.raises(ConnectionFailed):
            await kumo.async_status()


async def test_ungettable_values_are_unknown(
    unit: FakeKumoUnit, client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``__ungettable`` placeholders become None; a wrong type names its field."""
    status = unit.status()
    monkeypatch.setattr(
        FakeKumoUnit, "status", lambda self: {**status, "roomTemp": "__ungettable"}
    )
    assert (await client().async_status()).room_temp_c is None
    monkeypatch.setattr(
        FakeKumoUnit, "status", lambda self: {**status, "defrost": "yes"}
    )
    with pytest.raises(InvalidResponse) as err:
        await client().async_status()
    assert err.value.field == "indoorUnit.status.defrost"
