"""``defrost_frequent``: defrosts too close together."""

from __future__ import annotations

from datetime import timedelta

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EngineConfig,
    EngineEvent,
    EventType,
    FindingKind,
    Severity,
)

from .defrost_helpers import assert_resumable, pattern_rows
from .helpers import T0, feed, of_type, run


def _findings(events: list[EngineEvent]) -> list[EngineEvent]:
    return [
        event
        for event in events
        if event.finding is not None
        and event.finding.kind is FindingKind.DEFROST_FREQUENT
    ]


SHORT = "1" * 10 + "ddddd"
"""Ten minutes of heating, then a five-minute defrost."""


def test_three_short_intervals_in_a_row_raise_a_warning() -> None:
    _, events = run("0" + SHORT * 4 + "1" * 31)
    raised = of_type(_findings(events), EventType.FINDING_RAISED)
    cleared = of_type(_findings(events), EventType.FINDING_CLEARED)
    assert len(raised) == len(cleared) == 1
    finding = raised[0].finding
    assert finding is not None
    assert finding.severity is Severity.WARNING
    # Defrosts start at minutes 11, 26, 41, 56; the third short interval ends at 56.
    assert raised[0].time == T0 + timedelta(minutes=57)
    assert finding.start == T0 + timedelta(minutes=16)
    assert finding.evidence == {
        "short_intervals": 3,
        "shortest_runtime_s": 600.0,
        "median_runtime_s": 600.0,
        "outdoor_temp_c": -2.0,
        "window_start": (T0 + timedelta(minutes=16)).isoformat(),
        "window_end": (T0 + timedelta(minutes=56)).isoformat(),
    }
    # Cleared once the compressor has heated 30 minutes after the last defrost.
    assert cleared[0].time == T0 + timedelta(minutes=61 + 30)


def test_two_short_intervals_are_not_enough() -> None:
    _, events = run("0" + SHORT * 3 + "1" * 40)
    assert _findings(events) == []


def test_normal_intervals_stay_silent() -> None:
    # A board set to 30 minutes defrosts after 30 minutes of runtime: not short.
    _, events = run("0" + ("1" * 30 + "ddddd") * 6)
    assert _findings(events) == []


def test_a_normal_interval_breaks_the_row() -> None:
    _, events = run("0" + SHORT * 2 + "1" * 45 + "ddddd" + SHORT * 2)
    assert _findings(events) == []


def test_missing_data_neither_short_nor_normal() -> None:
    # A hole in the data hides how long the compressor ran: that interval is not
    # counted, the row before it goes on.
    _, events = run(
        "0" + SHORT * 2 + "1" * 3 + "_" * 20 + "1" * 5 + "ddddd" + SHORT * 2
    )
    raised = of_type(_findings(events), EventType.FINDING_RAISED)
    assert len(raised) == 1
    assert raised[0].finding is not None
    assert raised[0].finding.evidence["short_intervals"] == 3


def test_threshold_comes_from_the_config() -> None:
    engine = Engine(EngineConfig(defrost_frequent_runtime_s=300.0))
    _, events = run("0" + SHORT * 5, engine)
    assert _findings(events) == []


def test_inferred_defrosts_count_too() -> None:
    engine = Engine()
    events = feed(engine, pattern_rows("0" + ("1" * 10 + "DDDDr") * 5))
    raised = of_type(_findings(events), EventType.FINDING_RAISED)
    assert len(raised) == 1


def test_resume_gives_the_same_findings() -> None:
    samples = list(pattern_rows("0" + ("1" * 10 + "DDDDr") * 5 + "1" * 40))
    assert _findings(feed(Engine(), samples))
    assert_resumable(samples, (30, 50, 60, 70, 90))
