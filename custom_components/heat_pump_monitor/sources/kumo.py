"""A Mitsubishi indoor unit with a Kumo adapter: its local API, the cloud as fallback.

Every minute one local ``indoorUnit.status`` (with the password and crypto serial
cached in the config entry; the cloud is not asked for them again). When the unit
does not answer, the cloud's last-known state of the unit stands in and
``data_path`` says ``cloud`` (shown on the ``online`` sensor and in diagnostics); a
unit out of memory is left alone for ``UnitBusy``'s time and read from the cloud
meanwhile. The cloud's Kumo properties (the outdoor temperature a Kumo Station
measures) are read every ``OUTDOOR_EVERY`` while they hold one, every
``OUTDOOR_RETRY`` while they do not. Each poll gives one sample covering the time
since the previous one, with the unit's reported (true) defrost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
import os
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util

from ..api import ApiError, AuthenticationFailed, RateLimited
from ..api.kumo_cloud import DEFAULT_BASE_URL, DEFAULT_SOCKET_URL, KumoCloudClient
from ..api.kumo_local import KumoLocalClient
from ..api.kumo_models import KumoCredentials, KumoUnitState
from ..const import (
    CONF_CRYPTO_SERIAL,
    CONF_SERIAL,
    CONF_UNIT_PASSWORD,
    CONF_UNIT_TYPE,
    LOGGER,
)
from ..engine.sample import Sample
from .base import SourceAuthFailed, SourceDevice, SourceUnavailable
from .kumo_samples import unit_sample

POLL_INTERVAL: Final = timedelta(seconds=60)
MAX_CATCH_UP: Final = timedelta(minutes=5)
"""A longer silence is a gap: the next sample starts one poll before now."""
OUTDOOR_EVERY: Final = timedelta(minutes=15)
OUTDOOR_RETRY: Final = timedelta(hours=6)
URL_ENV: Final = "HEAT_PUMP_MONITOR_KUMO_URL"
"""Development override of the cloud (REST and Socket.IO on one host)."""
RETRY_PAUSE_S = 1.0
"""Pause before retrying a unit's transient error (tests set it to 0)."""
PATH_LOCAL: Final = "local"
PATH_CLOUD: Final = "cloud"
UNIT_TYPES: Final = {
    "ductless": "Ductless indoor unit",
    "mvz": "Multi-position air handler (MVZ)",
    "sez": "Ducted indoor unit (SEZ)",
    "pead": "Ducted indoor unit (PEAD)",
    "headless": "Kumo Station",
}
_url_warned = False


def cloud_urls() -> tuple[str, str]:
    """Return the cloud's REST and Socket.IO hosts, or the development override."""
    global _url_warned  # noqa: PLW0603 - one warning per process
    override = os.environ.get(URL_ENV)
    if not override:
        return DEFAULT_BASE_URL, DEFAULT_SOCKET_URL
    if not _url_warned:
        _url_warned = True
        LOGGER.warning("Using %s=%s instead of Kumo Cloud", URL_ENV, override)
    return override, override


class KumoSource:
    """Polls one indoor unit (see the module docstring)."""

    def __init__(
        self,
        local: KumoLocalClient,
        cloud: KumoCloudClient,
        *,
        serial: str,
        unit_type: str | None = None,
        state: Mapping[str, Any] | None = None,
        clock: Callable[[], datetime] = dt_util.utcnow,
    ) -> None:
        """Read ``serial`` locally through ``local``, through ``cloud`` as fallback."""
        self._local = local
        self._cloud = cloud
        self._serial = serial
        self._unit_type = unit_type
        self._clock = clock
        last = (state or {}).get("last_end")
        self._last_end = datetime.fromisoformat(last) if isinstance(last, str) else None
        self._path: str | None = None
        self._local_error: str | None = None
        self._last_error: str | None = None
        self._quiet_until: datetime | None = None
        self._fallbacks = 0
        self._outdoor_c: float | None = None
        self._outdoor_due: datetime | None = None

    @property
    def device(self) -> SourceDevice:
        """The indoor unit."""
        return SourceDevice(
            serial=self._serial,
            manufacturer="Mitsubishi Electric",
            model=UNIT_TYPES.get(self._unit_type or "", "Kumo indoor unit"),
        )

    @property
    def data_path(self) -> str | None:
        """``local`` or ``cloud``: how the last poll read the unit (None: it failed)."""
        return self._path

    @property
    def poll_interval(self) -> timedelta:
        """Once a minute, as the Kumo app does on the local network."""
        return POLL_INTERVAL

    def now(self) -> datetime:
        """Return the wall clock (the unit reports no time of its own)."""
        return self._clock()

    async def async_poll(self) -> list[Sample]:
        """Read the unit (or the cloud); return one sample since the last poll."""
        now = self._clock()
        try:
            state = await self._read_state(now)
            outdoor = await self._outdoor(now)
        except AuthenticationFailed as err:
            self._path, self._last_error = None, str(err)
            raise SourceAuthFailed(str(err)) from err
        self._last_error = None
        start = self._last_end
        if start is None or not now - MAX_CATCH_UP <= start < now:
            start = now - POLL_INTERVAL
        self._last_end = now
        return [
            unit_sample(
                start=start,
                interval_s=(now - start).total_seconds(),
                state=state,
                outdoor_temp_c=outdoor,
            )
        ]

    async def _read_state(self, now: datetime) -> KumoUnitState:
        if self._quiet_until is None or now >= self._quiet_until:
            try:
                state = await self._local.async_status()
            except RateLimited as err:
                self._quiet_until = now + timedelta(seconds=err.retry_after_s)
                self._local_error = str(err)
            except AuthenticationFailed:
                raise
            except ApiError as err:
                self._local_error = str(err)
            else:
                self._quiet_until = self._local_error = None
                self._path = PATH_LOCAL
                return state
        try:
            device = await self._cloud.async_device(self._serial)
        except AuthenticationFailed:
            raise
        except ApiError as err:
            self._path = None
            self._last_error = f"unit: {self._local_error}; cloud: {err}"
            raise SourceUnavailable(self._last_error) from err
        if not device.connected:
            self._path = None
            self._last_error = f"unit: {self._local_error}; cloud: unit disconnected"
            raise SourceUnavailable(self._last_error)
        if self._path != PATH_CLOUD:
            LOGGER.info(
                "Kumo unit not answering (%s); reading its state from the cloud",
                self._local_error,
            )
        self._path = PATH_CLOUD
        self._fallbacks += 1
        return device.state

    async def _outdoor(self, now: datetime) -> float | None:
        """Return the Kumo Station's outdoor temperature, read from the cloud."""
        if self._outdoor_due is not None and now < self._outdoor_due:
            return self._outdoor_c
        try:
            self._outdoor_c = (
                await self._cloud.async_properties(self._serial)
            ).outdoor_temp_c
        except AuthenticationFailed:
            raise
        except ApiError as err:
            LOGGER.debug("Kumo outdoor temperature not read: %s", err)
            self._outdoor_c = None
        found = self._outdoor_c is not None
        self._outdoor_due = now + (OUTDOOR_EVERY if found else OUTDOOR_RETRY)
        return self._outdoor_c

    def to_state(self) -> dict[str, Any]:
        """Return the end of the last sample."""
        return {
            "last_end": None if self._last_end is None else self._last_end.isoformat()
        }

    def diagnostics(self) -> dict[str, Any]:
        """Return requests, the data path, fallbacks and the last errors."""
        return {
            "requests": {
                "unit": dict(self._local.requests),
                "cloud": dict(self._cloud.requests),
            },
            "data_path": self._path,
            "cloud_fallbacks": self._fallbacks,
            "unit_left_alone_until": None
            if self._quiet_until is None
            else self._quiet_until.isoformat(),
            "unit_error": self._local_error,
            "last_error": self._last_error,
            "outdoor_from_station": self._outdoor_c is not None,
        }


def cloud_client(hass: HomeAssistant, username: str, password: str) -> KumoCloudClient:
    """Build a cloud client on Home Assistant's session and clock."""
    base_url, socket_url = cloud_urls()
    return KumoCloudClient(
        async_get_clientsession(hass),
        username,
        password,
        base_url=base_url,
        socket_url=socket_url,
        clock=lambda: dt_util.utcnow().timestamp(),
    )


def local_client(hass: HomeAssistant, data: Mapping[str, Any]) -> KumoLocalClient:
    """Build the local client an entry (or a flow's input) describes."""
    return KumoLocalClient(
        async_get_clientsession(hass),
        data[CONF_HOST],
        KumoCredentials(
            password=data[CONF_UNIT_PASSWORD], crypto_serial=data[CONF_CRYPTO_SERIAL]
        ),
        port=data.get(CONF_PORT),
        retry_pause_s=RETRY_PAUSE_S,
    )


def build(
    hass: HomeAssistant, entry: ConfigEntry, state: Mapping[str, Any] | None
) -> KumoSource:
    """Create the source of a Kumo entry."""
    return build_heat_pump(hass, entry, entry.data, state)


def build_heat_pump(
    hass: HomeAssistant,
    entry: ConfigEntry,
    data: Mapping[str, Any],
    state: Mapping[str, Any] | None,
) -> KumoSource:
    """Create the source of a Kumo unit described by ``data`` (an entry's or a part's)."""
    return KumoSource(
        local_client(hass, data),
        cloud_client(hass, data[CONF_USERNAME], data[CONF_PASSWORD]),
        serial=data[CONF_SERIAL],
        unit_type=data.get(CONF_UNIT_TYPE),
        state=state,
    )
