"""A fake Kumo Cloud (v3 REST and the Socket.IO channel) in front of fake indoor units.

Speaks the wire format of the API notes: login, rotating refresh, sites, zones,
devices with their status and Kumo properties, and ``adapter_update`` events with a
unit's password once the client subscribed to the account and the unit. Access
tokens are JWTs (unsigned payload ``{"id", "exp"}``) that expire after
``access_lifetime`` on the injected clock. Misbehaves on request.

Run it standalone for the demo, with one unit beside it:
``python -m tests.fakes.kumo_cloud --port 8412 --unit-port 8413`` (``--climate`` and
``--fault`` set up its plant; ``--defrost-cycle 90`` scripts heating and defrost in
turn, so a short demo sees the unit's reported defrost come and go).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import json
import secrets
from typing import Any

from aiohttp import web
import socketio  # type: ignore[import-untyped]

from custom_components.heat_pump_monitor.simulator import Climate, FaultSpec

from .kumo_unit import FakeKumoUnit, half_degree, unit_mode
from .plant import SimulatedPlant

USERNAME = "owner@example.com"
PASSWORD = "kumo-Cloud-pa55"
USER_ID = "7f1c2d3e-0000-4a5b-9c8d-112233445566"
SITE_ID = "0c5e9a1b-2222-4c3d-8e9f-aabbccddeeff"
APP_VERSION_HEADER = "x-app-version"
MISBEHAVIOURS = ("down", "malformed", "429", "reject_socket")


def jwt(claims: dict[str, Any]) -> str:
    """Return an unsigned JWT carrying ``claims``."""

    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    return (
        f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.{secrets.token_hex(8)}"
    )


@dataclass
class FakeKumoCloud:
    """State and switches of the fake cloud; ``app`` serves REST and Socket.IO."""

    units: list[FakeKumoUnit]
    clock: Callable[[], datetime]
    username: str = USERNAME
    password: str = PASSWORD
    access_lifetime: timedelta = timedelta(minutes=20)
    withhold_credentials: bool = False
    """The 2026 change: no ``cryptoSerial`` in status, no password in updates."""
    station_outdoor: bool = False
    """A Kumo Station on the site reports the plant's outdoor temperature."""
    misbehaviour: str | None = None
    requests: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    """Socket.IO events received, by name."""
    port: int = 0
    issued_tokens: list[str] = field(default_factory=list)
    """Every access and refresh token handed out, oldest first."""
    _access: dict[str, datetime] = field(default_factory=dict)
    _refresh: str | None = None

    @property
    def url(self) -> str:
        """Where the test server listens."""
        return f"http://127.0.0.1:{self.port}"

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far expired (as after 20 minutes)."""
        self._access = dict.fromkeys(self._access, datetime.min.replace(tzinfo=UTC))

    def expire_refresh_token(self) -> None:
        """Make the refresh token stop working (as after a month)."""
        self._refresh = None

    def unit(self, serial: str) -> FakeKumoUnit | None:
        """Return the unit with ``serial``, if the account has it."""
        return next((unit for unit in self.units if unit.serial == serial), None)

    @property
    def app(self) -> web.Application:
        """The aiohttp application with the Socket.IO server attached."""
        app = web.Application(middlewares=[self._middleware])
        routes = app.router
        routes.add_post("/v3/login", self._login)
        routes.add_post("/v3/refresh", self._refresh_tokens)
        routes.add_get("/v3/sites/", self._sites)
        routes.add_get("/v3/sites/{site}/zones", self._zones)
        routes.add_get("/v3/devices/{serial}", self._device)
        routes.add_get("/v3/devices/{serial}/status", self._device_status)
        routes.add_get("/v3/devices/{serial}/kumo-properties", self._properties)
        # A short ping interval: the server answers a pending long-poll within a
        # second of the client closing, as the real cloud does at once.
        sio = socketio.AsyncServer(
            async_mode="aiohttp", ping_interval=1, ping_timeout=1
        )
        self._serve_socket(sio)
        sio.attach(app)

        async def stop_socket(app: web.Application) -> None:
            await sio.shutdown()

        app.on_shutdown.append(stop_socket)
        return app

    def _issue(self) -> dict[str, str]:
        now = self.clock()
        expiry = now + self.access_lifetime
        access = jwt({"id": USER_ID, "exp": int(expiry.timestamp())})
        self._access[access] = expiry
        self._refresh = secrets.token_urlsafe(24)
        self.issued_tokens += [access, self._refresh]
        return {"access": access, "refresh": self._refresh}

    def access_valid(self, header: str | None) -> bool:
        """Whether ``header`` carries an access token that has not expired."""
        token = (header or "").removeprefix("Bearer ")
        expiry = self._access.get(token)
        return expiry is not None and self.clock() < expiry

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        if request.path.startswith("/socket.io"):
            if self.misbehaviour == "down":
                return web.Response(status=503, text="Service Unavailable")
            result: web.StreamResponse = await handler(request)
            return result
        self.requests[request.path] += 1
        if self.misbehaviour == "down":
            return web.Response(status=503, text="Service Unavailable")
        if self.misbehaviour == "429":
            return web.Response(status=429, headers={"Retry-After": "60"})
        if APP_VERSION_HEADER not in request.headers:
            return web.json_response({"error": "appVersionRequired"}, status=400)
        if request.path not in ("/v3/login", "/v3/refresh") and not self.access_valid(
            request.headers.get("Authorization")
        ):
            return web.json_response({"error": "unauthorized"}, status=401)
        response: web.Response = await handler(request)
        if self.misbehaviour == "malformed" and response.status == 200:
            return web.Response(text=(response.text or "")[:-5])
        return response

    async def _login(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (
            body.get("username") != self.username
            or body.get("password") != self.password
        ):
            return web.json_response({"error": "invalidCredentials"}, status=403)
        return web.json_response(
            {
                "id": USER_ID,
                "username": self.username,
                "email": self.username,
                "firstName": "Kim",
                "token": self._issue(),
            }
        )

    async def _refresh_tokens(self, request: web.Request) -> web.Response:
        body = await request.json()
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if self._refresh is None or self._refresh not in (body.get("refresh"), bearer):
            return web.json_response({"error": "invalidRefresh"}, status=401)
        if body.get("refresh") != bearer:
            return web.json_response({"error": "invalidRefresh"}, status=401)
        return web.json_response(self._issue())

    async def _sites(self, request: web.Request) -> web.Response:
        return web.json_response(
            [{"id": SITE_ID, "name": "Home", "isActive": True, "favorite": True}]
        )

    async def _zones(self, request: web.Request) -> web.Response:
        if request.match_info["site"] != SITE_ID:
            return web.json_response({"error": "siteNotFound"}, status=404)
        return web.json_response(
            [
                {
                    "id": f"zone-{unit.serial}",
                    "name": unit.name,
                    "isActive": True,
                    "adapter": {
                        "id": f"adapter-{unit.serial}",
                        "deviceSerial": unit.serial,
                        "isSimulator": False,
                        "roomTemp": half_degree(unit.latest().indoor_temp_c),
                        "connected": True,
                        "unitType": "ductless",
                        "macAddress": unit.mac,
                    },
                }
                for unit in self.units
            ]
        )

    def _known(self, request: web.Request) -> FakeKumoUnit:
        unit = self.unit(request.match_info["serial"])
        if unit is None:
            raise web.HTTPNotFound(
                text='{"error":"deviceNotFound"}', content_type="application/json"
            )
        return unit

    async def _device(self, request: web.Request) -> web.Response:
        unit = self._known(request)
        sample = unit.latest()
        status = unit.status()
        mode = unit_mode(sample)
        return web.json_response(
            {
                "serialNumber": unit.serial,
                "modelNumber": "MSZ-FS12NA",
                "rssi": -52,
                "power": 0 if mode == "off" else 1,
                "operationMode": "heat" if mode == "off" else mode,
                "humidity": None,
                "fanSpeed": "auto",
                "roomTemp": status["roomTemp"],
                "spHeat": status["spHeat"],
                "spCool": status["spCool"],
                "activeThermistor": "unset",
                "twoFiguresCode": "A0",
                "connected": True,
                "displayConfig": {
                    "filter": unit.filter_dirty,
                    "defrost": status["defrost"],
                    "hotAdjust": False,
                    "standby": status["standby"],
                },
            }
        )

    async def _device_status(self, request: web.Request) -> web.Response:
        unit = self._known(request)
        status: dict[str, Any] = {
            "autoModeDisable": True,
            "firmwareVersion": "02.06.12",
            "routerRssi": -42,
            "minSetPoint": 16,
            "maxSetPoint": 31,
            "lastUpdated": self.clock().isoformat(),
            "cryptoKeySet": "F",
        }
        if not self.withhold_credentials:
            status["cryptoSerial"] = unit.crypto_serial
        return web.json_response(status)

    async def _properties(self, request: web.Request) -> web.Response:
        unit = self._known(request)
        outdoor = unit.latest().outdoor_temp_c if self.station_outdoor else None
        return web.json_response(
            {
                "reporting": True,
                "connected": True,
                "outdoorAirTemperature": None if outdoor is None else round(outdoor, 1),
                "lastUpdated": self.clock().isoformat(),
            }
        )

    def _serve_socket(self, sio: socketio.AsyncServer) -> None:
        subscriptions: dict[str, set[str]] = {}

        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            self.events["connect"] += 1
            if self.misbehaviour == "reject_socket" or not self.access_valid(
                environ.get("HTTP_AUTHORIZATION")
            ):
                return False
            subscriptions[sid] = set()
            return True

        async def subscribe(sid: str, *args: Any) -> None:
            self.events["subscribe"] += 1
            if len(args) == 2 and args == ("", USER_ID):
                subscriptions[sid].add("account")
            elif len(args) == 1 and isinstance(args[0], str):
                subscriptions[sid].add(args[0])

        async def ask(sid: str, serial: Any = "", *args: Any) -> None:
            subscribed = subscriptions.get(sid, set())
            unit = self.unit(serial) if isinstance(serial, str) else None
            if unit is None or not {"account", unit.serial} <= subscribed:
                return
            update: dict[str, Any] = {
                "deviceSerial": unit.serial,
                "firmwareVersion": "02.06.12",
                "routerRssi": -42,
                "lastUpdated": self.clock().isoformat(),
            }
            if not self.withhold_credentials:
                update["password"] = unit.password
            await sio.emit("adapter_update", update, to=sid)

        async def force_adapter_request(sid: str, *args: Any) -> None:
            self.events["force_adapter_request"] += 1
            await ask(sid, *args)

        async def device_status_v2(sid: str, *args: Any) -> None:
            self.events["device_status_v2"] += 1
            await ask(sid, *args)

        async def disconnect(sid: str, *args: Any) -> None:
            subscriptions.pop(sid, None)

        sio.on("connect", connect)
        sio.on("subscribe", subscribe)
        sio.on("force_adapter_request", force_adapter_request)
        sio.on("device_status_v2", device_status_v2)
        sio.on("disconnect", disconnect)


async def _serve(args: argparse.Namespace) -> None:
    began = datetime.now(UTC)

    def clock() -> datetime:
        return datetime.now(UTC)

    start = clock() - timedelta(hours=args.history_h)
    faults = [] if args.fault == "none" else [FaultSpec(kind=args.fault, start=start)]
    plant = SimulatedPlant(
        clock=clock,
        history=timedelta(hours=args.history_h),
        climate=Climate(args.climate),
        faults=faults,
    )
    unit = FakeKumoUnit(plant=plant, clock=clock)
    cloud = FakeKumoCloud(units=[unit], clock=clock, station_outdoor=True)
    runners = []
    for app, port in ((cloud.app, args.port), (unit.app, args.unit_port)):
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        runners.append(runner)
    print(  # noqa: T201 - tells the person running the demo where it listens
        f"fake Kumo Cloud on 127.0.0.1:{args.port}, unit {unit.serial} on "
        f"127.0.0.1:{args.unit_port} (climate {args.climate}, fault {args.fault}; "
        f"started {began.isoformat()})",
        flush=True,
    )
    try:
        if args.defrost_cycle:
            await _script_defrosts(unit, args.defrost_cycle)
        await asyncio.Event().wait()
    finally:
        for runner in runners:
            await runner.cleanup()


async def _script_defrosts(unit: FakeKumoUnit, phase_s: float) -> None:
    """Make the unit report heating and defrost in turn, ``phase_s`` each (demo)."""
    defrost = False
    while True:
        unit.overrides = {"mode": "heat", "standby": False, "defrost": defrost}
        print(  # noqa: T201 - the demo compares Home Assistant with this log
            f"{datetime.now(UTC).isoformat()} unit reports defrost={defrost}",
            flush=True,
        )
        await asyncio.sleep(phase_s)
        defrost = not defrost


def main() -> None:
    """Serve the fake cloud and one unit on a plant running in real time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8412)
    parser.add_argument("--unit-port", type=int, default=8413)
    parser.add_argument("--history-h", type=float, default=30.0)
    parser.add_argument("--climate", default="cold")
    parser.add_argument(
        "--fault", default="none", help="a simulator fault, active from the start"
    )
    parser.add_argument(
        "--defrost-cycle",
        type=float,
        default=0.0,
        help="seconds of scripted heating, then of defrost, in turn (0: the plant's)",
    )
    asyncio.run(_serve(parser.parse_args()))


if __name__ == "__main__":
    main()
