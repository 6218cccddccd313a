"""The outdoor coil: its temperature and the frost on it."""

from __future__ import annotations

import math
from typing import Any, Final

from .psychro import LATENT_FUSION_J_PER_KG, humidity_ratio, saturation_pressure_ice_pa

# Per 3 tons of nominal size; other sizes scale linearly.
_UA_W_PER_K: Final = 1200.0
"""Air-to-refrigerant conductance of a clean coil with the outdoor fan running."""
_HEAT_CAPACITY_J_PER_K: Final = 130e3
"""Coil metal, refrigerant and accumulator lumped together."""
_STILL_AIR_UA_W_PER_K: Final = 150.0
"""Loss of a hot coil to the air with the outdoor fan stopped (defrost)."""
_AIR_KG_PER_S: Final = 1.4
_FROST_FULL_KG: Final = 3.0
"""Frost that blocks the coil; capacity losses are reckoned against it."""

# Share of the excess moisture in the air stream that freezes onto the fins.
_CAPTURE: Final = 0.25
_RUN_TIME_CONSTANT_S: Final = 60.0
_REST_TIME_CONSTANT_S: Final = 600.0


class OutdoorCoil:
    """Lumped outdoor coil; frost forms when it is below 0 °C and the dew point."""

    __slots__ = (
        "_air_kg_s",
        "_frost_full_kg",
        "_heat_cap",
        "_rest_alpha",
        "_run_alpha",
        "_still_ua",
        "_ua",
        "frost_kg",
        "temp_c",
    )

    def __init__(self, tons: float, *, temp_c: float, step_s: float) -> None:
        """Make a frost-free coil of a ``tons`` unit at ``temp_c``, stepped every ``step_s``."""
        scale = tons / 3.0
        self._ua = _UA_W_PER_K * scale
        self._heat_cap = _HEAT_CAPACITY_J_PER_K * scale
        self._still_ua = _STILL_AIR_UA_W_PER_K * scale
        self._air_kg_s = _AIR_KG_PER_S * scale
        self._frost_full_kg = _FROST_FULL_KG * scale
        self._run_alpha = 1.0 - math.exp(-step_s / _RUN_TIME_CONSTANT_S)
        self._rest_alpha = 1.0 - math.exp(-step_s / _REST_TIME_CONSTANT_S)
        self.temp_c = temp_c
        self.frost_kg = 0.0

    @property
    def frost_share(self) -> float:
        """Frost as a share of a blocked coil, 0..1."""
        return min(1.0, self.frost_kg / self._frost_full_kg)

    def evaporate(
        self,
        dt: float,
        *,
        outdoor_c: float,
        outdoor_ratio: float,
        heat_w: float,
        colder_c: float,
    ) -> None:
        """Run as the evaporator, taking ``heat_w`` from the outdoor air."""
        share = self.frost_share
        # Frost insulates the fins and chokes the airflow: the coil runs colder.
        target = outdoor_c - heat_w / (self._ua * (1.0 - 0.6 * share)) - colder_c
        temp = self.temp_c + (target - self.temp_c) * self._run_alpha
        self.temp_c = temp
        if temp < 0.0:
            excess = outdoor_ratio - humidity_ratio(saturation_pressure_ice_pa(temp))
            if excess > 0.0:
                grown = _CAPTURE * self._air_kg_s * (1.0 - 0.7 * share) * excess * dt
                self.frost_kg = min(self._frost_full_kg, self.frost_kg + grown)
        else:
            self._melt()

    def condense(self, *, outdoor_c: float, heat_w: float) -> None:
        """Run as the condenser, rejecting ``heat_w`` to the outdoor air."""
        target = outdoor_c + heat_w / self._ua
        self.temp_c += (target - self.temp_c) * self._run_alpha
        self._melt()

    def defrost(self, dt: float, *, outdoor_c: float, heat_w: float) -> None:
        """Take ``heat_w`` of hot gas with the outdoor fan stopped."""
        loss_w = self._still_ua * (self.temp_c - outdoor_c)
        self.temp_c += (heat_w - loss_w) * dt / self._heat_cap
        self._melt()

    def rest(self, *, outdoor_c: float) -> None:
        """Drift towards the outdoor temperature with the unit off."""
        self.temp_c += (outdoor_c - self.temp_c) * self._rest_alpha
        self._melt()

    def _melt(self) -> None:
        # Heat that would lift frosted fins above 0 °C melts frost instead.
        if self.frost_kg > 0.0 and self.temp_c > 0.0:
            melted = min(
                self.frost_kg, self.temp_c * self._heat_cap / LATENT_FUSION_J_PER_KG
            )
            self.frost_kg -= melted
            self.temp_c -= melted * LATENT_FUSION_J_PER_KG / self._heat_cap

    def to_state(self) -> dict[str, Any]:
        """Return the changing part, JSON-serialisable."""
        return {"temp_c": self.temp_c, "frost_kg": self.frost_kg}

    def load_state(self, state: dict[str, Any]) -> None:
        """Resume from :meth:`to_state`."""
        self.temp_c = float(state["temp_c"])
        self.frost_kg = float(state["frost_kg"])
