"""Kumo Cloud v3 client: login, token refresh, sites, zones, units and credentials.

The access JWT lives about 20 minutes and the refresh token about a month; a refresh
rotates both. The access token is refreshed shortly before its ``exp`` and, on HTTP
401, once more before the call is retried once; a refused refresh falls back to a
fresh login, and a refused login is ``AuthenticationFailed``. A unit's local
credentials are its crypto serial (``/status``) and its password (Socket.IO, see
``kumo_socket``); either may be missing on accounts hit by the 2026 change.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
import json
import math
import time
from typing import Any, Final

import aiohttp
from yarl import URL

from .errors import (
    AuthenticationFailed,
    ConnectionFailed,
    InvalidResponse,
    RateLimited,
    retry_after_s,
)
from .kumo_models import (
    KumoCloudDevice,
    KumoCredentials,
    KumoDeviceStatus,
    KumoProperties,
    KumoSite,
    KumoTokens,
    KumoZone,
    obj,
    parse_cloud_device,
    parse_device_status,
    parse_properties,
    parse_sites,
    parse_tokens,
    parse_zones,
)
from .kumo_socket import BUDGET_S, SocketRejected, fetch_passwords

DEFAULT_BASE_URL: Final = "https://app-prod.kumocloud.com"
DEFAULT_SOCKET_URL: Final = "https://socket-prod.kumocloud.com"
APP_VERSION: Final = "3.2.4"
CONNECT_TIMEOUT_S: Final = 10.0
READ_TIMEOUT_S: Final = 30.0
REFRESH_MARGIN_S: Final = 60.0
DEFAULT_RETRY_AFTER_S: Final = 300.0


class KumoCloudClient:
    """One Kumo Cloud account (see the module docstring)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        username: str,
        password: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        socket_url: str = DEFAULT_SOCKET_URL,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        read_timeout_s: float = READ_TIMEOUT_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Use ``session``; ``clock`` (epoch seconds) times the access token."""
        self._session = session
        self._username = username
        self._password = password
        self._base = URL(base_url)
        self._socket_url = socket_url
        self._timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=connect_timeout_s, sock_read=read_timeout_s
        )
        self._clock = clock
        self._tokens: KumoTokens | None = None
        self._expires_at = math.inf
        self._lock = asyncio.Lock()
        self.requests: Counter[str] = Counter()
        """Requests made per endpoint (for diagnostics and the polling budget)."""

    @property
    def user_id(self) -> str | None:
        """The account's user id, from the access token (after a login)."""
        if self._tokens is None:
            return None
        user_id = _claims(self._tokens.access).get("id")
        return None if user_id is None else str(user_id)

    async def async_login(self) -> KumoTokens:
        """Log in with the user name and password."""
        status, data = await self._call(
            "POST",
            "/v3/login",
            "login",
            body={
                "username": self._username,
                "password": self._password,
                "appVersion": APP_VERSION,
            },
        )
        if status in (400, 401, 403, 404):
            raise AuthenticationFailed("Kumo Cloud refused the user name or password")
        _check(status)
        token = obj(data, "body").get("token")
        return self._take(parse_tokens(obj(token, "token"), "token"))

    async def async_refresh(self) -> KumoTokens:
        """Trade the refresh token for a new pair (the old refresh token dies)."""
        if self._tokens is None:
            raise AuthenticationFailed("no refresh token: log in first")
        refresh = self._tokens.refresh
        status, data = await self._call(
            "POST", "/v3/refresh", "refresh", body={"refresh": refresh}, token=refresh
        )
        if status in (400, 401, 403):
            raise AuthenticationFailed("Kumo Cloud refused the refresh token")
        _check(status)
        return self._take(parse_tokens(obj(data, "body")))

    async def async_sites(self) -> list[KumoSite]:
        """Return the account's sites."""
        return parse_sites(await self._get("/v3/sites/", "sites"))

    async def async_zones(self, site_id: str) -> list[KumoZone]:
        """Return the zones (indoor units) of a site."""
        return parse_zones(await self._get(f"/v3/sites/{site_id}/zones", "zones"))

    async def async_device(self, serial: str) -> KumoCloudDevice:
        """Return a unit's state as the cloud last heard it."""
        return parse_cloud_device(await self._get(f"/v3/devices/{serial}", "device"))

    async def async_device_status(self, serial: str) -> KumoDeviceStatus:
        """Return a unit's firmware and crypto serial (where still delivered)."""
        path = f"/v3/devices/{serial}/status"
        return parse_device_status(await self._get(path, "status"))

    async def async_properties(self, serial: str) -> KumoProperties:
        """Return a unit's Kumo properties (outdoor temperature of a Kumo Station)."""
        path = f"/v3/devices/{serial}/kumo-properties"
        return parse_properties(await self._get(path, "kumo-properties"))

    async def async_credentials(
        self, serials: Iterable[str], *, budget_s: float = BUDGET_S
    ) -> dict[str, KumoCredentials | None]:
        """Return each unit's local credentials; None where the cloud withholds one."""
        serials = list(serials)
        crypto = {
            serial: (await self.async_device_status(serial)).crypto_serial
            for serial in serials
        }
        passwords = await self._passwords(serials, budget_s)
        credentials: dict[str, KumoCredentials | None] = {}
        for serial in serials:
            password, crypto_serial = passwords.get(serial), crypto[serial]
            credentials[serial] = (
                KumoCredentials(password=password, crypto_serial=crypto_serial)
                if password and crypto_serial
                else None
            )
        return credentials

    async def _passwords(
        self, serials: list[str], budget_s: float
    ) -> dict[str, str | None]:
        """Read the passwords over Socket.IO; refresh and start again once if refused."""
        for attempt in range(2):
            tokens = await self._ensure_tokens(stale=attempt > 0)
            user_id = self.user_id
            if user_id is None:
                raise InvalidResponse("no user id in the access token", field="id")
            self.requests["socket.io"] += 1
            try:
                return await fetch_passwords(
                    self._session,
                    self._socket_url,
                    access_token=tokens.access,
                    user_id=user_id,
                    serials=serials,
                    budget_s=budget_s,
                )
            except SocketRejected:
                if attempt:
                    raise AuthenticationFailed(
                        "Kumo Cloud refused the Socket.IO connection"
                    ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _take(self, tokens: KumoTokens) -> KumoTokens:
        self._tokens = tokens
        expiry = _claims(tokens.access).get("exp")
        self._expires_at = (
            float(expiry)
            if isinstance(expiry, int | float) and not isinstance(expiry, bool)
            else math.inf
        )
        return tokens

    async def _ensure_tokens(self, *, stale: bool = False) -> KumoTokens:
        """Return valid tokens: log in, or refresh when stale or about to expire."""
        async with self._lock:
            if self._tokens is None:
                return await self.async_login()
            if stale or self._clock() >= self._expires_at - REFRESH_MARGIN_S:
                try:
                    return await self.async_refresh()
                except AuthenticationFailed:
                    return await self.async_login()
            return self._tokens

    async def _get(self, path: str, name: str) -> Any:
        tokens = await self._ensure_tokens()
        for attempt in range(2):
            status, data = await self._call("GET", path, name, token=tokens.access)
            if status != 401:
                _check(status)
                return data
            if not attempt:
                tokens = await self._ensure_tokens(stale=True)
        raise AuthenticationFailed("Kumo Cloud refused a fresh access token")

    async def _call(
        self,
        method: str,
        path: str,
        name: str,
        *,
        body: Mapping[str, Any] | None = None,
        token: str | None = None,
    ) -> tuple[int, Any]:
        """Make one request; return the HTTP status and the JSON body (None if none)."""
        self.requests[name] += 1
        headers = {
            "x-app-version": APP_VERSION,
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        try:
            async with self._session.request(
                method,
                self._base.with_path(path),
                json=body,
                headers=headers,
                timeout=self._timeout,
            ) as response:
                status = response.status
                retry_after = response.headers.get("Retry-After")
                raw = await response.read()
        except (aiohttp.ClientError, TimeoutError) as err:
            raise ConnectionFailed(
                f"cannot reach Kumo Cloud: {type(err).__name__}"
            ) from err
        if status == 429:
            raise RateLimited(
                "Kumo Cloud asked to slow down",
                retry_after_s=retry_after_s(retry_after, DEFAULT_RETRY_AFTER_S),
            )
        if status >= 400:
            return status, None
        try:
            return status, json.loads(raw)
        except (UnicodeDecodeError, ValueError) as err:
            raise InvalidResponse("the reply is not JSON", field="body") from err


def _check(status: int) -> None:
    if status >= 400:
        raise ConnectionFailed(f"Kumo Cloud answered HTTP {status}")


def _claims(jwt: str) -> dict[str, Any]:
    """Return the (unverified) payload of a JWT; empty when it has none."""
    parts = jwt.split(".")
    if len(parts) != 3:
        return {}
    try:
        payload = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = json.loads(payload)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}
