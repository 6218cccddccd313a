"""Parsed Kumo replies (cloud v3 and the indoor unit's local API).

Frozen dataclasses and the parsers that build them. Temperatures are °C, as both
APIs send them; the local API's ``__ungettable`` placeholder becomes ``None``. Every
malformed value raises ``InvalidResponse`` naming the field (with its path).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from . import fields
from .errors import InvalidResponse
from .fields import MISSING

UNGETTABLE: Final = "__ungettable"
NO_ERROR_CODE: Final = "A0"
"""``twoFiguresCode`` of a healthy unit."""


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoCredentials:
    """What the indoor unit's local API needs to accept a request."""

    password: str
    """Base64, as the cloud delivers it."""
    crypto_serial: str
    """Hex, as the cloud delivers it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoTokens:
    """A cloud token pair (the refresh token rotates on every refresh)."""

    access: str
    refresh: str


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoSite:
    """One site (home) of the account."""

    id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoAdapter:
    """The WiFi adapter of one indoor unit, as a zone lists it."""

    serial: str
    unit_type: str | None
    """``ductless``, ``mvz``, ``sez``, ``pead`` or ``headless`` (Kumo Station)."""
    mac: str | None
    connected: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoZone:
    """One zone: a named indoor unit."""

    id: str
    name: str
    adapter: KumoAdapter | None


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoUnitState:
    """What one indoor unit is doing, from either API.

    ``mode`` is ``off``, ``heat``, ``cool``, ``dry``, ``vent``, ``auto``,
    ``autoHeat`` or ``autoCool`` (auto currently heating / cooling).
    """

    mode: str
    room_temp_c: float | None
    heat_setpoint_c: float | None
    cool_setpoint_c: float | None
    fan_speed: str | None
    defrost: bool
    standby: bool
    filter_dirty: bool
    active_thermistor: str | None = None
    error_code: str | None = None
    """The cloud's ``twoFiguresCode`` when it is not ``A0``; locally unknown."""


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoCloudDevice:
    """``/v3/devices/{serial}``: the unit as the cloud last heard from it."""

    serial: str
    model_number: str | None
    connected: bool
    state: KumoUnitState


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoDeviceStatus:
    """``/v3/devices/{serial}/status``: firmware and, on some accounts, the serial."""

    firmware_version: str | None
    crypto_serial: str | None
    """None where the cloud no longer delivers it (the 2026 breaking change)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoProperties:
    """``/v3/devices/{serial}/kumo-properties``."""

    outdoor_temp_c: float | None
    """Reported where a Kumo Station measures it; None otherwise."""


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoProfile:
    """``indoorUnit.profile``: what the unit can do."""

    has_defrost: bool
    has_standby: bool
    has_mode_heat: bool
    number_of_fan_speeds: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class KumoSensor:
    """One wireless sensor (``sensors.N``) paired with the unit."""

    uuid: str
    temperature_c: float | None
    humidity: float | None
    battery: float | None


def parse_tokens(data: Mapping[str, Any], prefix: str = "") -> KumoTokens:
    """Parse ``{"access", "refresh"}`` (login's ``token`` or a refresh reply)."""
    return KumoTokens(
        access=text(data, "access", prefix=prefix),
        refresh=text(data, "refresh", prefix=prefix),
    )


def parse_sites(data: Any) -> list[KumoSite]:
    """Parse ``/v3/sites/``."""
    return [
        KumoSite(id=text(site, "id", prefix="sites"), name=text(site, "name", ""))
        for site in objects(data, "sites")
    ]


def parse_zones(data: Any) -> list[KumoZone]:
    """Parse ``/v3/sites/{siteId}/zones``."""
    zones = []
    for zone in objects(data, "zones"):
        adapter = zone.get("adapter")
        if adapter is not None and not isinstance(adapter, Mapping):
            raise InvalidResponse("not an object", field="zones.adapter")
        zones.append(
            KumoZone(
                id=text(zone, "id", prefix="zones"),
                name=text(zone, "name", "", prefix="zones"),
                adapter=None if adapter is None else _adapter(adapter),
            )
        )
    return zones


def _adapter(data: Mapping[str, Any]) -> KumoAdapter:
    prefix = "zones.adapter"
    return KumoAdapter(
        serial=text(data, "deviceSerial", prefix=prefix),
        unit_type=text(data, "unitType", None, prefix=prefix),
        mac=text(data, "macAddress", None, prefix=prefix),
        connected=flag(data, "connected", True, prefix=prefix),
    )


def parse_cloud_device(data: Any) -> KumoCloudDevice:
    """Parse ``/v3/devices/{serial}``."""
    data = obj(data, "device")
    display = data.get("displayConfig") or {}
    if not isinstance(display, Mapping):
        raise InvalidResponse("not an object", field="device.displayConfig")
    mode = text(data, "operationMode", prefix="device")
    if not number(data, "power", 1.0, prefix="device"):
        mode = "off"
    code = text(data, "twoFiguresCode", None, prefix="device")
    return KumoCloudDevice(
        serial=text(data, "serialNumber", prefix="device"),
        model_number=text(data, "modelNumber", None, prefix="device"),
        connected=flag(data, "connected", True, prefix="device"),
        state=KumoUnitState(
            mode=mode,
            room_temp_c=optional_number(data, "roomTemp", prefix="device"),
            heat_setpoint_c=optional_number(data, "spHeat", prefix="device"),
            cool_setpoint_c=optional_number(data, "spCool", prefix="device"),
            fan_speed=text(data, "fanSpeed", None, prefix="device"),
            defrost=flag(display, "defrost", False, prefix="device.displayConfig"),
            standby=flag(display, "standby", False, prefix="device.displayConfig"),
            filter_dirty=flag(display, "filter", False, prefix="device.displayConfig"),
            active_thermistor=text(data, "activeThermistor", None, prefix="device"),
            error_code=None if code in (None, "", NO_ERROR_CODE) else code,
        ),
    )


def parse_device_status(data: Any) -> KumoDeviceStatus:
    """Parse ``/v3/devices/{serial}/status``."""
    data = obj(data, "status")
    return KumoDeviceStatus(
        firmware_version=text(data, "firmwareVersion", None, prefix="status"),
        crypto_serial=text(data, "cryptoSerial", None, prefix="status") or None,
    )


def parse_properties(data: Any) -> KumoProperties:
    """Parse ``/v3/devices/{serial}/kumo-properties``."""
    data = obj(data, "kumo-properties")
    return KumoProperties(
        outdoor_temp_c=optional_number(
            data, "outdoorAirTemperature", prefix="kumo-properties"
        )
    )


def parse_local_status(data: Mapping[str, Any]) -> KumoUnitState:
    """Parse the ``indoorUnit.status`` object of a local reply."""
    prefix = "indoorUnit.status"
    return KumoUnitState(
        mode=text(data, "mode", prefix=prefix),
        room_temp_c=optional_number(data, "roomTemp", prefix=prefix),
        heat_setpoint_c=optional_number(data, "spHeat", prefix=prefix),
        cool_setpoint_c=optional_number(data, "spCool", prefix=prefix),
        fan_speed=text(data, "fanSpeed", None, prefix=prefix),
        defrost=flag(data, "defrost", False, prefix=prefix),
        standby=flag(data, "standby", False, prefix=prefix),
        filter_dirty=flag(data, "filterDirty", False, prefix=prefix),
        active_thermistor=text(data, "activeThermistor", None, prefix=prefix),
    )


def parse_profile(data: Mapping[str, Any]) -> KumoProfile:
    """Parse the ``indoorUnit.profile`` object of a local reply."""
    prefix = "indoorUnit.profile"
    speeds = optional_number(data, "numberOfFanSpeeds", prefix=prefix)
    return KumoProfile(
        has_defrost=flag(data, "hasDefrost", False, prefix=prefix),
        has_standby=flag(data, "hasStandby", False, prefix=prefix),
        has_mode_heat=flag(data, "hasModeHeat", True, prefix=prefix),
        number_of_fan_speeds=None if speeds is None else int(speeds),
    )


def parse_sensor(data: Mapping[str, Any]) -> KumoSensor:
    """Parse one ``sensors.N`` object of a local reply."""
    prefix = "sensors"
    return KumoSensor(
        uuid=text(data, "uuid", prefix=prefix),
        temperature_c=optional_number(data, "temperature", prefix=prefix),
        humidity=optional_number(data, "humidity", prefix=prefix),
        battery=optional_number(data, "battery", prefix=prefix),
    )


def _name(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


_ABSENT: Final = (UNGETTABLE,)
"""A value the unit could not read is no value."""


def text(
    data: Mapping[str, Any], key: str, default: Any = MISSING, *, prefix: str = ""
) -> Any:
    """Return the text field ``key`` (or ``default`` when absent)."""
    return fields.text(data, key, default, name=_name(prefix, key), absent=_ABSENT)


def number(
    data: Mapping[str, Any], key: str, default: Any = MISSING, *, prefix: str = ""
) -> float:
    """Return the finite number field ``key``."""
    return fields.number(data, key, default, name=_name(prefix, key), absent=_ABSENT)


def optional_number(
    data: Mapping[str, Any], key: str, *, prefix: str = ""
) -> float | None:
    """Return the number field ``key``, or None when absent or ungettable."""
    return fields.optional_number(data, key, name=_name(prefix, key), absent=_ABSENT)


def flag(
    data: Mapping[str, Any], key: str, default: Any = MISSING, *, prefix: str = ""
) -> bool:
    """Return the boolean field ``key``."""
    return fields.flag(data, key, default, name=_name(prefix, key), absent=_ABSENT)


def obj(data: Any, field: str) -> Mapping[str, Any]:
    """Return ``data`` if it is a JSON object."""
    if not isinstance(data, Mapping):
        raise InvalidResponse("not an object", field=field)
    return data


def objects(data: Any, field: str) -> list[Mapping[str, Any]]:
    """Return ``data`` if it is a list of JSON objects."""
    if not isinstance(data, list) or not all(
        isinstance(item, Mapping) for item in data
    ):
        raise InvalidResponse("not a list of objects", field=field)
    return data
