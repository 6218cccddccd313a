"""An ecobee thermostat, read from the ecobee cloud.

Every 3 minutes (ecobee's polling guidance): one ``/thermostatSummary``; the
thermostat itself is fetched only when one of its revisions changed, with only the
matching parts. Each poll gives one sample for the time since the previous poll,
with the equipment the summary says is running now counted as running throughout.
At first setup, one ``/runtimeReport`` backfills up to 31 days of 5-minute samples
(returned before the first live sample, never twice). The thermostat cannot see
defrost (``defrost_s`` stays unknown; the engine infers it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, time, timedelta, tzinfo
import os
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util

from ..api import ApiError, AuthenticationFailed, InvalidResponse, RateLimited
from ..api.ecobee import (
    DEFAULT_BASE_URL,
    INCLUDE_ALERTS,
    INCLUDE_RUNTIME,
    INCLUDE_SETTINGS,
    INCLUDE_WEATHER,
    EcobeeClient,
)
from ..api.ecobee_models import EcobeeRevision, EcobeeThermostat
from ..const import CONF_REFRESH_TOKEN, CONF_THERMOSTAT_ID, LOGGER
from ..engine.sample import Sample
from .base import SourceAuthFailed, SourceDevice, SourceUnavailable
from .ecobee_samples import (
    REPORT_COLUMNS,
    celsius,
    live_sample,
    local_to_utc,
    report_samples,
)

POLL_INTERVAL: Final = timedelta(minutes=3)
MAX_CATCH_UP: Final = timedelta(minutes=15)
"""A longer silence is a gap: the next sample starts one poll before now."""
BACKFILL_DAYS: Final = 30
"""Whole UTC days before today's; with today's part at most 31 days (the limit)."""
URL_ENV: Final = "HEAT_PUMP_MONITOR_ECOBEE_URL"
REQUEST_TIMEOUT_S = 20.0
MODEL_NAMES: Final = {
    "idtSmart": "ecobee Smart",
    "siSmart": "ecobee Smart Si",
    "athenaSmart": "ecobee3",
    "corSmart": "Carrier Côr",
    "nikeSmart": "ecobee3 lite",
    "apolloSmart": "ecobee4",
    "vulcanSmart": "ecobee SmartThermostat",
    "aresSmart": "ecobee Smart Thermostat Premium",
}
_INCLUDES: Final = {
    "thermostat_rev": frozenset({INCLUDE_SETTINGS}),
    "alerts_rev": frozenset({INCLUDE_ALERTS}),
    "runtime_rev": frozenset({INCLUDE_RUNTIME, INCLUDE_WEATHER}),
}
"""Which parts to fetch when a revision changed (weather follows the runtime)."""
_url_warned = False


def base_url() -> str:
    """Return the ecobee host, or the development override (warned about once)."""
    global _url_warned  # noqa: PLW0603 - one warning per process
    override = os.environ.get(URL_ENV)
    if not override:
        return DEFAULT_BASE_URL
    if not _url_warned:
        _url_warned = True
        LOGGER.warning("Using %s=%s instead of the ecobee cloud", URL_ENV, override)
    return override


class EcobeeSource:
    """Polls one thermostat (see the module docstring)."""

    def __init__(
        self,
        client: EcobeeClient,
        *,
        identifier: str,
        state: Mapping[str, Any] | None = None,
        clock: Callable[[], datetime] = dt_util.utcnow,
        timezone: tzinfo | None = None,
    ) -> None:
        """Read ``identifier`` through ``client``; resume from ``state``.

        ``timezone`` (Home Assistant's) places the history's local times across DST
        changes when it matches the thermostat's offset.
        """
        self._client = client
        self._timezone = timezone
        self._id = identifier
        self._clock = clock
        state = state or {}
        self._last_end = _time(state.get("last_end"))
        # A restored state means the history was backfilled (or tried) before.
        self._backfill: dict[str, Any] | None = state.get("backfill") or (
            {"skipped": "restored"} if state else None
        )
        self._revision: EcobeeRevision | None = None
        self._thermostat: EcobeeThermostat | None = None
        self._quiet_until: datetime | None = None
        self._limited_since: datetime | None = None
        self._last_error: str | None = None

    @property
    def device(self) -> SourceDevice:
        """The thermostat, as far as the cloud told."""
        model = self._thermostat.model_number if self._thermostat else ""
        return SourceDevice(
            serial=self._id,
            manufacturer="ecobee",
            model=MODEL_NAMES.get(model, model or "ecobee thermostat"),
        )

    @property
    def poll_interval(self) -> timedelta:
        """Every 3 minutes, as ecobee asks."""
        return POLL_INTERVAL

    def now(self) -> datetime:
        """Return the wall clock."""
        return self._clock()

    async def async_poll(self) -> list[Sample]:
        """Read the cloud; return backfill (first time) and one live sample."""
        now = self._clock()
        if self._quiet_until is not None and now < self._quiet_until:
            assert self._limited_since is not None
            if now - self._limited_since >= POLL_INTERVAL:
                raise SourceUnavailable(
                    f"rate limited by ecobee until {self._quiet_until.isoformat()}"
                )
            return []
        try:
            samples = await self._read(now)
        except AuthenticationFailed as err:
            self._last_error = str(err)
            raise SourceAuthFailed(str(err)) from err
        except RateLimited as err:
            # Honour Retry-After: no request before it; unavailable only if the
            # limit lasts beyond one poll.
            self._last_error = str(err)
            self._quiet_until = now + timedelta(seconds=err.retry_after_s)
            self._limited_since = self._limited_since or now
            return []
        except ApiError as err:
            self._last_error = str(err)
            raise SourceUnavailable(str(err)) from err
        self._quiet_until = self._limited_since = None
        self._last_error = None
        return samples

    async def _read(self, now: datetime) -> list[Sample]:
        summary = await self._client.async_summary()
        revision = summary.revision(self._id)
        if revision is None:
            raise InvalidResponse(
                "the thermostat is no longer in the account", field="revisionList"
            )
        if not revision.connected:
            # The cloud would only repeat the last-known state, so nothing read now
            # is true: unavailable (the coordinator counts it toward ``offline``),
            # and the time until it reconnects stays a gap.
            self._last_end = None
            raise ApiError("the thermostat is disconnected from ecobee")
        includes = self._changed_parts(revision)
        if includes:
            self._merge(await self._client.async_thermostat(self._id, includes))
        self._revision = revision
        samples = await self._backfill_history(now) if self._backfill is None else []
        start = self._last_end
        if start is None or not now - MAX_CATCH_UP <= start <= now:
            start = now - POLL_INTERVAL
        self._last_end = now
        if start == now:
            return samples
        thermostat = self._thermostat
        assert thermostat is not None
        samples.append(
            live_sample(
                start=start,
                interval_s=(now - start).total_seconds(),
                running=summary.equipment.get(self._id, thermostat.equipment),
                runtime=thermostat.runtime,
                settings=thermostat.settings,
                weather=thermostat.weather,
                alerts=thermostat.alerts,
            )
        )
        return samples

    def _changed_parts(self, revision: EcobeeRevision) -> set[str]:
        if self._thermostat is None or self._revision is None:
            return set().union(*_INCLUDES.values())
        parts: set[str] = set()
        for field, includes in _INCLUDES.items():
            if getattr(revision, field) != getattr(self._revision, field):
                parts |= includes
        return parts

    def _merge(self, fresh: EcobeeThermostat) -> None:
        """Keep the parts this reply did not carry from the previous ones."""
        old = self._thermostat
        if old is not None:
            fresh = EcobeeThermostat(
                identifier=fresh.identifier,
                name=fresh.name,
                model_number=fresh.model_number,
                thermostat_time=fresh.thermostat_time,
                utc_time=fresh.utc_time,
                equipment=fresh.equipment,
                runtime=fresh.runtime or old.runtime,
                extended_runtime=fresh.extended_runtime or old.extended_runtime,
                settings=fresh.settings or old.settings,
                alerts=old.alerts if fresh.alerts is None else fresh.alerts,
                weather=fresh.weather or old.weather,
            )
        self._thermostat = fresh

    async def _backfill_history(self, now: datetime) -> list[Sample]:
        """Return up to 31 days of 5-minute samples ending where live samples begin."""
        thermostat = self._thermostat
        assert thermostat is not None
        end = now.astimezone(UTC).replace(second=0, microsecond=0)
        end -= timedelta(minutes=end.minute % 5)
        start = datetime.combine(
            end.date() - timedelta(days=BACKFILL_DAYS), time(), tzinfo=UTC
        )
        offset = thermostat.thermostat_time - thermostat.utc_time
        offset = timedelta(minutes=round(offset.total_seconds() / 900) * 15)
        try:
            report = await self._client.async_runtime_report(
                self._id, start, end, REPORT_COLUMNS
            )
        except InvalidResponse as err:
            # A report we cannot read must not keep the live data from starting.
            LOGGER.warning("ecobee history could not be read, not backfilled: %s", err)
            self._backfill = {"failed": str(err)}
            return []
        zone = self._timezone
        if zone is not None and now.astimezone(zone).utcoffset() != offset:
            zone = None  # Home Assistant's zone is not the thermostat's
        to_utc = local_to_utc(offset, zone)
        samples = report_samples(report, to_utc=to_utc, start=start, end=end)
        self._backfill = {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "samples": len(samples),
            "utc_offset_h": offset.total_seconds() / 3600,
            "dst_aware": zone is not None,
        }
        self._last_end = end
        return samples

    def to_state(self) -> dict[str, Any]:
        """Return the end of the last sample and what was backfilled."""
        return {
            "last_end": None if self._last_end is None else self._last_end.isoformat(),
            "backfill": self._backfill,
        }

    def diagnostics(self) -> dict[str, Any]:
        """Return requests, revisions, heat pump settings, backfill and last error."""
        thermostat = self._thermostat
        revision = self._revision
        settings = thermostat.settings if thermostat else None
        return {
            "requests": dict(self._client.requests),
            "model": thermostat.model_number if thermostat else None,
            "revisions": None
            if revision is None
            else {
                "thermostat": revision.thermostat_rev,
                "alerts": revision.alerts_rev,
                "runtime": revision.runtime_rev,
                "interval": revision.interval_rev,
            },
            "settings": None
            if settings is None
            else {
                "hvac_mode": settings.hvac_mode,
                "has_heat_pump": settings.has_heat_pump,
                "compressor_min_outdoor_c": celsius(settings.compressor_min_outdoor_f),
                "aux_max_outdoor_c": celsius(settings.aux_max_outdoor_f),
            },
            "alerts": None
            if thermostat is None or thermostat.alerts is None
            else sorted(alert.number for alert in thermostat.alerts),
            "backfill": self._backfill,
            "rate_limited_until": None
            if self._quiet_until is None
            else self._quiet_until.isoformat(),
            "last_error": self._last_error,
        }


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def client_for(
    hass: HomeAssistant,
    api_key: str,
    *,
    refresh_token: str | None = None,
    on_refresh_token: Callable[[str], None] | None = None,
) -> EcobeeClient:
    """Build a client on Home Assistant's session and clock."""
    return EcobeeClient(
        async_get_clientsession(hass),
        api_key,
        refresh_token=refresh_token,
        on_refresh_token=on_refresh_token,
        base_url=base_url(),
        timeout_s=REQUEST_TIMEOUT_S,
        clock=lambda: dt_util.utcnow().timestamp(),
    )


def build(
    hass: HomeAssistant, entry: ConfigEntry, state: Mapping[str, Any] | None
) -> EcobeeSource:
    """Create the source of an ecobee entry; rotated refresh tokens go to the entry."""

    def store_refresh_token(token: str) -> None:
        # ecobee invalidates the previous refresh token at once: persist now.
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_REFRESH_TOKEN: token}
        )

    client = client_for(
        hass,
        entry.data[CONF_API_KEY],
        refresh_token=entry.data[CONF_REFRESH_TOKEN],
        on_refresh_token=store_refresh_token,
    )
    return EcobeeSource(
        client,
        identifier=entry.data[CONF_THERMOSTAT_ID],
        state=state,
        timezone=dt_util.get_default_time_zone(),
    )
