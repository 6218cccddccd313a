"""Kumo indoor unit local API client (the WiFi adapter on the indoor unit).

Read-only: ``indoorUnit.status``, ``indoorUnit.profile`` and the wireless
``sensors``, each a ``PUT /api?m=<token>`` with a compact JSON body signed by
``kumo_token``. The adapter is small: one request at a time, a short connect
timeout, a transient ``serializer_error`` or ``device_authentication_error`` is
retried ``retries`` times after ``retry_pause_s``, and a unit out of memory
(``__no_memory``) is not asked again: ``UnitBusy`` says how long to leave it alone.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping
import json
from typing import Any, Final

import aiohttp
from yarl import URL

from .errors import AuthenticationFailed, ConnectionFailed, InvalidResponse, RateLimited
from .kumo_models import (
    KumoCredentials,
    KumoProfile,
    KumoSensor,
    KumoUnitState,
    parse_local_status,
    parse_profile,
    parse_sensor,
)
from .kumo_token import TokenKey

CONNECT_TIMEOUT_S: Final = 1.2
READ_TIMEOUT_S: Final = 8.0
RETRIES: Final = 2
RETRY_PAUSE_S: Final = 1.0
BUSY_BACKOFF_S: Final = 600.0
"""How long a unit out of memory is left alone."""
MAX_SENSORS: Final = 4
NO_MEMORY: Final = b"__no_memory"
ERROR_SERIALIZER: Final = "serializer_error"
ERROR_AUTHENTICATION: Final = "device_authentication_error"


class UnitBusy(RateLimited):
    """The adapter is out of memory or keeps failing to serialise: leave it alone."""


class KumoLocalClient:
    """Reads one indoor unit (see the module docstring)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        credentials: KumoCredentials,
        *,
        port: int | None = None,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        read_timeout_s: float = READ_TIMEOUT_S,
        retries: int = RETRIES,
        retry_pause_s: float = RETRY_PAUSE_S,
        busy_backoff_s: float = BUSY_BACKOFF_S,
    ) -> None:
        """Talk to the unit at ``host`` with its password and crypto serial."""
        self._session = session
        self._url = URL.build(scheme="http", host=host, port=port, path="/api")
        self._credentials = credentials
        self._key: TokenKey | None = None
        self._timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=connect_timeout_s, sock_read=read_timeout_s
        )
        self._retries = retries
        self._pause_s = retry_pause_s
        self._busy_s = busy_backoff_s
        self._lock = asyncio.Lock()
        self.requests: Counter[str] = Counter()
        """Requests made per query (for diagnostics and the polling budget)."""

    async def async_status(self) -> KumoUnitState:
        """Return mode, setpoints, room temperature, defrost and standby."""
        return parse_local_status(await self._query("indoorUnit", "status"))

    async def async_profile(self) -> KumoProfile:
        """Return what the unit can do."""
        return parse_profile(await self._query("indoorUnit", "profile"))

    async def async_sensors(self) -> list[KumoSensor]:
        """Return the paired wireless sensors (slots 0-3, up to the first empty one)."""
        sensors = []
        for index in range(MAX_SENSORS):
            data = await self._query("sensors", str(index), required=False)
            if not data or data.get("uuid") is None:
                break
            sensors.append(parse_sensor(data))
        return sensors

    async def _query(self, *path: str, required: bool = True) -> Mapping[str, Any]:
        """Read the object at ``path``; ``{}`` when absent and not ``required``."""
        tree: dict[str, Any] = {}
        for key in reversed(path):
            tree = {key: tree}
        body = json.dumps({"c": tree}, separators=(",", ":")).encode()
        name = ".".join(path)
        async with self._lock:
            for attempt in range(self._retries + 1):
                self.requests[name] += 1
                reply = await self._put(body)
                error = reply.get("_api_error")
                if error is None:
                    return _leaf(reply, path, required=required)
                if error not in (ERROR_SERIALIZER, ERROR_AUTHENTICATION):
                    raise InvalidResponse(f"the unit reported {error}", field=name)
                if attempt < self._retries:
                    await asyncio.sleep(self._pause_s)
        if error == ERROR_AUTHENTICATION:
            raise AuthenticationFailed("the unit refused the password or crypto serial")
        raise UnitBusy("the unit keeps failing to answer", retry_after_s=self._busy_s)

    async def _put(self, body: bytes) -> Mapping[str, Any]:
        if self._key is None:
            self._key = TokenKey(
                self._credentials.password, self._credentials.crypto_serial
            )
        url = self._url.with_query(m=self._key.token(body))
        try:
            async with self._session.put(
                url,
                data=body,
                headers={
                    "Accept": "application/json, text/plain, */*",
                    "Content-Type": "application/json",
                },
                timeout=self._timeout,
            ) as response:
                status = response.status
                raw = await response.read()
        except (aiohttp.ClientError, TimeoutError) as err:
            raise ConnectionFailed(
                f"cannot reach the unit: {type(err).__name__}"
            ) from err
        if NO_MEMORY in raw:
            raise UnitBusy("the unit is out of memory", retry_after_s=self._busy_s)
        if status >= 400:
            raise ConnectionFailed(f"the unit answered HTTP {status}")
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, ValueError) as err:
            raise InvalidResponse("the reply is not JSON", field="body") from err
        if not isinstance(data, dict):
            raise InvalidResponse("the reply is not a JSON object", field="body")
        return data


def _leaf(
    reply: Mapping[str, Any], path: tuple[str, ...], *, required: bool
) -> Mapping[str, Any]:
    node: Any = reply.get("r")
    field = "r"
    for key in path:
        field = f"{field}.{key}"
        if not isinstance(node, Mapping) or key not in node:
            if required:
                raise InvalidResponse("the unit left out the data", field=field)
            return {}
        node = node[key]
    if not isinstance(node, Mapping):
        raise InvalidResponse("not an object", field=field)
    return node
