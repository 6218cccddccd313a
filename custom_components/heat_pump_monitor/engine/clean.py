"""Sample cleaning, shared by the live path and the replay.

A sample is *rejected* (counted by reason, otherwise ignored) when its interval is not
a positive finite number, when its time is not a datetime, or when its time does not
move forward: a start before the previous start or overlapping the previous interval
by more than a small jitter tolerance is ``time_backwards``, the same start as the
previous sample is ``duplicate_time``.

A kept sample has its unusable readings replaced by ``None`` (unknown): NaN and
infinite numbers, and runtime columns outside ``0..interval_s``. The cleaner also
says whether the sample follows a *gap*: more than ``min(2 * previous interval,
15 min)`` without data after the end of the previous sample, or no previous sample at
all. Across a gap the state of the equipment is unknown. A sample longer than 15 min
counts as following a gap too: it can say how long equipment ran (a device's counters
over an outage), not when, so what it holds cannot continue a run or a defrost.

A clock that jumped ahead would otherwise lock every later sample out: when
``RESYNC_AFTER`` consecutive samples, each later than the one before, all lie more
than ``RESYNC_BEHIND_S`` before the end of the last kept sample, the last of them is
kept as the start of a new timeline (after a gap, with ``resynced`` set).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
import math
from operator import attrgetter
from typing import Any

from . import state as st
from .sample import RUNTIME_FIELDS, SAMPLE_FIELDS, HvacMode, Sample
from .trace import RejectReason

GAP_MAX_S = 900.0
"""A hole longer than this (or than twice the previous interval) is a gap."""
OVERLAP_TOLERANCE_S = 5.0
OVERLAP_TOLERANCE_FRACTION = 0.02
"""Overlap accepted as clock jitter: 5 s plus 2 % of the previous interval."""
RESYNC_BEHIND_S = 86400.0
RESYNC_AFTER = 10
"""A timeline this far behind, for this many samples in a row, replaces the old one."""
MAX_INTERVAL_S = 31 * 86400.0
"""Longer intervals are rejected as ``bad_interval``."""
MAX_TIMESTAMP = 253_402_300_799.0 - MAX_INTERVAL_S
"""Samples must lie between 1970 and year 10000 (``datetime`` cannot go further)."""

READING_FIELDS: tuple[str, ...] = tuple(
    name
    for name in SAMPLE_FIELDS
    if name not in ("time", "interval_s", "hvac_mode", "error_code", "online")
    and name not in RUNTIME_FIELDS
)
"""Numeric columns that are not runtime seconds (temperatures, humidity, power)."""

_runtime_values = attrgetter(*RUNTIME_FIELDS)
_reading_values = attrgetter(*READING_FIELDS)
_INF = math.inf


def _number(value: object) -> float | None:
    """Return a finite number, or ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


class SampleCleaner:
    """Validate samples in arrival order; see the module docstring for the rules."""

    __slots__ = (
        "_behind",
        "_behind_last",
        "end",
        "gap",
        "interval",
        "reason",
        "resynced",
        "start",
    )

    def __init__(self) -> None:
        """Start with no previous sample."""
        self.start: float | None = None
        """Epoch seconds of the start of the last kept sample."""
        self.end: float | None = None
        """Epoch seconds of the end of the last kept sample."""
        self.interval = 0.0
        self.gap = True
        """Whether the last kept sample follows a gap."""
        self.reason = ""
        """Why the last rejected sample was rejected."""
        self.resynced = False
        """Whether the last kept sample started a new timeline (see the module doc)."""
        self._behind = 0
        self._behind_last = 0.0
        """Consecutive samples far behind the timeline, and the last one's start."""

    def clean(self, sample: Sample) -> Sample | None:
        """Return the usable form of ``sample``, or ``None`` with ``reason`` set."""
        try:
            time = sample.time
            if time.tzinfo is None:
                time = time.replace(tzinfo=UTC)
            start = time.timestamp()
        except (AttributeError, TypeError, ValueError, OverflowError):
            start = _INF
        if not 0.0 <= start < MAX_TIMESTAMP:
            self.reason = RejectReason.BAD_TIME
            return None
        try:
            interval = sample.interval_s
            if not 0.0 < interval <= MAX_INTERVAL_S:
                self.reason = RejectReason.BAD_INTERVAL
                return None
        except (AttributeError, TypeError):
            self.reason = RejectReason.BAD_INTERVAL
            return None
        previous = self.start
        self.resynced = False
        if previous is not None:
            if start == previous:
                self.reason = RejectReason.DUPLICATE_TIME
                return None
            end = self.end
            assert end is not None
            if start < previous or start < end - (
                OVERLAP_TOLERANCE_S + OVERLAP_TOLERANCE_FRACTION * self.interval
            ):
                if not self._resync(start, end):
                    self.reason = RejectReason.TIME_BACKWARDS
                    return None
                self.gap = self.resynced = True
            else:
                hole = start - end
                self.gap = (
                    hole > GAP_MAX_S
                    or hole > 2.0 * self.interval
                    or interval > GAP_MAX_S
                )
        else:
            self.gap = True
        self._behind = 0
        if not self._usable(sample, interval):
            sample = self._repaired(sample, interval)
        elif time is not sample.time:
            sample = replace(sample, time=time)
        self.start = start
        self.end = start + interval
        self.interval = interval
        return sample

    def _resync(self, start: float, end: float) -> bool:
        """Count a sample far behind the timeline; return whether to start anew."""
        if start >= end - RESYNC_BEHIND_S:
            self._behind = 0
            return False
        if self._behind and start > self._behind_last:
            self._behind += 1
        else:
            self._behind = 1
        self._behind_last = start
        return self._behind >= RESYNC_AFTER

    @staticmethod
    def _usable(sample: Sample, interval: float) -> bool:
        """Whether every reading is usable as it is (the fast path)."""
        try:
            for value in _runtime_values(sample):
                if value is not None and not 0.0 <= value <= interval:
                    return False
            for value in _reading_values(sample):
                if value is not None and value - value != 0.0:
                    return False
            mode = sample.hvac_mode
            return (mode is None or isinstance(mode, HvacMode)) and isinstance(
                sample.online, bool
            )
        except TypeError:
            return False

    @staticmethod
    def _repaired(sample: Sample, interval: float) -> Sample:
        """Return a copy with every unusable reading replaced by ``None``."""
        changes: dict[str, Any] = {}
        for name in RUNTIME_FIELDS:
            raw = getattr(sample, name)
            value = _number(raw)
            if value is not None and not 0.0 <= value <= interval:
                value = None
            if value != raw or (value is None) != (raw is None):
                changes[name] = value
        for name in READING_FIELDS:
            raw = getattr(sample, name)
            value = _number(raw)
            if value != raw or (value is None) != (raw is None):
                changes[name] = value
        # Typed fields may still hold anything at run time: the live path is Python.
        mode: object = sample.hvac_mode
        if mode is not None and not isinstance(mode, HvacMode):
            try:
                changes["hvac_mode"] = HvacMode(str(mode))
            except ValueError:
                changes["hvac_mode"] = None
        error: object = sample.error_code
        if error is not None and not isinstance(error, str):
            changes["error_code"] = str(error)
        online: object = sample.online
        if not isinstance(online, bool):
            changes["online"] = online is None or bool(online)
        time = sample.time
        if time.tzinfo is None:
            changes["time"] = time.replace(tzinfo=UTC)
        return replace(sample, **changes)

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "start": self.start,
            "end": self.end,
            "interval": self.interval,
            "behind": self._behind,
            "behind_last": self._behind_last,
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self.start = st.optional_number(state, "start")
        self.end = st.optional_number(state, "end")
        self.interval = st.number(state, "interval")
        self._behind = st.integer(state, "behind")
        self._behind_last = st.number(state, "behind_last")
        if (self.start is None) != (self.end is None):
            raise st.StateError("sample bounds are inconsistent")


def sample_to_state(sample: Sample) -> dict[str, Any]:
    """Return a JSON-safe form of a cleaned sample."""
    values: dict[str, Any] = {name: getattr(sample, name) for name in SAMPLE_FIELDS}
    values["time"] = sample.time.isoformat()
    if sample.hvac_mode is not None:
        values["hvac_mode"] = sample.hvac_mode.value
    return values


def sample_from_state(state: Mapping[str, Any]) -> Sample:
    """Read back the sample written by ``sample_to_state``."""
    try:
        time = datetime.fromisoformat(st.text(state, "time"))
    except ValueError as err:
        raise st.StateError("sample time is not ISO 8601") from err
    if time.tzinfo is None:
        raise st.StateError("sample time has no offset")
    values: dict[str, Any] = {}
    for name in (*RUNTIME_FIELDS, *READING_FIELDS):
        values[name] = st.optional_number(state, name)
    mode = st.optional_text(state, "hvac_mode")
    try:
        values["hvac_mode"] = None if mode is None else HvacMode(mode)
    except ValueError as err:
        raise st.StateError(f"unknown hvac_mode {mode!r}") from err
    return Sample(
        time=time,
        interval_s=st.number(state, "interval_s"),
        error_code=st.optional_text(state, "error_code"),
        online=st.flag(state, "online"),
        **values,
    )
