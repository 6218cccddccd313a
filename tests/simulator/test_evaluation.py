"""The evaluation and bench entry points run end to end on tiny inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from custom_components.heat_pump_monitor.engine.config import EngineConfig
from custom_components.heat_pump_monitor.simulator import (
    FaultKind,
    FaultSpec,
    SimulationConfig,
    write_scenario,
)
from custom_components.heat_pump_monitor.simulator.bench import main as bench_main
from custom_components.heat_pump_monitor.simulator.doc_sections import replace_section
from custom_components.heat_pump_monitor.simulator.evaluation.cli import run_suite
from custom_components.heat_pump_monitor.simulator.evaluation.defrost_match import (
    match_defrosts,
)
from custom_components.heat_pump_monitor.simulator.evaluation.expectations import (
    SECONDARY_SYMPTOMS,
    target_s,
)
from custom_components.heat_pump_monitor.simulator.evaluation.report import render
from custom_components.heat_pump_monitor.simulator.evaluation.scoring import score
from custom_components.heat_pump_monitor.simulator.evaluation.suite import (
    Scenario,
    build_suite,
)
from custom_components.heat_pump_monitor.simulator.evaluation.traces import (
    CACHE_ENV,
    cache_root,
    trace_path,
)

START = datetime(2026, 1, 10, tzinfo=UTC)
OFFLINE_AT = START + timedelta(hours=6)


def tiny_suite() -> list[Scenario]:
    faulty = SimulationConfig(
        start=START,
        faults=(
            FaultSpec(
                kind=FaultKind.OFFLINE,
                start=OFFLINE_AT,
                end=OFFLINE_AT + timedelta(hours=2),
            ),
        ),
    )
    return [
        Scenario(name="offline", config=faulty, days=0.5),
        Scenario(name="healthy", config=SimulationConfig(start=START), days=0.5),
    ]


def test_evaluate_scores_a_tiny_suite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    results, errors = run_suite(tiny_suite(), jobs=1)
    assert errors == []
    assert all(result.generated for result in results)
    assert trace_path(tiny_suite()[0], cache_root()).exists()
    suite = score(results, EngineConfig())
    offline = suite.kinds["offline"]
    assert offline.scenarios == 1
    assert offline.detected == 1
    assert offline.ttd_s[0] == pytest.approx(900, abs=120)
    assert offline.passed is True
    assert suite.healthy_years == pytest.approx(0.5 / 365)
    assert suite.defrost_true > 0
    text = render(suite, markdown=False, elapsed_s=1.0)
    assert "offline" in text
    assert "| offline | 1 |" in render(suite, markdown=True, elapsed_s=1.0)
    assert offline.scenario_targets_s == [offline.target_s]
    assert "| 16 min | pass |" in render(suite, markdown=True, elapsed_s=1.0)
    # Targets measured per trace are shown as their range.
    offline.scenario_targets_s = [600.0, 1200.0]
    assert "| per trace: 10 min to 20 min | pass |" in render(
        suite, markdown=True, elapsed_s=1.0
    )
    # A second run finds the traces in the cache and scores the same.
    again, _ = run_suite(tiny_suite(), jobs=1)
    assert not any(result.generated for result in again)
    assert score(again, EngineConfig()).kinds["offline"].ttd_s == offline.ttd_s


def test_suite_covers_every_fault_in_three_climates() -> None:
    suite = build_suite()
    faults = [s for s in suite if not s.healthy]
    for kind in FaultKind:
        staged = [s for s in faults if s.config.faults[0].kind is kind]
        assert len({s.config.climate for s in staged}) >= 3
        assert len({s.config.seed for s in staged}) >= 3
        assert kind.value in SECONDARY_SYMPTOMS
    years = [s for s in suite if s.healthy]
    assert len(years) >= 3
    assert all(s.days == 365 for s in years)
    assert len({s.key for s in suite}) == len(suite)
    quick = build_suite(quick=True)
    assert len([s for s in quick if s.healthy]) == 1


def test_targets_follow_the_engine_config() -> None:
    config = EngineConfig()
    assert target_s("offline", config, 60) == config.offline_after_s + 60
    slower = config.with_options({"offline_after_s": 1800.0})
    assert target_s("offline", slower, 60) == 1860
    assert target_s("filter_due", config, 60) is None


def test_defrosts_match_one_to_one() -> None:
    def span(minute: int, length: int) -> tuple[datetime, datetime]:
        begin = START + timedelta(minutes=minute)
        return begin, begin + timedelta(minutes=length)

    true = [span(0, 6), span(60, 6), span(120, 6)]
    inferred = [span(1, 2), span(4, 3), span(200, 5)]
    result = match_defrosts(true, inferred)
    assert (result.true, result.inferred, result.matched) == (3, 3, 1)


def test_bench_runs_on_a_tiny_trace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = tmp_path / "day.csv"
    write_scenario(trace, SimulationConfig(start=START), timedelta(hours=6))
    assert bench_main(["--trace", str(trace)]) == 0
    out = capsys.readouterr().out
    assert "Engine.process: 360 rows" in out
    assert "replay with CSV parsing: 360 rows" in out
    assert "memory after 360 rows" in out


def test_bench_rewrites_only_its_own_section(tmp_path: Path) -> None:
    """--report keeps the rest of the document and replaces the engine section."""
    trace = tmp_path / "day.csv"
    write_scenario(trace, SimulationConfig(start=START), timedelta(hours=2))
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\nKept by hand.\n", encoding="utf-8")
    for _ in range(2):
        assert (
            bench_main(["--trace", str(trace), "--no-memory", "--report", str(report)])
            == 0
        )
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nKept by hand.\n")
    assert text.count("<!-- begin engine -->") == 1
    assert "Engine.process: 120 rows" in text
    fresh = tmp_path / "new.md"
    assert (
        bench_main(["--trace", str(trace), "--no-memory", "--report", str(fresh)]) == 0
    )
    assert fresh.read_text(encoding="utf-8").startswith("# Benchmarks\n")


def test_a_new_document_gets_its_title_and_preamble(tmp_path: Path) -> None:
    """The first section written creates the document with its title and preamble."""
    path = tmp_path / "RELIABILITY.md"
    replace_section(
        path, "faults", "## Faults\n\nnone", title="Reliability", preamble="Intro."
    )
    replace_section(
        path, "faults", "## Faults\n\nall", title="Reliability", preamble="Intro."
    )
    assert path.read_text(encoding="utf-8") == (
        "# Reliability\n\nIntro.\n\n<!-- begin faults -->\n## Faults\n\nall\n"
        "<!-- end faults -->\n"
    )
