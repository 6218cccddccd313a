"""A fake Kumo indoor unit (the WiFi adapter's local API), driven by a simulated plant.

``PUT /api?m=<token>`` with a ``{"c": ...}`` body, answered with ``{"r": ...}``.
The token is recomputed here, independently of the client's code, from the unit's
password and crypto serial exactly as the notes describe a unit doing it; a wrong
token gets ``device_authentication_error``. The unit reports what the plant does:
its mode, setpoints, room temperature, true defrost, and ``standby`` while the
compressor rests in a heating or cooling mode (the fake's stand-in for the unit's
thermo-off). It misbehaves on request.
"""

from __future__ import annotations

import asyncio
import base64
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
import hashlib
import json
import struct
from typing import Any

from aiohttp import web

from custom_components.heat_pump_monitor.engine.sample import HvacMode, Sample

from .plant import SimulatedPlant

PASSWORD = base64.b64encode(b"unit-secret-password-0123456789!").decode()
CRYPTO_SERIAL = "0a1b2c3d4e5f60718293a4b5"
MISBEHAVIOURS = (
    "timeout",
    "no_memory",
    "malformed",
    "serializer_error",
    "auth_error",
    "empty",
    "500",
    "unknown_error",
)
_W = bytes.fromhex("44c73283b498d432ff25f5c8e06a016aef931e68f0a00ea710e36e6338fb22db")


def expected_token(password: str, crypto_serial: str, body: bytes) -> str:
    """Return the token a unit expects for ``body`` (its own computation)."""
    serial = bytes.fromhex(crypto_serial)
    inner = hashlib.sha256(base64.b64decode(password) + body).digest()
    block = (
        _W
        + inner
        + bytes([0x08, 0x40, 0x00])
        + bytes(12)
        + bytes([serial[8]])
        + struct.pack(">I", int.from_bytes(serial[4:8], "big"))
        + struct.pack(">I", int.from_bytes(serial[0:4], "big"))
    )
    assert len(block) == 88
    return hashlib.sha256(block).hexdigest()


def unit_mode(sample: Sample) -> str:
    """Return the Kumo ``mode`` of what the plant did in ``sample``."""
    mode = sample.hvac_mode or HvacMode.OFF
    if mode is HvacMode.AUTO:
        if sample.comp_heat_s:
            return "autoHeat"
        return "autoCool" if sample.comp_cool_s else "auto"
    if mode is HvacMode.EMERGENCY_HEAT:
        return "heat"
    return mode.value


def half_degree(value: float | None) -> float | None:
    """Round like the unit (0.5 °C steps)."""
    return None if value is None else round(value * 2.0) / 2.0


@dataclass
class FakeKumoUnit:
    """State and switches of one fake indoor unit; ``app`` serves it."""

    plant: SimulatedPlant
    clock: Callable[[], datetime]
    serial: str = "9Z12345678"
    name: str = "Living Room"
    mac: str = "50:26:EF:12:34:56"
    password: str = PASSWORD
    crypto_serial: str = CRYPTO_SERIAL
    filter_dirty: bool = False
    sensors: list[dict[str, Any]] = field(default_factory=list)
    overrides: dict[str, Any] = field(default_factory=dict)
    """Status fields that replace what the plant gives (a scripted defrost)."""
    misbehaviour: str | None = None
    misbehave_times: int | None = None
    slow_s: float = 3.0
    requests: Counter[str] = field(default_factory=Counter)
    refused: int = 0
    """Requests whose token was wrong."""
    port: int = 0

    def misbehave(self, kind: str | None, times: int | None = None) -> None:
        """Misbehave with ``kind`` (one of ``MISBEHAVIOURS``) for ``times`` requests."""
        assert kind is None or kind in MISBEHAVIOURS, kind
        self.misbehaviour, self.misbehave_times = kind, times

    def _take_misbehaviour(self) -> str | None:
        kind = self.misbehaviour
        if kind is not None and self.misbehave_times is not None:
            self.misbehave_times -= 1
            if self.misbehave_times <= 0:
                self.misbehaviour = self.misbehave_times = None
        return kind

    @property
    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application()
        app.router.add_put("/api", self._api)
        return app

    def latest(self) -> Sample:
        """Return the plant's most recent sample (what the unit shows now)."""
        sample = self.plant.latest
        assert sample is not None
        return sample

    def status(self) -> dict[str, Any]:
        """Return the ``indoorUnit.status`` object the unit would send now."""
        sample = self.latest()
        mode = unit_mode(sample)
        running = bool(sample.comp_heat_s or sample.comp_cool_s)
        return {
            "roomTemp": half_degree(sample.indoor_temp_c),
            "mode": mode,
            "spCool": sample.cool_setpoint_c,
            "spHeat": sample.heat_setpoint_c,
            "vaneDir": "auto",
            "fanSpeed": "auto",
            "tempSource": "unset",
            "activeThermistor": "unset",
            "filterDirty": self.filter_dirty,
            "hotAdjust": False,
            "defrost": bool(sample.defrost_s),
            "standby": mode != "off" and not running,
            "runTest": 0,
            **self.overrides,
        }

    def _tree(self) -> dict[str, Any]:
        return {
            "indoorUnit": {
                "status": self.status(),
                "profile": {
                    "numberOfFanSpeeds": 5,
                    "hasFanSpeedAuto": True,
                    "hasVaneDir": True,
                    "hasVaneSwing": True,
                    "hasModeDry": True,
                    "hasModeHeat": True,
                    "hasModeVent": True,
                    "hasModeAuto": True,
                    "hasDefrost": True,
                    "hasStandby": True,
                    "hasHotAdjust": True,
                    "maximumSetPoints": {"cool": 31, "heat": 31, "auto": 31},
                    "minimumSetPoints": {"cool": 16, "heat": 10, "auto": 16},
                },
            },
            "sensors": {str(i): sensor for i, sensor in enumerate(self.sensors)},
            "adapter": {"info": {"macAddress": self.mac, "serialNumber": self.serial}},
        }

    async def _api(self, request: web.Request) -> web.Response:
        body = await request.read()
        kind = self._take_misbehaviour()
        if kind == "timeout":
            await asyncio.sleep(self.slow_s)
        if kind == "500":
            return web.Response(status=500, text="Internal Server Error")
        token = request.query.get("m", "")
        if token != expected_token(self.password, self.crypto_serial, body):
            self.refused += 1
            return web.json_response({"_api_error": "device_authentication_error"})
        if kind == "auth_error":
            return web.json_response({"_api_error": "device_authentication_error"})
        if kind == "unknown_error":
            return web.json_response({"_api_error": "mystery_error"})
        if kind == "serializer_error":
            return web.json_response({"_api_error": "serializer_error"})
        if kind == "no_memory":
            return web.Response(text='{"r":{"indoorUnit":"__no_memory"}}')
        try:
            command = json.loads(body)["c"]
        except (ValueError, KeyError, TypeError):
            return web.json_response({"_api_error": "serializer_error"})
        self.requests[_name(command)] += 1
        if kind == "empty":
            return web.json_response({"r": {}})
        reply = {"r": _answer(command, self._tree())}
        text = json.dumps(reply)
        if kind == "malformed":
            text = text[:-9]
        return web.Response(text=text, content_type="application/json")


def _name(command: Any) -> str:
    """Return the dotted path a read command asks for."""
    parts = []
    while isinstance(command, dict) and len(command) == 1:
        key, command = next(iter(command.items()))
        parts.append(key)
    return ".".join(parts)


def _answer(command: Any, tree: Any) -> Any:
    """Fill the read command's leaves ``{}`` from ``tree``; unknown paths are left out."""
    if not isinstance(command, dict) or not isinstance(tree, dict):
        return tree
    if not command:
        return tree
    return {key: _answer(sub, tree[key]) for key, sub in command.items() if key in tree}
