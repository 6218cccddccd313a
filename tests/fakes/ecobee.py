"""A fake ecobee cloud (PIN authorization, tokens, summary, thermostat, runtime report).

Speaks the wire format of the API notes, reports what simulated plants do (one per
thermostat) on an injectable clock, and misbehaves on request. Run it standalone for
the demo: ``python -m tests.fakes.ecobee --port 8135 --speed 60`` (the PIN is
approved after the first token poll).
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
import json
import secrets
import string
from typing import Any

from aiohttp import web

from custom_components.heat_pump_monitor.engine.sample import HvacMode, Sample

from .plant import SimulatedPlant

API_KEY = "fakeAppKey0123456789abcdefABCDEF"
MISBEHAVIOURS = (
    "429",
    "500",
    "slow",
    "truncated",
    "html",
    "missing_field",
    "nan",
    "not_object",
    "no_status",
    "processing_error",
    "odd_oauth_error",
    "odd_http_error",
)
MISSING_FIELD = {
    "/authorize": "ecobeePin",
    "/token": "access_token",
    "/1/thermostatSummary": "revisionList",
    "/1/thermostat": "thermostatList",
    "/1/runtimeReport": "columns",
}
"""The field ``missing_field`` removes from each endpoint's reply."""
MODES = {
    HvacMode.OFF: "off",
    HvacMode.HEAT: "heat",
    HvacMode.COOL: "cool",
    HvacMode.AUTO: "auto",
    HvacMode.EMERGENCY_HEAT: "auxHeatOnly",
}
ALERT_TEXT = {
    1004: "Heat pump heating problem.",
    1005: "Heat pump heating problem.",
    1007: "Communication to the Equipment Interface failed.",
    1009: "Auxiliary heat is running too much.",
    1010: "Auxiliary heat ran with a high outdoor temperature.",
}
REPORT_COLUMNS = (
    "auxHeat1",
    "auxHeat2",
    "auxHeat3",
    "compCool1",
    "compCool2",
    "compHeat1",
    "compHeat2",
    "fan",
    "outdoorTemp",
    "zoneAveTemp",
    "zoneCoolTemp",
    "zoneHeatTemp",
    "zoneHumidity",
    "zoneHvacMode",
)
DAY_SLOTS = 288
"""Five-minute rows in a day."""
SLOT = timedelta(minutes=5)


def tenths_f(celsius: float | None) -> int:
    """Return ``celsius`` as the API's integer tenths of °F (-5002 when unknown)."""
    if celsius is None:
        return -5002
    return round((celsius * 9.0 / 5.0 + 32.0) * 10.0)


def revision(when: datetime) -> str:
    """Return a revision string (UTC ``YYMMDDHHMMSS``)."""
    return when.astimezone(UTC).strftime("%y%m%d%H%M%S")


def floor_to(when: datetime, step: timedelta) -> datetime:
    """Return ``when`` rounded down to a multiple of ``step`` since midnight."""
    midnight = when.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + ((when - midnight) // step) * step


def equipment(sample: Sample | None) -> list[str]:
    """Return the equipmentStatus tokens of what the plant ran in ``sample``."""
    if sample is None:
        return []
    tokens = []
    if sample.comp_heat_s:
        tokens.append("heatPump")
    if sample.comp_cool_s:
        tokens.append("compCool1")
    if sample.aux_heat_s:
        tokens.append("auxHeat1")
    if sample.fan_s:
        tokens.append("fan")
    return tokens


@dataclass
class FakeThermostat:
    """One thermostat of the account, backed by a plant."""

    plant: SimulatedPlant
    identifier: str = "511863952271"
    name: str = "Hallway"
    model_number: str = "nikeSmart"
    utc_offset: timedelta = timedelta(hours=-5)
    timezone: tzinfo | None = None
    """Local time zone with DST; None: the fixed ``utc_offset``."""
    connected: bool = True
    alerts: set[int] = field(default_factory=set)
    """Active unacknowledged alert numbers."""
    weather_unknown: bool = False
    """The weather service has no reading (-5002)."""
    _equipment: tuple[str, ...] | None = None
    _equipment_at: datetime | None = None
    _mode: HvacMode | None = None
    _settings_at: datetime | None = None
    _alerts_seen: frozenset[int] | None = None
    _alerts_at: datetime | None = None
    _frozen: str | None = None

    def local(self, when: datetime) -> datetime:
        """Return the thermostat's local wall time (naive) at ``when``."""
        if self.timezone is not None:
            return when.astimezone(self.timezone).replace(tzinfo=None)
        return (when + self.utc_offset).replace(tzinfo=None)

    def latest(self) -> Sample | None:
        """Return the plant's most recent sample."""
        return self.plant.latest

    def revision_entry(self, now: datetime, *, frozen: bool) -> str:
        """Return this thermostat's revisionList entry, bumping what changed."""
        if frozen and self._frozen is not None:
            return self._frozen
        sample = self.latest()
        running = tuple(equipment(sample))
        if running != self._equipment or self._equipment_at is None:
            self._equipment, self._equipment_at = running, now
        mode = sample.hvac_mode if sample else None
        if mode != self._mode or self._settings_at is None:
            self._mode, self._settings_at = mode, now
        alerts = frozenset(self.alerts)
        if alerts != self._alerts_seen or self._alerts_at is None:
            self._alerts_seen, self._alerts_at = alerts, now
        quarter = floor_to(now, timedelta(minutes=15))
        runtime_at = max(self._equipment_at, quarter)
        connected = "true" if self.connected else "false"
        entry = (
            f"{self.identifier}:{self.name}:{connected}:{revision(self._settings_at)}:"
            f"{revision(self._alerts_at)}:{revision(runtime_at)}:{revision(quarter)}"
        )
        self._frozen = entry
        return entry


@dataclass
class _Pin:
    pin: str
    issued: datetime
    approved: bool = False
    polls: int = 0


@dataclass
class FakeEcobee:
    """The fake cloud: accounts, tokens and switches; ``app`` serves it."""

    clock: Callable[[], datetime]
    thermostats: list[FakeThermostat]
    auth_clock: Callable[[], datetime] | None = None
    """Clock of PIN and token expiry (None: ``clock``; the demo uses real time)."""
    api_key: str = API_KEY
    pin_expires_min: int = 9
    auto_approve_after: int | None = None
    """Token polls after which a PIN counts as entered (None: wait for approve_pin)."""
    access_ttl_s: int = 3599
    retry_after_s: int | str = 600
    slow_s: float = 2.0
    report_lag: timedelta = timedelta(0)
    """How far behind now the runtime report has data."""
    repeat_report_day: bool = False
    """The runtime report lists the rows of its last full day twice (an overlap)."""
    freeze_revisions: bool = False
    rotate_refresh: bool = True
    """Whether a refresh hands out a new refresh token (ecobee's does)."""
    ignore_selection: bool = False
    """Return every thermostat whatever the selection asked for."""
    refuse_refresh: bool = False
    revoked: bool = False
    misbehaviour: str | None = None
    misbehave_times: int | None = None
    misbehave_path: str | None = None
    requests: Counter[str] = field(default_factory=Counter)
    refresh_token: str | None = None
    """The one refresh token that works now."""
    access_tokens: dict[str, datetime] = field(default_factory=dict)
    pins: dict[str, _Pin] = field(default_factory=dict)
    report_requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0
    """Where the test server listens (set by whoever serves the app)."""

    @property
    def url(self) -> str:
        """Base URL of the served app."""
        return f"http://127.0.0.1:{self.port}"

    # -- switches ---------------------------------------------------------------

    def misbehave(
        self, kind: str | None, times: int | None = None, path: str | None = None
    ) -> None:
        """Misbehave with ``kind`` for ``times`` requests (to ``path`` only, if given)."""
        assert kind is None or kind in MISBEHAVIOURS, kind
        self.misbehaviour, self.misbehave_times, self.misbehave_path = kind, times, path

    def approve_pin(self) -> None:
        """Act as the user entering every outstanding PIN in the portal."""
        for pin in self.pins.values():
            pin.approved = True

    def _auth_now(self) -> datetime:
        return (self.auth_clock or self.clock)()

    def expire_access_token(self) -> None:
        """Every access token expires now."""
        now = self._auth_now()
        self.access_tokens = dict.fromkeys(self.access_tokens, now)

    def revoke(self) -> None:
        """Act as the user removing the app: tokens die (code 16), refresh fails."""
        self.revoked = True
        self.refresh_token = None

    def issue_tokens(self) -> dict[str, Any]:
        """Make a fresh token pair (as a successful /token reply)."""
        access = "eyJ" + secrets.token_urlsafe(48)
        if self.rotate_refresh or self.refresh_token is None:
            self.refresh_token = "v1." + secrets.token_urlsafe(24)
        self.access_tokens = {
            access: self._auth_now() + timedelta(seconds=self.access_ttl_s)
        }
        self.revoked = False
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": self.access_ttl_s,
            "refresh_token": self.refresh_token,
            "scope": "smartRead",
        }

    # -- serving ----------------------------------------------------------------

    @property
    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/authorize", self._authorize)
        app.router.add_post("/token", self._token)
        app.router.add_get("/1/thermostatSummary", self._summary)
        app.router.add_get("/1/thermostat", self._thermostat)
        app.router.add_get("/1/runtimeReport", self._report)
        return app

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        self.requests[request.path] += 1
        kind = self._take_misbehaviour(request.path)
        if kind == "429":
            return web.Response(
                status=429, headers={"Retry-After": str(self.retry_after_s)}
            )
        if kind == "500":
            return web.Response(status=500, text="Internal Server Error")
        if kind == "slow":
            await asyncio.sleep(self.slow_s)
        if kind == "html":
            return web.Response(
                text="<html><body>Maintenance</body></html>", content_type="text/html"
            )
        if kind in _CANNED:
            status, text = _CANNED[kind]
            return web.Response(status=status, text=text)
        response: web.Response = await handler(request)
        if kind == "truncated":
            return web.Response(status=response.status, text=(response.text or "")[:-9])
        if kind == "missing_field":
            body = json.loads(response.text or "{}")
            body.pop(MISSING_FIELD.get(request.path, ""), None)
            return web.json_response(body, status=response.status)
        if kind == "nan":
            body = json.loads(response.text or "{}")
            body["thermostatCount"] = float("nan")
            return web.Response(status=response.status, text=json.dumps(body))
        return response

    def _take_misbehaviour(self, path: str) -> str | None:
        kind = self.misbehaviour
        if kind is None or self.misbehave_path not in (None, path):
            return None
        if self.misbehave_times is not None:
            self.misbehave_times -= 1
            if self.misbehave_times <= 0:
                self.misbehave(None)
        return kind

    @staticmethod
    def _oauth_error(error: str, status: int) -> web.Response:
        return web.json_response(
            {
                "error": error,
                "error_description": error.replace("_", " "),
                "error_uri": "https://tools.ietf.org/html/rfc6749#section-5.2",
            },
            status=status,
        )

    async def _authorize(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("response_type") != "ecobeePin":
            return self._oauth_error("invalid_request", 400)
        if query.get("client_id") != self.api_key:
            return self._oauth_error("invalid_client", 401)
        alphabet = string.ascii_lowercase + string.digits
        pin = "".join(secrets.choice(alphabet) for _ in range(10))
        code = secrets.token_urlsafe(24)
        self.pins[code] = _Pin(pin=pin, issued=self._auth_now())
        return web.json_response(
            {
                "ecobeePin": pin,
                "code": code,
                "scope": query.get("scope", "smartRead"),
                "expires_in": self.pin_expires_min,
                "interval": 30,
            }
        )

    async def _token(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("client_id") != self.api_key:
            return self._oauth_error("invalid_client", 401)
        grant = query.get("grant_type")
        if grant == "ecobeePin":
            return self._pin_token(query.get("code", ""))
        if grant == "refresh_token":
            token = query.get("refresh_token") or query.get("code")
            if self.refuse_refresh or token is None or token != self.refresh_token:
                return self._oauth_error("invalid_grant", 400)
            return web.json_response(self.issue_tokens())
        return self._oauth_error("unsupported_grant_type", 400)

    def _pin_token(self, code: str) -> web.Response:
        pin = self.pins.get(code)
        if pin is None:
            return self._oauth_error("invalid_grant", 400)
        if self._auth_now() >= pin.issued + timedelta(minutes=self.pin_expires_min):
            return self._oauth_error("authorization_expired", 401)
        pin.polls += 1
        if self.auto_approve_after is not None and pin.polls > self.auto_approve_after:
            pin.approved = True
        if not pin.approved:
            return self._oauth_error("authorization_pending", 401)
        del self.pins[code]
        return web.json_response(self.issue_tokens())

    def _refused(self, request: web.Request) -> web.Response | None:
        """Return the error reply for a bad access token, if it is bad."""
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ")
        if self.revoked:
            return _status(16, "Authorization has been revoked by the user.", 500)
        expires = self.access_tokens.get(token)
        if expires is None:
            return _status(1, "Authentication failed.", 500)
        if self._auth_now() >= expires:
            return _status(
                14,
                "Authentication token has expired. Refresh your tokens. "
                "Please refer to our documentation.",
                500,
            )
        return None

    @staticmethod
    def _request_object(request: web.Request) -> dict[str, Any]:
        raw = request.query.get("json") or request.query.get("body") or "{}"
        data = json.loads(raw)
        assert isinstance(data, dict)
        return data

    async def _summary(self, request: web.Request) -> web.Response:
        if (refused := self._refused(request)) is not None:
            return refused
        now = self.clock()
        selection = self._request_object(request).get("selection", {})
        body: dict[str, Any] = {
            "revisionList": [
                t.revision_entry(now, frozen=self.freeze_revisions)
                for t in self.thermostats
            ],
            "thermostatCount": len(self.thermostats),
            "status": {"code": 0, "message": ""},
        }
        if selection.get("includeEquipmentStatus"):
            body["statusList"] = [
                f"{t.identifier}:{','.join(equipment(t.latest()))}"
                for t in self.thermostats
            ]
        return web.json_response(body)

    def _selected(self, selection: dict[str, Any]) -> list[FakeThermostat]:
        if self.ignore_selection or selection.get("selectionType") == "registered":
            return list(self.thermostats)
        wanted = str(selection.get("selectionMatch", "")).split(",")
        return [t for t in self.thermostats if t.identifier in wanted]

    async def _thermostat(self, request: web.Request) -> web.Response:
        if (refused := self._refused(request)) is not None:
            return refused
        selection = self._request_object(request).get("selection", {})
        chosen = self._selected(selection)
        if not chosen:
            return _status(2, "Not authorized.", 500)
        listing = [self._thermostat_object(t, selection) for t in chosen]
        return web.json_response(
            {
                "page": {
                    "page": 1,
                    "totalPages": 1,
                    "pageSize": len(listing),
                    "total": len(listing),
                },
                "thermostatList": listing,
                "status": {"code": 0, "message": ""},
            }
        )

    def _thermostat_object(
        self, thermostat: FakeThermostat, selection: dict[str, Any]
    ) -> dict[str, Any]:
        now = self.clock().astimezone(UTC)
        sample = thermostat.latest()
        local = thermostat.local(now)
        tokens = ",".join(equipment(sample))
        data: dict[str, Any] = {
            "identifier": thermostat.identifier,
            "name": thermostat.name,
            "thermostatRev": revision(now),
            "isRegistered": True,
            "modelNumber": thermostat.model_number,
            "brand": "ecobee",
            "features": "Home,HomeKit",
            "lastModified": now.strftime("%Y-%m-%d %H:%M:%S"),
            "thermostatTime": local.strftime("%Y-%m-%d %H:%M:%S"),
            "utcTime": now.strftime("%Y-%m-%d %H:%M:%S"),
            "equipmentStatus": tokens,
        }
        if selection.get("includeRuntime"):
            data["runtime"] = _runtime(sample, now, connected=thermostat.connected)
        if selection.get("includeExtendedRuntime"):
            data["extendedRuntime"] = self._extended_runtime(thermostat, now)
        if selection.get("includeSettings"):
            data["settings"] = _settings(sample)
        if selection.get("includeAlerts"):
            data["alerts"] = [
                _alert(number, thermostat.identifier, local)
                for number in sorted(thermostat.alerts)
            ]
        if selection.get("includeWeather"):
            data["weather"] = _weather(
                None if thermostat.weather_unknown else sample, now
            )
        return data

    def _extended_runtime(
        self, thermostat: FakeThermostat, now: datetime
    ) -> dict[str, Any]:
        end = floor_to(now, timedelta(minutes=15))
        slots = [end - 3 * SLOT, end - 2 * SLOT, end - SLOT]
        sums = [self._slot_sums(thermostat.plant.between(s, s + SLOT)) for s in slots]
        last = slots[-1]
        return {
            "lastReadingTimestamp": last.strftime("%Y-%m-%d %H:%M:%S"),
            "runtimeDate": last.date().isoformat(),
            "runtimeInterval": (last.hour * 60 + last.minute) // 5,
            "heatPump1": [s["compHeat1"] for s in sums],
            "heatPump2": [0, 0, 0],
            "auxHeat1": [s["auxHeat1"] for s in sums],
            "auxHeat2": [0, 0, 0],
            "auxHeat3": [0, 0, 0],
            "cool1": [s["compCool1"] for s in sums],
            "cool2": [0, 0, 0],
            "fan": [s["fan"] for s in sums],
        }

    @staticmethod
    def _slot_sums(samples: Iterable[Sample]) -> dict[str, int]:
        totals = {"compHeat1": 0.0, "auxHeat1": 0.0, "compCool1": 0.0, "fan": 0.0}
        for sample in samples:
            totals["compHeat1"] += sample.comp_heat_s or 0.0
            totals["auxHeat1"] += sample.aux_heat_s or 0.0
            totals["compCool1"] += sample.comp_cool_s or 0.0
            totals["fan"] += sample.fan_s or 0.0
        return {key: min(300, round(value)) for key, value in totals.items()}

    async def _report(self, request: web.Request) -> web.Response:
        if (refused := self._refused(request)) is not None:
            return refused
        body = self._request_object(request)
        self.report_requests.append(body)
        selection = body.get("selection", {})
        if selection.get("selectionType") != "thermostats":
            return _status(9, "Invalid selection type.", 500)
        start = datetime.fromisoformat(body["startDate"]).replace(tzinfo=UTC)
        start += SLOT * int(body.get("startInterval", 0))
        end = datetime.fromisoformat(body["endDate"]).replace(tzinfo=UTC)
        end += SLOT * (int(body.get("endInterval", 287)) + 1)
        if end - start > timedelta(days=31) + timedelta(days=1):
            return _status(7, "Report longer than 31 days.", 500)
        columns = str(body.get("columns", "")).split(",")
        reports = [
            {
                "thermostatIdentifier": t.identifier,
                "rowCount": len(rows := self._rows(t, start, end, columns)),
                "rowList": rows,
            }
            for t in self._selected(selection)
        ]
        return web.json_response(
            {
                "startDate": body["startDate"],
                "startInterval": body.get("startInterval", 0),
                "endDate": body["endDate"],
                "endInterval": body.get("endInterval", 287),
                "columns": ",".join(columns),
                "reportList": reports,
                "sensorList": [],
                "status": {"code": 0, "message": ""},
            }
        )

    def _rows(
        self,
        thermostat: FakeThermostat,
        start: datetime,
        end: datetime,
        columns: list[str],
    ) -> list[str]:
        slots: dict[datetime, list[Sample]] = {}
        for sample in thermostat.plant.between(start, end):
            slots.setdefault(floor_to(sample.time, SLOT), []).append(sample)
        newest = self.clock() - self.report_lag
        rows = []
        slot = start
        while slot < end:
            local = thermostat.local(slot)
            samples = slots.get(slot, []) if slot + SLOT <= newest else []
            values = self._row_values(samples, columns)
            rows.append(f"{local:%Y-%m-%d},{local:%H:%M:%S},{','.join(values)},")
            slot += SLOT
        if self.repeat_report_day:
            day = len(rows) - len(rows) % DAY_SLOTS
            rows[day:day] = rows[day - DAY_SLOTS : day]
        return rows

    def _row_values(self, samples: list[Sample], columns: list[str]) -> list[str]:
        if not samples:
            return [""] * len(columns)
        sums = self._slot_sums(samples)
        first = samples[0]

        def fahrenheit(celsius: float | None) -> str:
            return "" if celsius is None else f"{celsius * 9.0 / 5.0 + 32.0:.1f}"

        known = {
            **dict.fromkeys(REPORT_COLUMNS, "0"),
            **{key: str(value) for key, value in sums.items()},
            "outdoorTemp": fahrenheit(first.outdoor_temp_c),
            "zoneAveTemp": fahrenheit(first.indoor_temp_c),
            "zoneHeatTemp": fahrenheit(first.heat_setpoint_c),
            "zoneCoolTemp": fahrenheit(first.cool_setpoint_c),
            "zoneHumidity": ""
            if first.indoor_rh is None
            else str(round(first.indoor_rh * 100)),
            "zoneHvacMode": MODES.get(first.hvac_mode or HvacMode.OFF, "off"),
        }
        return [known.get(column, "") for column in columns]


_CANNED = {
    "not_object": (200, "[]"),
    "no_status": (200, "{}"),
    "processing_error": (500, '{"status":{"code":3,"message":"Processing error."}}'),
    "odd_oauth_error": (400, '{"error":"server_error"}'),
    "odd_http_error": (503, '{"message":"Service Unavailable"}'),
}
"""Fixed replies of some misbehaviours: HTTP status and body."""


def _status(code: int, message: str, http_status: int) -> web.Response:
    return web.json_response(
        {"status": {"code": code, "message": message}}, status=http_status
    )


def _runtime(
    sample: Sample | None, now: datetime, *, connected: bool
) -> dict[str, Any]:
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    indoor = tenths_f(sample.indoor_temp_c if sample else None)
    return {
        "runtimeRev": revision(now),
        "connected": connected,
        "firstConnected": "2023-10-02 14:11:09",
        "lastModified": stamp,
        "lastStatusModified": stamp,
        "runtimeDate": now.date().isoformat(),
        "runtimeInterval": (now.hour * 60 + now.minute) // 5,
        "actualTemperature": indoor,
        "actualHumidity": -5002
        if sample is None or sample.indoor_rh is None
        else round(sample.indoor_rh * 100),
        "rawTemperature": indoor,
        "showIconMode": 0,
        "desiredHeat": tenths_f(sample.heat_setpoint_c if sample else None),
        "desiredCool": tenths_f(sample.cool_setpoint_c if sample else None),
        "desiredFanMode": "auto",
    }


def _settings(sample: Sample | None) -> dict[str, Any]:
    mode = sample.hvac_mode if sample else None
    return {
        "hvacMode": MODES.get(mode or HvacMode.OFF, "off"),
        "hasHeatPump": True,
        "heatPumpGroundWater": False,
        "heatStages": 1,
        "coolStages": 1,
        "compressorProtectionMinTime": 300,
        "compressorProtectionMinTemp": 50,
        "auxMaxOutdoorTemp": 400,
        "auxOutdoorTempAlert": 500,
        "disableHeatPumpAlerts": False,
        "useCelsius": False,
    }


def _alert(number: int, identifier: str, local: datetime) -> dict[str, Any]:
    return {
        "acknowledgeRef": secrets.token_hex(4),
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M:%S"),
        "severity": "medium",
        "text": ALERT_TEXT.get(number, "Alert."),
        "alertNumber": number,
        "alertType": "alert",
        "isOperatorAlert": False,
        "acknowledgement": "unacknowledged",
        "thermostatIdentifier": identifier,
        "notificationType": "hvac",
    }


def _weather(sample: Sample | None, now: datetime) -> dict[str, Any]:
    outdoor = sample.outdoor_temp_c if sample else None
    return {
        "timestamp": now.strftime("%Y-%m-%d %H:%M:%S"),
        "weatherStation": "ENV:FAKE",
        "forecasts": [
            {
                "weatherSymbol": 2,
                "dateTime": now.strftime("%Y-%m-%d %H:%M:%S"),
                "condition": "Partly cloudy",
                "temperature": tenths_f(outdoor),
                "relativeHumidity": -5002
                if sample is None or sample.outdoor_rh is None
                else round(sample.outdoor_rh * 100),
                "windGust": -5002,
            }
        ],
    }


def main() -> None:
    """Serve a fake ecobee cloud on a plant running ``--speed`` times real time."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--port", type=int, default=8135)
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--history-days", type=float, default=31.0)
    args = parser.parse_args()
    began = datetime.now(UTC)
    speed = float(args.speed)

    def clock() -> datetime:
        return began + (datetime.now(UTC) - began) * speed

    plant = SimulatedPlant(clock=clock, history=timedelta(days=args.history_days))
    fake = FakeEcobee(
        clock=clock,
        thermostats=[FakeThermostat(plant=plant)],
        auth_clock=lambda: datetime.now(UTC),
        auto_approve_after=1,
    )
    print(  # noqa: T201 - tells the person running the demo what to use
        f"fake ecobee at http://127.0.0.1:{args.port} (speed {args.speed:g}x)\n"
        f"  export HEAT_PUMP_MONITOR_ECOBEE_URL=http://127.0.0.1:{args.port}\n"
        f"  application key: {fake.api_key}",
        flush=True,
    )
    web.run_app(fake.app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
