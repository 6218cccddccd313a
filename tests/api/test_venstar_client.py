"""The Venstar client against the fake thermostat on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
import math

import aiohttp
from aiohttp import web
import pytest

from custom_components.heat_pump_monitor.api import (
    AuthenticationFailed,
    ConnectionFailed,
    InvalidResponse,
    RateLimited,
)
from custom_components.heat_pump_monitor.api.digest import (
    DigestAuth,
    DigestError,
    digest_response,
)
from custom_components.heat_pump_monitor.api.venstar import (
    STATE_HEATING,
    STATE_LOCKOUT,
    VenstarClient,
    VenstarRoot,
)
from custom_components.heat_pump_monitor.engine.sample import HvacMode

from ..fakes.loopback import serve
from ..fakes.plant import SimulatedPlant
from ..fakes.venstar import FakeVenstar, fahrenheit

NOW = datetime(2026, 1, 10, 7, 30, tzinfo=UTC)

type MakeClient = Callable[..., VenstarClient]


@pytest.fixture(name="fake")
def fake_fixture() -> FakeVenstar:
    """Make a fake thermostat on a heating plant with 30 hours of history."""
    plant = SimulatedPlant(
        clock=lambda: NOW, history=timedelta(hours=30), hvac_mode=HvacMode.HEAT
    )
    return FakeVenstar(plant=plant, clock=lambda: NOW)


@pytest.fixture(name="client")
async def client_fixture(fake: FakeVenstar) -> AsyncIterator[MakeClient]:
    """Make clients of the fake, served on loopback."""
    async with serve(fake.app) as server, aiohttp.ClientSession() as session:

        def make(**kwargs: object) -> VenstarClient:
            kwargs.setdefault("request_gap_s", 0.0)
            return VenstarClient(session, "127.0.0.1", port=server.port, **kwargs)  # type: ignore[arg-type]

        yield make


async def test_reads_what_the_plant_does(fake: FakeVenstar, client: MakeClient) -> None:
    """Info, sensors, runtimes and alerts carry the plant's numbers in °F."""
    venstar = client()
    root = await venstar.async_root()
    assert root.api_ver == 7 and root.model == "COLORTOUCH"
    info = await venstar.async_info()
    sample = fake.plant.latest
    assert sample is not None and sample.indoor_temp_c is not None
    assert info.name == "Hallway" and not info.celsius
    assert info.spacetemp == fahrenheit(sample.indoor_temp_c)
    assert info.mode == 1
    running = bool(sample.comp_heat_s or sample.aux_heat_s)
    assert (info.state == STATE_HEATING) is running
    sensors = {sensor.name: sensor for sensor in await venstar.async_sensors()}
    assert sensors["Outdoor"].type == "Outdoor"
    assert sample.outdoor_temp_c is not None
    assert sensors["Outdoor"].temp == fahrenheit(sample.outdoor_temp_c)
    assert {"Supply", "Return"} <= set(sensors)
    runtimes = await venstar.async_runtimes()
    assert len(runtimes) == 7
    assert runtimes[-1].ts == int(NOW.timestamp())
    yesterday = datetime(2026, 1, 9, tzinfo=UTC)
    assert runtimes[-2].ts == int(yesterday.timestamp())
    assert runtimes[-2].heat1 == fake.day_minutes(yesterday)["heat1"] > 0
    alerts = await venstar.async_alerts()
    assert [alert.name for alert in alerts] == ["Air Filter", "UV Lamp", "Service"]
    assert not any(alert.active for alert in alerts)
    assert venstar.requests == {
        "/": 1,
        "/query/info": 1,
        "/query/sensors": 1,
        "/query/runtimes": 1,
        "/query/alerts": 1,
    }


async def test_lockout_and_celsius(fake: FakeVenstar, client: MakeClient) -> None:
    """A locked-out thermostat in °C says so."""
    fake.celsius = True
    fake.state_override = STATE_LOCKOUT
    info = await client().async_info()
    assert info.state == STATE_LOCKOUT and info.celsius
    sample = fake.plant.latest
    assert sample is not None and sample.indoor_temp_c is not None
    assert info.spacetemp == round(sample.indoor_temp_c, 1)


async def test_digest_and_pin(fake: FakeVenstar, client: MakeClient) -> None:
    """Digest credentials and the PIN open the thermostat; one challenge serves many."""
    fake.username, fake.password, fake.pin = "admin", "s3cret", "0042"
    venstar = client(username="admin", password="s3cret", pin="42")
    assert (await venstar.async_info()).name == "Hallway"
    assert (await venstar.async_alerts())[0].name == "Air Filter"
    # 401 challenge + signed retry, then the second request is signed up front.
    assert fake.requests["/query/info"] == 2
    assert fake.requests["/query/alerts"] == 1


async def test_wrong_password_is_refused(fake: FakeVenstar, client: MakeClient) -> None:
    """A wrong password fails authentication, not the connection."""
    fake.username, fake.password = "admin", "s3cret"
    with pytest.raises(AuthenticationFailed):
        await client(username="admin", password="wrong").async_info()
    with pytest.raises(AuthenticationFailed):
        await client().async_info()


async def test_wrong_pin_is_an_invalid_reply(
    fake: FakeVenstar, client: MakeClient
) -> None:
    """The thermostat answers a wrong PIN with an error reply, named in the message."""
    fake.pin = "1234"
    with pytest.raises(InvalidResponse, match="Invalid PIN"):
        await client(pin="9999").async_info()


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (("500", None, None), (ConnectionFailed, None)),
        (("html", None, None), (InvalidResponse, "body")),
        (("truncated", None, None), (InvalidResponse, "body")),
        (("missing_field", None, None), (InvalidResponse, "name")),
        (("missing_field", "spacetemp", None), (InvalidResponse, "spacetemp")),
        (("wrong_type", None, None), (InvalidResponse, "name")),
        (("wrong_type", "spacetemp", "71"), (InvalidResponse, "spacetemp")),
        (("wrong_type", "spacetemp", math.nan), (InvalidResponse, "spacetemp")),
        (("wrong_type", "mode", 1.5), (InvalidResponse, "mode")),
        (("wrong_type", "state", math.inf), (InvalidResponse, "state")),
        (("wrong_type", "state", True), (InvalidResponse, "state")),
        (("error_reply", None, None), (InvalidResponse, "error")),
    ],
)
async def test_bad_info_replies(
    fake: FakeVenstar,
    client: MakeClient,
    spoil: tuple[str, str | None, object],
    expected: tuple[type[Exception], str | None],
) -> None:
    """Every malformed reply is a clear error naming the field; the next call works.

    ``spoil`` is the fake's misbehaviour, the field it spoils and the value it puts in.
    """
    kind, spoiled, value = spoil
    error, field = expected
    fake.misbehave(kind, times=1, field=spoiled, value=value)
    with pytest.raises(error) as caught:
        await client().async_info()
    if field is not None:
        assert isinstance(caught.value, InvalidResponse)
        assert caught.value.field == field
    assert (await client().async_info()).name == "Hallway"


async def test_bad_list_replies(fake: FakeVenstar, client: MakeClient) -> None:
    """Lists that are not lists of objects, flags that are not flags, non-objects."""
    venstar = client()
    fake.misbehave("wrong_type", times=1, field="sensors", value="Outdoor")
    with pytest.raises(InvalidResponse) as caught:
        await venstar.async_sensors()
    assert caught.value.field == "sensors"
    fake.misbehave(
        "wrong_type",
        times=1,
        field="alerts",
        value=[{"name": "Service", "active": "y"}],
    )
    with pytest.raises(InvalidResponse) as caught:
        await venstar.async_alerts()
    assert caught.value.field == "active"
    fake.misbehave("wrong_type", times=1, field="runtimes", value=[{"heat1": 3}])
    with pytest.raises(InvalidResponse) as caught:
        await venstar.async_runtimes()
    assert caught.value.field == "ts"
    fake.misbehave("missing_field", times=1, field="runtimes")
    with pytest.raises(InvalidResponse) as caught:
        await venstar.async_runtimes()
    assert caught.value.field == "runtimes"


async def test_a_json_list_is_not_a_reply() -> None:
    """Something answering with a JSON array is not a thermostat."""

    async def array(request: web.Request) -> web.Response:
        return web.json_response([1, 2])

    app = web.Application()
    app.router.add_get("/", array)
    async with serve(app) as server, aiohttp.ClientSession() as session:
        venstar = VenstarClient(session, "127.0.0.1", port=server.port, request_gap_s=0)
        with pytest.raises(InvalidResponse) as caught:
            await venstar.async_root()
    assert caught.value.field == "body"


async def test_root_without_model(fake: FakeVenstar, client: MakeClient) -> None:
    """Firmware that leaves the model out is a ColorTouch."""
    fake.model = None
    root = await client().async_root()
    assert root.model == "COLORTOUCH" and root.firmware == "6.91"


async def test_sha256_digest(fake: FakeVenstar, client: MakeClient) -> None:
    """Thermostats challenging with SHA-256 are answered with SHA-256."""
    fake.username, fake.password, fake.digest_algorithm = "admin", "pw", "SHA-256"
    assert (await client(username="admin", password="pw").async_info()).mode == 1


async def test_unanswerable_challenge_is_refused(
    fake: FakeVenstar, client: MakeClient
) -> None:
    """A challenge the client cannot answer is an authentication failure."""
    fake.username, fake.password, fake.digest_algorithm = "admin", "pw", "SHA-512"
    with pytest.raises(AuthenticationFailed, match="SHA-512"):
        await client(username="admin", password="pw").async_info()


async def test_rate_limit_carries_retry_after(
    fake: FakeVenstar, client: MakeClient
) -> None:
    """429 says how long to wait."""
    fake.misbehave("429", times=1)
    with pytest.raises(RateLimited) as caught:
        await client().async_sensors()
    assert caught.value.retry_after_s == 120.0
    for header in ("soon", "-5"):
        fake.retry_after = header
        fake.misbehave("429", times=1)
        with pytest.raises(RateLimited) as caught:
            await client().async_sensors()
        assert caught.value.retry_after_s == 60.0


async def test_timeout_is_a_connection_failure(
    fake: FakeVenstar, client: MakeClient
) -> None:
    """A thermostat slower than the timeout is unreachable this time."""
    fake.slow_s = 1.0
    fake.misbehave("slow", times=1)
    with pytest.raises(ConnectionFailed, match="TimeoutError"):
        await client(timeout_s=0.2).async_runtimes()


async def test_old_api_is_refused(fake: FakeVenstar, client: MakeClient) -> None:
    """API versions below 3 are not supported."""
    fake.misbehave("api_ver_2")
    with pytest.raises(InvalidResponse) as caught:
        await client().async_root()
    assert caught.value.field == "api_ver"


async def test_unreachable_host() -> None:
    """Nothing listening is a connection failure."""
    async with aiohttp.ClientSession() as session:
        venstar = VenstarClient(session, "127.0.0.1", port=1, request_gap_s=0.0)
        with pytest.raises(ConnectionFailed):
            await venstar.async_info()


async def test_requests_are_spaced(fake: FakeVenstar, client: MakeClient) -> None:
    """Back-to-back requests to one thermostat wait for the gap."""
    venstar = client(request_gap_s=0.2)
    began = datetime.now(UTC)
    await venstar.async_info()
    await venstar.async_sensors()
    assert datetime.now(UTC) - began >= timedelta(seconds=0.2)


def test_digest_matches_rfc_7616_examples() -> None:
    """The responses of RFC 7616 section 3.9.1, MD5 and SHA-256."""
    example = {
        "username": "Mufasa",
        "realm": "http-auth@example.org",
        "password": "Circle of Life",
        "method": "GET",
        "uri": "/dir/index.html",
        "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        "count": "00000001",
        "cnonce": "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
    }
    assert (
        digest_response(algorithm="MD5", **example)
        == "8ca523f5e9506fed4657c9700eebdbec"
    )
    assert (
        digest_response(algorithm="SHA-256", **example)
        == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
    )


def test_digest_refuses_what_it_cannot_answer() -> None:
    """Basic auth, unknown algorithms and qop, and missing nonces are refused."""
    auth = DigestAuth("user", "pass")
    for header in (
        'Basic realm="x"',
        'Digest realm="x", nonce="n", algorithm=SHA-512',
        'Digest realm="x", nonce="n", qop="auth-int"',
        'Digest realm="x"',
    ):
        with pytest.raises(DigestError):
            auth.challenge(header)
    with pytest.raises(DigestError):
        auth.authorization("GET", "/")
    auth.challenge('Digest realm="x", nonce="n", opaque="o"')
    header = auth.authorization("GET", "/query/info")
    assert 'opaque="o"' in header and "qop" not in header


@pytest.mark.parametrize(
    ("model", "firmware", "forced"),
    [
        ("T2000", "4.38", True),
        ("T3900", "5.28", False),
        ("COLORTOUCH", "4.0", False),
        ("T2000", "beta", False),
    ],
)
def test_old_t_series_report_celsius(model: str, firmware: str, forced: bool) -> None:
    """T2xxx/T3xxx below firmware 5.28 always report °C."""
    root = VenstarRoot(api_ver=7, model=model, firmware=firmware, type="residential")
    assert root.forces_celsius is forced
