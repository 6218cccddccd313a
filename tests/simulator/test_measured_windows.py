"""Targets measured in a trace: compressor lockout, frost runtime, days with cooling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from custom_components.heat_pump_monitor.engine.config import EngineConfig
from custom_components.heat_pump_monitor.simulator.evaluation.measured import (
    compressor_ready_s,
    cooling_day_ends,
    frost_window_s,
)

START = datetime(2026, 1, 10, tzinfo=UTC)
HEADER = (
    "time,interval_s,comp_heat_s,comp_cool_s,outdoor_temp_c,outdoor_rh,outdoor_unit_w"
)


@dataclass(frozen=True)
class Fault:
    start: datetime
    end: datetime | None = None


def write(path: Path, rows: list[tuple[float, float, float, float, str, str]]) -> Path:
    """Rows of 10 minutes: (heat s, cool s, outdoor °C, rh, outdoor W, interval s)."""
    lines = [HEADER]
    for index, (heat, cool, outdoor, rh, watts, interval) in enumerate(rows):
        when = START + timedelta(minutes=10 * index)
        lines.append(
            f"{when.isoformat()},{interval},{heat},{cool},{outdoor},{rh},{watts}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_compressor_ready_waits_for_the_lockout_to_lift(tmp_path: Path) -> None:
    """Rows below the lockout do not count; a fault that never sees one gets None."""
    rows = [(0, 0, -30, 0.8, "0", "600")] * 3 + [(600, 0, -20, 0.8, "3000", "600")]
    path = write(tmp_path / "t.csv", rows)
    early = Fault(START)
    late = Fault(START + timedelta(minutes=10), end=START + timedelta(minutes=25))
    assert compressor_ready_s(path, [early, late], -25.0) == (1800.0, None)


def test_frost_window_counts_runtime_like_the_detector(tmp_path: Path) -> None:
    """In-band runtime counts fully, dry air at half, a warm spell starts over."""
    config = EngineConfig(defrost_missing_runtime_s=1800.0)
    frosty = (600, 0, 0.0, 0.9, "3000", "600")
    dry = (600, 0, 0.0, 0.3, "3000", "600")
    warm = (600, 0, 12.0, 0.9, "3000", "600")
    not_running = (600, 0, 0.0, 0.9, "50", "600")
    rows = [frosty, frosty, warm, dry, dry, not_running, frosty, frosty]
    path = write(tmp_path / "t.csv", rows)
    # The warm row starts over; then 300 + 300 (dry) + 0 (not running) + 600 + 600.
    assert frost_window_s(path, [Fault(START)], config) == (8 * 600.0,)
    short = Fault(START, end=START + timedelta(minutes=30))
    assert frost_window_s(path, [short], config) == (None,)


def test_cooling_days_need_steady_runs(tmp_path: Path) -> None:
    """Only cooling 10 min or more into a run counts toward a day's 15 minutes."""
    run = [(0, 600, 30.0, 0.5, "3000", "600")] * 4  # 40 min: 30 min steady
    short = [(0, 600, 30.0, 0.5, "3000", "600"), (0, 0, 30.0, 0.5, "0", "600")] * 2
    path = write(tmp_path / "t.csv", short + run)
    ends = cooling_day_ends(path, [Fault(START + timedelta(hours=1))], EngineConfig())
    assert ends == (((timedelta(days=1) - timedelta(hours=1)).total_seconds(),),)
    later = Fault(START + timedelta(days=1))
    assert cooling_day_ends(path, [later], EngineConfig()) == ((),)


SPLIT_HEADER = (
    "time,interval_s,comp_heat_s,aux_heat_s,defrost_s,outdoor_temp_c,outdoor_rh,"
    "outdoor_unit_w,supply_temp_c,return_temp_c"
)


def write_splits(path: Path, splits: list[float], defrost_every: int = 0) -> Path:
    """Rows of 10 minutes of steady heating at -2 °C with the given split."""
    lines = [SPLIT_HEADER]
    for index, split in enumerate(splits):
        when = START + timedelta(minutes=10 * index)
        defrost = 60 if defrost_every and index % defrost_every == 0 else 0
        lines.append(
            f"{when.isoformat()},600,600,0,{defrost},-2.0,0.9,3000,{20.0 + split},20.0"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_frost_window_waits_for_the_heat_to_fall(tmp_path: Path) -> None:
    """The runtime alone is not the window: the split must fall 25 % as well."""
    config = EngineConfig(defrost_missing_runtime_s=3600.0)
    lead = [12.0] * 36  # six healthy hours: the clean coil's split
    steady = [12.0] * 12  # two hours of runtime, heat still fine
    icing = [6.0] * 24  # then ice: the split halves
    path = write_splits(tmp_path / "t.csv", lead + steady + icing)
    fault = Fault(START + timedelta(hours=6))
    (window,) = frost_window_s(path, [fault], config)
    assert window is not None
    # The smoothed split needs a few samples below 9 K after the fall at 2 h.
    assert 2 * 3600.0 < window < 3 * 3600.0
    never = write_splits(tmp_path / "n.csv", lead + steady * 3)
    assert frost_window_s(never, [fault], config) == (None,)


def test_frost_window_needs_a_clean_split_at_that_temperature(
    tmp_path: Path,
) -> None:
    """Without a split learned before the fault, a fall cannot be read."""
    config = EngineConfig(defrost_missing_runtime_s=3600.0)
    path = write_splits(tmp_path / "t.csv", [12.0] * 12 + [6.0] * 24)
    assert frost_window_s(path, [Fault(START)], config) == (None,)
