"""``defrost_missing``: long cold heating runs with no defrost and falling heat."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
import json
from typing import Any

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EngineEvent,
    EventType,
    FindingKind,
    Sample,
    Severity,
)

from .defrost_helpers import assert_resumable, row
from .helpers import T0, feed, of_type

HEALTHY_HOURS = 6
ICING_HOURS = 9


def _trace(
    *,
    reported: bool = True,
    falling: bool = True,
    healthy_pattern: str = "1" * 40 + "DDDDD" + "1" * 5 + "0" * 10,
    icing_pattern: str = "1" * 50 + "0" * 10,
    **values: Any,
) -> Iterator[Sample]:
    """Hours of heating with a defrost each hour, then hours without any.

    Without defrosts the split falls from 12 K to 6 K (ice) unless ``falling`` is off.
    """
    minute = 0
    for _ in range(HEALTHY_HOURS):
        for char in healthy_pattern:
            yield _row(minute, char, reported, 12.0, **values)
            minute += 1
    icing_minutes = ICING_HOURS * 60
    for index in range(icing_minutes):
        char = icing_pattern[index % len(icing_pattern)]
        split = 12.0 - 6.0 * index / icing_minutes if falling else 12.0
        yield _row(minute, char, reported, split, **values)
        minute += 1
    yield from (
        _row(minute + index, char, reported, 12.0, **values)
        for index, char in enumerate("DDDDD11111")
    )


def _row(minute: int, char: str, reported: bool, split: float, **values: Any) -> Sample:
    state = {"0": "off", "1": "heat", "D": "defrost"}[char]
    defrost_s = (60.0 if char == "D" else 0.0) if reported else None
    fields: dict[str, Any] = {"defrost_s": defrost_s, "split": split}
    fields.update(values)
    return row(T0 + timedelta(minutes=minute), state=state, **fields)


def _number(value: object) -> float:
    assert isinstance(value, int | float)
    return float(value)


def _findings(events: list[EngineEvent]) -> list[EngineEvent]:
    return [
        event
        for event in events
        if event.finding is not None
        and event.finding.kind is FindingKind.DEFROST_MISSING
    ]


def test_icing_without_defrosts_is_an_error() -> None:
    events = _findings(feed(Engine(), _trace()))
    raised = of_type(events, EventType.FINDING_RAISED)
    cleared = of_type(events, EventType.FINDING_CLEARED)
    assert len(raised) == len(cleared) == 1
    finding = raised[0].finding
    assert finding is not None
    assert finding.severity is Severity.ERROR
    last_defrost_end = T0 + timedelta(hours=HEALTHY_HOURS - 1, minutes=45)
    assert finding.start == last_defrost_end
    # Six hours of runtime at 50 minutes an hour, after the last defrost.
    assert raised[0].time >= last_defrost_end + timedelta(hours=7, minutes=10)
    assert raised[0].time <= last_defrost_end + timedelta(hours=7, minutes=40)
    evidence = finding.evidence
    assert set(evidence) == {
        "frost_runtime_s",
        "outdoor_temp_c",
        "outdoor_rh",
        "split_normal_k",
        "split_now_k",
        "duty_normal",
        "duty_now",
        "last_defrost_at",
        "window_start",
    }
    assert _number(evidence["frost_runtime_s"]) >= 21600
    assert evidence["outdoor_temp_c"] == -2.0
    assert evidence["outdoor_rh"] == 0.8
    assert _number(evidence["split_now_k"]) <= 0.7 * _number(evidence["split_normal_k"])
    assert (
        evidence["last_defrost_at"]
        == (T0 + timedelta(hours=HEALTHY_HOURS - 1, minutes=40)).isoformat()
    )
    # The next defrost clears it.
    assert cleared[0].time == T0 + timedelta(
        hours=HEALTHY_HOURS + ICING_HOURS, minutes=1
    )


def test_inferred_defrosts_work_the_same() -> None:
    raised = of_type(
        _findings(feed(Engine(), _trace(reported=False))), EventType.FINDING_RAISED
    )
    assert len(raised) == 1


def test_no_defrost_but_steady_heat_is_not_a_fault() -> None:
    assert _findings(feed(Engine(), _trace(falling=False))) == []


def test_dry_air_does_not_frost() -> None:
    assert _findings(feed(Engine(), _trace(outdoor_rh=0.3))) == []


def test_outside_the_frost_band() -> None:
    assert _findings(feed(Engine(), _trace(outdoor_temp_c=7.0))) == []


def test_air_colder_than_return_is_not_ice() -> None:
    # Steady heating that blows air colder than the return air (ten minutes of it) is
    # a reversing-valve symptom, not icing.
    trace = list(_trace())
    for cut in range(HEALTHY_HOURS * 60 + 30, HEALTHY_HOURS * 60 + 40):
        trace[cut] = row(trace[cut].time, split=-5.0)
    assert _findings(feed(Engine(), trace)) == []


def test_runtime_share_rising_without_duct_sensors() -> None:
    trace = _trace(
        healthy_pattern="1" * 20 + "DDDDD" + "1" * 5 + "0" * 30,
        icing_pattern="1",
        supply_temp_c=None,
        return_temp_c=None,
    )
    raised = of_type(_findings(feed(Engine(), trace)), EventType.FINDING_RAISED)
    assert len(raised) == 1
    evidence = raised[0].finding.evidence if raised[0].finding else {}
    assert evidence["split_now_k"] is None
    assert _number(evidence["duty_now"]) >= 0.85


def test_unknown_defrost_state_stays_silent() -> None:
    trace = _trace(
        reported=False,
        supply_temp_c=None,
        return_temp_c=None,
        indoor_unit_w=None,
        outdoor_unit_w=None,
    )
    assert _findings(feed(Engine(), trace)) == []


def test_resume_gives_the_same_findings() -> None:
    samples = list(_trace())
    cuts = (HEALTHY_HOURS * 60 - 5, HEALTHY_HOURS * 60 + 200, len(samples) - 8)
    assert_resumable(samples, cuts)


def test_heat_through_growing_ice_is_not_learned_as_normal() -> None:
    # The split starts falling right after the last defrost. Those first hours of
    # the count are not the clean coil's: no defrost came to end them in time.
    raised = of_type(_findings(feed(Engine(), _trace())), EventType.FINDING_RAISED)
    finding = raised[0].finding
    assert finding is not None
    assert finding.evidence["split_normal_k"] == 12.0


def test_state_saved_before_the_held_sums_resumes() -> None:
    samples = list(_trace())
    cut = HEALTHY_HOURS * 60 - 5
    first = Engine()
    feed(first, samples[:cut])
    state = json.loads(json.dumps(first.to_state()))
    detector = state["detectors"][FindingKind.DEFROST_MISSING.value]
    del detector["held"], detector["learned_s"]
    resumed = Engine.from_state(state)
    raised = of_type(_findings(feed(resumed, samples[cut:])), EventType.FINDING_RAISED)
    assert len(raised) == 1


def test_the_first_clean_hour_does_not_outweigh_the_next_ones() -> None:
    # The normal is a plain mean of what clean counts held until it has learned
    # LEARN_SMOOTHING_S: one hour at 14 K and five at 12 K make about 12.6 K (the
    # smoothed split carries 14 K into the second hour), where an exponential
    # average started at 14 K would still say about 13.1 K.
    trace = list(_trace())
    pattern = "1" * 40 + "DDDDD" + "1" * 5 + "0" * 10
    for minute, char in enumerate(pattern):
        trace[minute] = _row(minute, char, True, 14.0)
    raised = of_type(_findings(feed(Engine(), trace)), EventType.FINDING_RAISED)
    finding = raised[0].finding
    assert finding is not None
    assert 12.0 < _number(finding.evidence["split_normal_k"]) <= 12.7
