"""Replay of trace files: the library function and the command line."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
import subprocess
import sys

import pytest

from custom_components.heat_pump_monitor.engine import EngineConfig
from custom_components.heat_pump_monitor.engine.replay import main, replay

REPO = Path(__file__).resolve().parents[2]

HEADER = "time,interval_s,hvac_mode,comp_heat_s,comp_cool_s,aux_heat_s,fan_s,defrost_s,outdoor_temp_c,online\n"


def _rows(minutes: str, start_minute: int = 0) -> str:
    """CSV rows, one per character: 0 off, 1 heating, D defrost (compressor 0), x offline."""
    lines = []
    for index, char in enumerate(minutes):
        minute = start_minute + index
        time = f"2026-01-10T{minute // 60:02d}:{minute % 60:02d}:00Z"
        if char == "x":
            lines.append(f"{time},60,,,,,,,,0\n")
        else:
            heat = 60 if char == "1" else 0
            defrost = 60 if char == "D" else 0
            lines.append(f"{time},60,heat,{heat},0,0,{heat},{defrost},-4.5,1\n")
    return "".join(lines)


STUCK = HEADER + _rows("0111" + "D" * 18 + "000111000")


def test_replay_reports_raise_clear_and_summary() -> None:
    output = list(replay(io.StringIO(STUCK), EngineConfig()))
    raised, cleared, summary = output
    assert raised["type"] == cleared["type"] == "finding"
    assert raised["kind"] == "defrost_stuck"
    assert raised["cleared_at"] is None
    assert raised["detected_at"] == "2026-01-10T00:20:00+00:00"
    assert cleared["cleared_at"] == "2026-01-10T00:23:00+00:00"
    assert cleared["evidence"] == {
        "duration_s": 1080.0,
        "outdoor_temp_c": -4.5,
        "started_at": "2026-01-10T00:04:00+00:00",
    }
    assert summary == {
        "type": "summary",
        "rows": 31,
        "comp_heat_s": 6 * 60.0,
        "comp_cool_s": 0.0,
        "aux_heat_s": 0.0,
        "cycles": 2,
        "defrosts": [
            {
                "start": "2026-01-10T00:04:00+00:00",
                "end": "2026-01-10T00:22:00+00:00",
                "inferred": False,
            }
        ],
        "balance_point_c": None,
        "rejected": {},
        "unknown_values": {},
    }


def test_replay_of_a_damaged_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows("0110" + "x" * 16 + "11DD").splitlines(keepends=True)
    rows[2] = "not a time,60,heat,60,0,0,60,0,-4.5,1\n"
    rows[5] = rows[4]  # duplicate time
    rows[3] = rows[3].replace(",60,heat,", ",-5,heat,")  # bad interval
    rows[20] = rows[20].replace(",60,heat,60,", ",,heat,nan,")  # interval from next row
    rows.insert(12, "2026-01-10T00:01:00Z,60,heat,60,0,0,60,0,-4.5,1\n")  # backwards
    rows.append(
        "2026-01-10T00:30:00Z,60,heat,99,0,0,60,\u0000,-4.5,1\n"
    )  # out of range
    rows.append("garbage line without commas\n")
    trace = tmp_path / "damaged.csv"
    trace.write_text(HEADER + "".join(rows) + "2026-01-10T00:40", encoding="utf-8")
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"offline_after_s": 600, "timezone": "Europe/Berlin"}))
    assert main([str(trace), "--config", str(config)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    kinds = [
        (line["type"], line.get("kind"), line.get("cleared_at") is None)
        for line in lines
    ]
    assert kinds == [
        ("finding", "offline", True),
        ("finding", "offline", False),
        ("summary", None, True),
    ]
    summary = lines[-1]
    assert summary["rejected"] == {
        "bad_interval": 2,
        "bad_time": 2,
        "duplicate_time": 1,
        "time_backwards": 1,
    }
    assert summary["unknown_values"] == {"comp_heat_s": 2, "defrost_s": 1}
    assert summary["defrosts"] == [
        {
            "start": "2026-01-10T00:22:00+00:00",
            "end": "2026-01-10T00:24:00+00:00",
            "inferred": False,
        }
    ]


def test_cli_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
    trace = tmp_path / "trace.csv"
    trace.write_text(STUCK)
    bad_configs = {
        "missing.json": None,
        "broken.json": "{",
        "list.json": "[1]",
        "text.json": '{"defrost_stuck_s": "long"}',
        "zero.json": '{"short_cycle_min_starts": 0}',
        "fraction.json": '{"short_cycle_days": 2.5}',
        "zone.json": '{"timezone": "Mars/Olympus"}',
        "zone_folder.json": '{"timezone": "America"}',
        "zone_long.json": json.dumps({"timezone": "x" * 5000}),
    }
    for name, content in bad_configs.items():
        path = tmp_path / name
        if content is not None:
            path.write_text(content)
        assert main([str(trace), "--config", str(path)]) == 2, name
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith("replay: "), name
        assert "Traceback" not in captured.err


def test_script_runs_from_any_directory(tmp_path: Path) -> None:
    (tmp_path / "trace.csv").write_text(STUCK)
    env = {**os.environ, "HPM_INTERPRETER": sys.executable}
    script = str(REPO / "scripts" / "replay")
    result = subprocess.run(
        [script, "trace.csv"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["type"] for line in lines] == ["finding", "finding", "summary"]
    missing = subprocess.run(
        [script, "nope.csv"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert "nope.csv" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_damaged_options_keep_their_defaults() -> None:
    """Options that are not numbers of their kind leave the threshold as it was."""
    config = EngineConfig().with_options(
        {
            "capacity_days": "3",
            "defrost_stuck_s": float("nan"),
            "split_days": 2.5,
            "aux_outdoor_c": -2,
            "short_cycle_min_starts": 8,
            "unknown": 1,
        }
    )
    defaults = EngineConfig()
    assert config.capacity_days == defaults.capacity_days
    assert config.defrost_stuck_s == defaults.defrost_stuck_s
    assert config.split_days == defaults.split_days
    assert config.aux_outdoor_c == -2.0
    assert config.short_cycle_min_starts == 8
