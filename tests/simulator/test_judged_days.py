"""Days the capacity rule can judge, rebuilt from a trace as the baseline keeps them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from custom_components.heat_pump_monitor.engine.config import EngineConfig
from custom_components.heat_pump_monitor.simulator.evaluation.judged_days import (
    judged_day_ends,
)

START = datetime(2026, 1, 1, tzinfo=UTC)
HEADER = "time,interval_s,hvac_mode,comp_heat_s,comp_cool_s,aux_heat_s,outdoor_temp_c"
HOUR = 3600.0


@dataclass(frozen=True)
class Fault:
    start: datetime
    end: datetime | None = None


def write(path: Path, days: list[tuple[float, float]]) -> Path:
    """Whole days of hourly rows: (daily mean outdoor °C, compressor duty)."""
    lines = [HEADER]
    for day, (outdoor, duty) in enumerate(days):
        for hour in range(24):
            when = START + timedelta(days=day, hours=hour)
            lines.append(f"{when.isoformat()},3600,heat,{duty * 3600},0,0,{outdoor}")
    closing = START + timedelta(days=len(days))
    lines.append(f"{closing.isoformat()},3600,heat,0,0,0,0")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def healthy(outdoor: float) -> tuple[float, float]:
    """Return a day on the reference line: full duty at -1 °C, none at 15 °C."""
    return outdoor, (15.0 - outdoor) / 16.0


def test_only_whole_fault_days_inside_the_reference_count(tmp_path: Path) -> None:
    lead = [healthy(float(t)) for t in (0, 2, 4, 6, 8, 10, 12, 1, 3, 5)]
    fault_days = [
        healthy(6.0),  # judged
        (-12.0, 0.9),  # colder than the reference by far: not judged
        healthy(-1.0),  # within 2 K of the coldest, but at full duty
        healthy(2.0),  # judged
        healthy(14.0),  # within the range, but the expected duty is under 15 %
        healthy(9.0),  # judged
    ]
    path = write(tmp_path / "t.csv", lead + fault_days)
    first_fault_day = START + timedelta(days=len(lead))
    # The fault begins in the morning: its first, partial day does not count.
    fault = Fault(first_fault_day - timedelta(hours=19))
    (ends,) = judged_day_ends(path, [fault], EngineConfig())
    assert ends == (43 * HOUR, 115 * HOUR, 163 * HOUR)
    ended = Fault(fault.start, end=first_fault_day + timedelta(days=4))
    assert judged_day_ends(path, [ended], EngineConfig()) == ((43 * HOUR, 115 * HOUR),)


def test_nothing_is_judged_before_the_reference_is_learned(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", [healthy(float(t)) for t in range(0, 12, 2)])
    assert judged_day_ends(path, [Fault(START)], EngineConfig()) == ((),)
