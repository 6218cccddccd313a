"""Real-shaped replies of each endpoint, as the fakes in ``tests/fakes`` send them.

They are the seeds the mutations start from, so every field the parsers read is
present and well-formed before it is spoiled.
"""

from __future__ import annotations

from typing import Any, Final

from ..fakes.ecobee import REPORT_COLUMNS

THERMOSTAT_ID: Final = "511863952271"
STAMP: Final = "2026-01-10 07:30:00"

ECOBEE_PIN: Final[dict[str, Any]] = {
    "ecobeePin": "bv29kx7q1m",
    "code": "dAtAmOcK0123456789abcdefXYZ",
    "scope": "smartRead",
    "expires_in": 9,
    "interval": 30,
}
ECOBEE_TOKENS: Final[dict[str, Any]] = {
    "access_token": "eyJhbGciOiJSUzI1NiJ9.payload.signature",
    "token_type": "Bearer",
    "expires_in": 3599,
    "refresh_token": "v1.Zm9vYmFyYmF6cXV4MTIzNDU2",
    "scope": "smartRead",
}
ECOBEE_OAUTH_ERROR: Final[dict[str, Any]] = {
    "error": "authorization_pending",
    "error_description": "authorization pending",
    "error_uri": "https://tools.ietf.org/html/rfc6749#section-5.2",
}
ECOBEE_STATUS_ERROR: Final[dict[str, Any]] = {
    "status": {
        "code": 14,
        "message": "Authentication token has expired. Refresh your tokens.",
    }
}
ECOBEE_SUMMARY: Final[dict[str, Any]] = {
    "revisionList": [
        f"{THERMOSTAT_ID}:Hallway:true:260110073000:260110073000:260110073000:260110073000",
        "411863952272:Up:stairs:false:260110070000:260110070000:260110071500:260110071500",
    ],
    "thermostatCount": 2,
    "statusList": [f"{THERMOSTAT_ID}:heatPump,fan", "411863952272:"],
    "status": {"code": 0, "message": ""},
}
ECOBEE_THERMOSTAT: Final[dict[str, Any]] = {
    "page": {"page": 1, "totalPages": 1, "pageSize": 1, "total": 1},
    "thermostatList": [
        {
            "identifier": THERMOSTAT_ID,
            "name": "Hallway",
            "thermostatRev": "260110073000",
            "isRegistered": True,
            "modelNumber": "nikeSmart",
            "brand": "ecobee",
            "features": "Home,HomeKit",
            "lastModified": STAMP,
            "thermostatTime": "2026-01-10 02:30:00",
            "utcTime": STAMP,
            "equipmentStatus": "heatPump,fan",
            "runtime": {
                "runtimeRev": "260110073000",
                "connected": True,
                "firstConnected": "2023-10-02 14:11:09",
                "lastModified": STAMP,
                "lastStatusModified": STAMP,
                "runtimeDate": "2026-01-10",
                "runtimeInterval": 90,
                "actualTemperature": 695,
                "actualHumidity": 38,
                "rawTemperature": 695,
                "showIconMode": 0,
                "desiredHeat": 700,
                "desiredCool": 780,
                "desiredFanMode": "auto",
            },
            "extendedRuntime": {
                "lastReadingTimestamp": "2026-01-10 07:25:00",
                "runtimeDate": "2026-01-10",
                "runtimeInterval": 89,
                "heatPump1": [300, 300, 120],
                "heatPump2": [0, 0, 0],
                "auxHeat1": [0, 45, 0],
                "auxHeat2": [0, 0, 0],
                "auxHeat3": [0, 0, 0],
                "cool1": [0, 0, 0],
                "cool2": [0, 0, 0],
                "fan": [300, 300, 150],
            },
            "settings": {
                "hvacMode": "heat",
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
            },
            "alerts": [
                {
                    "acknowledgeRef": "a1b2c3d4",
                    "date": "2026-01-10",
                    "time": "02:30:00",
                    "severity": "medium",
                    "text": "Heat pump heating problem.",
                    "alertNumber": 1004,
                    "alertType": "alert",
                    "isOperatorAlert": False,
                    "acknowledgement": "unacknowledged",
                    "thermostatIdentifier": THERMOSTAT_ID,
                    "notificationType": "hvac",
                }
            ],
            "weather": {
                "timestamp": STAMP,
                "weatherStation": "ENV:FAKE",
                "forecasts": [
                    {
                        "weatherSymbol": 2,
                        "dateTime": STAMP,
                        "condition": "Partly cloudy",
                        "temperature": 281,
                        "relativeHumidity": -5002,
                        "windGust": -5002,
                    }
                ],
            },
        }
    ],
    "status": {"code": 0, "message": ""},
}
ECOBEE_REPORT: Final[dict[str, Any]] = {
    "startDate": "2026-01-09",
    "startInterval": 0,
    "endDate": "2026-01-09",
    "endInterval": 2,
    "columns": ",".join(REPORT_COLUMNS),
    "reportList": [
        {
            "thermostatIdentifier": THERMOSTAT_ID,
            "rowCount": 3,
            "rowList": [
                "2026-01-08,19:00:00,0,0,0,0,0,300,0,300,28.4,69.5,78.0,70.0,38,heat,",
                "2026-01-08,19:05:00,45,0,0,0,0,210,0,300,28.2,69.1,78.0,70.0,38,heat,",
                "2026-01-08,19:10:00,,,,,,,,,,,,,,,",
            ],
        }
    ],
    "sensorList": [],
    "status": {"code": 0, "message": ""},
}

VENSTAR_ROOT: Final[dict[str, Any]] = {
    "api_ver": 7,
    "type": "residential",
    "model": "COLORTOUCH",
    "firmware": "6.91",
}
VENSTAR_INFO: Final[dict[str, Any]] = {
    "name": "Hallway",
    "mode": 1,
    "state": 1,
    "fan": 0,
    "fanstate": 1,
    "tempunits": 0,
    "schedule": 0,
    "schedulepart": 255,
    "away": 0,
    "spacetemp": 69.5,
    "heattemp": 70.0,
    "cooltemp": 78.0,
    "activestage": 1,
    "hum": 38,
    "setpointdelta": 2.0,
    "availablemodes": 0,
}
VENSTAR_SENSORS: Final[dict[str, Any]] = {
    "sensors": [
        {"name": "Thermostat", "temp": 69.5, "hum": 38, "type": "Local"},
        {"name": "Space Temp", "temp": 69.5, "type": "Control"},
        {"name": "Outdoor", "temp": 28.4, "type": "Outdoor"},
        {"name": "Supply", "temp": 95.0, "type": "Supply"},
        {"name": "Return", "temp": 68.9, "type": "Return", "battery": 100},
    ]
}
VENSTAR_RUNTIMES: Final[dict[str, Any]] = {
    "runtimes": [
        {
            "ts": 1767916800,
            "heat1": 412,
            "heat2": 0,
            "cool1": 0,
            "cool2": 0,
            "aux1": 35,
            "aux2": 0,
            "fc": 0,
        },
        {
            "ts": 1768030200,
            "heat1": 180,
            "heat2": 0,
            "cool1": 0,
            "cool2": 0,
            "aux1": 0,
            "aux2": 0,
            "fc": 0,
        },
    ]
}
VENSTAR_ALERTS: Final[dict[str, Any]] = {
    "alerts": [
        {"name": "Air Filter", "active": False},
        {"name": "UV Lamp", "active": True},
        {"name": "Service", "active": False},
    ]
}
VENSTAR_ERROR: Final[dict[str, Any]] = {"error": True, "reason": "Invalid PIN"}
