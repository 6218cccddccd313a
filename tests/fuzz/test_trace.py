"""Fuzzing the trace reader with damaged trace files (CSV text).

Whatever the text, the reader yields usable samples and counts every other row by
reason: it never raises, and rows read = samples + rows rejected.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
import io
import itertools

from hypothesis import example, given, strategies as st

from custom_components.heat_pump_monitor.engine import TraceReader
from custom_components.heat_pump_monitor.engine.sample import (
    RUNTIME_FIELDS,
    SAMPLE_FIELDS,
)

from . import tally
from .checks import check_result
from .mutations import HUGE, WEIRD_TEXT
from .profiles import FUZZ

PARSER = "trace reader (CSV)"
START = datetime(2026, 1, 10, tzinfo=UTC)
ROW = {
    "interval_s": "60",
    "hvac_mode": "heat",
    "comp_heat_s": "45",
    "comp_cool_s": "0",
    "aux_heat_s": "0",
    "fan_s": "60",
    "defrost_s": "0",
    "indoor_temp_c": "20.5",
    "outdoor_temp_c": "-3.2",
    "indoor_rh": "0.41",
    "outdoor_rh": "0.8",
    "heat_setpoint_c": "21",
    "cool_setpoint_c": "25.5",
    "supply_temp_c": "33.1",
    "return_temp_c": "20.2",
    "outdoor_unit_w": "2350",
    "indoor_unit_w": "180",
    "error_code": "",
    "online": "1",
}
"""One minute of a heating heat pump, as the trace writer spells it."""

_cells = st.one_of(
    st.sampled_from(WEIRD_TEXT),
    st.sampled_from([str(number) for number in HUGE]),
    st.sampled_from(
        ("-60", "0", "1e-9", "61", "inf", "-inf", "nan", " 30 ", "1_000", "+5")
    ),
    st.sampled_from(("off", "cool", "auto", "emergency_heat", "HEAT", "0", "2")),
    st.floats().map(repr),
    st.text(max_size=12),
    st.sampled_from(('"', '""', '"quoted, cell"', "a\nb", "a\rb", "\r\n", ",", "\x00")),
)
_times = st.one_of(
    st.sampled_from(
        (
            "",
            "2026-01-10",
            "2026-01-10T00:00:00z",
            "2026-01-10 00:00:00+05:30",
            "2026-01-10T00:00:00-23:59",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "2026-02-30T00:00:00Z",
            "2026-01-10T24:00:00Z",
            "yesterday",
        )
    ),
    st.datetimes(timezones=st.just(UTC)).map(lambda when: when.isoformat()),
    st.text(max_size=25),
)


@st.composite
def traces(draw: st.DrawFn) -> str:
    """Make a trace file: real-shaped rows, spoiled cells and rows, odd headers."""
    header = list(SAMPLE_FIELDS)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    for _ in range(draw(st.integers(0, 2))):
        action = draw(st.sampled_from(("drop", "add", "repeat")))
        if action == "drop" and header:
            header.pop(draw(st.integers(0, len(header) - 1)))
        elif action == "add":
            header.append(
                draw(st.one_of(st.sampled_from(WEIRD_TEXT), st.text(max_size=6)))
            )
        elif header:
            header.append(draw(st.sampled_from(header)))
    rows = []
    when = START
    for _ in range(draw(st.integers(0, 8))):
        when += timedelta(seconds=draw(st.sampled_from((60, 60, 60, 0, -60, 30, 3600))))
        row = {"time": when.isoformat().replace("+00:00", "Z"), **ROW}
        for _ in range(draw(st.integers(0, 3))):
            name = draw(st.sampled_from(sorted(row)))
            row[name] = draw(_times if name == "time" else _cells)
        cells = [row.get(name, "") for name in header]
        if draw(st.integers(0, 9)) == 0:
            cells = cells[: draw(st.integers(0, len(cells)))]
        elif draw(st.integers(0, 9)) == 0:
            cells += draw(st.lists(_cells, min_size=1, max_size=3))
        rows.append(cells)
    buffer = io.StringIO()
    # Quoted by the csv writer (a careful tool) or joined by hand (a careless one).
    if draw(st.booleans()):
        csv.writer(
            buffer, lineterminator=draw(st.sampled_from(("\n", "\r\n")))
        ).writerows([header, *rows])
        text = buffer.getvalue()
    else:
        text = "\n".join(",".join(cells) for cells in [header, *rows]) + "\n"
    damage = draw(st.sampled_from(("none",) * 6 + ("cut", "bom", "huge_cell", "nul")))
    if damage == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "bom":
        text = "\ufeff" + text
    elif damage == "huge_cell":
        text += "2026-01-10T06:00:00Z," + "9" * 200_000 + "\n"
    elif damage == "nul":
        text = text.replace(",", "\x00", 1)
    return text


HUGE_CELL = (
    "time,interval_s,indoor_temp_c\n"
    f"2026-01-10T00:00:00Z,60,{'9' * 200_000}\n"
    "2026-01-10T00:01:00Z,60,20.5\n"
)
"""A cell beyond the csv module's limit: that row is rejected, the next one read."""


@FUZZ
@example(text=HUGE_CELL)
@given(text=traces())
def test_trace_reader(text: str) -> None:
    reader = TraceReader(io.StringIO(text, newline=""))
    try:
        samples = list(reader)
    except Exception:
        tally.record(PARSER, tally.UNHANDLED)
        raise
    check_result(PARSER, samples)
    for sample in samples:
        assert sample.interval_s > 0
        for name in RUNTIME_FIELDS:
            value = getattr(sample, name)
            assert value is None or 0 <= value <= sample.interval_s, name
    assert all(a.time < b.time for a, b in itertools.pairwise(samples))
    stats = reader.stats
    assert stats.rows == len(samples) + sum(stats.rejected.values())
    tally.OUTCOMES[PARSER][f"{tally.ROWS}read"] += stats.rows
    tally.OUTCOMES[PARSER][f"{tally.ROWS}as samples"] += len(samples)
    for reason, count in stats.rejected.items():
        tally.OUTCOMES[PARSER][f"{tally.ROWS}rejected: {reason}"] += count
