"""Sensors: what the heat pump is doing, its runtimes, cycles, defrosts and temperatures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfTemperature, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry
from .engine.status import EngineStatus, OperatingMode, RuntimeTotals
from .entity import HeatPumpEntity, HeatPumpEntityDescription

PARALLEL_UPDATES = 0

RUNTIME_PER_DEGREE_DAY = "h/°C·d"
"""Compressor heating hours per heating degree-day (°C·day)."""


@dataclass(frozen=True, kw_only=True)
class HeatPumpSensorDescription(SensorEntityDescription, HeatPumpEntityDescription):
    """A sensor read from the engine status."""

    value_fn: Callable[[EngineStatus], float | int | str | None]


def _runtime(
    key: str,
    period: str,
    select: Callable[[RuntimeTotals], float],
    totals: Callable[[EngineStatus], RuntimeTotals],
    state_class: SensorStateClass,
    *,
    enabled: bool = True,
) -> HeatPumpSensorDescription:
    return HeatPumpSensorDescription(
        key=f"{key}_{period}",
        translation_key=f"{key}_{period}",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=2,
        state_class=state_class,
        entity_registry_enabled_default=enabled,
        available_offline=True,
        value_fn=lambda status: round(select(totals(status)), 1),
    )


def _temperature(
    key: str,
    value_fn: Callable[[EngineStatus], float | None],
    *,
    on_thermostat: bool = False,
) -> HeatPumpSensorDescription:
    return HeatPumpSensorDescription(
        key=key,
        on_thermostat=on_thermostat,
        translation_key=key,
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=value_fn,
    )


_RUNTIMES: tuple[tuple[str, Callable[[RuntimeTotals], float]], ...] = (
    ("compressor_heating_runtime", lambda totals: totals.comp_heat_s),
    ("compressor_cooling_runtime", lambda totals: totals.comp_cool_s),
    ("aux_heat_runtime", lambda totals: totals.aux_heat_s),
    ("fan_runtime", lambda totals: totals.fan_s),
)

SENSORS: tuple[HeatPumpSensorDescription, ...] = (
    HeatPumpSensorDescription(
        key="operating_mode",
        translation_key="operating_mode",
        device_class=SensorDeviceClass.ENUM,
        options=[mode.value for mode in OperatingMode],
        value_fn=lambda status: (
            status.operating_mode.value if status.operating_mode else None
        ),
    ),
    *(
        _runtime(
            key,
            "today",
            select,
            lambda status: status.today,
            SensorStateClass.TOTAL_INCREASING,
        )
        for key, select in _RUNTIMES
    ),
    *(
        _runtime(
            key,
            "lifetime",
            select,
            lambda status: status.lifetime,
            SensorStateClass.TOTAL,
            # The filter counter and today's runtime cover what people use it for.
            enabled=key != "fan_runtime",
        )
        for key, select in _RUNTIMES
    ),
    HeatPumpSensorDescription(
        key="compressor_cycles_today",
        translation_key="compressor_cycles_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        available_offline=True,
        value_fn=lambda status: status.cycles_today,
    ),
    HeatPumpSensorDescription(
        key="defrosts_today",
        translation_key="defrosts_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        available_offline=True,
        value_fn=lambda status: status.defrosts_today,
    ),
    HeatPumpSensorDescription(
        key="last_defrost_duration",
        translation_key="last_defrost_duration",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        available_offline=True,
        value_fn=lambda status: status.last_defrost_s,
    ),
    _temperature(
        "indoor_temperature", lambda status: status.indoor_temp_c, on_thermostat=True
    ),
    _temperature("outdoor_temperature", lambda status: status.outdoor_temp_c),
    _temperature("supply_temperature", lambda status: status.supply_temp_c),
    _temperature("return_temperature", lambda status: status.return_temp_c),
    HeatPumpSensorDescription(
        key="filter_runtime",
        translation_key="filter_runtime",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=0,
        # Falls to zero when the filter is changed: a reset, as for a meter.
        state_class=SensorStateClass.TOTAL_INCREASING,
        available_offline=True,
        value_fn=lambda status: round(status.filter_runtime_s, 1),
    ),
    HeatPumpSensorDescription(
        key="balance_point",
        translation_key="balance_point",
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        available_offline=True,
        value_fn=lambda status: status.balance_point_c,
    ),
    HeatPumpSensorDescription(
        key="heating_runtime_per_degree_day",
        translation_key="heating_runtime_per_degree_day",
        native_unit_of_measurement=RUNTIME_PER_DEGREE_DAY,
        suggested_display_precision=2,
        state_class=SensorStateClass.MEASUREMENT,
        available_offline=True,
        value_fn=lambda status: (
            None
            if status.heating_s_per_degree_day is None
            else round(status.heating_s_per_degree_day / 3600, 3)
        ),
    ),
    HeatPumpSensorDescription(
        key="cop",
        translation_key="cop",
        suggested_display_precision=2,
        state_class=SensorStateClass.MEASUREMENT,
        available_offline=True,
        value_fn=lambda status: status.cop,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of a system."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        HeatPumpSensor(coordinator, description) for description in SENSORS
    )


class HeatPumpSensor(HeatPumpEntity, SensorEntity):
    """A sensor of the heat pump device."""

    entity_description: HeatPumpSensorDescription

    @property
    def native_value(self) -> float | int | str | None:
        """The value from the engine's latest status."""
        return self.entity_description.value_fn(self.coordinator.data)
