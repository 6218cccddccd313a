"""Which entities fit each role of a bridge system, and which to suggest.

Shared by the config flow and the missing-entity fix flow: the entity selector of a
role (filtered by domain and device class), the check of a picked entity (it exists,
its unit converts), and the suggestions among the climate entity's device.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import EntitySelector, EntitySelectorConfig
from homeassistant.util.unit_conversion import PowerConverter, TemperatureConverter

from .const import BridgeEntity


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    """What entities fit one role and which names suggest one."""

    domains: tuple[str, ...]
    device_class: str | None = None
    keywords: tuple[str, ...] = ()
    """Words of an entity id or name that suggest it (empty: any fitting entity)."""
    excluded: tuple[str, ...] = ()
    units: frozenset[str | None] | None = None
    """Units the value converts from; None: any."""


_TEMPERATURE_UNITS: Final = frozenset(TemperatureConverter.VALID_UNITS)
_POWER_UNITS: Final = frozenset(PowerConverter.VALID_UNITS)

ROLES: Final = {
    BridgeEntity.CLIMATE: Role(domains=("climate",)),
    BridgeEntity.OUTDOOR_TEMP: Role(
        domains=("sensor",),
        device_class="temperature",
        keywords=("outdoor", "outside", "ambient"),
        units=_TEMPERATURE_UNITS,
    ),
    BridgeEntity.SUPPLY_TEMP: Role(
        domains=("sensor",),
        device_class="temperature",
        keywords=("supply", "discharge", "leaving"),
        units=_TEMPERATURE_UNITS,
    ),
    BridgeEntity.RETURN_TEMP: Role(
        domains=("sensor",),
        device_class="temperature",
        keywords=("return", "intake", "entering"),
        units=_TEMPERATURE_UNITS,
    ),
    BridgeEntity.OUTDOOR_POWER: Role(
        domains=("sensor",),
        device_class="power",
        keywords=("outdoor",),
        units=_POWER_UNITS,
    ),
    BridgeEntity.INDOOR_POWER: Role(
        domains=("sensor",),
        device_class="power",
        keywords=("indoor", "air_handler", "air handler"),
        units=_POWER_UNITS,
    ),
    BridgeEntity.TOTAL_POWER: Role(
        domains=("sensor",),
        device_class="power",
        keywords=("power",),
        excluded=("outdoor", "indoor", "air_handler", "air handler"),
        units=_POWER_UNITS,
    ),
    BridgeEntity.DEFROST: Role(
        domains=("binary_sensor", "sensor"),
        keywords=("defrost", "sub_mode", "sub mode"),
    ),
    BridgeEntity.COMPRESSOR_FREQUENCY: Role(
        domains=("sensor",), device_class="frequency"
    ),
    BridgeEntity.ERROR_CODE: Role(
        domains=("sensor",), keywords=("error", "fault", "alarm")
    ),
}
OPTIONAL: Final = tuple(
    role for role in BridgeEntity if role is not BridgeEntity.CLIMATE
)


def selector(role: BridgeEntity) -> EntitySelector:
    """Return the entity selector of ``role``, filtered by domain and device class."""
    spec = ROLES[role]
    # Literal filters: the filter's TypedDict has another name in each HA version.
    if spec.device_class is None:
        return EntitySelector(
            EntitySelectorConfig(filter=[{"domain": domain} for domain in spec.domains])
        )
    return EntitySelector(
        EntitySelectorConfig(
            filter=[
                {"domain": domain, "device_class": spec.device_class}
                for domain in spec.domains
            ]
        )
    )


def entity_error(hass: HomeAssistant, role: BridgeEntity, entity_id: str) -> str | None:
    """Return why ``entity_id`` cannot serve as ``role`` (a form error), or None."""
    spec = ROLES[role]
    if entity_id.split(".", 1)[0] not in spec.domains:
        return "wrong_domain"
    state = hass.states.get(entity_id)
    if state is None and er.async_get(hass).async_get(entity_id) is None:
        return "entity_not_found"
    if state is None or spec.units is None:
        return None
    unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    # Only an entity that states a unit can be judged; one still unavailable cannot.
    if ATTR_UNIT_OF_MEASUREMENT in state.attributes and unit not in spec.units:
        return "unsupported_unit"
    return None


def registry_id(hass: HomeAssistant, entity_id: str) -> str:
    """Return the entity's registry id (it survives renames), else its entity id."""
    entry = er.async_get(hass).async_get(entity_id)
    return entry.id if entry is not None else entity_id


def _device_class(hass: HomeAssistant, entry: er.RegistryEntry) -> str | None:
    if entry.device_class or entry.original_device_class:
        return entry.device_class or entry.original_device_class
    state = hass.states.get(entry.entity_id)
    value = None if state is None else state.attributes.get(ATTR_DEVICE_CLASS)
    return value if isinstance(value, str) else None


def _fits(hass: HomeAssistant, role: Role, entry: er.RegistryEntry) -> bool:
    if entry.domain not in role.domains or entry.disabled_by is not None:
        return False
    if (
        role.device_class is not None
        and _device_class(hass, entry) != role.device_class
    ):
        return False
    words = " ".join(
        (entry.entity_id, entry.original_name or "", entry.name or "")
    ).lower()
    if any(word in words for word in role.excluded):
        return False
    return not role.keywords or any(word in words for word in role.keywords)


def suggestions(hass: HomeAssistant, climate_entity_id: str) -> dict[BridgeEntity, str]:
    """Return, per optional role, the one fitting entity of the climate's device."""
    registry = er.async_get(hass)
    climate = registry.async_get(climate_entity_id)
    if climate is None or climate.device_id is None:
        return {}
    siblings = er.async_entries_for_device(registry, climate.device_id)
    found: dict[BridgeEntity, str] = {}
    for role in OPTIONAL:
        fitting = [
            entry.entity_id for entry in siblings if _fits(hass, ROLES[role], entry)
        ]
        if len(fitting) == 1:
            found[role] = fitting[0]
    if BridgeEntity.OUTDOOR_POWER in found:
        found.pop(BridgeEntity.TOTAL_POWER, None)  # one or the other, not both
    return found


def picks(user_input: Mapping[str, object]) -> dict[BridgeEntity, str]:
    """Return the optional entities a form chose, by role."""
    return {
        role: value
        for role in OPTIONAL
        if isinstance(value := user_input.get(role.value), str) and value
    }
