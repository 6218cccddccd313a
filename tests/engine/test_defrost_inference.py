"""Defrosts inferred for units that do not report them."""

from __future__ import annotations

from datetime import timedelta
import io

from custom_components.heat_pump_monitor.engine import (
    DefrostEpisode,
    Engine,
    EngineConfig,
    EventType,
    HvacMode,
)
from custom_components.heat_pump_monitor.engine.replay import replay

from .defrost_helpers import (
    BLOWER_W,
    RETURN_C,
    TEMPERING_W,
    assert_resumable,
    cycle,
    pattern_rows,
    row,
)
from .helpers import T0, feed, of_type


def _episodes(engine: Engine, samples: object) -> list[DefrostEpisode]:
    events = feed(engine, samples)  # type: ignore[arg-type]
    return [
        event.defrost
        for event in of_type(events, EventType.DEFROST_ENDED)
        if event.defrost is not None
    ]


def test_supply_collapse_with_tempering_is_an_inferred_defrost() -> None:
    engine = Engine()
    episodes = _episodes(engine, pattern_rows("0" + cycle(20) + "1" * 10 + "0"))
    assert episodes == [
        DefrostEpisode(
            start=T0 + timedelta(minutes=21),
            end=T0 + timedelta(minutes=26),
            inferred=True,
        )
    ]
    assert engine.status.defrosts_today == 1


def test_supply_collapse_alone_without_power_meters() -> None:
    samples = pattern_rows(
        "0" + cycle(20) + "1" * 10, indoor_unit_w=None, outdoor_unit_w=None
    )
    episodes = _episodes(Engine(), samples)
    assert [(e.start, e.inferred) for e in episodes] == [
        (T0 + timedelta(minutes=21), True)
    ]


def test_unreported_tempering_without_duct_sensors() -> None:
    # The board turns on the strip heat by itself: the thermostat reports no aux.
    samples = pattern_rows(
        "0" + cycle(20) + "1" * 10,
        supply_temp_c=None,
        return_temp_c=None,
        aux_heat_s=0.0,
    )
    episodes = _episodes(Engine(), samples)
    assert len(episodes) == 1
    assert episodes[0].start == T0 + timedelta(minutes=21)


def test_cooling_seconds_in_heat_mode_are_a_defrost() -> None:
    samples = [
        row(T0 + timedelta(minutes=i), supply_temp_c=None, return_temp_c=None)
        for i in range(10)
    ]
    samples += [
        row(
            T0 + timedelta(minutes=10 + i),
            comp_heat_s=0.0,
            comp_cool_s=60.0,
            supply_temp_c=None,
            return_temp_c=None,
        )
        for i in range(4)
    ]
    samples += [
        row(T0 + timedelta(minutes=14 + i), supply_temp_c=None, return_temp_c=None)
        for i in range(5)
    ]
    episodes = _episodes(Engine(), samples)
    assert episodes == [
        DefrostEpisode(
            start=T0 + timedelta(minutes=10),
            end=T0 + timedelta(minutes=14),
            inferred=True,
        )
    ]


def test_no_signals_no_inference() -> None:
    samples = pattern_rows(
        "0" + cycle(20) + "1" * 10,
        supply_temp_c=None,
        return_temp_c=None,
        indoor_unit_w=None,
        outdoor_unit_w=None,
    )
    engine = Engine()
    assert _episodes(engine, samples) == []
    assert engine.status.defrosts_today == 0


def test_warm_outdoor_air_or_cooling_mode_never_defrosts() -> None:
    warm = pattern_rows("0" + cycle(20) + "1" * 10, outdoor_temp_c=12.0)
    assert _episodes(Engine(), warm) == []
    cooling = pattern_rows(
        "0" + "1" * 30,
        hvac_mode=HvacMode.COOL,
        comp_heat_s=0.0,
        comp_cool_s=60.0,
        split=-10.0,
        outdoor_temp_c=5.0,
    )
    assert _episodes(Engine(), cooling) == []


def test_backup_heat_turning_off_is_not_a_defrost() -> None:
    # Stage 2 strip heat runs, then stops: the split falls, but not to a defrost.
    stage2 = [
        row(
            T0 + timedelta(minutes=i),
            aux_heat_s=60.0,
            split=30.0,
            indoor_unit_w=BLOWER_W + 2 * TEMPERING_W,
        )
        for i in range(1, 15)
    ]
    after = list(pattern_rows("1" * 15, T0 + timedelta(minutes=15)))
    engine = Engine()
    assert _episodes(engine, [*pattern_rows("0"), *stage2, *after]) == []
    assert engine.status.defrosts_today == 0


def test_reversed_air_from_the_start_is_not_a_defrost() -> None:
    # A reversing valve stuck in cooling: cold supply air from the start, then the
    # backup heat comes on. Nothing interrupted heating, so no defrost.
    cold = list(pattern_rows("0" + "1" * 10, split=-8.0))
    heated = [
        row(
            T0 + timedelta(minutes=11 + i),
            split=-2.0,
            aux_heat_s=60.0,
            indoor_unit_w=BLOWER_W + 2 * TEMPERING_W,
        )
        for i in range(20)
    ]
    engine = Engine()
    assert _episodes(engine, [*cold, *heated]) == []
    assert engine.status.defrosts_today == 0


def test_five_minute_rows() -> None:
    # A defrost of about 4 minutes inside 5-minute rows: the supply air of the row
    # holding it drops a little, and the air handler draws tempering power.
    start = T0
    rows = [row(start, 300.0, state="off")]
    rows += [row(start + timedelta(minutes=5 * i), 300.0) for i in range(1, 6)]
    rows.append(
        row(
            start + timedelta(minutes=30),
            300.0,
            aux_heat_s=240.0,
            supply_temp_c=RETURN_C + 12.0 * 0.3,
            indoor_unit_w=BLOWER_W + TEMPERING_W * 0.8,
        )
    )
    rows += [row(start + timedelta(minutes=5 * i), 300.0) for i in range(7, 10)]
    episodes = _episodes(Engine(), rows)
    assert len(episodes) == 1
    assert start + timedelta(minutes=30) <= episodes[0].start
    assert episodes[0].end == start + timedelta(minutes=35)


def test_replay_summary_marks_inferred_defrosts() -> None:
    header = (
        "time,interval_s,hvac_mode,comp_heat_s,comp_cool_s,aux_heat_s,fan_s,"
        "defrost_s,outdoor_temp_c,supply_temp_c,return_temp_c\n"
    )
    lines = []
    for minute, char in enumerate("0" + cycle(20) + "1" * 5):
        sample = next(pattern_rows(char, T0 + timedelta(minutes=minute)))
        lines.append(
            f"{sample.time.isoformat()},60,heat,{sample.comp_heat_s},0,"
            f"{sample.aux_heat_s},{sample.fan_s},,-2,{sample.supply_temp_c},"
            f"{sample.return_temp_c}\n"
        )
    output = list(replay(io.StringIO(header + "".join(lines)), EngineConfig()))
    assert output[-1]["defrosts"] == [
        {
            "start": (T0 + timedelta(minutes=21)).isoformat(),
            "end": (T0 + timedelta(minutes=26)).isoformat(),
            "inferred": True,
        }
    ]


def test_resume_in_the_middle_of_an_inferred_defrost() -> None:
    samples = list(pattern_rows(("0" + cycle(20) + "1" * 10) * 3))
    assert_resumable(samples, (19, 23, 25, 40))
