"""Load probe: many simulated heat pump systems in one Home Assistant, measured from inside.

Loaded by ``scripts/bench-load`` (never installed for users). Once Home Assistant has
started it adds ``systems`` simulated systems through Heat Pump Monitor's real config
flow, all at ``speed`` (so they poll once a second, the fastest the simulated source
allows), then measures until the first system's simulation has run ``hours``:

- event-loop lag: how late a callback scheduled every ``TICK_S`` runs;
- CPU per poll: the process's CPU time over the polls the coordinators made;
- resident memory at every simulated hour.

Everything before ``warmup_hours`` of simulated time is discarded. The figures are
written as JSON to ``output`` and Home Assistant is stopped.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
import json
import os
from pathlib import Path
import time
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import Event, HomeAssistant
import homeassistant.helpers.config_validation as cv
from homeassistant.helpers.typing import ConfigType
import voluptuous as vol

if TYPE_CHECKING:
    from custom_components.heat_pump_monitor.coordinator import HeatPumpCoordinator

DOMAIN = "hpm_load_probe"
MONITOR = "heat_pump_monitor"
TICK_S = 0.01
CLIMATES = ("mild", "cold", "very_cold")
CONFIG_SCHEMA = vol.Schema(
    {
        DOMAIN: vol.Schema(
            {
                vol.Required("systems"): cv.positive_int,
                vol.Required("speed"): vol.Coerce(float),
                vol.Required("hours"): vol.Coerce(float),
                vol.Required("warmup_hours"): vol.Coerce(float),
                vol.Required("output"): cv.string,
            }
        )
    },
    extra=vol.ALLOW_EXTRA,
)


@dataclass
class Figures:
    """What the probe measured (seconds, bytes)."""

    systems: int
    speed: float
    setup_s: float = 0.0
    measured_s: float = 0.0
    simulated_h: float = 0.0
    polls: int = 0
    cpu_s: float = 0.0
    lags_s: list[float] = field(default_factory=list)
    rss_by_hour: list[tuple[float, int]] = field(default_factory=list)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Start measuring once Home Assistant has started."""
    conf = config[DOMAIN]

    async def _started(_event: Event) -> None:
        hass.async_create_background_task(_run(hass, conf), "hpm load probe")

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STARTED, _started)
    return True


async def _add_system(hass: HomeAssistant, index: int, speed: float) -> str:
    """Add one simulated system through the config flow; return its entry id."""
    result: Any = await hass.config_entries.flow.async_init(
        MONITOR, context={"source": "user"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "simulated"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "name": f"Load {index + 1}",
            "climate": CLIMATES[index % len(CLIMATES)],
            "scenario": "none",
            "fault_start_h": 1.0,
            "speed": speed,
        },
    )
    if result.get("type") != "create_entry":
        raise RuntimeError(f"config flow refused system {index + 1}: {result}")
    return str(result["result"].entry_id)


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def _wait_loaded(hass: HomeAssistant, entry_ids: list[str]) -> list[ConfigEntry]:
    while True:
        entries = [hass.config_entries.async_get_entry(item) for item in entry_ids]
        if all(e is not None and e.state is ConfigEntryState.LOADED for e in entries):
            return [e for e in entries if e is not None]
        await asyncio.sleep(0.1)


async def _run(hass: HomeAssistant, conf: dict[str, Any]) -> None:
    figures = Figures(systems=conf["systems"], speed=conf["speed"])
    began = time.monotonic()
    entry_ids = [
        await _add_system(hass, index, conf["speed"])
        for index in range(conf["systems"])
    ]
    entries = await _wait_loaded(hass, entry_ids)
    figures.setup_s = time.monotonic() - began
    coordinators: list[HeatPumpCoordinator] = [
        entry.runtime_data.coordinator for entry in entries
    ]
    clock = coordinators[0].source
    sim_start = clock.now()

    def simulated_h() -> float:
        return (clock.now() - sim_start).total_seconds() / 3600.0

    polls = 0
    polled = asyncio.Event()

    def _polled() -> None:
        nonlocal polls
        polls += 1
        polled.set()

    async def _until(hours: float) -> float:
        """Wait until the first system has simulated ``hours``; return where it is."""
        while (now := simulated_h()) < hours:
            polled.clear()
            await polled.wait()
        return now

    removers = [coordinator.async_add_listener(_polled) for coordinator in coordinators]
    loop = asyncio.get_running_loop()
    lags: list[float] = []
    expected = loop.time() + TICK_S

    def _tick() -> None:
        nonlocal expected
        now = loop.time()
        lags.append(max(0.0, now - expected))
        expected = now + TICK_S
        handle[0] = loop.call_at(expected, _tick)

    handle = [loop.call_at(expected, _tick)]
    hour = await _until(conf["warmup_hours"])
    lags.clear()
    polls = 0
    cpu_began, real_began = time.process_time(), time.monotonic()
    while True:
        rss = await hass.async_add_executor_job(_rss_bytes)
        figures.rss_by_hour.append((round(hour, 2), rss))
        if hour >= conf["hours"]:
            break
        hour = await _until(min(int(hour) + 1.0, conf["hours"]))
    figures.cpu_s = time.process_time() - cpu_began
    figures.measured_s = time.monotonic() - real_began
    figures.simulated_h = simulated_h()
    figures.polls = polls
    handle[0].cancel()
    figures.lags_s = list(lags)
    for remove in removers:
        remove()
    await hass.async_add_executor_job(
        Path(conf["output"]).write_text, json.dumps(asdict(figures)), "utf-8"
    )
    hass.async_create_task(hass.async_stop())
