"""Constants of the demo plant."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

DOMAIN: Final = "hpm_demo_plant"
DEVICE_NAME: Final = "Garage"
"""The plant's device; its climate entity is "heat pump", so "Garage heat pump"."""
MANUFACTURER: Final = "Heat Pump Monitor demo"

CONF_CLIMATE: Final = "climate"
CONF_SEED: Final = "seed"
CONF_FAULT: Final = "fault"
CONF_FAULT_START_H: Final = "fault_start_h"
NO_FAULT: Final = "none"

DEFAULT_CLIMATE: Final = "very_cold"
DEFAULT_SEED: Final = 11
DEFAULT_FAULT_START_H: Final = 1.0

STEP_INTERVAL: Final = timedelta(seconds=5)
"""How often the plant catches up with the wall clock (its physics steps are 10 s)."""
SAMPLE_INTERVAL_S: Final = 10.0
WARM_UP: Final = timedelta(hours=2)
"""Simulated before the plant appears, so it starts mid-cycle rather than at rest."""
