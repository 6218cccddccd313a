"""Known device error and alert codes: what they mean and how serious they are.

Sources put the device's code or alert into the sample's ``error_code`` text. The
lookup is tolerant of how a source spells it: a bare code (``U2``, ``1004``), a code
with a brand or a word in front (``Mitsubishi U2``, ``ecobee 1004``, ``Error U2``),
a Venstar state or alert name (``lockout``, ``Air Filter``), or an ecobee alert
notification type (``airFilter``). Texts that mean "no error" (the ESPHome CN105
``No Error``, Kumo's ``A0``) are not codes at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
import re
from typing import Final


class CodeClass(StrEnum):
    """How serious a code is, and who may deal with it."""

    REFRIGERANT = "refrigerant"
    """Refrigerant, pressure or compressor protection: licensed technician only."""
    FAULT = "fault"
    """A device fault: a technician should look."""
    ADVISORY = "advisory"
    """The device warns about its operation (backup heat overuse, humidity)."""
    MAINTENANCE = "maintenance"
    """A reminder: filter, UV lamp, service."""


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What a code means."""

    meaning: str
    code_class: CodeClass


R, F, A, M = (
    CodeClass.REFRIGERANT,
    CodeClass.FAULT,
    CodeClass.ADVISORY,
    CodeClass.MAINTENANCE,
)

MITSUBISHI: Final[dict[str, CodeInfo]] = {
    "U1": CodeInfo("abnormal high pressure (high-pressure switch 63H worked)", R),
    "U2": CodeInfo(
        "abnormal high discharge temperature, 49C worked, or shortage of refrigerant", R
    ),
    "U3": CodeInfo("discharge thermistor (TH4) open or short circuit", F),
    "U4": CodeInfo("outdoor unit thermistor open or short circuit", F),
    "U5": CodeInfo("abnormal heat sink (power module) temperature", F),
    "U6": CodeInfo("compressor overcurrent interruption / power module abnormal", R),
    "U7": CodeInfo("abnormal superheat due to low discharge temperature", R),
    "U8": CodeInfo("outdoor fan motor stopped (protection)", F),
    "U9": CodeInfo("outdoor unit voltage abnormal (over/under voltage, open phase)", F),
    "UD": CodeInfo("overheat protection of the outdoor unit", R),
    "UE": CodeInfo("abnormal refrigerant pressure (pressure sensor or 63L)", R),
    "UF": CodeInfo("compressor overcurrent interruption (compressor locked)", R),
    "UH": CodeInfo("current sensor error", F),
    "UL": CodeInfo("abnormal low pressure (low-pressure switch 63L worked)", R),
    "UP": CodeInfo("compressor overcurrent interruption", R),
    "P1": CodeInfo("indoor intake air thermistor (TH1) error", F),
    "P2": CodeInfo("indoor pipe (liquid) thermistor (TH2) error", F),
    "P4": CodeInfo("drain float switch / drain sensor error", F),
    "P5": CodeInfo("drain pump error (condensate overflow)", F),
    "P6": CodeInfo("freezing or overheating protection of the indoor coil", R),
    "P8": CodeInfo("abnormal pipe temperature (refrigerant circuit)", R),
    "P9": CodeInfo("indoor pipe (two-phase) thermistor (TH5) error", F),
    "PA": CodeInfo("forced compressor stop (water leakage abnormality)", F),
    "E0": CodeInfo("remote controller transmission error", F),
    "E3": CodeInfo("remote controller transmission error", F),
    "E4": CodeInfo("remote controller signal receiving error", F),
    "E5": CodeInfo("remote controller transmission error", F),
    "E6": CodeInfo("indoor/outdoor unit communication error", F),
    "E7": CodeInfo("indoor unit transmission error", F),
    "E8": CodeInfo("indoor/outdoor unit communication error (outdoor receiving)", F),
    "E9": CodeInfo("indoor/outdoor unit communication error (outdoor transmitting)", F),
    "EF": CodeInfo("non-defined code received (communication)", F),
    "FB": CodeInfo("indoor controller board error", F),
}
"""Mitsubishi Electric indoor/outdoor unit codes (M- and P-series service manuals)."""

ECOBEE: Final[dict[int, CodeInfo]] = {
    1000: CodeInfo("ecobee alert: cold temperature in the home", F),
    1001: CodeInfo("ecobee alert: hot temperature in the home", F),
    1002: CodeInfo("ecobee alert: a sensor shut down the compressor", R),
    1003: CodeInfo("ecobee alert: furnace/boiler heating problem", F),
    1004: CodeInfo("ecobee alert: heat pump heating problem", F),
    1005: CodeInfo("ecobee alert: heat pump heating problem", F),
    1006: CodeInfo("ecobee alert: cooling problem", F),
    1007: CodeInfo("ecobee alert: communication to the Equipment Interface failed", F),
    1009: CodeInfo("ecobee alert: auxiliary heat running too much", A),
    1010: CodeInfo(
        "ecobee alert: auxiliary heat used with a high outdoor temperature", A
    ),
    1013: CodeInfo("ecobee alert: a sensor disabled the air conditioner", F),
    1018: CodeInfo("ecobee alert: a sensor shut down auxiliary heat", F),
    1019: CodeInfo("ecobee alert: a sensor shut down heating/cooling", F),
    1020: CodeInfo("ecobee alert: low humidity", A),
    1021: CodeInfo("ecobee alert: high humidity", A),
    1026: CodeInfo("ecobee alert: low battery in a sensor", M),
    1028: CodeInfo("ecobee alert: remote sensor not communicating", A),
    1030: CodeInfo("ecobee alert: invalid current temperature reading", F),
}
"""ecobee ``alertNumber`` values that concern the equipment."""

NAMED: Final[dict[str, CodeInfo]] = {
    # ecobee alert notification types
    "AIRFILTER": CodeInfo("air filter reminder", M),
    "FURNACEFILTER": CodeInfo("furnace filter reminder", M),
    "HUMIDIFIERFILTER": CodeInfo("humidifier filter reminder", M),
    "DEHUMIDIFIERFILTER": CodeInfo("dehumidifier filter reminder", M),
    "AIRCLEANER": CodeInfo("air cleaner reminder", M),
    "UVLAMP": CodeInfo("UV lamp reminder", M),
    "VENTILATOR": CodeInfo("ventilator maintenance reminder", M),
    "AUXHEAT": CodeInfo("auxiliary heat running too much", A),
    "AUXOUTDOOR": CodeInfo("auxiliary heat used with a high outdoor temperature", A),
    "HEATPUMPHEATINGPROBLEM": CodeInfo("heat pump heating problem", F),
    "AUXHEATRUNNINGTOOMUCH": CodeInfo("auxiliary heat running too much", A),
    # Venstar: thermostat states and alerts
    "LOCKOUT": CodeInfo("thermostat lockout: equipment held off (state 3)", F),
    "ERROR": CodeInfo("thermostat reports an equipment error (state 4)", F),
    "FILTER": CodeInfo("air filter reminder", M),
    "SERVICE": CodeInfo("service reminder", M),
    "HUMIDIFIERPAD": CodeInfo("humidifier pad reminder", M),
    # Kumo / Mitsubishi indoor unit flags
    "FILTERDIRTY": CodeInfo("filter dirty indicator", M),
}
"""Codes known by name, compared without spaces, dashes or case."""

NO_ERROR: Final = frozenset({"", "NOERROR", "NONE", "OK", "NORMAL", "0", "A0", "00"})
"""Texts that sources use for "no error" (Kumo reports ``A0`` while healthy)."""

_PREFIXES: Final = re.compile(
    r"^(MITSUBISHI|MITSUBISHIELECTRIC|KUMO|MHK2|CN105|ECOBEE|VENSTAR|ERROR|ALERT|CODE)"
)
_NUMBER: Final = re.compile(r"\d{3,4}")
_UNKNOWN: Final = CodeInfo("unknown code", CodeClass.FAULT)


def normalise(code: str) -> str:
    """Return the code in upper case without spaces, dashes, underscores or colons."""
    return re.sub(r"[\s\-_:#.]+", "", code).upper()


def is_no_error(code: str | None) -> bool:
    """Return whether ``code`` says there is no error."""
    return code is None or normalise(code) in NO_ERROR


def lookup(code: str) -> CodeInfo:
    """Return what ``code`` means (``unknown code`` for codes not in the tables)."""
    key = normalise(code)
    found = _find(key)
    if found is not None:
        return found
    stripped = _PREFIXES.sub("", key)
    if stripped != key:
        found = _find(stripped)
        if found is not None:
            return found
    number = _NUMBER.match(stripped)
    if number is not None:
        info = ECOBEE.get(int(number.group()))
        if info is not None:
            return info
    return _UNKNOWN


def _find(key: str) -> CodeInfo | None:
    info = MITSUBISHI.get(key)
    if info is not None:
        return info
    for name, named in NAMED.items():
        if key == name or (len(name) >= 6 and name in key):
            return named
    return None
