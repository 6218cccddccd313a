"""Heat Pump Monitor: what your heat pump is doing, and when it needs a technician."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from homeassistant.const import Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import config_validation as cv, issue_registry as ir
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER
from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator, HeatPumpRuntimeData
from .devices import async_register_devices
from .engine import Engine
from .engine.config import EngineConfig
from .issues import FindingIssues
from .phone_notifications import (
    ACKNOWLEDGE,
    ACTION_EVENT,
    CONF_NOTIFY_SERVICES,
    SNOOZE,
    PhoneNotifier,
    parse_action,
)
from .service_log import visits_from_state
from .services import async_register_services
from .sources.factory import build_source
from .store import SystemStore
from .system_events import SystemEvents

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
REMIND_EVERY = timedelta(hours=1)
"""How often due phone reminders are looked for (each is sent at most daily)."""
PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.SENSOR,
]


def _restore_engine(
    hass: HomeAssistant, entry: HeatPumpConfigEntry, config: EngineConfig, state: Any
) -> Engine:
    if state is None:
        return Engine(config)
    try:
        if not isinstance(state, dict):
            raise TypeError("not an object")  # noqa: TRY301 - one path for bad state
        return Engine.from_state(state, config)
    except (TypeError, ValueError) as err:
        LOGGER.warning(
            "Saved state of %s not usable, starting anew: %s", entry.title, err
        )
    _raise_state_reset(hass, entry)
    return Engine(config)


def _raise_state_reset(hass: HomeAssistant, entry: HeatPumpConfigEntry) -> None:
    # Shown until the next restart: what was learned is gone, nothing to fix.
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"{entry.entry_id}_state_reset",
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="state_reset",
        translation_placeholders={"system": entry.title},
    )


async def async_setup_entry(hass: HomeAssistant, entry: HeatPumpConfigEntry) -> bool:
    """Set up one heat pump system from a config entry."""
    store = SystemStore(hass, entry.entry_id)
    saved = await store.async_load() or {}
    if store.unreadable:
        _raise_state_reset(hass, entry)
    config = EngineConfig(timezone=dt_util.get_default_time_zone()).with_options(
        entry.options
    )
    engine = _restore_engine(hass, entry, config, saved.get("engine"))
    source = build_source(hass, entry, saved.get("source"))
    phone = PhoneNotifier(
        hass,
        entry.entry_id,
        [
            name
            for name in entry.options.get(CONF_NOTIFY_SERVICES) or []
            if isinstance(name, str)
        ],
        saved.get("notifications"),
    )
    issues = FindingIssues(hass, entry, phone)
    coordinator = HeatPumpCoordinator(
        hass,
        entry,
        source=source,
        engine=engine,
        store=store,
        issues=issues,
        events=SystemEvents(hass, entry),
        service_log=visits_from_state(saved.get("service_log")),
    )
    issues.update(engine.active_findings)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = HeatPumpRuntimeData(coordinator=coordinator)
    await async_register_devices(hass, entry, source)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    options = dict(entry.options)

    async def _async_entry_updated(
        hass: HomeAssistant, entry: HeatPumpConfigEntry
    ) -> None:
        # Sources rewrite their data (a rotated refresh token) while running; only
        # new engine options need a reload.
        if dict(entry.options) != options:
            await hass.config_entries.async_reload(entry.entry_id)

    entry.async_on_unload(entry.add_update_listener(_async_entry_updated))

    async def _async_remind(_now: datetime) -> None:
        await coordinator.async_remind()

    entry.async_on_unload(async_track_time_interval(hass, _async_remind, REMIND_EVERY))

    async def _async_phone_action(event: Event) -> None:
        parsed = parse_action(str(event.data.get("action", "")))
        if parsed is None or parsed[1] != entry.entry_id:
            return
        action, _, kind = parsed
        finding = coordinator.active_finding(kind)
        if finding is None:
            return  # cleared meanwhile
        if action == ACKNOWLEDGE:
            coordinator.acknowledge(finding)
        else:
            coordinator.snooze(finding, SNOOZE)

    entry.async_on_unload(hass.bus.async_listen(ACTION_EVENT, _async_phone_action))
    return True


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions."""
    async_register_services(hass)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: HeatPumpConfigEntry) -> bool:
    """Unload a system, saving its state first."""
    coordinator = entry.runtime_data.coordinator
    if unloaded := await hass.config_entries.async_unload_platforms(entry, PLATFORMS):
        await coordinator.async_save_now()
        coordinator.issues.withdraw(coordinator.engine.active_findings)
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: HeatPumpConfigEntry) -> None:
    """Delete the persisted state of a removed system."""
    await SystemStore(hass, entry.entry_id).async_remove()
