"""Time helpers: epoch seconds inside the engine, datetimes at its edges, local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo


def to_datetime(timestamp: float) -> datetime:
    """Return an aware UTC datetime for epoch seconds (what the engine reports)."""
    return datetime.fromtimestamp(timestamp, UTC)


def to_timestamp(value: datetime) -> float:
    """Epoch seconds of a datetime; a naive datetime is UTC, as in the trace format."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def iso(timestamp: float) -> str:
    """ISO 8601 text of epoch seconds, in UTC."""
    return to_datetime(timestamp).isoformat()


class LocalDays:
    """Map epoch seconds to the local calendar day (a date ordinal) of a time zone.

    The bounds of the last day looked up are cached, so consecutive samples of the
    same day cost two float comparisons.
    """

    __slots__ = ("_end", "_ordinal", "_start", "_tz")

    def __init__(self, tz: tzinfo) -> None:
        """Count days in time zone ``tz``."""
        self._tz = tz
        self._start = 0.0
        self._end = -1.0
        self._ordinal = 0

    @property
    def timezone(self) -> tzinfo:
        """The time zone the days are counted in."""
        return self._tz

    def ordinal(self, timestamp: float) -> int:
        """Return the date ordinal of the local day containing ``timestamp``."""
        if self._start <= timestamp < self._end:
            return self._ordinal
        day = datetime.fromtimestamp(timestamp, self._tz).date()
        start = self._midnight(day)
        end = self._midnight(day + timedelta(days=1))
        if start <= timestamp < end:
            self._start, self._end = start, end
        else:
            # A midnight that a DST change skips can shift the bounds: do not cache them.
            self._start, self._end = 0.0, -1.0
        self._ordinal = day.toordinal()
        return self._ordinal

    def _midnight(self, day: date) -> float:
        return datetime(day.year, day.month, day.day, tzinfo=self._tz).timestamp()
