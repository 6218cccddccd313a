"""Cloud and connection faults: tokens, refused passwords, rate limits, slow replies.

Through real config entries on the fakes: what the user sees (entity states, the
reauthentication flow, the log) and what the devices see (requests made).
"""

from __future__ import annotations

from datetime import timedelta
import logging

from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.const import CONF_REFRESH_TOKEN, DOMAIN
from custom_components.heat_pump_monitor.sources import (
    ecobee as ecobee_source,
    venstar as venstar_source,
)

from .conftest import (
    Advance,
    FakeKumo,
    ecobee_entry,
    kumo_entry,
    state_of,
    venstar_entry,
)
from .fakes.ecobee import FakeEcobee
from .fakes.venstar import FakeVenstar

ECOBEE_POLL = ecobee_source.POLL_INTERVAL


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _ecobee_state(hass: HomeAssistant, fake: FakeEcobee, key: str) -> str:
    entity = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{fake.thermostats[0].identifier}_{key}"
    )
    assert entity is not None
    state = hass.states.get(entity)
    assert state is not None
    return state.state


def _reauth_flows(hass: HomeAssistant) -> list[str]:
    return [
        flow["flow_id"]
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
    ]


async def test_ecobee_token_expiry_is_refreshed_and_loses_nothing(
    hass: HomeAssistant, fake_ecobee: FakeEcobee, advance: Advance
) -> None:
    """Every access token expires at once: refreshed on the next poll, no gap."""
    entry = ecobee_entry(fake_ecobee)
    await _setup(hass, entry)
    await advance(ECOBEE_POLL * 2, ECOBEE_POLL)
    coordinator = entry.runtime_data.coordinator
    before = fake_ecobee.refresh_token
    fake_ecobee.expire_access_token()
    for _ in range(3):
        await advance(ECOBEE_POLL, ECOBEE_POLL)
        assert _ecobee_state(hass, fake_ecobee, "indoor_temperature") != (
            STATE_UNAVAILABLE
        )
    assert entry.data[CONF_REFRESH_TOKEN] == fake_ecobee.refresh_token != before
    assert not _reauth_flows(hass)
    # Every poll's sample was taken: the last one ends now, none was rejected.
    status = coordinator.data
    assert status.time is not None and status.time == dt_util.utcnow()
    assert coordinator.diagnostics["rejected_samples"] == {}


async def test_ecobee_revoked_reauthorized_recovers(
    hass: HomeAssistant, fake_ecobee: FakeEcobee, advance: Advance
) -> None:
    """The user removed the app: unavailable, reauth; a new PIN brings it back."""
    entry = ecobee_entry(fake_ecobee)
    await _setup(hass, entry)
    fake_ecobee.revoke()
    await advance(ECOBEE_POLL, ECOBEE_POLL)
    assert _ecobee_state(hass, fake_ecobee, "indoor_temperature") == STATE_UNAVAILABLE
    [flow_id] = _reauth_flows(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {})
    assert result["step_id"] == "ecobee_authorize"
    fake_ecobee.approve_pin()
    result = await hass.config_entries.flow.async_configure(flow_id, {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()  # the entry reloads with the new token
    assert entry.data[CONF_REFRESH_TOKEN] == fake_ecobee.refresh_token
    await advance(ECOBEE_POLL, ECOBEE_POLL)
    assert _ecobee_state(hass, fake_ecobee, "indoor_temperature") != STATE_UNAVAILABLE
    assert not _reauth_flows(hass)


async def test_kumo_unit_password_refused_starts_reauth(
    hass: HomeAssistant, fake_kumo: FakeKumo, advance: Advance
) -> None:
    """The unit's password changed (a new adapter): unavailable, reauth started."""
    entry = kumo_entry(fake_kumo)
    await _setup(hass, entry)
    fake_kumo.unit.password = "bmV3LWFkYXB0ZXItcGFzc3dvcmQtMDEyMzQ1Njc4OQ=="
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    assert len(_reauth_flows(hass)) == 1
    assert state_of(hass, "sensor", "indoor_temperature") == STATE_UNAVAILABLE


async def test_venstar_retry_after_is_honoured(
    hass: HomeAssistant, fake_venstar: FakeVenstar, advance: Advance
) -> None:
    """429 with Retry-After 300: not one request for five minutes, then polling."""
    fake_venstar.retry_after = "300"
    await _setup(hass, venstar_entry(fake_venstar))
    fake_venstar.misbehave("429", times=1)
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    fake_venstar.requests.clear()
    await advance(timedelta(minutes=4, seconds=50), timedelta(seconds=10))
    assert sum(fake_venstar.requests.values()) == 0
    await advance(timedelta(minutes=1), timedelta(minutes=1))
    assert fake_venstar.requests["/query/info"] >= 1
    assert state_of(hass, "sensor", "indoor_temperature") != STATE_UNAVAILABLE


TIMEOUT_S = 0.4
"""The client timeout while testing slow replies (real time passes)."""


async def test_venstar_slow_replies_near_the_timeout(
    hass: HomeAssistant,
    fake_venstar: FakeVenstar,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Just under the timeout: read. Just over: unavailable, logged once, back."""
    monkeypatch.setattr(venstar_source, "REQUEST_TIMEOUT_S", TIMEOUT_S)
    await _slow_replies(hass, fake_venstar, venstar_entry(fake_venstar), caplog)


async def test_ecobee_slow_replies_near_the_timeout(
    hass: HomeAssistant,
    fake_ecobee: FakeEcobee,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Just under the timeout: read. Just over: unavailable, logged once, back."""
    monkeypatch.setattr(ecobee_source, "REQUEST_TIMEOUT_S", TIMEOUT_S)
    await _slow_replies(hass, fake_ecobee, ecobee_entry(fake_ecobee), caplog)


async def _slow_replies(
    hass: HomeAssistant,
    fake: FakeVenstar | FakeEcobee,
    entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Reply in half the timeout once, then in 2.5 times it twice.

    Real time: the frozen test clock cannot let a timeout expire, so the test polls.
    """
    await _setup(hass, entry)
    coordinator = entry.runtime_data.coordinator
    indoor = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{entry.unique_id}_indoor_temperature"
    )
    assert indoor is not None

    def available() -> bool:
        state = hass.states.get(indoor)
        return state is not None and state.state != STATE_UNAVAILABLE

    fake.slow_s = TIMEOUT_S * 0.5
    fake.misbehave("slow", times=1)
    await coordinator.async_refresh()
    assert available()
    fake.slow_s = TIMEOUT_S * 2.5
    fake.misbehave("slow", times=2)
    await coordinator.async_refresh()
    assert not available()
    await coordinator.async_refresh()
    assert not available()
    await coordinator.async_refresh()
    assert available()
    ours = [
        r for r in caplog.records if r.name == "custom_components.heat_pump_monitor"
    ]
    failed = [r for r in ours if r.levelno >= logging.ERROR]
    recovered = [r for r in ours if "recovered" in r.getMessage()]
    assert len(failed) == 1, [r.getMessage() for r in failed]
    assert "TimeoutError" in failed[0].getMessage()
    assert len(recovered) == 1
