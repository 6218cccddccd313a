"""The demo plant's config entry: imported from YAML, or added with the defaults."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from .const import DEVICE_NAME, DOMAIN


class DemoPlantFlow(ConfigFlow, domain=DOMAIN):
    """One plant per Home Assistant: its unique id is the domain."""

    VERSION = 1

    async def async_step_import(self, import_data: dict[str, Any]) -> ConfigFlowResult:
        """Create the entry from YAML, or bring an existing one up to date."""
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured(updates=import_data)
        return self.async_create_entry(title=DEVICE_NAME, data=import_data)

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add the plant with its default settings."""
        return await self.async_step_import({})
