"""The plant's sensors: outdoor and duct temperatures, power, compressor, error code.

Units differ on purpose, as they do between real integrations: the outdoor
temperature is in °F, the duct temperatures in °C, the outdoor unit in kW and the
air handler in W; the bridge converts each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfFrequency, UnitOfPower, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.util.unit_conversion import TemperatureConverter

from custom_components.heat_pump_monitor.engine.sample import Sample

from . import PlantConfigEntry
from .entity import PlantEntity
from .plant import Plant

MAINS_HZ = 60.0
"""The simulated compressor is single-speed: it turns at the mains frequency."""
NO_ERROR = "OK"


@dataclass(frozen=True, kw_only=True)
class PlantSensorDescription(SensorEntityDescription):
    """A sensor and how its value comes from the plant's last 10 s."""

    value: Callable[[Sample], float | str | None]


def _fahrenheit(celsius: float | None) -> float | None:
    if celsius is None:
        return None
    return TemperatureConverter.convert(
        celsius, UnitOfTemperature.CELSIUS, UnitOfTemperature.FAHRENHEIT
    )


def _kilowatts(watts: float | None) -> float | None:
    return None if watts is None else watts / 1000.0


def _frequency(sample: Sample) -> float | None:
    running = sample.compressor_s
    if running is None:
        return None
    return MAINS_HZ if running > 0 else 0.0


SENSORS = (
    PlantSensorDescription(
        key="outdoor_temperature",
        name="Outdoor temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.FAHRENHEIT,
        suggested_display_precision=1,
        value=lambda sample: _fahrenheit(sample.outdoor_temp_c),
    ),
    PlantSensorDescription(
        key="supply_air_temperature",
        name="Supply air temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value=lambda sample: sample.supply_temp_c,
    ),
    PlantSensorDescription(
        key="return_air_temperature",
        name="Return air temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value=lambda sample: sample.return_temp_c,
    ),
    PlantSensorDescription(
        key="outdoor_unit_power",
        name="Outdoor unit power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.KILO_WATT,
        suggested_display_precision=2,
        value=lambda sample: _kilowatts(sample.outdoor_unit_w),
    ),
    PlantSensorDescription(
        key="air_handler_power",
        name="Air handler power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value=lambda sample: sample.indoor_unit_w,
    ),
    PlantSensorDescription(
        key="compressor_frequency",
        name="Compressor frequency",
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        suggested_display_precision=0,
        value=_frequency,
    ),
    PlantSensorDescription(
        key="error_code",
        name="Error code",
        icon="mdi:alert-circle-outline",
        value=lambda sample: sample.error_code or NO_ERROR,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant, entry: PlantConfigEntry, add_entities: AddEntitiesCallback
) -> None:
    """Add the plant's sensors."""
    add_entities(PlantSensor(entry.runtime_data, item) for item in SENSORS)


class PlantSensor(PlantEntity, SensorEntity):
    """One reading of the plant's last 10 s."""

    entity_description: PlantSensorDescription

    def __init__(self, plant: Plant, description: PlantSensorDescription) -> None:
        """Describe the sensor."""
        super().__init__(plant, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> float | str | None:
        """The reading, in the description's unit."""
        return (
            None if self.sample is None else self.entity_description.value(self.sample)
        )
