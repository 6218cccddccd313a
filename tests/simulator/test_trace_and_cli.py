"""Traces written by the simulator read back through the engine; the command line."""

from __future__ import annotations

from datetime import timedelta
import json
import os
from pathlib import Path
import runpy
import subprocess
import sys

import pytest

from custom_components.heat_pump_monitor.engine.sample import HvacMode
from custom_components.heat_pump_monitor.engine.trace import TraceReader
from custom_components.heat_pump_monitor.simulator import (
    FaultKind,
    Simulation,
    labels_path,
    write_scenario,
)
from custom_components.heat_pump_monitor.simulator.cli import main

from .support import FAULT_AT, winter

REPO = Path(__file__).parent.parent.parent


def test_write_scenario_reads_back(tmp_path: Path) -> None:
    config = winter(FaultKind.DEFROST_STUCK)
    trace = tmp_path / "stuck.csv"
    rows = write_scenario(trace, config, timedelta(hours=12))
    assert rows == 720
    with trace.open(encoding="utf-8") as stream:
        reader = TraceReader(stream)
        samples = list(reader)
    assert reader.stats.rejected == {}
    assert reader.stats.unknown_values == {}
    expected = list(Simulation(config).run(timedelta(hours=12)))
    assert len(samples) == rows
    assert [s.time for s in samples] == [s.time for s in expected]
    for read, made in zip(samples, expected, strict=True):
        assert read.comp_heat_s == made.comp_heat_s
        assert read.defrost_s == made.defrost_s
        assert read.hvac_mode is HvacMode.HEAT
        assert read.indoor_temp_c == pytest.approx(made.indoor_temp_c)
        assert read.error_code is None
    labels = json.loads((tmp_path / "stuck.labels.json").read_text(encoding="utf-8"))
    assert labels["healthy"] is False
    assert labels["faults"][0]["kind"] == "defrost_stuck"
    assert labels["defrosts"]


def test_offline_and_error_rows_read_back(tmp_path: Path) -> None:
    trace = tmp_path / "offline.csv"
    config = winter(FaultKind.OFFLINE, end=FAULT_AT + timedelta(hours=1))
    write_scenario(trace, config, timedelta(hours=4))
    with trace.open(encoding="utf-8") as stream:
        samples = list(TraceReader(stream))
    offline = [s for s in samples if not s.online]
    assert len(offline) == 60
    assert all(s.indoor_temp_c is None and s.comp_heat_s is None for s in offline)
    coded = tmp_path / "coded"
    write_scenario(coded, winter(FaultKind.REFRIGERANT_ERROR_CODE), timedelta(hours=3))
    assert labels_path(coded) == tmp_path / "coded.labels.json"
    with coded.open(encoding="utf-8") as stream:
        assert {s.error_code for s in TraceReader(stream)} == {None, "U2"}


def test_cli_writes_trace_and_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "trace.csv"
    status = main(
        [
            "--climate",
            "cold",
            "--fault",
            "defrost_stuck",
            "--fault-start-h",
            "2",
            "--fault-end-h",
            "5",
            "--days",
            "0.5",
            "--seed",
            "1",
            "--start",
            "2026-01-10T00:00:00Z",
            "--interval",
            "300",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    printed = capsys.readouterr().out.strip().splitlines()
    labels = json.loads((tmp_path / "trace.labels.json").read_text(encoding="utf-8"))
    assert len(printed) == 1
    assert printed[0].startswith(f"144 rows written to {out}, ")
    assert f"{len(labels['defrosts'])} true defrosts" in printed[0]
    assert labels["faults"] == [
        {
            "kind": "defrost_stuck",
            "fault": "defrost_stuck",
            "start": "2026-01-10T02:00:00Z",
            "end": "2026-01-10T05:00:00Z",
        }
    ]
    assert out.read_text(encoding="utf-8").startswith("time,interval_s,")


def test_cli_pairs_fault_times_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "two.csv"
    argv = ["--out", str(out), "--days", "0.25", "--mode", "emergency_heat"]
    argv += ["--fault", "offline", "--fault", "aux_stuck_on"]
    argv += ["--fault-start-h", "1", "--fault-start-h", "2", "--defrost-interval", "30"]
    assert main(argv) == 0
    capsys.readouterr()
    labels = json.loads((tmp_path / "two.labels.json").read_text(encoding="utf-8"))
    assert [(f["fault"], f["start"], f["end"]) for f in labels["faults"]] == [
        ("offline", "2026-01-10T01:00:00Z", None),
        ("aux_stuck_on", "2026-01-10T02:00:00Z", None),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--start", "yesterday"], "ISO 8601"),
        (["--days", "0"], "--days"),
        (["--interval", "25"], "--interval"),
        (["--heat-setpoint", "nan"], "heat_setpoint_c"),
        (["--fault-start-h", "1"], "need a --fault"),
        (
            ["--fault", "offline", "--fault", "low_charge"]
            + ["--fault-start-h", "1"] * 3,
            "once per --fault",
        ),
        (
            ["--fault", "offline", "--fault-start-h", "3", "--fault-end-h", "2"],
            "before",
        ),
        (["--climate", "tropical"], "invalid choice"),
    ],
)
def test_cli_rejects_bad_arguments(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--out", str(tmp_path / "x.csv"), *argv])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_cli_reports_an_unwritable_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--out", str(tmp_path / "missing" / "x.csv"), "--days", "0.01"])
    assert exited.value.code == 1
    assert "cannot write" in capsys.readouterr().err


def test_module_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.csv"
    monkeypatch.setattr(sys, "argv", ["simulator", "--days", "0.01", "--out", str(out)])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module(
            "custom_components.heat_pump_monitor.simulator", run_name="__main__"
        )
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("14 rows written")


def test_scripts_simulate(tmp_path: Path) -> None:
    env = os.environ | {"HPM_INTERPRETER": sys.executable}
    done = subprocess.run(
        [REPO / "scripts" / "simulate", "--days", "0.05", "--out", "rel.csv"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("72 rows written to rel.csv")
    assert (tmp_path / "rel.csv").exists()
    assert (tmp_path / "rel.labels.json").exists()
