"""Device triggers: a system's defrosts and findings, for automations built in the UI.

Each trigger listens to the ``heat_pump_monitor_event`` bus events of its device; the
finding triggers can be narrowed to one finding kind.
"""

from __future__ import annotations

from typing import Any, Final

from homeassistant.components.device_automation import DEVICE_TRIGGER_BASE_SCHEMA
from homeassistant.components.homeassistant.triggers import event as event_trigger
from homeassistant.const import (
    CONF_DEVICE_ID,
    CONF_DOMAIN,
    CONF_EVENT,
    CONF_EVENT_DATA,
    CONF_PLATFORM,
    CONF_TYPE,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
from homeassistant.helpers.typing import ConfigType
import voluptuous as vol

from .const import DOMAIN
from .devices import is_system_device
from .engine.events import EventType
from .engine.findings import FindingKind
from .system_events import BUS_EVENT, EVENT_TYPES

CONF_KIND: Final = "kind"
FINDING_TRIGGERS: Final = frozenset(
    {EventType.FINDING_RAISED.value, EventType.FINDING_CLEARED.value}
)
_KINDS: Final = [kind.value for kind in FindingKind]

TRIGGER_SCHEMA = DEVICE_TRIGGER_BASE_SCHEMA.extend(
    {
        vol.Required(CONF_TYPE): vol.In(EVENT_TYPES),
        vol.Optional(CONF_KIND): vol.In(_KINDS),
    }
)


async def async_get_triggers(
    hass: HomeAssistant, device_id: str
) -> list[dict[str, str]]:
    """Every event type of a heat pump system's device (not of its thermostat's)."""
    device = dr.async_get(hass).async_get(device_id)
    if isinstance(device, dr.DeviceEntry) and not is_system_device(device):
        return []
    return [
        {
            CONF_PLATFORM: "device",
            CONF_DOMAIN: DOMAIN,
            CONF_DEVICE_ID: device_id,
            CONF_TYPE: trigger_type,
        }
        for trigger_type in EVENT_TYPES
    ]


async def async_get_trigger_capabilities(
    hass: HomeAssistant, config: ConfigType
) -> dict[str, vol.Schema]:
    """Let finding triggers name one finding kind."""
    if config[CONF_TYPE] not in FINDING_TRIGGERS:
        return {}
    return {"extra_fields": vol.Schema({vol.Optional(CONF_KIND): vol.In(_KINDS)})}


async def async_attach_trigger(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Listen for the device's bus events of the trigger's type (and kind)."""
    event_data: dict[str, Any] = {
        CONF_DEVICE_ID: config[CONF_DEVICE_ID],
        CONF_TYPE: config[CONF_TYPE],
    }
    if CONF_KIND in config:
        event_data[CONF_KIND] = config[CONF_KIND]
    event_config = event_trigger.TRIGGER_SCHEMA(
        {
            CONF_PLATFORM: CONF_EVENT,
            event_trigger.CONF_EVENT_TYPE: BUS_EVENT,
            CONF_EVENT_DATA: event_data,
        }
    )
    return await event_trigger.async_attach_trigger(
        hass, event_config, action, trigger_info, platform_type="device"
    )
