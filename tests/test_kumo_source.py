"""A Kumo indoor unit set up in Home Assistant, polled from the fakes on loopback."""

from __future__ import annotations

from datetime import timedelta
import logging

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.heat_pump_monitor.const import DOMAIN

from .conftest import SERIAL, Advance, FakeKumo, entity_id, kumo_entry, state_of
from .fakes.kumo_unit import half_degree

try:
    from pytest_homeassistant_custom_component.components.diagnostics import (
        get_diagnostics_for_config_entry,
    )
except ImportError:  # pragma: no cover - older test plugin layout
    from tests.components.diagnostics import get_diagnostics_for_config_entry

HEATING = {"mode": "heat", "standby": False, "defrost": False}
DEFROSTING = {"mode": "heat", "standby": False, "defrost": True}


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _data_path(hass: HomeAssistant) -> str | None:
    state = hass.states.get(entity_id(hass, "binary_sensor", "online"))
    assert state is not None
    return state.attributes.get("data_path")


async def test_entities_follow_the_unit(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """Room temperature and setpoint arrive; the device is the Mitsubishi unit."""
    entry = kumo_entry(fake_kumo)
    await _setup(hass, entry)
    sample = fake_kumo.unit.latest()
    indoor = float(state_of(hass, "sensor", "indoor_temperature"))
    assert indoor == pytest.approx(half_degree(sample.indoor_temp_c) or 0.0)
    running = bool(sample.comp_heat_s)
    assert (state_of(hass, "sensor", "operating_mode") == "heating") is running
    assert _data_path(hass) == "local"
    [device] = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert device.identifiers == {(DOMAIN, SERIAL)}
    assert device.manufacturer == "Mitsubishi Electric"
    assert device.model == "Ductless indoor unit"
    assert fake_kumo.unit.refused == 0


async def test_defrost_sensor_follows_the_reported_defrost(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """The defrost binary sensor is exactly the unit's ``defrost`` at each poll."""
    unit = fake_kumo.unit
    unit.overrides = dict(HEATING)
    await _setup(hass, kumo_entry(fake_kumo))
    for defrost in (False, True, True, False, True, False):
        unit.overrides = {**HEATING, "defrost": defrost}
        await advance(timedelta(minutes=1), timedelta(minutes=1))
        expected = STATE_ON if defrost else STATE_OFF
        assert state_of(hass, "binary_sensor", "defrost") == expected
        if defrost:
            assert state_of(hass, "sensor", "operating_mode") == "defrost"


async def test_defrost_stuck_on_reported_defrost(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """A defrost the unit reports for 20 minutes raises ``defrost_stuck``."""
    unit = fake_kumo.unit
    unit.overrides = dict(HEATING)
    entry = kumo_entry(fake_kumo)
    await _setup(hass, entry)
    await advance(timedelta(minutes=10), timedelta(minutes=1))
    unit.overrides = dict(DEFROSTING)
    await advance(timedelta(minutes=20), timedelta(minutes=1))
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, f"{entry.entry_id}_defrost_stuck")
    episode = entry.runtime_data.coordinator.engine.open_defrost
    assert episode is not None and episode.inferred is False
    unit.overrides = dict(HEATING)
    await advance(timedelta(minutes=2), timedelta(minutes=1))
    assert entry.runtime_data.coordinator.engine.open_defrost is None


async def test_defrost_frequent_on_reported_defrost(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """Defrosts every ten minutes of heating raise ``defrost_frequent``."""
    unit = fake_kumo.unit
    unit.overrides = dict(HEATING)
    entry = kumo_entry(fake_kumo)
    await _setup(hass, entry)
    issue_id = f"{entry.entry_id}_defrost_frequent"
    for _ in range(6):
        unit.overrides = dict(HEATING)
        await advance(timedelta(minutes=10), timedelta(minutes=1))
        unit.overrides = dict(DEFROSTING)
        await advance(timedelta(minutes=3), timedelta(minutes=1))
    unit.overrides = dict(HEATING)
    await advance(timedelta(minutes=2), timedelta(minutes=1))
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert float(state_of(hass, "sensor", "defrosts_today")) >= 6


async def test_unit_not_answering_falls_back_to_the_cloud(
    hass: HomeAssistant,
    fake_kumo: FakeKumo,
    advance: Advance,
    hass_client: ClientSessionGenerator,
) -> None:
    """A silent unit: the cloud's state stands in, and the attribute says so."""
    unit = fake_kumo.unit
    unit.overrides = dict(HEATING)
    entry = kumo_entry(fake_kumo)
    await _setup(hass, entry)
    unit.misbehave("500")
    unit.overrides = dict(DEFROSTING)
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    assert _data_path(hass) == "cloud"
    assert state_of(hass, "binary_sensor", "defrost") == STATE_ON
    assert state_of(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    source = diagnostics["engine"]["source"]
    assert source["data_path"] == "cloud" and source["cloud_fallbacks"] == 1
    assert "HTTP 500" in source["unit_error"]
    unit.misbehave(None)
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    assert _data_path(hass) == "local"


async def test_unit_out_of_memory_is_left_alone(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """``__no_memory``: no request to the unit for ten minutes; cloud meanwhile."""
    unit = fake_kumo.unit
    await _setup(hass, kumo_entry(fake_kumo))
    unit.misbehave("no_memory", times=1)
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    assert _data_path(hass) == "cloud"
    unit.requests.clear()
    await advance(timedelta(minutes=8), timedelta(minutes=1))
    assert sum(unit.requests.values()) == 0
    assert _data_path(hass) == "cloud"
    await advance(timedelta(minutes=3), timedelta(minutes=1))
    assert sum(unit.requests.values()) > 0
    assert _data_path(hass) == "local"


async def test_unit_and_cloud_down_then_recovery(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """Neither answers: unavailable; back when the unit is."""
    await _setup(hass, kumo_entry(fake_kumo))
    fake_kumo.unit.misbehave("malformed")
    fake_kumo.cloud.misbehaviour = "down"
    await advance(timedelta(minutes=2), timedelta(minutes=1))
    assert state_of(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE
    assert _data_path(hass) is None
    fake_kumo.unit.misbehave(None)
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    assert state_of(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE
    assert _data_path(hass) == "local"


async def test_first_refresh_failing_retries_setup(
    hass: HomeAssistant, fake_kumo: FakeKumo
) -> None:
    """Unit unreachable and cloud down at startup: the entry retries later."""
    fake_kumo.cloud.misbehaviour = "down"
    entry = kumo_entry(fake_kumo, port=1)
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY


@pytest.mark.parametrize("refused", ["unit", "cloud"])
async def test_refused_credentials_start_reauth(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance, refused: str
) -> None:
    """The unit refusing its credentials, or the cloud its password: reauth."""
    entry = kumo_entry(fake_kumo)
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    if refused == "unit":
        fake_kumo.unit.crypto_serial = "ff" * 12
    else:
        fake_kumo.unit.misbehave("500")
        fake_kumo.cloud.password = "changed-in-the-app"
        fake_kumo.cloud.expire_access_tokens()
        fake_kumo.cloud.expire_refresh_token()
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_outdoor_temperature_from_a_kumo_station(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """Where a Kumo Station reports it, the outdoor temperature is read."""
    fake_kumo.cloud.station_outdoor = True
    await _setup(hass, kumo_entry(fake_kumo))
    outdoor = fake_kumo.unit.latest().outdoor_temp_c
    assert outdoor is not None
    assert float(state_of(hass, "sensor", "outdoor_temperature")) == pytest.approx(
        round(outdoor, 1), abs=0.01
    )


async def test_requests_per_day(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """One local status a minute; the cloud only for the station's temperature.

    Counts the requests of a simulated day (reported in the closing note).
    """
    fake_kumo.cloud.station_outdoor = True
    await _setup(hass, kumo_entry(fake_kumo))
    await advance(timedelta(minutes=30), timedelta(minutes=1))
    fake_kumo.unit.requests.clear()
    fake_kumo.cloud.requests.clear()
    await advance(timedelta(hours=2), timedelta(minutes=1))
    unit_per_day = sum(fake_kumo.unit.requests.values()) * 12
    cloud_per_day = sum(fake_kumo.cloud.requests.values()) * 12
    logging.getLogger(__name__).warning(
        "Kumo requests per day: unit %s, cloud %s", unit_per_day, cloud_per_day
    )
    assert unit_per_day == 1440
    # Kumo properties every 15 minutes, a token refresh every 20 minutes or so.
    assert cloud_per_day <= 96 + 72
