"""Parsed ecobee replies: frozen dataclasses and the parsers that build them.

Temperatures stay in °F (the API's tenths are divided by ten; the runtime report
already speaks whole °F with one decimal); the sentinels -5002 (unknown) and -5003
(calibrating) become ``None``. Every malformed value raises ``InvalidResponse``
naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
import math
from typing import Any, Final

from . import fields
from .errors import InvalidResponse
from .fields import MISSING, flag, integer, text

SENTINELS: Final = frozenset({-5002, -5003})
TIME_FORMAT: Final = "%Y-%m-%d %H:%M:%S"
TEXT_COLUMNS: Final = frozenset(
    {"zoneHvacMode", "zoneClimate", "zoneCalendarEvent", "zoneOccupancy"}
)
"""Runtime-report columns that hold words, not numbers."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeePin:
    """A PIN for the user to enter in the ecobee portal."""

    pin: str
    code: str
    """The authorization code to exchange for tokens once the PIN is entered."""
    expires_in_min: int
    interval_s: int
    """Minimum seconds between token polls."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeTokens:
    """A token pair from ``/token``."""

    access_token: str
    refresh_token: str
    expires_in_s: int


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeRevision:
    """One ``revisionList`` entry of ``/thermostatSummary``."""

    identifier: str
    name: str
    connected: bool
    thermostat_rev: str
    alerts_rev: str
    runtime_rev: str
    interval_rev: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeSummary:
    """``/thermostatSummary``: revisions and running equipment per thermostat."""

    revisions: tuple[EcobeeRevision, ...]
    equipment: Mapping[str, frozenset[str]]
    """Running-equipment tokens per identifier (empty set: all off)."""

    def revision(self, identifier: str) -> EcobeeRevision | None:
        """Return the revisions of ``identifier``, if the account has it."""
        return next((r for r in self.revisions if r.identifier == identifier), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeRuntime:
    """``runtime``: the last-known state (temperatures °F)."""

    connected: bool
    actual_temperature_f: float | None
    actual_humidity: float | None
    desired_heat_f: float | None
    desired_cool_f: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeExtendedRuntime:
    """``extendedRuntime``: the last three 5-minute intervals (runtimes in seconds)."""

    last_reading: datetime
    """UTC (naive) start of the third interval."""
    runtimes: Mapping[str, tuple[int, int, int]]
    """``heatPump1``, ``auxHeat1``, ``cool1``, ``fan``, ... seconds per interval."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeSettings:
    """The ``settings`` that matter for a heat pump (temperatures °F)."""

    hvac_mode: str
    has_heat_pump: bool
    compressor_min_outdoor_f: float | None
    """``compressorProtectionMinTemp``: the compressor is locked out below it."""
    aux_max_outdoor_f: float | None
    """``auxMaxOutdoorTemp``: auxiliary heat must not run above it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeAlert:
    """One unacknowledged alert."""

    number: int
    severity: str
    acknowledgement: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeWeather:
    """``weather.forecasts[0]``: conditions now (°F, %)."""

    temperature_f: float | None
    relative_humidity: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeThermostat:
    """One ``thermostatList`` entry; parts not requested are ``None``."""

    identifier: str
    name: str
    model_number: str
    thermostat_time: datetime
    """Local time of the thermostat (naive)."""
    utc_time: datetime
    """UTC time of the thermostat (naive)."""
    equipment: frozenset[str]
    runtime: EcobeeRuntime | None = None
    extended_runtime: EcobeeExtendedRuntime | None = None
    settings: EcobeeSettings | None = None
    alerts: tuple[EcobeeAlert, ...] | None = None
    weather: EcobeeWeather | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeReportRow:
    """One 5-minute row of ``/runtimeReport`` (thermostat local time, naive)."""

    time: datetime
    numbers: Mapping[str, float | None]
    texts: Mapping[str, str | None]

    @property
    def empty(self) -> bool:
        """Whether the thermostat had no data for this slot."""
        return all(value is None for value in self.numbers.values()) and all(
            value is None for value in self.texts.values()
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class EcobeeReport:
    """``/runtimeReport`` of one thermostat."""

    columns: tuple[str, ...]
    rows: tuple[EcobeeReportRow, ...]


def parse_pin(data: Mapping[str, Any]) -> EcobeePin:
    """Parse the ``/authorize`` reply."""
    return EcobeePin(
        pin=text(data, "ecobeePin"),
        code=text(data, "code"),
        expires_in_min=integer(data, "expires_in"),
        interval_s=integer(data, "interval", 30),
    )


def parse_tokens(data: Mapping[str, Any]) -> EcobeeTokens:
    """Parse a ``/token`` reply."""
    return EcobeeTokens(
        access_token=text(data, "access_token"),
        refresh_token=text(data, "refresh_token"),
        expires_in_s=integer(data, "expires_in", 3599),
    )


def parse_summary(data: Mapping[str, Any]) -> EcobeeSummary:
    """Parse ``/thermostatSummary``."""
    revisions = tuple(
        _revision(entry) for entry in _list(data, "revisionList", text_items=True)
    )
    equipment: dict[str, frozenset[str]] = {}
    for entry in _list(data, "statusList", text_items=True, required=False):
        identifier, sep, running = entry.partition(":")
        if not sep:
            raise InvalidResponse("no ':' in a status entry", field="statusList")
        equipment[identifier] = _tokens(running)
    return EcobeeSummary(revisions=revisions, equipment=equipment)


def _revision(entry: str) -> EcobeeRevision:
    # Names may contain ':'; the identifier is first and five fields are last.
    parts = entry.split(":")
    if len(parts) < 7:
        raise InvalidResponse("too few fields in a revision", field="revisionList")
    connected = parts[-5]
    if connected not in ("true", "false"):
        raise InvalidResponse("connected is not true/false", field="revisionList")
    return EcobeeRevision(
        identifier=parts[0],
        name=":".join(parts[1:-5]),
        connected=connected == "true",
        thermostat_rev=parts[-4],
        alerts_rev=parts[-3],
        runtime_rev=parts[-2],
        interval_rev=parts[-1],
    )


def parse_thermostats(data: Mapping[str, Any]) -> list[EcobeeThermostat]:
    """Parse ``/thermostat``."""
    return [_thermostat(item) for item in _list(data, "thermostatList")]


def _thermostat(data: Mapping[str, Any]) -> EcobeeThermostat:
    identifier = data.get("identifier")
    if isinstance(identifier, int) and not isinstance(identifier, bool):
        identifier = str(identifier)
    if not isinstance(identifier, str) or not identifier:
        raise InvalidResponse("no thermostat identifier", field="identifier")
    return EcobeeThermostat(
        identifier=identifier,
        name=text(data, "name"),
        model_number=text(data, "modelNumber", ""),
        thermostat_time=timestamp(data, "thermostatTime"),
        utc_time=timestamp(data, "utcTime"),
        equipment=_tokens(text(data, "equipmentStatus", "")),
        runtime=_optional(data, "runtime", _runtime),
        extended_runtime=_optional(data, "extendedRuntime", _extended_runtime),
        settings=_optional(data, "settings", _settings),
        alerts=(
            tuple(_alert(item) for item in _list(data, "alerts"))
            if "alerts" in data
            else None
        ),
        weather=_optional(data, "weather", _weather),
    )


def _runtime(data: Mapping[str, Any]) -> EcobeeRuntime:
    return EcobeeRuntime(
        connected=flag(data, "connected"),
        actual_temperature_f=tenths(data, "actualTemperature"),
        actual_humidity=_measure(data, "actualHumidity"),
        desired_heat_f=tenths(data, "desiredHeat"),
        desired_cool_f=tenths(data, "desiredCool"),
    )


EXTENDED_RUNTIMES: Final = (
    "heatPump1",
    "heatPump2",
    "auxHeat1",
    "auxHeat2",
    "auxHeat3",
    "cool1",
    "cool2",
    "fan",
)


def _extended_runtime(data: Mapping[str, Any]) -> EcobeeExtendedRuntime:
    runtimes: dict[str, tuple[int, int, int]] = {}
    for key in EXTENDED_RUNTIMES:
        values = data.get(key, [0, 0, 0])
        if not isinstance(values, list) or len(values) != 3:
            raise InvalidResponse("not three values", field=f"extendedRuntime.{key}")
        parsed = [integer({key: value}, key) for value in values]
        runtimes[key] = (parsed[0], parsed[1], parsed[2])
    return EcobeeExtendedRuntime(
        last_reading=timestamp(data, "lastReadingTimestamp"), runtimes=runtimes
    )


def _settings(data: Mapping[str, Any]) -> EcobeeSettings:
    return EcobeeSettings(
        hvac_mode=text(data, "hvacMode"),
        has_heat_pump=flag(data, "hasHeatPump", False),
        compressor_min_outdoor_f=tenths(data, "compressorProtectionMinTemp"),
        aux_max_outdoor_f=tenths(data, "auxMaxOutdoorTemp"),
    )


def _alert(data: Mapping[str, Any]) -> EcobeeAlert:
    return EcobeeAlert(
        number=integer(data, "alertNumber"),
        severity=text(data, "severity", ""),
        acknowledgement=text(data, "acknowledgement", "unacknowledged"),
    )


def _weather(data: Mapping[str, Any]) -> EcobeeWeather:
    forecasts = _list(data, "forecasts", required=False)
    if not forecasts:
        return EcobeeWeather(temperature_f=None, relative_humidity=None)
    now = forecasts[0]
    return EcobeeWeather(
        temperature_f=tenths(now, "temperature"),
        relative_humidity=_measure(now, "relativeHumidity"),
    )


def parse_report(data: Mapping[str, Any], identifier: str) -> EcobeeReport:
    """Parse ``/runtimeReport`` for one thermostat."""
    columns = tuple(text(data, "columns").split(","))
    for report in _list(data, "reportList"):
        if str(report.get("thermostatIdentifier")) != identifier:
            continue
        rows = tuple(
            _report_row(row, columns)
            for row in _list(report, "rowList", text_items=True)
        )
        return EcobeeReport(columns=columns, rows=rows)
    return EcobeeReport(columns=columns, rows=())


def _report_row(row: str, columns: tuple[str, ...]) -> EcobeeReportRow:
    fields = row.split(",")
    if len(fields) == len(columns) + 3 and fields[-1] == "":
        fields.pop()  # the trailing comma ecobee writes
    if len(fields) != len(columns) + 2:
        raise InvalidResponse("wrong number of values in a row", field="rowList")
    try:
        # Thermostat local time; the report gives no offset.
        when = datetime.strptime(f"{fields[0]} {fields[1]}", TIME_FORMAT)  # noqa: DTZ007
    except ValueError as err:
        raise InvalidResponse("bad row time", field="rowList") from err
    numbers: dict[str, float | None] = {}
    texts: dict[str, str | None] = {}
    for column, value in zip(columns, fields[2:], strict=True):
        if column in TEXT_COLUMNS:
            texts[column] = value or None
            continue
        if not value:
            numbers[column] = None
            continue
        try:
            number = float(value)
        except ValueError as err:
            raise InvalidResponse("not a number", field=f"rowList.{column}") from err
        if not math.isfinite(number):
            raise InvalidResponse("not a finite number", field=f"rowList.{column}")
        numbers[column] = number
    return EcobeeReportRow(time=when, numbers=numbers, texts=texts)


def _tokens(csv: str) -> frozenset[str]:
    return frozenset(token for token in csv.split(",") if token)


def _measure(data: Mapping[str, Any], key: str) -> float | None:
    if data.get(key) is None:
        return None
    value = integer(data, key)
    return None if value in SENTINELS else float(value)


def tenths(data: Mapping[str, Any], key: str) -> float | None:
    """Return a tenths-of-°F field in °F; sentinels and absence are ``None``."""
    value = _measure(data, key)
    return None if value is None else value / 10.0


def timestamp(data: Mapping[str, Any], key: str) -> datetime:
    """Return a ``YYYY-MM-DD HH:MM:SS`` field (naive)."""
    try:
        # Naive on purpose: the API gives local and UTC times without an offset.
        return datetime.strptime(text(data, key), TIME_FORMAT)  # noqa: DTZ007
    except ValueError as err:
        raise InvalidResponse("bad time", field=key) from err


def _optional[T](
    data: Mapping[str, Any], key: str, parse: Callable[[Mapping[str, Any]], T]
) -> T | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidResponse("not an object", field=key)
    return parse(value)


def _list(
    data: Mapping[str, Any],
    key: str,
    *,
    text_items: bool = False,
    required: bool = True,
) -> list[Any]:
    value = fields.value(data, key, MISSING if required else [])
    if not isinstance(value, list):
        raise InvalidResponse("not a list", field=key)
    for item in value:
        if text_items and not isinstance(item, str):
            raise InvalidResponse("not text", field=key)
        if not text_items and not isinstance(item, Mapping):
            raise InvalidResponse("not an object", field=key)
    return value
