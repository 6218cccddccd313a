"""A Venstar ColorTouch / T-series thermostat, read over its local API.

Every minute: ``/query/info`` (mode, state, setpoints), ``/query/sensors`` (outdoor,
supply and return where wired) and ``/query/runtimes`` (daily counters; see
``venstar_runtime``); ``/query/alerts`` every ``ALERTS_EVERY``. Each poll gives one
sample covering the time since the previous one; after a silence longer than
``MAX_CATCH_UP`` (an outage, Home Assistant stopped) a sample covering the silence
comes first, with the runtime the counters gained in it and no readings. The
thermostat cannot see defrost (``defrost_s`` stays unknown; the engine infers it).
Lockout and error states and the Service and Air Filter alerts become
``error_code``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PIN,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util

from ..api import ApiError, AuthenticationFailed, RateLimited
from ..api.venstar import (
    MODE_AUTO,
    MODE_COOL,
    MODE_HEAT,
    MODE_OFF,
    STATE_COOLING,
    STATE_ERROR,
    STATE_HEATING,
    STATE_LOCKOUT,
    VenstarAlert,
    VenstarClient,
    VenstarInfo,
    VenstarRoot,
    VenstarSensor,
)
from ..engine.sample import HvacMode, Sample
from .base import SourceAuthFailed, SourceDevice, SourceUnavailable
from .venstar_runtime import Runtime, RuntimeLedger

POLL_INTERVAL: Final = timedelta(seconds=60)
ALERTS_EVERY: Final = timedelta(minutes=5)
REQUEST_GAP_S = 1.0
"""Pause between requests: older thermostats drop back-to-back connections."""
REQUEST_TIMEOUT_S = 5.0
"""A reply slower than this is an outage (the thermostat answers in well under 1 s)."""
MAX_CATCH_UP: Final = timedelta(minutes=15)
"""A longer silence gets a sample of its own (the counters' runtime, nothing else);
the next live sample starts one poll before now."""
MAX_BEHIND: Final = timedelta(days=1)
"""Our clock this far behind the last sample is a new timeline, not a step back."""
MODES: Final = {
    MODE_OFF: HvacMode.OFF,
    MODE_HEAT: HvacMode.HEAT,
    MODE_COOL: HvacMode.COOL,
    MODE_AUTO: HvacMode.AUTO,
}
STATE_CODES: Final = {STATE_LOCKOUT: "Venstar lockout", STATE_ERROR: "Venstar error"}
ALERT_CODES: Final = {"Service": "Venstar Service", "Air Filter": "Venstar Air Filter"}
"""Alerts that become error codes, most important first."""


class VenstarSource:
    """Polls one thermostat (see the module docstring)."""

    def __init__(
        self,
        client: VenstarClient,
        *,
        serial: str,
        state: Mapping[str, Any] | None = None,
        clock: Callable[[], datetime] = dt_util.utcnow,
    ) -> None:
        """Read through ``client``; resume the runtime ledger from ``state``."""
        self._client = client
        self._clock = clock
        self._serial = serial
        self._root: VenstarRoot | None = None
        self._ledger = RuntimeLedger((state or {}).get("ledger"))
        last = (state or {}).get("last_end")
        self._last_end: datetime | None = (
            datetime.fromisoformat(last) if isinstance(last, str) else None
        )
        self._alerts: list[VenstarAlert] = []
        self._alerts_at: datetime | None = None
        self._quiet_until: datetime | None = None
        self._last_error: str | None = None
        self._celsius: bool | None = None

    @property
    def device(self) -> SourceDevice:
        """The thermostat, as far as ``GET /`` told."""
        root = self._root
        return SourceDevice(
            serial=self._serial,
            manufacturer="Venstar",
            model=root.model if root else "COLORTOUCH",
            sw_version=root.firmware if root and root.firmware else None,
        )

    @property
    def poll_interval(self) -> timedelta:
        """Once a minute, as the thermostat's own app does."""
        return POLL_INTERVAL

    def now(self) -> datetime:
        """Return the wall clock (the thermostat reports no time of its own)."""
        return self._clock()

    async def async_poll(self) -> list[Sample]:
        """Read the thermostat; return samples for the time since the last poll."""
        now = self._clock()
        if self._quiet_until is not None and now < self._quiet_until:
            raise SourceUnavailable(
                f"rate limited by the thermostat until {self._quiet_until.isoformat()}"
            )
        try:
            return await self._read(now)
        except AuthenticationFailed as err:
            self._last_error = str(err)
            raise SourceAuthFailed(str(err)) from err
        except RateLimited as err:
            self._quiet_until = now + timedelta(seconds=err.retry_after_s)
            self._last_error = str(err)
            raise SourceUnavailable(str(err)) from err
        except ApiError as err:
            self._last_error = str(err)
            raise SourceUnavailable(str(err)) from err

    async def _read(self, now: datetime) -> list[Sample]:
        client = self._client
        if self._root is None:
            self._root = await client.async_root()
        info = await client.async_info()
        sensors = await client.async_sensors()
        runtimes = await client.async_runtimes()
        if self._alerts_at is None or now - self._alerts_at >= ALERTS_EVERY:
            self._alerts = await client.async_alerts()
            self._alerts_at = now
        self._quiet_until = None
        self._last_error = None
        self._ledger.take_counters(runtimes)
        last = self._last_end
        if last is not None and now <= last:
            if last - now <= MAX_BEHIND:
                # Our clock went back: the engine rejects this sample (and counts
                # why); what the counters gained stays owed until it is past ``last``.
                return [self._sample(now - POLL_INTERVAL, now, info, sensors, None)]
            last = None  # far back: a new timeline (the engine resyncs to it)
        samples: list[Sample] = []
        start = now - POLL_INTERVAL
        if last is None:
            self._ledger.forget_owed()  # since when? unknown: not reported
        elif now - last <= MAX_CATCH_UP:
            start = last
        else:
            samples.append(self._silence(last, start))
        self._last_end = now
        runtime = self._ledger.report(
            (now - start).total_seconds(),
            heating=info.state == STATE_HEATING,
            cooling=info.state == STATE_COOLING,
        )
        samples.append(self._sample(start, now, info, sensors, runtime))
        return samples

    def _silence(self, start: datetime, end: datetime) -> Sample:
        """Return what the counters say ran during a long silence, readings unknown."""
        interval_s = (end - start).total_seconds()
        runtime = self._ledger.settle(interval_s)
        return Sample(
            time=start,
            interval_s=interval_s,
            comp_heat_s=runtime.comp_heat_s,
            comp_cool_s=runtime.comp_cool_s,
            aux_heat_s=runtime.aux_heat_s,
        )

    def _sample(
        self,
        start: datetime,
        end: datetime,
        info: VenstarInfo,
        sensors: list[VenstarSensor],
        runtime: Runtime | None,
    ) -> Sample:
        """Return the sample of a poll; ``runtime`` None: not known."""
        assert self._root is not None
        interval_s = (end - start).total_seconds()
        celsius = info.celsius or self._root.forces_celsius
        self._celsius = celsius

        def temp(value: float | None) -> float | None:
            if value is None:
                return None
            return round(value if celsius else (value - 32.0) * 5.0 / 9.0, 2)

        return Sample(
            time=start,
            interval_s=interval_s,
            hvac_mode=MODES.get(info.mode),
            comp_heat_s=None if runtime is None else runtime.comp_heat_s,
            comp_cool_s=None if runtime is None else runtime.comp_cool_s,
            aux_heat_s=None if runtime is None else runtime.aux_heat_s,
            fan_s=interval_s if info.fanstate else 0.0,
            defrost_s=None,
            indoor_temp_c=temp(info.spacetemp),
            outdoor_temp_c=temp(_sensor(sensors, "Outdoor")),
            indoor_rh=None if info.hum is None else info.hum / 100.0,
            heat_setpoint_c=temp(info.heattemp),
            cool_setpoint_c=temp(info.cooltemp),
            supply_temp_c=temp(_sensor(sensors, "Supply")),
            return_temp_c=temp(_sensor(sensors, "Return")),
            error_code=self._error_code(info),
        )

    def _error_code(self, info: VenstarInfo) -> str | None:
        code = STATE_CODES.get(info.state)
        if code is not None:
            return code
        active = {alert.name for alert in self._alerts if alert.active}
        return next(
            (code for name, code in ALERT_CODES.items() if name in active), None
        )

    def to_state(self) -> dict[str, Any]:
        """Return the runtime ledger and the end of the last sample."""
        return {
            "ledger": self._ledger.to_state(),
            "last_end": None if self._last_end is None else self._last_end.isoformat(),
        }

    def diagnostics(self) -> dict[str, Any]:
        """Return requests made, what the thermostat is, units and the last error."""
        root = self._root
        return {
            "requests": dict(self._client.requests),
            "api_ver": None if root is None else root.api_ver,
            "model": None if root is None else root.model,
            "firmware": None if root is None else root.firmware,
            "celsius": self._celsius,
            "last_error": self._last_error,
            "runtime_owed_s": dict(self._ledger.owed),
        }


def _sensor(sensors: list[VenstarSensor], kind: str) -> float | None:
    """Return the reading of the sensor of type (or, untyped, name) ``kind``."""
    for sensor in sensors:
        if sensor.type == kind or (sensor.type is None and sensor.name == kind):
            return sensor.temp
    return None


def client_from_entry(hass: HomeAssistant, data: Mapping[str, Any]) -> VenstarClient:
    """Build the client an entry (or a flow's input) describes."""
    https = bool(data.get(CONF_SSL, False))
    return VenstarClient(
        async_get_clientsession(
            hass, verify_ssl=not https or data.get(CONF_VERIFY_SSL, True)
        ),
        data[CONF_HOST],
        port=data.get(CONF_PORT),
        https=https,
        username=data.get(CONF_USERNAME) or None,
        password=data.get(CONF_PASSWORD) or None,
        pin=data.get(CONF_PIN) or None,
        request_gap_s=REQUEST_GAP_S,
        timeout_s=REQUEST_TIMEOUT_S,
    )


def build(
    hass: HomeAssistant, entry: ConfigEntry, state: Mapping[str, Any] | None
) -> VenstarSource:
    """Create the source of a Venstar entry."""
    return VenstarSource(
        client_from_entry(hass, entry.data),
        serial=entry.unique_id or entry.entry_id,
        state=state,
    )
