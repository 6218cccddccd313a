"""Adding and reauthenticating an ecobee thermostat, against the fake cloud on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

from homeassistant import config_entries
from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heat_pump_monitor.api.ecobee import PORTAL_URL
from custom_components.heat_pump_monitor.const import (
    CONF_REFRESH_TOKEN,
    CONF_SOURCE,
    CONF_THERMOSTAT_ID,
    DOMAIN,
)
from custom_components.heat_pump_monitor.sources import ecobee as ecobee_source

from .fakes.ecobee import FakeEcobee, FakeThermostat
from .fakes.loopback import serve
from .fakes.plant import SimulatedPlant

IDENTIFIER = "511863952271"


@pytest.fixture(name="fake")
async def fake_fixture(
    hass: HomeAssistant, socket_enabled: None, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[FakeEcobee]:
    """Serve a fake ecobee cloud with one thermostat; setup of entries is stubbed."""
    plant = SimulatedPlant(clock=dt_util.utcnow, history=timedelta(hours=1))
    fake = FakeEcobee(clock=dt_util.utcnow, thermostats=[FakeThermostat(plant=plant)])
    async with serve(fake.app) as server:
        fake.port = server.port
        monkeypatch.setenv(ecobee_source.URL_ENV, fake.url)
        yield fake


@pytest.fixture(autouse=True)
def no_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip setting up created entries (the source has its own tests)."""

    async def _setup(hass: HomeAssistant, entry: object) -> bool:
        return True

    monkeypatch.setattr("custom_components.heat_pump_monitor.async_setup_entry", _setup)


async def _to_pin(hass: HomeAssistant, fake: FakeEcobee) -> ConfigFlowResult:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "ecobee"}
    )
    assert result["type"] is FlowResultType.FORM and result["step_id"] == "ecobee"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: f" {fake.api_key} "}
    )
    assert result["step_id"] == "ecobee_authorize"
    return result


async def test_pin_flow_creates_the_entry(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """Key -> PIN -> pending until entered -> entry named after the thermostat."""
    result = await _to_pin(hass, fake)
    (pin,) = fake.pins.values()
    placeholders = result["description_placeholders"]
    assert placeholders == {"pin": pin.pin, "url": PORTAL_URL, "minutes": "9"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "authorization_pending"}
    fake.approve_pin()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Hallway"
    assert result["data"] == {
        CONF_SOURCE: "ecobee",
        CONF_API_KEY: fake.api_key,
        CONF_REFRESH_TOKEN: fake.refresh_token,
        CONF_THERMOSTAT_ID: IDENTIFIER,
    }
    assert result["result"].unique_id == IDENTIFIER


async def test_expired_pin_gets_a_new_one(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """A PIN that timed out is replaced and shown again."""
    fake.pin_expires_min = 0
    result = await _to_pin(hass, fake)
    first = result["description_placeholders"]["pin"]  # type: ignore[index]
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "authorization_expired"}
    assert result["description_placeholders"]["pin"] != first
    assert len(fake.pins) == 2


async def test_several_thermostats_ask_which(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """With two thermostats the user picks one; adding it twice aborts."""
    plant = fake.thermostats[0].plant
    fake.thermostats.append(
        FakeThermostat(plant=plant, identifier="411111111111", name="Basement: east")
    )
    result = await _to_pin(hass, fake)
    fake.approve_pin()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "ecobee_thermostat"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_THERMOSTAT_ID: "411111111111"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Basement: east"
    result = await _to_pin(hass, fake)
    fake.approve_pin()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_THERMOSTAT_ID: "411111111111"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_account_without_thermostats(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """An empty account aborts."""
    fake.thermostats.clear()
    result = await _to_pin(hass, fake)
    fake.approve_pin()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_thermostats"


@pytest.mark.parametrize(
    ("kind", "key", "error"),
    [
        (None, "wrong-key", "invalid_api_key"),
        ("500", None, "cloud_unreachable"),
        ("429", None, "cloud_unreachable"),
        ("html", None, "cloud_unreachable"),
    ],
)
async def test_key_errors(
    hass: HomeAssistant,
    fake: FakeEcobee,
    kind: str | None,
    key: str | None,
    error: str,
) -> None:
    """A wrong key or an unreachable cloud: the form again with the error, then on."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "ecobee"}
    )
    fake.misbehave(kind, times=1)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: key or fake.api_key}
    )
    assert result["step_id"] == "ecobee"
    assert result["errors"] == {"base": error}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: fake.api_key}
    )
    assert result["step_id"] == "ecobee_authorize"


async def test_unexpected_error(
    hass: HomeAssistant, fake: FakeEcobee, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception (a broken URL override) is "unknown"."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "ecobee"}
    )
    monkeypatch.setattr(ecobee_source, "base_url", lambda: "http://[::1")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: fake.api_key}
    )
    assert result["errors"] == {"base": "unknown"}


async def test_authorize_step_errors(hass: HomeAssistant, fake: FakeEcobee) -> None:
    """A failing summary after the PIN: cloud_unreachable, and the retry needs no PIN."""
    result = await _to_pin(hass, fake)
    fake.approve_pin()
    fake.misbehave("500", times=1, path="/1/thermostatSummary")
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "cloud_unreachable"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert fake.requests["/token"] == 1


def _entry(fake: FakeEcobee) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="Hallway",
        unique_id=IDENTIFIER,
        data={
            CONF_SOURCE: "ecobee",
            CONF_API_KEY: fake.api_key,
            CONF_REFRESH_TOKEN: "v1.dead",
            CONF_THERMOSTAT_ID: IDENTIFIER,
        },
    )


async def test_reauth_stores_the_new_refresh_token(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """Reauth: confirm, new PIN, entered -> the entry has the new token."""
    entry = _entry(fake)
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "ecobee_reauth_confirm"
    assert result["description_placeholders"] == {"name": "Hallway"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "ecobee_authorize"
    fake.approve_pin()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_REFRESH_TOKEN] == fake.refresh_token


async def test_reauth_with_another_account_is_refused(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """The new authorization must see the entry's thermostat."""
    entry = _entry(fake)
    entry.add_to_hass(hass)
    fake.thermostats[0].identifier = "999999999999"
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    fake.approve_pin()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data[CONF_REFRESH_TOKEN] == "v1.dead"


async def test_reauth_with_a_withdrawn_key(
    hass: HomeAssistant, fake: FakeEcobee
) -> None:
    """A key ecobee no longer knows: the confirm form shows invalid_api_key."""
    entry = _entry(fake)
    entry.add_to_hass(hass)
    fake.api_key = "another-key"
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "ecobee_reauth_confirm"
    assert result["errors"] == {"base": "invalid_api_key"}
