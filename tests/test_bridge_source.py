"""A heat pump already in Home Assistant, read through its entities' state changes."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import ClimateEntityFeature, HVACAction, HVACMode
from homeassistant.const import (
    EVENT_STATE_CHANGED,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.const import DOMAIN
from custom_components.heat_pump_monitor.engine.sample import HvacMode, Sample
from custom_components.heat_pump_monitor.sources import Source

from .conftest import Advance, BridgeClimate, bridge_entry

OUTDOOR = "sensor.outdoor_temperature"
SUPPLY = "sensor.supply_air"
RETURN = "sensor.return_air"
OUTDOOR_POWER = "sensor.outdoor_unit_power"
INDOOR_POWER = "sensor.air_handler_power"
TOTAL_POWER = "sensor.heat_pump_power"
DEFROST = "binary_sensor.heat_pump_defrost"
SUB_MODE = "sensor.heat_pump_sub_mode"
FREQUENCY = "sensor.compressor_frequency"
ERROR = "sensor.heat_pump_error"

type Climate = tuple[BridgeClimate, MockConfigEntry]


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> Source:
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry.runtime_data.coordinator.source


async def _poll_after(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, source: Source, seconds: float
) -> Sample:
    """Let ``seconds`` pass without a coordinator poll, then close the interval."""
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=seconds))
    [sample] = await source.async_poll()
    return sample


def _set(
    hass: HomeAssistant, entity_id: str, state: str, unit: str | None = None
) -> None:
    attributes = {} if unit is None else {"unit_of_measurement": unit}
    hass.states.async_set(entity_id, state, attributes)


async def test_runtimes_are_exact_from_state_changes(
    hass: HomeAssistant, bridge_climate: Climate, freezer: FrozenDateTimeFactory
) -> None:
    """Heating for 12 s of a 30 s interval is 12 s, timed at the state changes."""
    climate, _ = bridge_climate
    source = await _setup(hass, bridge_entry(hass))
    assert await source.async_poll() == []  # nothing has passed yet
    assert source.now() == dt_util.utcnow()
    freezer.tick(timedelta(seconds=5))
    climate.change(hvac_action=HVACAction.HEATING)
    freezer.tick(timedelta(seconds=12))
    climate.change(hvac_action=HVACAction.IDLE)
    sample = await _poll_after(hass, freezer, source, 13)
    assert sample.interval_s == pytest.approx(30)
    assert sample.comp_heat_s == pytest.approx(12)
    assert sample.fan_s == pytest.approx(12)
    assert sample.comp_cool_s == 0
    assert sample.defrost_s == 0
    assert sample.aux_heat_s is None  # this climate says nothing about backup heat
    assert sample.hvac_mode is HvacMode.HEAT
    assert sample.indoor_temp_c == pytest.approx(20)
    assert sample.indoor_rh == pytest.approx(0.4)
    assert sample.heat_setpoint_c == pytest.approx(21)
    assert sample.cool_setpoint_c is None
    assert sample.outdoor_temp_c is None and sample.outdoor_unit_w is None
    assert sample.online
    # The next interval starts where this one ended, with the state then held.
    climate.change(hvac_action=HVACAction.COOLING, hvac_mode=HVACMode.COOL)
    sample_2 = await _poll_after(hass, freezer, source, 30)
    assert sample_2.time == sample.time + timedelta(seconds=30)
    assert sample_2.comp_cool_s == pytest.approx(30)
    assert sample_2.comp_heat_s == 0
    assert sample_2.hvac_mode is HvacMode.COOL
    assert sample_2.cool_setpoint_c == pytest.approx(21)


async def test_every_optional_entity_converted(
    hass: HomeAssistant, bridge_climate: Climate, freezer: FrozenDateTimeFactory
) -> None:
    """°F, kW and W, a defrost binary sensor, a frequency and an error code."""
    climate, _ = bridge_climate
    _set(hass, OUTDOOR, "23", "°F")
    _set(hass, SUPPLY, "35.5", "°C")
    _set(hass, RETURN, "294.15", "K")
    _set(hass, OUTDOOR_POWER, "1.5", "kW")
    _set(hass, INDOOR_POWER, "300", "W")
    _set(hass, DEFROST, STATE_OFF)
    _set(hass, FREQUENCY, "45", "Hz")
    _set(hass, ERROR, "E6")
    climate.change(hvac_action=HVACAction.HEATING)
    source = await _setup(
        hass,
        bridge_entry(
            hass,
            outdoor_temp_entity=OUTDOOR,
            supply_temp_entity=SUPPLY,
            return_temp_entity=RETURN,
            outdoor_power_entity=OUTDOOR_POWER,
            indoor_power_entity=INDOOR_POWER,
            defrost_entity=DEFROST,
            compressor_frequency_entity=FREQUENCY,
            error_code_entity=ERROR,
        ),
    )
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.outdoor_temp_c == pytest.approx(-5)
    assert sample.supply_temp_c == pytest.approx(35.5)
    assert sample.return_temp_c == pytest.approx(21)
    assert sample.outdoor_unit_w == pytest.approx(1500)
    assert sample.indoor_unit_w == pytest.approx(300)
    assert sample.defrost_s == 0
    assert sample.comp_heat_s == pytest.approx(30)
    assert sample.error_code == "E6"
    # Power is a mean over the interval: 1.5 kW for 10 s, then 3000 W for 20 s.
    freezer.tick(timedelta(seconds=10))
    _set(hass, OUTDOOR_POWER, "3000", "W")
    _set(hass, DEFROST, STATE_ON)
    _set(hass, ERROR, "none")
    sample = await _poll_after(hass, freezer, source, 20)
    assert sample.outdoor_unit_w == pytest.approx(2500)
    assert sample.defrost_s == pytest.approx(20)
    assert sample.comp_heat_s == pytest.approx(30)
    assert sample.error_code == "E6"  # active during the interval's first 10 s
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.error_code is None
    diagnostics = source.diagnostics()
    assert diagnostics["entities"]["defrost_entity"] == DEFROST
    assert all(diagnostics["available"].values())
    assert diagnostics["state_changes"] >= 3


async def test_a_fahrenheit_home_reads_the_climate_in_celsius(
    hass: HomeAssistant, bridge_climate: Climate, freezer: FrozenDateTimeFactory
) -> None:
    """The climate's attributes are in the home's unit (°F here); samples in °C."""
    climate, _ = bridge_climate
    hass.config.units = US_CUSTOMARY_SYSTEM
    climate.change(current_temperature=20.0)
    assert hass.states.get(climate.entity_id).attributes["current_temperature"] == 68
    source = await _setup(hass, bridge_entry(hass))
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.indoor_temp_c == pytest.approx(20)
    # 21 °C is shown as 70 °F (whole degrees), which is 21.1 °C.
    assert sample.heat_setpoint_c == pytest.approx((70 - 32) * 5 / 9)


@pytest.mark.parametrize(
    ("indoor", "total", "outdoor_w"),
    [
        (None, "2", 2000.0),
        ("400", "2", 1600.0),
        (STATE_UNAVAILABLE, "2", None),
        ("400", STATE_UNAVAILABLE, None),
    ],
)
async def test_total_power_counts_as_the_outdoor_unit(
    hass: HomeAssistant,
    bridge_climate: Climate,
    freezer: FrozenDateTimeFactory,
    *,
    indoor: str | None,
    total: str,
    outdoor_w: float | None,
) -> None:
    """One total meter is the outdoor unit's power, less the indoor unit's if known."""
    _set(hass, TOTAL_POWER, total, "kW")
    entities = {"total_power_entity": TOTAL_POWER}
    if indoor is not None:
        _set(hass, INDOOR_POWER, indoor, "W")
        entities["indoor_power_entity"] = INDOOR_POWER
    source = await _setup(hass, bridge_entry(hass, **entities))
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.outdoor_unit_w == outdoor_w


async def test_unavailable_entities_are_gaps_never_zeros(
    hass: HomeAssistant, bridge_climate: Climate, freezer: FrozenDateTimeFactory
) -> None:
    """A sensor missing for part of an interval, or a bad unit, is unknown.

    So is everything the climate entity says while it is unavailable, and the
    interval is offline.
    """
    climate, _ = bridge_climate
    _set(hass, OUTDOOR, "2", "°C")
    _set(hass, OUTDOOR_POWER, "800", "A")  # not a power unit
    _set(hass, DEFROST, STATE_UNKNOWN)
    _set(hass, FREQUENCY, "abc", "Hz")
    climate.change(hvac_action=HVACAction.HEATING)
    source = await _setup(
        hass,
        bridge_entry(
            hass,
            outdoor_temp_entity=OUTDOOR,
            outdoor_power_entity=OUTDOOR_POWER,
            defrost_entity=DEFROST,
            compressor_frequency_entity=FREQUENCY,
        ),
    )
    freezer.tick(timedelta(seconds=10))
    _set(hass, OUTDOOR, STATE_UNAVAILABLE)
    sample = await _poll_after(hass, freezer, source, 20)
    assert sample.outdoor_temp_c is None
    assert sample.outdoor_unit_w is None
    assert sample.defrost_s is None
    assert sample.comp_heat_s is None and sample.comp_cool_s is None
    assert sample.fan_s == pytest.approx(30) and sample.online
    _set(hass, OUTDOOR, "1", "°C")
    _set(hass, FREQUENCY, "0", "Hz")
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.outdoor_temp_c == pytest.approx(1)
    assert sample.comp_heat_s == 0  # the climate says heating, the compressor stands
    freezer.tick(timedelta(seconds=15))
    climate.change(available=False)
    sample = await _poll_after(hass, freezer, source, 15)
    assert not sample.online
    assert sample.comp_heat_s is None and sample.fan_s is None
    assert sample.indoor_temp_c is None and sample.hvac_mode is None
    assert source.diagnostics()["available"]["climate_entity"] is False
    climate.change(available=True)
    hass.states.async_remove(OUTDOOR)  # the entity is gone altogether
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.online and sample.outdoor_temp_c is None


async def test_compressor_frequency_decides_the_compressor(
    hass: HomeAssistant, bridge_climate: Climate, freezer: FrozenDateTimeFactory
) -> None:
    """Above 0 Hz the compressor runs, in the direction of the action or the mode."""
    climate, _ = bridge_climate
    _set(hass, FREQUENCY, "38", "Hz")
    climate.change(hvac_mode=HVACMode.COOL, hvac_action=HVACAction.IDLE)
    source = await _setup(
        hass, bridge_entry(hass, compressor_frequency_entity=FREQUENCY)
    )
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.comp_cool_s == pytest.approx(30) and sample.comp_heat_s == 0
    climate.change(hvac_mode=HVACMode.HEAT_COOL, hvac_action=HVACAction.IDLE)
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.comp_cool_s is None and sample.comp_heat_s is None
    assert sample.hvac_mode is HvacMode.AUTO
    climate.change(hvac_action=HVACAction.COOLING)
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.comp_cool_s == pytest.approx(30) and sample.comp_heat_s == 0


async def test_climate_without_an_action_and_with_a_setpoint_range(
    hass: HomeAssistant, bridge_climate: Climate, freezer: FrozenDateTimeFactory
) -> None:
    """No hvac_action: runtimes unknown; heat_cool: both setpoints of the range."""
    climate, _ = bridge_climate
    climate.change(
        hvac_action=None,
        hvac_mode=HVACMode.HEAT_COOL,
        supported_features=ClimateEntityFeature.TARGET_TEMPERATURE_RANGE,
        target_temperature_low=19.0,
        target_temperature_high=25.0,
    )
    source = await _setup(hass, bridge_entry(hass))
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.comp_heat_s is None and sample.comp_cool_s is None
    assert sample.fan_s is None and sample.defrost_s is None
    assert (sample.heat_setpoint_c, sample.cool_setpoint_c) == (19, 25)
    assert sample.hvac_mode is HvacMode.AUTO and sample.online


@pytest.mark.parametrize(
    ("action", "extra", "comp_heat", "aux", "mode"),
    [
        (
            HVACAction.HEATING,
            {"equipment_running": "heatPump,auxHeat1,fan"},
            30,
            30,
            HvacMode.HEAT,
        ),
        (
            HVACAction.HEATING,
            {"equipment_running": "auxHeat1,auxHeat2"},
            0,
            30,
            HvacMode.HEAT,
        ),
        (
            HVACAction.HEATING,
            {"equipment_running": "heatPump,fan"},
            30,
            0,
            HvacMode.HEAT,
        ),
        (HVACAction.HEATING, {"aux_heat": "on"}, 30, 30, HvacMode.HEAT),
        (HVACAction.HEATING, {"aux_heat": "off"}, 30, 0, HvacMode.HEAT),
        (
            HVACAction.HEATING,
            {"preset_mode": "Emergency Heat"},
            0,
            30,
            HvacMode.EMERGENCY_HEAT,
        ),
        (HVACAction.IDLE, {"preset_mode": "emergency"}, 0, 0, HvacMode.EMERGENCY_HEAT),
        (HVACAction.PREHEATING, {"aux_heat": False}, 30, 0, HvacMode.HEAT),
        (HVACAction.DEFROSTING, {"equipment_running": "fan"}, 30, 0, HvacMode.HEAT),
    ],
)
async def test_backup_heat_where_the_climate_exposes_it(
    hass: HomeAssistant,
    bridge_climate: Climate,
    freezer: FrozenDateTimeFactory,
    *,
    action: HVACAction,
    extra: dict[str, object],
    comp_heat: float,
    aux: float,
    mode: HvacMode,
) -> None:
    """Backup heat from equipment_running (ecobee), aux_heat or an emergency preset."""
    climate, _ = bridge_climate
    climate.extra = extra
    climate.change(hvac_action=action)
    source = await _setup(hass, bridge_entry(hass))
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.comp_heat_s == comp_heat
    assert sample.aux_heat_s == aux
    assert sample.hvac_mode is mode


async def test_text_defrost_indicator_overrides_the_climate(
    hass: HomeAssistant, bridge_climate: Climate, freezer: FrozenDateTimeFactory
) -> None:
    """ESPHome CN105's sub mode: DEFROST is defrost (and heating), NORMAL is not."""
    climate, _ = bridge_climate
    _set(hass, SUB_MODE, "NORMAL")
    climate.change(hvac_action=HVACAction.DEFROSTING)  # the indicator knows better
    source = await _setup(hass, bridge_entry(hass, defrost_entity=SUB_MODE))
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.defrost_s == 0 and sample.comp_heat_s == pytest.approx(30)
    climate.change(hvac_action=HVACAction.IDLE)
    _set(hass, SUB_MODE, "DEFROST")
    sample = await _poll_after(hass, freezer, source, 30)
    assert sample.defrost_s == pytest.approx(30)
    assert sample.comp_heat_s == pytest.approx(30) and sample.comp_cool_s == 0


async def test_defrosting_action_shows_and_counts_a_defrost(
    hass: HomeAssistant, bridge_climate: Climate, advance: Advance
) -> None:
    """hvac_action defrosting turns the defrost binary sensor on and counts one."""
    climate, _ = bridge_climate
    await hass.config.async_set_time_zone("UTC")
    _set(hass, OUTDOOR, "-3", "°C")
    climate.change(hvac_action=HVACAction.HEATING)
    entry = bridge_entry(hass, outdoor_temp_entity=OUTDOOR)
    await _setup(hass, entry)
    step = timedelta(seconds=30)
    await advance(timedelta(minutes=20), step)
    defrost = "binary_sensor.hallway_heat_pump_defrost"
    assert hass.states.get(defrost).state == STATE_OFF
    climate.change(hvac_action=HVACAction.DEFROSTING)
    await advance(timedelta(minutes=4), step)
    assert hass.states.get(defrost).state == STATE_ON
    assert hass.states.get("sensor.hallway_heat_pump_operating_mode").state == "defrost"
    climate.change(hvac_action=HVACAction.HEATING)
    await advance(timedelta(minutes=2), step)
    assert hass.states.get(defrost).state == STATE_OFF
    assert hass.states.get("sensor.hallway_heat_pump_defrosts_today").state == "1"
    assert float(
        hass.states.get("sensor.hallway_heat_pump_outdoor_temperature").state
    ) == pytest.approx(-3)
    [device] = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert device.identifiers == {(DOMAIN, entry.unique_id)}
    assert (device.manufacturer, device.model) == ("Acme Heat Pumps", "AHP-9")


async def test_climate_unavailable_makes_the_system_offline(
    hass: HomeAssistant, bridge_climate: Climate, advance: Advance
) -> None:
    """The entities follow the climate entity: unavailable while it is."""
    climate, _ = bridge_climate
    await _setup(hass, bridge_entry(hass))
    step = timedelta(seconds=30)
    await advance(timedelta(minutes=1), step)
    online = "binary_sensor.hallway_heat_pump_online"
    assert hass.states.get(online).state == STATE_ON
    climate.change(available=False)
    await advance(timedelta(minutes=1), step)
    assert hass.states.get(online).state == STATE_OFF
    mode = hass.states.get("sensor.hallway_heat_pump_operating_mode")
    assert mode.state == STATE_UNAVAILABLE
    climate.change(available=True)
    await advance(timedelta(minutes=1), step)
    assert hass.states.get(online).state == STATE_ON


async def test_no_listener_left_after_unload(
    hass: HomeAssistant, bridge_climate: Climate, freezer: FrozenDateTimeFactory
) -> None:
    """Unloading removes the state and registry listeners; changes are not seen."""
    events = (EVENT_STATE_CHANGED, er.EVENT_ENTITY_REGISTRY_UPDATED)

    def listeners() -> list[int]:
        counts = hass.bus.async_listeners()
        return [counts.get(event, 0) for event in events]

    before = listeners()
    entry = bridge_entry(hass, outdoor_temp_entity=OUTDOOR)
    source = await _setup(hass, entry)
    during = listeners()
    assert during[0] > before[0]  # the state listener
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert listeners() == before
    changes = source.diagnostics()["state_changes"]
    _set(hass, OUTDOOR, "5", "°C")
    assert source.diagnostics()["state_changes"] == changes
