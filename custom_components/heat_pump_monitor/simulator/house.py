"""The heated space: air with its furnishings, a slow structural mass, moisture."""

from __future__ import annotations

from typing import Any, Final

from .config import HouseParams
from .psychro import AIR_DENSITY_KG_PER_M3

# Hygroscopic materials (wood, fabrics, plaster) buffer indoor moisture: they hold
# many times what the air holds, so indoor humidity moves over hours, not minutes.
_MOISTURE_BUFFER: Final = 15.0
_MIN_RATIO: Final = 0.0005

# (from hour, share of the daily mean internal gain); the shares average 1.
_GAIN_SCHEDULE: Final = (
    (0.0, 0.7),
    (6.0, 1.2),
    (9.0, 0.9),
    (17.0, 1.4),
    (23.0, 0.9),
)


def internal_gain_share(hour: float) -> float:
    """Share of the daily mean internal gain at a local hour (evening peak)."""
    share = _GAIN_SCHEDULE[0][1]
    for start_h, value in _GAIN_SCHEDULE:
        if hour >= start_h:
            share = value
    return share


class House:
    """Two thermal nodes (air, mass) and the indoor humidity ratio."""

    __slots__ = (
        "_air_cap",
        "_coupling",
        "_exchange_kg_s",
        "_gains_w",
        "_mass_cap",
        "_moisture_cap_kg",
        "_moisture_kg_s",
        "_solar_w",
        "_ua",
        "air_c",
        "humidity_ratio",
        "mass_c",
    )

    def __init__(
        self, params: HouseParams, *, temp_c: float, humidity_ratio: float
    ) -> None:
        """Make a house in equilibrium at ``temp_c``."""
        self._air_cap = params.thermal_mass_j_per_k * params.air_mass_fraction
        self._mass_cap = params.thermal_mass_j_per_k - self._air_cap
        self._ua = params.ua_w_per_k
        self._coupling = params.mass_coupling_w_per_k
        air_kg = params.air_volume_m3 * AIR_DENSITY_KG_PER_M3
        self._exchange_kg_s = air_kg * params.air_changes_per_h / 3600.0
        self._moisture_cap_kg = air_kg * _MOISTURE_BUFFER
        self._moisture_kg_s = params.moisture_gain_kg_per_h / 3600.0
        self._gains_w = params.internal_gains_w
        self._solar_w = params.solar_gain_w
        self.air_c = temp_c
        self.mass_c = temp_c
        self.humidity_ratio = humidity_ratio

    def steady_humidity_ratio(self, outdoor_ratio: float) -> float:
        """Indoor humidity ratio once moisture gains and air exchange balance."""
        return outdoor_ratio + self._moisture_kg_s / self._exchange_kg_s

    def free_gains_w(self, hour: float, sun: float) -> float:
        """Heat from people, appliances and sunshine at a local hour."""
        return self._gains_w * internal_gain_share(hour) + self._solar_w * sun

    def step(
        self,
        dt: float,
        *,
        heat_w: float,
        outdoor_c: float,
        outdoor_ratio: float,
        dried_kg_s: float,
    ) -> None:
        """Advance by ``dt`` seconds with ``heat_w`` into the air (negative: cooling)."""
        air = self.air_c
        mass = self.mass_c
        to_mass = self._coupling * (air - mass)
        self.air_c = (
            air + (heat_w - to_mass + self._ua * (outdoor_c - air)) * dt / self._air_cap
        )
        self.mass_c = mass + to_mass * dt / self._mass_cap
        ratio = self.humidity_ratio
        flow = self._moisture_kg_s + self._exchange_kg_s * (outdoor_ratio - ratio)
        ratio += (flow - dried_kg_s) * dt / self._moisture_cap_kg
        self.humidity_ratio = max(_MIN_RATIO, ratio)

    def to_state(self) -> dict[str, Any]:
        """Return the changing part, JSON-serialisable."""
        return {
            "air_c": self.air_c,
            "mass_c": self.mass_c,
            "ratio": self.humidity_ratio,
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Resume from :meth:`to_state`."""
        self.air_c = float(state["air_c"])
        self.mass_c = float(state["mass_c"])
        self.humidity_ratio = float(state["ratio"])
