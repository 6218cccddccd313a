"""The technician report: one Markdown document with what a technician needs.

The system and its equipment, the active and past findings with their evidence, the
runtime, compressor starts and defrosts of the last 30 days, the learned figures and
the service log. It holds no credentials, serial numbers or location.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Final

from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import TemperatureConverter

from .const import DOMAIN
from .engine.findings import Finding
from .evidence import evidence_placeholders, evidence_summary, format_duration
from .sources.combined import CombinedSource

if TYPE_CHECKING:
    from .coordinator import HeatPumpCoordinator

REPORT_DAYS: Final = 30


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f}"


def _equipment(coordinator: HeatPumpCoordinator) -> list[str]:
    """Return the equipment lines: one device, or the thermostat and its heat pump."""
    source = coordinator.source
    devices = [("Equipment read through", source.device)]
    if isinstance(source, CombinedSource):
        devices = [
            ("Thermostat", source.device),
            ("Heat pump", source.heat_pump_device),
        ]
    return [
        f"- {label}: {device.manufacturer} {device.model}"
        + (f" (firmware {device.sw_version})" if device.sw_version else "")
        for label, device in devices
    ]


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return dt_util.as_local(moment).strftime("%Y-%m-%d %H:%M")


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


class _Names:
    """Finding kind names in the user's language."""

    def __init__(self, strings: Mapping[str, str]) -> None:
        self._strings = strings

    def __call__(self, finding: Finding) -> str:
        key = f"component.{DOMAIN}.selector.finding_kind.options.{finding.kind.value}"
        return self._strings.get(key, finding.kind.value)


def _temperature(hass: HomeAssistant, celsius: float | None) -> str:
    if celsius is None:
        return "not learned yet"
    unit = hass.config.units.temperature_unit
    value = TemperatureConverter.convert(celsius, UnitOfTemperature.CELSIUS, unit)
    return f"{value:.1f} {unit}"


def _active(
    hass: HomeAssistant, findings: Iterable[Finding], name: _Names
) -> list[str]:
    lines = ["## Active findings", ""]
    found = False
    for finding in findings:
        found = True
        lines += [
            f"### {name(finding)} ({finding.severity.value})",
            "",
            f"- Since {_when(finding.start)}, reported {_when(finding.detected_at)}",
        ]
        lines += [
            f"- {key.replace('_', ' ')}: {value}"
            for key, value in evidence_placeholders(hass, finding.evidence).items()
        ]
        lines.append("")
    if not found:
        lines += ["None.", ""]
    return lines


def _past(hass: HomeAssistant, findings: Iterable[Finding], name: _Names) -> list[str]:
    rows = [
        f"| {name(f)} | {f.severity.value} | {_when(f.start)} | {_when(f.cleared_at)} "
        f"| {_cell(evidence_summary(hass, f.evidence))} |"
        for f in reversed(tuple(findings))
    ]
    if not rows:
        return ["## Past findings", "", "None recorded.", ""]
    return [
        "## Past findings (newest first)",
        "",
        "| finding | severity | since | cleared | evidence |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
    ]


def _days(coordinator: HeatPumpCoordinator) -> list[str]:
    days = coordinator.engine.daily_history[-REPORT_DAYS:]
    if not days:
        return ["## Last 30 days", "", "No finished day recorded yet.", ""]
    rows = [
        f"| {d.day.isoformat()} | {_hours(d.runtime.comp_heat_s)} "
        f"| {_hours(d.runtime.comp_cool_s)} | {_hours(d.runtime.aux_heat_s)} "
        f"| {_hours(d.runtime.fan_s)} | {d.cycles} | {d.defrosts} |"
        for d in days
    ]
    total = (
        f"| **total** | {_hours(sum(d.runtime.comp_heat_s for d in days))} "
        f"| {_hours(sum(d.runtime.comp_cool_s for d in days))} "
        f"| {_hours(sum(d.runtime.aux_heat_s for d in days))} "
        f"| {_hours(sum(d.runtime.fan_s for d in days))} "
        f"| {sum(d.cycles for d in days)} | {sum(d.defrosts for d in days)} |"
    )
    return [
        f"## Last {len(days)} days",
        "",
        (
            "| day | compressor heating h | compressor cooling h | backup heat h "
            "| fan h | compressor starts | defrosts |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        total,
        "",
    ]


def _service_log(coordinator: HeatPumpCoordinator) -> list[str]:
    visits = coordinator.service_log
    if not visits:
        return ["## Service log", "", "No visit recorded.", ""]
    rows = [
        f"| {v.day.isoformat()} | {_cell(v.technician)} | {_cell(v.work_done)} "
        f"| {'-' if v.refrigerant_added_kg is None else f'{v.refrigerant_added_kg:g} kg'} "
        f"| {_cell(v.refrigerant_type or '-')} |"
        for v in visits
    ]
    return [
        "## Service log",
        "",
        "| date | technician | work done | refrigerant added | refrigerant |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
    ]


async def async_build_report(
    coordinator: HeatPumpCoordinator, *, system_name: str | None = None
) -> str:
    """Return the technician report of one system as Markdown.

    ``system_name`` replaces the entry's title (diagnostics redact it).
    """
    hass = coordinator.hass
    strings = await async_get_translations(
        hass, hass.config.language, "selector", [DOMAIN]
    )
    name = _Names(strings)
    engine = coordinator.engine
    status = engine.status
    per_degree_day = status.heating_s_per_degree_day
    lines = [
        f"# Technician report: {system_name or coordinator.config_entry.title}",
        "",
        f"Generated {_when(dt_util.utcnow())} by Heat Pump Monitor.",
        "",
        "## System",
        "",
        *_equipment(coordinator),
        f"- Last reading: {_when(status.time)}",
        f"- Balance point (learned): {_temperature(hass, status.balance_point_c)}",
        "- Heating runtime per degree-day (learned): "
        + (
            "not learned yet"
            if per_degree_day is None
            else f"{per_degree_day / 3600:.2f} h per °C·day"
        ),
        (
            "- Compressor heating / cooling / backup heat runtime since monitoring "
            f"began: {format_duration(status.lifetime.comp_heat_s)} / "
            f"{format_duration(status.lifetime.comp_cool_s)} / "
            f"{format_duration(status.lifetime.aux_heat_s)}"
        ),
        (
            "- Compressor starts / defrosts since monitoring began: "
            f"{status.cycles_lifetime} / {status.defrosts_lifetime}"
        ),
        (
            "- Blower runtime since the last filter change: "
            f"{format_duration(status.filter_runtime_s)}"
        ),
        "",
        *_active(hass, engine.active_findings, name),
        *_past(hass, engine.past_findings, name),
        *_days(coordinator),
        *_service_log(coordinator),
        "Refrigerant work is for licensed technicians only.",
    ]
    return "\n".join(lines) + "\n"
