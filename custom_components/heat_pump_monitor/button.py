"""Buttons: reset the filter runtime after changing the air filter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .entity import HeatPumpEntity, HeatPumpEntityDescription

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class HeatPumpButtonDescription(ButtonEntityDescription, HeatPumpEntityDescription):
    """A button that acts on the system's engine."""

    press_fn: Callable[[HeatPumpCoordinator], Awaitable[None]]


BUTTONS: tuple[HeatPumpButtonDescription, ...] = (
    HeatPumpButtonDescription(
        key="reset_filter",
        translation_key="reset_filter",
        entity_category=EntityCategory.CONFIG,
        available_offline=True,
        press_fn=lambda coordinator: coordinator.async_reset_filter(),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons of a system."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        HeatPumpButton(coordinator, description) for description in BUTTONS
    )


class HeatPumpButton(HeatPumpEntity, ButtonEntity):
    """A button of the heat pump device."""

    entity_description: HeatPumpButtonDescription

    async def async_press(self) -> None:
        """Act on the engine."""
        await self.entity_description.press_fn(self.coordinator)
