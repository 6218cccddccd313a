"""The trace reader: damaged cells are unknown, damaged rows are counted."""

from __future__ import annotations

from datetime import UTC, datetime
import io

from custom_components.heat_pump_monitor.engine import (
    HvacMode,
    Sample,
    TraceReader,
    write_trace,
)

CSV = (
    "time,interval_s,hvac_mode,comp_heat_s,fan_s,defrost_s,indoor_temp_c,outdoor_temp_c,online,extra\n"
    "2026-01-10T00:00:00Z,60,heat, 30 ,  ,nan,21.5,inf,1,x\n"
    "2026-01-10T00:01:00Z,,warp,130,abc,0,,-1e999,0\n"
    "2026-01-10T00:02:00+01:00,60,cool,0,0,,,,\n"
    "2026-01-10T00:03:00,60,heat,60,60,0,20,,2\n"
)


def test_reader_marks_damaged_cells_unknown() -> None:
    reader = TraceReader(io.StringIO(CSV))
    samples = list(reader)
    first, second, third = samples
    assert first == Sample(
        time=datetime(2026, 1, 10, tzinfo=UTC),
        interval_s=60.0,
        hvac_mode=HvacMode.HEAT,
        comp_heat_s=30.0,
        indoor_temp_c=21.5,
    )
    # Interval from the next kept row; the third row is earlier (+01:00).
    assert second.interval_s == 120.0
    assert second.hvac_mode is None
    assert second.comp_heat_s is None
    assert second.online is False
    assert third.time == datetime(2026, 1, 10, 0, 3, tzinfo=UTC)
    assert third.online is True
    assert reader.stats.rows == 4
    assert dict(reader.stats.rejected) == {"time_backwards": 1}
    assert dict(reader.stats.unknown_values) == {
        "comp_heat_s": 1,
        "defrost_s": 1,
        "fan_s": 1,
        "hvac_mode": 1,
        "online": 1,
        "outdoor_temp_c": 2,
    }


def test_written_trace_reads_back() -> None:
    samples = [
        Sample(
            time=datetime(2026, 1, 10, minute, tzinfo=UTC),
            interval_s=60.0,
            hvac_mode=HvacMode.HEAT,
            comp_heat_s=60.0,
            outdoor_temp_c=-3.25,
            error_code="E5",
            online=minute != 2,
        )
        for minute in range(4)
    ]
    stream = io.StringIO()
    assert write_trace(stream, samples) == 4
    stream.seek(0)
    assert list(TraceReader(stream)) == samples
