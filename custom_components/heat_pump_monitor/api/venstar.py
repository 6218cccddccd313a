"""Venstar ColorTouch / T-series local API client.

Read-only: ``GET /`` (API version, model, firmware), ``/query/info``,
``/query/sensors``, ``/query/runtimes`` and ``/query/alerts``, over HTTP or HTTPS,
with optional HTTP Digest authentication and an optional screen-lock PIN. Older
thermostats dislike back-to-back connections, so requests to one thermostat are
spaced by ``request_gap_s``. Temperatures are returned as the thermostat reports
them; ``celsius`` on ``VenstarInfo`` says in which unit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
import json
import math
import time
from typing import Any, Final

import aiohttp
from yarl import URL

from . import fields
from .digest import DigestAuth, DigestError
from .errors import (
    AuthenticationFailed,
    ConnectionFailed,
    InvalidResponse,
    RateLimited,
    retry_after_s,
)
from .fields import integer, number, optional_number, text

MIN_API_VERSION: Final = 3
TIMEOUT_S: Final = 5.0
DEFAULT_RETRY_AFTER_S: Final = 60.0
CELSIUS_FIRMWARE: Final = (5, 28)
"""T2xxx/T3xxx below this firmware always report °C, whatever ``tempunits`` says."""

STATE_IDLE: Final = 0
STATE_HEATING: Final = 1
STATE_COOLING: Final = 2
STATE_LOCKOUT: Final = 3
STATE_ERROR: Final = 4
MODE_OFF, MODE_HEAT, MODE_COOL, MODE_AUTO = range(4)


@dataclass(frozen=True, slots=True, kw_only=True)
class VenstarRoot:
    """``GET /``: what the thermostat is."""

    api_ver: int
    model: str
    firmware: str
    type: str

    @property
    def forces_celsius(self) -> bool:
        """Whether this model and firmware report °C regardless of ``tempunits``."""
        if not self.model.upper().startswith(("T2", "T3")):
            return False
        try:
            version = tuple(int(part) for part in self.firmware.split(".")[:2])
        except ValueError:
            return False
        return version < CELSIUS_FIRMWARE


@dataclass(frozen=True, slots=True, kw_only=True)
class VenstarInfo:
    """``/query/info``: mode, state and setpoints (temperatures in API units)."""

    name: str
    mode: int
    state: int
    fanstate: int
    tempunits: int
    spacetemp: float
    heattemp: float
    cooltemp: float
    hum: float | None

    @property
    def celsius(self) -> bool:
        """Whether ``tempunits`` says °C (see ``VenstarRoot.forces_celsius``)."""
        return self.tempunits == 1


@dataclass(frozen=True, slots=True, kw_only=True)
class VenstarSensor:
    """One entry of ``/query/sensors``."""

    name: str
    type: str | None
    temp: float | None
    hum: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class VenstarRuntime:
    """One day of ``/query/runtimes``: minutes of each stage since 00:00 UTC."""

    ts: int
    heat1: int
    heat2: int
    cool1: int
    cool2: int
    aux1: int
    aux2: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VenstarAlert:
    """One entry of ``/query/alerts``."""

    name: str
    active: bool


class VenstarClient:
    """Reads one thermostat (see the module docstring)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        *,
        port: int | None = None,
        https: bool = False,
        username: str | None = None,
        password: str | None = None,
        pin: str | None = None,
        request_gap_s: float = 1.0,
        timeout_s: float = TIMEOUT_S,
    ) -> None:
        """Talk to ``host`` (name or address) through ``session``."""
        self._session = session
        self._base = URL.build(
            scheme="https" if https else "http", host=host, port=port
        )
        self._digest = DigestAuth(username, password or "") if username else None
        self._pin = f"{int(pin):04d}" if pin else None
        self._gap_s = request_gap_s
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._last_request = -math.inf
        self._lock = asyncio.Lock()
        self.requests: dict[str, int] = {}
        """Requests made per path (for diagnostics)."""

    async def async_root(self) -> VenstarRoot:
        """Return what the thermostat is; refuse API versions below 3."""
        data = await self._get("/")
        root = VenstarRoot(
            api_ver=integer(data, "api_ver"),
            model=text(data, "model", "COLORTOUCH"),
            firmware=text(data, "firmware", ""),
            type=text(data, "type", "residential"),
        )
        if root.api_ver < MIN_API_VERSION:
            raise InvalidResponse(
                f"API version {root.api_ver} is older than {MIN_API_VERSION}",
                field="api_ver",
            )
        return root

    async def async_info(self) -> VenstarInfo:
        """Return mode, state and setpoints."""
        data = await self._get("/query/info")
        return VenstarInfo(
            name=text(data, "name"),
            mode=integer(data, "mode"),
            state=integer(data, "state"),
            fanstate=integer(data, "fanstate", 0),
            tempunits=integer(data, "tempunits", 0),
            spacetemp=number(data, "spacetemp"),
            heattemp=number(data, "heattemp"),
            cooltemp=number(data, "cooltemp"),
            hum=optional_number(data, "hum"),
        )

    async def async_sensors(self) -> list[VenstarSensor]:
        """Return the temperature sensors."""
        return [
            VenstarSensor(
                name=text(item, "name"),
                type=text(item, "type", None),
                temp=optional_number(item, "temp"),
                hum=optional_number(item, "hum"),
            )
            for item in _records(await self._get("/query/sensors"), "sensors")
        ]

    async def async_runtimes(self) -> list[VenstarRuntime]:
        """Return the daily runtimes, oldest first (the last is today, partial)."""
        return [
            VenstarRuntime(
                ts=integer(item, "ts"),
                **{
                    stage: integer(item, stage, 0)
                    for stage in ("heat1", "heat2", "cool1", "cool2", "aux1", "aux2")
                },
            )
            for item in _records(await self._get("/query/runtimes"), "runtimes")
        ]

    async def async_alerts(self) -> list[VenstarAlert]:
        """Return the maintenance alerts."""
        return [
            VenstarAlert(name=text(item, "name"), active=_flag(item, "active"))
            for item in _records(await self._get("/query/alerts"), "alerts")
        ]

    async def _get(self, path: str) -> dict[str, Any]:
        async with self._lock:
            wait = self._last_request + self._gap_s - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                return await self._request(path)
            finally:
                self._last_request = time.monotonic()

    async def _request(self, path: str) -> dict[str, Any]:
        self.requests[path] = self.requests.get(path, 0) + 1
        url = self._base.with_path(path)
        if self._pin:
            url = url.with_query(pin=self._pin)
        try:
            status, headers, body = await self._fetch(url)
            if status == 401 and self._take_challenge(headers):
                status, headers, body = await self._fetch(url)
        except (aiohttp.ClientError, TimeoutError) as err:
            raise ConnectionFailed(
                f"cannot reach the thermostat: {type(err).__name__}"
            ) from err
        if status == 401:
            raise AuthenticationFailed("the thermostat refused the credentials")
        _check_status(status, headers)
        return _decode(body)

    async def _fetch(self, url: URL) -> tuple[int, Mapping[str, str], bytes]:
        """Send one GET, signed when a digest challenge is known."""
        headers = {}
        if self._digest is not None and self._digest.ready:
            headers["Authorization"] = self._digest.authorization(
                "GET", url.raw_path_qs
            )
        async with self._session.get(
            url, headers=headers, timeout=self._timeout
        ) as response:
            return response.status, response.headers, await response.read()

    def _take_challenge(self, headers: Mapping[str, str]) -> bool:
        """Take a digest challenge from a 401; return whether a signed retry may pass."""
        challenge = headers.get("WWW-Authenticate")
        if self._digest is None or challenge is None:
            return False
        try:
            self._digest.challenge(challenge)
        except DigestError as err:
            raise AuthenticationFailed(str(err)) from err
        return True


def _check_status(status: int, headers: Mapping[str, str]) -> None:
    if status == 429:
        raise RateLimited(
            "the thermostat asked to slow down",
            retry_after_s=retry_after_s(
                headers.get("Retry-After"), DEFAULT_RETRY_AFTER_S
            ),
        )
    if status >= 400:
        raise ConnectionFailed(f"the thermostat answered HTTP {status}")


def _decode(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as err:
        raise InvalidResponse("the reply is not JSON", field="body") from err
    if not isinstance(data, dict):
        raise InvalidResponse("the reply is not a JSON object", field="body")
    if data.get("error") is True:
        raise InvalidResponse(
            f"the thermostat reported an error: {data.get('reason')}", field="error"
        )
    return data


def _flag(data: Mapping[str, Any], key: str) -> bool:
    # Venstar sends 0/1 as well as true/false.
    value = fields.value(data, key)
    if not isinstance(value, bool | int):
        raise InvalidResponse("not a boolean", field=key)
    return bool(value)


def _records(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    records = fields.value(data, key)
    if not isinstance(records, list) or not all(
        isinstance(item, dict) for item in records
    ):
        raise InvalidResponse("not a list of objects", field=key)
    return records
