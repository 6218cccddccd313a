"""A fake Venstar ColorTouch local API, reporting what a simulated plant does.

Speaks the wire format of the API notes (``GET /``, ``/query/info``,
``/query/sensors``, ``/query/runtimes``, ``/query/alerts``), optionally behind HTTP
Digest authentication and a screen-lock PIN, and misbehaves on request. Run it
standalone for the demo: ``python -m tests.fakes.venstar --port 8134 --speed 60``.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import json
import math
import secrets
from typing import Any

from aiohttp import web

from custom_components.heat_pump_monitor.api.digest import (
    DigestError,
    digest_response,
    parse_challenge,
)
from custom_components.heat_pump_monitor.engine.sample import HvacMode, Sample

from .plant import SimulatedPlant

REALM = "venstar"
RUNTIME_DAYS = 7
MODES = {HvacMode.OFF: 0, HvacMode.HEAT: 1, HvacMode.COOL: 2, HvacMode.AUTO: 3}
MISBEHAVIOURS = (
    "429",
    "500",
    "slow",
    "truncated",
    "html",
    "missing_field",
    "wrong_type",
    "api_ver_2",
    "error_reply",
)


def fahrenheit(celsius: float) -> float:
    """Return ``celsius`` in °F, to a tenth."""
    return round(celsius * 9.0 / 5.0 + 32.0, 1)


@dataclass
class FakeVenstar:
    """State and switches of one fake thermostat; ``app`` serves it."""

    plant: SimulatedPlant
    clock: Callable[[], datetime]
    name: str = "Hallway"
    model: str | None = "COLORTOUCH"
    """None: ``GET /`` leaves the model out, as some firmware does."""
    firmware: str = "6.91"
    celsius: bool = False
    outdoor_sensor: bool = True
    duct_sensors: bool = True
    username: str | None = None
    password: str | None = None
    pin: str | None = None
    state_override: int | None = None
    """3 (lockout) or 4 (error) replaces the state the plant gives."""
    alerts: dict[str, bool] = field(
        default_factory=lambda: {
            "Air Filter": False,
            "UV Lamp": False,
            "Service": False,
        }
    )
    digest_algorithm: str = "MD5"
    misbehaviour: str | None = None
    misbehave_times: int | None = None
    """Requests left to misbehave on (None: until cleared)."""
    misbehave_field: str | None = None
    """The field ``missing_field`` drops and ``wrong_type`` spoils (None: the first)."""
    misbehave_value: Any = None
    """What ``wrong_type`` puts into the field (None: a list)."""
    retry_after: str = "120"
    runtime_days: int = RUNTIME_DAYS
    slow_s: float = 2.0
    counter_offset_min: dict[str, int] = field(default_factory=dict)
    """Minutes taken off today's counters (a counter reset on the device)."""
    repeat_day: bool = False
    """Report the last full day twice (seen on some firmware)."""
    requests: Counter[str] = field(default_factory=Counter)
    port: int = 0
    """Where the test server listens (set by whoever serves the app)."""
    _nonce: str = field(default_factory=lambda: secrets.token_hex(8))

    def misbehave(
        self,
        kind: str | None,
        times: int | None = None,
        *,
        field: str | None = None,
        value: Any = None,
    ) -> None:
        """Misbehave with ``kind`` (one of ``MISBEHAVIOURS``) for ``times`` requests.

        ``field`` and ``value`` say which field ``missing_field`` and ``wrong_type``
        spoil, and how.
        """
        assert kind is None or kind in MISBEHAVIOURS, kind
        self.misbehaviour = kind
        self.misbehave_times = times
        self.misbehave_field = field
        self.misbehave_value = value

    @property
    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/", self._root)
        app.router.add_get("/query/info", self._info)
        app.router.add_get("/query/sensors", self._sensors)
        app.router.add_get("/query/runtimes", self._runtimes)
        app.router.add_get("/query/alerts", self._alerts)
        return app

    @web.middleware
    async def _middleware(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Any],
    ) -> web.StreamResponse:
        self.requests[request.path] += 1
        if self.username is not None and not self._authorized(request):
            return web.Response(
                status=401,
                headers={
                    "WWW-Authenticate": (
                        f'Digest realm="{REALM}", nonce="{self._nonce}", '
                        f'qop="auth", algorithm={self.digest_algorithm}'
                    )
                },
            )
        kind = self._take_misbehaviour()
        if kind == "429":
            return web.Response(status=429, headers={"Retry-After": self.retry_after})
        if kind == "500":
            return web.Response(status=500, text="Internal Server Error")
        if kind == "slow":
            await asyncio.sleep(self.slow_s)
        if kind == "html":
            return web.Response(text="<html><body>Busy</body></html>")
        if self.pin is not None and request.query.get("pin") != self.pin:
            return web.json_response({"error": True, "reason": "Invalid PIN"})
        if kind == "error_reply":
            return web.json_response({"error": True, "reason": "Busy"})
        response: web.Response = await handler(request)
        body = json.loads(response.text or "{}")
        if kind == "truncated":
            return web.Response(text=json.dumps(body)[:-7])
        if kind in ("missing_field", "wrong_type"):
            key = self.misbehave_field or next(iter(body))
            if kind == "missing_field":
                del body[key]
            else:
                value = self.misbehave_value
                body[key] = ["n/a"] if value is None else value
        if kind == "api_ver_2" and request.path == "/":
            body["api_ver"] = 2
        return web.json_response(body)

    def _take_misbehaviour(self) -> str | None:
        kind = self.misbehaviour
        if kind is None:
            return None
        if self.misbehave_times is not None:
            self.misbehave_times -= 1
            if self.misbehave_times <= 0:
                self.misbehaviour = self.misbehave_times = None
        return kind

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization")
        if header is None:
            return False
        try:
            params = parse_challenge(header)
        except DigestError:
            return False
        if (
            params.get("username") != self.username
            or params.get("nonce") != self._nonce
            or params.get("uri") != request.raw_path
        ):
            return False
        expected = digest_response(
            algorithm=params.get("algorithm", "MD5"),
            username=params["username"],
            realm=REALM,
            password=self.password or "",
            method=request.method,
            uri=params["uri"],
            nonce=self._nonce,
            count=params.get("nc"),
            cnonce=params.get("cnonce"),
        )
        return params.get("response") == expected

    def _temp(self, celsius: float | None) -> float | None:
        if celsius is None:
            return None
        return round(celsius, 1) if self._sends_celsius else fahrenheit(celsius)

    @property
    def _sends_celsius(self) -> bool:
        """T2xxx/T3xxx below firmware 5.28 send °C whatever ``tempunits`` says."""
        model = (self.model or "").upper()
        old = tuple(int(part) for part in self.firmware.split(".")[:2]) < (5, 28)
        return self.celsius or (model.startswith(("T2", "T3")) and old)

    def _latest(self) -> Sample:
        sample = self.plant.latest
        assert sample is not None
        return sample

    async def _root(self, request: web.Request) -> web.Response:
        root: dict[str, Any] = {
            "api_ver": 7,
            "type": "residential",
            "firmware": self.firmware,
        }
        if self.model is not None:
            root["model"] = self.model
        return web.json_response(root)

    async def _info(self, request: web.Request) -> web.Response:
        sample = self._latest()
        state = 0
        if sample.comp_heat_s or sample.aux_heat_s:
            state = 1
        elif sample.comp_cool_s:
            state = 2
        if self.state_override is not None:
            state = self.state_override
        return web.json_response(
            {
                "name": self.name,
                "mode": MODES.get(sample.hvac_mode or HvacMode.OFF, 0),
                "state": state,
                "fan": 0,
                "fanstate": 1 if sample.fan_s else 0,
                "tempunits": 1 if self.celsius else 0,
                "schedule": 0,
                "schedulepart": 255,
                "away": 0,
                "spacetemp": self._temp(sample.indoor_temp_c),
                "heattemp": self._temp(sample.heat_setpoint_c),
                "cooltemp": self._temp(sample.cool_setpoint_c),
                "activestage": 1 if state in (1, 2) else 0,
                "hum": None
                if sample.indoor_rh is None
                else round(sample.indoor_rh * 100),
                "setpointdelta": 2.0,
                "availablemodes": 0,
            }
        )

    async def _sensors(self, request: web.Request) -> web.Response:
        sample = self._latest()
        indoor = self._temp(sample.indoor_temp_c)
        sensors: list[dict[str, Any]] = [
            {"name": "Thermostat", "temp": indoor, "type": "Local"},
            {"name": "Space Temp", "temp": indoor, "type": "Control"},
        ]
        if self.outdoor_sensor:
            sensors.append(
                {
                    "name": "Outdoor",
                    "temp": self._temp(sample.outdoor_temp_c),
                    "type": "Outdoor",
                }
            )
        if self.duct_sensors:
            sensors.append(
                {
                    "name": "Supply",
                    "temp": self._temp(sample.supply_temp_c),
                    "type": "Supply",
                }
            )
            sensors.append(
                {
                    "name": "Return",
                    "temp": self._temp(sample.return_temp_c),
                    "type": "Return",
                }
            )
        return web.json_response({"sensors": sensors})

    def day_minutes(self, day: datetime) -> dict[str, int]:
        """Return the plant's runtime minutes of the UTC day starting at ``day``."""
        end = min(day + timedelta(days=1), self.clock())
        totals = {"heat1": 0.0, "cool1": 0.0, "aux1": 0.0}
        for sample in self.plant.between(day, end):
            totals["heat1"] += sample.comp_heat_s or 0.0
            totals["cool1"] += sample.comp_cool_s or 0.0
            totals["aux1"] += sample.aux_heat_s or 0.0
        return {stage: math.floor(seconds / 60.0) for stage, seconds in totals.items()}

    async def _runtimes(self, request: web.Request) -> web.Response:
        now = self.clock()
        today = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        records = []
        for back in range(self.runtime_days - 1, -1, -1):
            day = today - timedelta(days=back)
            minutes = self.day_minutes(day)
            if back == 0:
                for stage, offset in self.counter_offset_min.items():
                    minutes[stage] = max(0, minutes[stage] - offset)
            records.append(
                {
                    "ts": int(now.timestamp() if back == 0 else day.timestamp()),
                    **minutes,
                    "heat2": 0,
                    "cool2": 0,
                    "aux2": 0,
                    "fc": 0,
                }
            )
        if self.repeat_day and len(records) > 1:
            records.insert(-1, dict(records[-2]))
        return web.json_response({"runtimes": records})

    async def _alerts(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "alerts": [
                    {"name": name, "active": active}
                    for name, active in self.alerts.items()
                ]
            }
        )


def main() -> None:
    """Serve a fake thermostat on a simulated plant running ``--speed`` times real time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8134)
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--digest", default=None, help="USER:PASSWORD")
    args = parser.parse_args()
    began = datetime.now(UTC)
    origin = began - timedelta(days=1)

    speed = float(args.speed)

    def clock() -> datetime:
        return origin + (datetime.now(UTC) - began) * speed

    plant = SimulatedPlant(clock=clock, history=timedelta(days=1))
    fake = FakeVenstar(plant=plant, clock=clock, name="Upstairs")
    if args.digest:
        fake.username, _, fake.password = args.digest.partition(":")
    print(  # noqa: T201 - tells the person running the demo where it listens
        f"fake Venstar on 127.0.0.1:{args.port} (speed {args.speed:g}x)", flush=True
    )
    web.run_app(fake.app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
