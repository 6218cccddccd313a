"""Reading and writing trace files (CSV, shared trace format v1).

The reader never raises on a bad row: it yields the rows it can use and counts the
ones it rejects, by reason, so a replay of a damaged file loses only what is damaged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime
import math
from typing import IO

from .sample import RUNTIME_FIELDS, SAMPLE_FIELDS, HvacMode, Sample

_FLOAT_FIELDS: tuple[str, ...] = tuple(
    name
    for name in SAMPLE_FIELDS
    if name not in ("time", "interval_s", "hvac_mode", "error_code", "online")
)
_RUNTIME_FIELDS = frozenset(RUNTIME_FIELDS)
_MODES = {mode.value: mode for mode in HvacMode}


class RejectReason:
    """Why a row could not be used (summary keys of the replay)."""

    BAD_ROW = "bad_row"
    """A line the CSV reader cannot read (a cell longer than its limit, 128 KiB)."""
    BAD_TIME = "bad_time"
    BAD_INTERVAL = "bad_interval"
    TIME_BACKWARDS = "time_backwards"
    DUPLICATE_TIME = "duplicate_time"


@dataclass(slots=True)
class ReadStats:
    """What the reader did with the file."""

    rows: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    unknown_values: Counter[str] = field(default_factory=Counter)
    """Cells that were present but unusable, by column; they are read as unknown."""


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 time; ``Z`` is UTC and a naive time is UTC."""
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def format_time(value: datetime) -> str:
    """Format a time as the trace writer spells it (UTC, ``Z``)."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_float(text: str) -> float:
    value = float(text)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(text)
    return value


class TraceReader:
    """Iterate the samples of a trace, tolerating damage."""

    def __init__(self, stream: IO[str]) -> None:
        """Read from an open text stream."""
        self._reader = csv.DictReader(stream)
        self.stats = ReadStats()

    def __iter__(self) -> Iterator[Sample]:
        """Yield usable samples in file order; see ``stats`` for the rest."""
        pending: tuple[datetime, dict[str, str]] | None = None
        last_time: datetime | None = None
        for row in self._rows():
            self.stats.rows += 1
            if row is None:
                self.stats.rejected[RejectReason.BAD_ROW] += 1
                continue
            try:
                time = parse_time(row.get("time") or "")
            except ValueError:
                self.stats.rejected[RejectReason.BAD_TIME] += 1
                continue
            if last_time is not None and time < last_time:
                self.stats.rejected[RejectReason.TIME_BACKWARDS] += 1
                continue
            if last_time is not None and time == last_time:
                self.stats.rejected[RejectReason.DUPLICATE_TIME] += 1
                continue
            last_time = time
            if pending is not None:
                sample = self._build(pending[0], pending[1], next_time=time)
                if sample is not None:
                    yield sample
            pending = (time, row)
        if pending is not None:
            sample = self._build(pending[0], pending[1], next_time=None)
            if sample is not None:
                yield sample

    def _rows(self) -> Iterator[dict[str, str] | None]:
        """Yield the rows of the file; ``None`` for a line that cannot be read."""
        while True:
            try:
                row = next(self._reader)
            except StopIteration:
                return
            except csv.Error:
                yield None  # the csv module goes on with the next line
            else:
                yield row

    def _build(
        self, time: datetime, row: dict[str, str], *, next_time: datetime | None
    ) -> Sample | None:
        interval_text = (row.get("interval_s") or "").strip()
        try:
            if interval_text:
                interval = _parse_float(interval_text)
            elif next_time is not None:
                interval = (next_time - time).total_seconds()
            else:
                interval = None
        except ValueError:
            interval = None
        if interval is None or interval <= 0:
            self.stats.rejected[RejectReason.BAD_INTERVAL] += 1
            return None
        values: dict[str, object] = {}
        unknown = self.stats.unknown_values
        for name in _FLOAT_FIELDS:
            text = row.get(name)
            if not text:
                continue
            try:
                number = float(text)  # accepts surrounding blanks, like strip()
            except ValueError:
                if text.strip():
                    unknown[name] += 1
                continue
            # ``x - x`` is not 0 for NaN and infinities.
            if number - number != 0.0 or (
                name in _RUNTIME_FIELDS and not 0 <= number <= interval
            ):
                unknown[name] += 1
                continue
            values[name] = number
        mode_text = (row.get("hvac_mode") or "").strip()
        if mode_text:
            mode = _MODES.get(mode_text)
            if mode is None:
                unknown["hvac_mode"] += 1
            else:
                values["hvac_mode"] = mode
        error = (row.get("error_code") or "").strip()
        if error:
            values["error_code"] = error
        online_text = (row.get("online") or "").strip()
        if online_text == "0":
            values["online"] = False
        elif online_text not in ("", "1"):
            self.stats.unknown_values["online"] += 1
        return Sample(time=time, interval_s=interval, **values)  # type: ignore[arg-type]


def _format_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, float):
        return f"{value:.6g}" if not value.is_integer() else str(int(value))
    return str(value)


def write_trace(stream: IO[str], samples: Iterable[Sample]) -> int:
    """Write samples as a trace file; return the number of rows written."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(SAMPLE_FIELDS)
    count = 0
    for sample in samples:
        writer.writerow([_format_cell(getattr(sample, name)) for name in SAMPLE_FIELDS])
        count += 1
    return count
