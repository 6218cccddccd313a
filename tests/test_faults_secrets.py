"""Security faults: planted secrets stay out of everything written; TLS is verified.

Each system is set up with planted credentials, made to raise a finding (so bus
events, phone notifications and repair issues exist) and to fail once (so errors are
logged); then its diagnostics, debug log, bus events, phone notifications, repair
texts and technician report are searched (``planted_secrets``). The cloud clients
refuse a self-signed loopback HTTPS server; a Venstar entry accepts one only when
that entry says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
import logging
from pathlib import Path
import ssl
import threading

from homeassistant.components.climate import HVACAction
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.heat_pump_monitor.api import ApiError, ConnectionFailed
from custom_components.heat_pump_monitor.sources import (
    ecobee as ecobee_source,
    kumo as kumo_source,
    venstar as venstar_source,
)

from .conftest import (
    Advance,
    BridgeClimate,
    FakeKumo,
    bridge_entry,
    kumo_entry,
    venstar_entry,
)
from .fakes.loopback import self_signed_context
from .fakes.venstar import FakeVenstar
from .planted_secrets import NOTIFY_OPTIONS, Outputs, Written, assert_no_secret

DOMAIN_LOGGER = "custom_components.heat_pump_monitor"
VENSTAR_USER = "hallway-admin-6d1f"
VENSTAR_PASSWORD = "pa55-Word-xyz"
VENSTAR_PIN = "7391"
LATITUDE = 47.613289
LONGITUDE = -122.348417


async def _setup_with_phone(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options=NOTIFY_OPTIONS)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _assert_no_address(written: Written, caplog: pytest.LogCaptureFixture) -> None:
    """Assert the device address is neither written nor in the integration log.

    (Home Assistant's HTTP log shows the test client's address, also 127.0.0.1, and
    the integration warns about the fake cloud's URL override, on 127.0.0.1 too.)
    """
    ours = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith(DOMAIN_LOGGER) and "_URL=" not in r.getMessage()
    ]
    assert "127.0.0.1" not in written.text
    assert not [message for message in ours if "127.0.0.1" in message]


def _raised(written: Written) -> list[str]:
    return [e["kind"] for e in written.events if e["type"] == "finding_raised"]


async def test_venstar_user_password_and_pin_never_written(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    fake_venstar: FakeVenstar,
    advance: Advance,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Digest user and password, screen PIN: in none of the integration's outputs."""
    caplog.set_level(logging.DEBUG)
    outputs = Outputs(hass)
    fake_venstar.username, fake_venstar.password = VENSTAR_USER, VENSTAR_PASSWORD
    fake_venstar.pin = VENSTAR_PIN
    entry = venstar_entry(
        fake_venstar,
        username=VENSTAR_USER,
        password=VENSTAR_PASSWORD,
        pin=VENSTAR_PIN,
    )
    await _setup_with_phone(hass, entry)
    fake_venstar.state_override = 3  # lockout: an error-code finding
    fake_venstar.misbehave("500", times=1)
    await advance(timedelta(minutes=3), timedelta(minutes=1))
    written = await outputs.written(hass_client, entry)
    assert written.diagnostics["engine"]["source"]["requests"]["/query/info"] >= 3
    assert _raised(written) == ["error_code"]
    assert written.phone and written.issues
    assert "HTTP 500" in caplog.text
    assert_no_secret([VENSTAR_USER, VENSTAR_PASSWORD, VENSTAR_PIN], written, caplog)
    _assert_no_address(written, caplog)


async def test_kumo_passwords_tokens_and_crypto_serial_never_written(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    fake_kumo: FakeKumo,
    advance: Advance,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Cloud password and tokens, unit password and crypto serial, serial and MAC."""
    caplog.set_level(logging.DEBUG)
    outputs = Outputs(hass)
    entry = kumo_entry(fake_kumo)
    await _setup_with_phone(hass, entry)
    unit, cloud = fake_kumo.unit, fake_kumo.cloud
    unit.filter_dirty = True  # an error-code finding
    unit.misbehave("500", times=1)  # falls back to the cloud: tokens are used
    cloud.expire_access_tokens()
    await advance(timedelta(minutes=3), timedelta(minutes=1))
    written = await outputs.written(hass_client, entry)
    assert written.diagnostics["engine"]["source"]["requests"]["unit"]
    assert _raised(written) == ["error_code"]
    assert written.phone and written.issues
    tokens = cloud.issued_tokens
    assert len(tokens) >= 3  # the first pair and at least one refreshed access
    secrets: list[str | None] = [
        cloud.password,
        unit.password,
        unit.crypto_serial,
        unit.serial,
        unit.mac,
        *tokens,
    ]
    assert_no_secret(secrets, written, caplog)
    _assert_no_address(written, caplog)


async def test_bridge_writes_no_location(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    bridge_climate: tuple[BridgeClimate, MockConfigEntry],
    advance: Advance,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The home's coordinates (``zone.home``) appear nowhere; entity ids may."""
    caplog.set_level(logging.DEBUG)
    await hass.config.async_update(latitude=LATITUDE, longitude=LONGITUDE)
    await hass.async_block_till_done()
    climate, _ = bridge_climate
    outputs = Outputs(hass)
    error = "sensor.heat_pump_error"
    hass.states.async_set(error, "none")
    climate.change(hvac_action=HVACAction.HEATING)
    entry = bridge_entry(hass, error_code_entity=error)
    await _setup_with_phone(hass, entry)
    await advance(timedelta(minutes=2), timedelta(seconds=30))
    hass.states.async_set(error, "E6")
    await advance(timedelta(minutes=3), timedelta(seconds=30))
    written = await outputs.written(hass_client, entry)
    assert _raised(written) == ["error_code"]
    assert written.phone and written.issues
    assert "climate.hallway_heat_pump" in written.text
    coordinates = [str(LATITUDE), str(LONGITUDE), "47.61", "122.34", "122.35"]
    assert_no_secret(coordinates, written, caplog)


ROOT = {"api_ver": 7, "type": "residential", "model": "COLORTOUCH", "firmware": "6.91"}
"""What the self-signed server answers to ``GET /`` (a Venstar thermostat's root)."""


class HttpsServer:
    """A loopback HTTPS server with a self-signed certificate, in a thread of its own.

    Its own thread and loop: failed handshakes are its business, not Home
    Assistant's event loop's.
    """

    def __init__(self, context: ssl.SSLContext) -> None:
        """Listen on a free port; ``reached`` lists the paths that got through TLS."""
        self.reached: list[str] = []
        reached = self.reached

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                reached.append(self.path)
                body = json.dumps(ROOT).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"https://127.0.0.1:{self.port}"

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


@pytest.fixture
def https_server(socket_enabled: None, tmp_path: Path) -> Iterator[HttpsServer]:
    """Serve a Venstar-like root behind a self-signed certificate."""
    server = HttpsServer(self_signed_context(tmp_path))
    try:
        yield server
    finally:
        server.close()


async def test_cloud_clients_refuse_a_self_signed_server(
    hass: HomeAssistant, https_server: HttpsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ecobee and Kumo Cloud clients verify TLS: a self-signed server never gets a request."""
    monkeypatch.setenv(ecobee_source.URL_ENV, https_server.url)
    monkeypatch.setenv(kumo_source.URL_ENV, https_server.url)
    ecobee = ecobee_source.client_for(hass, "key", refresh_token="refresh")
    with pytest.raises(ConnectionFailed) as ecobee_error:
        await ecobee.async_summary()
    kumo = kumo_source.cloud_client(hass, "owner@example.com", "kumo-password")
    with pytest.raises(ConnectionFailed) as kumo_error:
        await kumo.async_login()
    assert "Certificate" in str(ecobee_error.value) or "SSL" in str(ecobee_error.value)
    assert "Certificate" in str(kumo_error.value) or "SSL" in str(kumo_error.value)
    assert https_server.reached == []


async def test_self_signed_venstar_only_for_the_entry_that_chose_it(
    hass: HomeAssistant, https_server: HttpsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTTPS with verification off reaches the thermostat; with it on, it does not.

    Turning verification off for one entry leaves it on for every other client.
    """
    data = {"host": "127.0.0.1", "port": https_server.port, "ssl": True}
    trusting = venstar_source.client_from_entry(hass, {**data, "verify_ssl": False})
    root = await trusting.async_root()
    assert root.api_ver == 7
    assert https_server.reached == ["/"]
    verifying = venstar_source.client_from_entry(hass, {**data, "verify_ssl": True})
    with pytest.raises(ApiError):
        await verifying.async_root()
    monkeypatch.setenv(ecobee_source.URL_ENV, https_server.url)
    with pytest.raises(ConnectionFailed):
        await ecobee_source.client_for(hass, "key", refresh_token="x").async_summary()
    assert https_server.reached == ["/"]
