"""ecobee cloud API client: PIN authorization, token refresh and the read endpoints.

Only the documented application-key flow: ``/authorize`` gives a PIN, ``/token``
exchanges it (and later the refresh token) for tokens. ecobee rotates the refresh
token on every refresh and invalidates the old one, so each new refresh token goes to
``on_refresh_token`` before anything else happens. Data calls refresh proactively
shortly before the access token expires and, on status code 14 (expired), refresh
once and retry once; codes 1 and 16 and a refused refresh mean the user must
authorize again (``AuthenticationFailed``). Parsed replies are in ``ecobee_models``.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
import json
import math
import time
from typing import Any, Final

import aiohttp
from yarl import URL

from .ecobee_models import (
    EcobeePin,
    EcobeeReport,
    EcobeeSummary,
    EcobeeThermostat,
    EcobeeTokens,
    parse_pin,
    parse_report,
    parse_summary,
    parse_thermostats,
    parse_tokens,
)
from .errors import (
    ApiError,
    AuthenticationFailed,
    ConnectionFailed,
    InvalidResponse,
    RateLimited,
    retry_after_s,
)
from .fields import integer

DEFAULT_BASE_URL: Final = "https://api.ecobee.com"
PORTAL_URL: Final = "https://www.ecobee.com/consumerportal/index.html"
SCOPE: Final = "smartRead"
TIMEOUT_S: Final = 20.0
REFRESH_MARGIN_S: Final = 120.0
"""Refresh this long before the access token expires."""
DEFAULT_RETRY_AFTER_S: Final = 300.0
MAX_REPORT_DAYS: Final = 31
CODE_PROCESSING: Final = 3
CODE_EXPIRED: Final = 14
CODES_REAUTH: Final = frozenset({1, 16})

INCLUDE_RUNTIME: Final = "includeRuntime"
INCLUDE_EXTENDED_RUNTIME: Final = "includeExtendedRuntime"
INCLUDE_SETTINGS: Final = "includeSettings"
INCLUDE_ALERTS: Final = "includeAlerts"
INCLUDE_WEATHER: Final = "includeWeather"
INCLUDE_EQUIPMENT: Final = "includeEquipmentStatus"


class AuthorizationPending(ApiError):
    """The user has not entered the PIN yet; poll again after the PIN's interval."""


class AuthorizationExpired(ApiError):
    """The PIN timed out before the user entered it; request a new one."""


class EcobeeClient:
    """One ecobee account, read with one application key."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        api_key: str,
        *,
        refresh_token: str | None = None,
        on_refresh_token: Callable[[str], None] | None = None,
        base_url: str = DEFAULT_BASE_URL,
        timeout_s: float = TIMEOUT_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Use ``session``; ``clock`` (epoch seconds) times the access token."""
        self._session = session
        self._api_key = api_key
        self._refresh_token = refresh_token
        self._on_refresh_token = on_refresh_token
        self._base = URL(base_url)
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._clock = clock
        self._access_token: str | None = None
        self._expires_at = -math.inf
        self._refresh_lock = asyncio.Lock()
        self.requests: Counter[str] = Counter()
        """Requests made per path (for diagnostics and the polling budget)."""

    @property
    def refresh_token(self) -> str | None:
        """The newest refresh token."""
        return self._refresh_token

    async def async_request_pin(self) -> EcobeePin:
        """Ask for a PIN the user enters in the ecobee portal."""
        data = await self._auth_call(
            "GET",
            "/authorize",
            {"response_type": "ecobeePin", "client_id": self._api_key, "scope": SCOPE},
        )
        return parse_pin(data)

    async def async_authorize(self, code: str) -> EcobeeTokens:
        """Exchange a PIN's code for tokens once the user entered the PIN.

        Raise ``AuthorizationPending`` while the user has not, and
        ``AuthorizationExpired`` when the PIN timed out.
        """
        data = await self._auth_call(
            "POST",
            "/token",
            {"grant_type": "ecobeePin", "code": code, "client_id": self._api_key},
        )
        return self._take_tokens(parse_tokens(data))

    async def async_refresh(self) -> EcobeeTokens:
        """Trade the refresh token for new tokens (the old refresh token dies)."""
        if self._refresh_token is None:
            raise AuthenticationFailed("no refresh token: authorize first")
        data = await self._auth_call(
            "POST",
            "/token",
            {
                "grant_type": "refresh_token",
                "refresh_token": self._refresh_token,
                "client_id": self._api_key,
            },
        )
        return self._take_tokens(parse_tokens(data))

    async def async_summary(self) -> EcobeeSummary:
        """Return revisions and running equipment of every registered thermostat."""
        selection = {
            "selectionType": "registered",
            "selectionMatch": "",
            INCLUDE_EQUIPMENT: True,
        }
        data = await self._data("/1/thermostatSummary", {"selection": selection})
        return parse_summary(data)

    async def async_thermostat(
        self, identifier: str, includes: Iterable[str]
    ) -> EcobeeThermostat:
        """Return one thermostat with only the ``include*`` parts asked for."""
        selection: dict[str, Any] = {
            "selectionType": "thermostats",
            "selectionMatch": identifier,
        }
        selection.update(dict.fromkeys(sorted(includes), True))
        data = await self._data("/1/thermostat", {"selection": selection})
        for thermostat in parse_thermostats(data):
            if thermostat.identifier == identifier:
                return thermostat
        raise InvalidResponse("the thermostat is not in the reply", field="identifier")

    async def async_runtime_report(
        self,
        identifier: str,
        start: datetime,
        end: datetime,
        columns: Iterable[str],
    ) -> EcobeeReport:
        """Return the 5-minute rows of ``[start, end)`` (UTC, at most 31 days)."""
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        last = end - timedelta(minutes=5)
        if end <= start or last.date() - start.date() >= timedelta(
            days=MAX_REPORT_DAYS
        ):
            raise ValueError("a runtime report covers 5 minutes to 31 days")
        body = {
            "selection": {"selectionType": "thermostats", "selectionMatch": identifier},
            "startDate": start.date().isoformat(),
            "startInterval": (start.hour * 60 + start.minute) // 5,
            "endDate": last.date().isoformat(),
            "endInterval": (last.hour * 60 + last.minute) // 5,
            "columns": ",".join(columns),
            "includeSensors": False,
        }
        data = await self._data("/1/runtimeReport", body, param="body")
        return parse_report(data, identifier)

    def _take_tokens(self, tokens: EcobeeTokens) -> EcobeeTokens:
        self._access_token = tokens.access_token
        self._expires_at = self._clock() + tokens.expires_in_s
        if tokens.refresh_token != self._refresh_token:
            self._refresh_token = tokens.refresh_token
            if self._on_refresh_token is not None:
                self._on_refresh_token(tokens.refresh_token)
        return tokens

    async def _ensure_token(self, stale: str | None = None) -> str:
        """Return a valid access token, refreshing at most once for concurrent calls.

        ``stale`` is a token the API just called expired: refresh unless another
        call already replaced it.
        """
        async with self._refresh_lock:
            token = self._access_token
            expiring = self._clock() >= self._expires_at - REFRESH_MARGIN_S
            if token is None or token == stale or expiring:
                token = (await self.async_refresh()).access_token
            return token

    async def _data(
        self, path: str, request: Mapping[str, Any], *, param: str = "json"
    ) -> dict[str, Any]:
        query = {param: json.dumps(request, separators=(",", ":"))}
        if param == "body":
            query["format"] = "json"
        token = await self._ensure_token()
        for attempt in range(2):
            data = await self._call(
                "GET", path, query, headers={"Authorization": f"Bearer {token}"}
            )
            code = _status_code(data)
            if code == 0:
                return data
            if code == CODE_EXPIRED and not attempt:
                token = await self._ensure_token(stale=token)
                continue
            if code in CODES_REAUTH or code == CODE_EXPIRED:
                raise AuthenticationFailed(
                    f"ecobee refused the access token (status {code})"
                )
            if code == CODE_PROCESSING:
                raise ConnectionFailed("ecobee could not process the request")
            raise InvalidResponse(f"ecobee status {code}", field="status.code")
        raise AssertionError("unreachable")  # pragma: no cover

    async def _auth_call(
        self, method: str, path: str, query: Mapping[str, str]
    ) -> dict[str, Any]:
        data = await self._call(method, path, query)
        error = data.get("error")
        if error is None:
            return data
        if error in ("authorization_pending", "slow_down"):
            raise AuthorizationPending("the PIN has not been entered yet")
        if error == "authorization_expired":
            raise AuthorizationExpired("the PIN expired")
        if error in ("invalid_grant", "invalid_client", "unauthorized_client"):
            raise AuthenticationFailed(f"ecobee refused the authorization ({error})")
        raise InvalidResponse(f"ecobee authorization error {error}", field="error")

    async def _call(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Make one request; return its JSON object whatever the HTTP status.

        ecobee reports token problems as HTTP 500 with a status code in the body,
        and OAuth errors as 400/401 with an ``error`` field, so the body decides
        when it is readable.
        """
        self.requests[path] += 1
        url = self._base.with_path(path).with_query(query)
        try:
            async with self._session.request(
                method, url, headers=headers, timeout=self._timeout
            ) as response:
                status = response.status
                retry_after = response.headers.get("Retry-After")
                body = await response.read()
        except (aiohttp.ClientError, TimeoutError) as err:
            raise ConnectionFailed(
                f"cannot reach ecobee: {type(err).__name__}"
            ) from err
        if status == 429:
            raise RateLimited(
                "ecobee asked to slow down",
                retry_after_s=retry_after_s(retry_after, DEFAULT_RETRY_AFTER_S),
            )
        try:
            data = _decode(body)
        except InvalidResponse:
            if status >= 400:
                raise ConnectionFailed(f"ecobee answered HTTP {status}") from None
            raise
        if status >= 400 and "error" not in data and "status" not in data:
            raise ConnectionFailed(f"ecobee answered HTTP {status}")
        return data


def _status_code(data: Mapping[str, Any]) -> int:
    status = data.get("status")
    if not isinstance(status, Mapping):
        raise InvalidResponse("no status in the reply", field="status")
    return integer(status, "code")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _decode(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as err:
        raise InvalidResponse("the reply is not JSON", field="body") from err
    if not isinstance(data, dict):
        raise InvalidResponse("the reply is not a JSON object", field="body")
    return data
