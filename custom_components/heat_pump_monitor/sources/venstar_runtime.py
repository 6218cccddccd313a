"""Venstar runtime: live state decides when equipment ran, daily counters how much.

The thermostat's ``state`` (heating, cooling, idle) is read once a poll; its
``/query/runtimes`` counters are whole minutes per UTC day for each stage (``heat1``
compressor heating, ``aux1`` backup heat, ``cool1`` compressor cooling). The ledger
keeps, per stage, what the counters added that no sample has reported yet (*owed*):

* while the state says the stage's mode runs, the interval is reported as running,
  as far as the counters allow it (owed plus ``SLACK_S``, which covers whole-minute
  counting and the counter's lag); backup heat only when its counter moved;
* while idle, only runtime the counters clearly have and the samples do not (more
  than ``SLACK_S`` owed: a run shorter than a poll, or an outage) is reported.

After a silence too long for one sample (an outage, Home Assistant stopped),
``settle`` pays everything owed into one sample covering the silence: the counters
say how long each stage ran, not when.

A day's reported runtime therefore equals the device's counter within ``SLACK_S``.
Counters are compared within their UTC day: a new day starts from its own record, a
record reported twice counts once, a counter that went back (reset) counts from its
new value, never negative, and records of a day before the last one seen (the
device's clock went back) are ignored until its clock is right again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ..api.venstar import VenstarRuntime

STAGES: Final = ("heat1", "aux1", "cool1")
SLACK_S: Final = 60.0
"""One poll: the most a day's samples may run ahead of or behind its counters."""
DAY_S: Final = 86400
MAX_OWED_S: Final = float(DAY_S)


@dataclass(slots=True, kw_only=True)
class Runtime:
    """Seconds of each stage in one interval."""

    comp_heat_s: float = 0.0
    aux_heat_s: float = 0.0
    comp_cool_s: float = 0.0


class RuntimeLedger:
    """What the counters said and what samples reported (see the module docstring)."""

    def __init__(self, state: Mapping[str, Any] | None = None) -> None:
        """Start fresh, or resume from ``to_state`` output."""
        self.day: int | None = None
        """UTC day (start, epoch seconds) of ``seen``."""
        self.seen: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        """The counters of ``day`` at the last poll, in seconds."""
        self.owed: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        if state:
            try:
                day = state["day"]
                seen = {stage: float(state["seen"][stage]) for stage in STAGES}
                owed = {stage: float(state["owed"][stage]) for stage in STAGES}
                self.day = None if day is None else int(day)
            except (KeyError, TypeError, ValueError):
                return  # unusable: start fresh
            self.seen, self.owed = seen, owed

    def take_counters(self, records: Iterable[VenstarRuntime]) -> None:
        """Add what the counters gained since the last poll to ``owed``."""
        by_day = {record.ts - record.ts % DAY_S: record for record in records}
        if not by_day:
            return
        today = max(by_day)
        if self.day is not None and today < self.day:
            return  # the device's clock went back: its days are not ours
        if self.day is None:
            self.day = today
            self.seen = _seconds(by_day[today])
            return
        for day in sorted(by_day):
            if day < self.day:
                continue
            counted = _seconds(by_day[day])
            before = self.seen if day == self.day else dict.fromkeys(STAGES, 0.0)
            for stage in STAGES:
                gained = counted[stage] - before[stage]
                if gained < 0.0:
                    gained = counted[stage]  # the counter was reset
                self.owed[stage] = min(MAX_OWED_S, self.owed[stage] + gained)
        self.day = today
        self.seen = _seconds(by_day[today])

    def forget_owed(self) -> None:
        """Drop runtime no sample will report (it ran during an outage)."""
        self.owed = dict.fromkeys(STAGES, 0.0)

    def settle(self, interval_s: float) -> Runtime:
        """Return everything owed, as far as an interval of ``interval_s`` holds it."""
        owed = self.owed
        runtime = Runtime(
            comp_heat_s=_allowed(interval_s, owed["heat1"]),
            aux_heat_s=_allowed(interval_s, owed["aux1"]),
            comp_cool_s=_allowed(interval_s, owed["cool1"]),
        )
        self._pay(runtime)
        return runtime

    def report(self, interval_s: float, *, heating: bool, cooling: bool) -> Runtime:
        """Return the runtime of an interval whose live state is given."""
        owed = self.owed
        runtime = Runtime()
        if heating:
            runtime.comp_heat_s = _allowed(interval_s, owed["heat1"] + SLACK_S)
            runtime.aux_heat_s = _allowed(interval_s, owed["aux1"])
        else:
            runtime.comp_heat_s = _catch_up(interval_s, owed["heat1"])
            runtime.aux_heat_s = _catch_up(interval_s, owed["aux1"])
        if cooling:
            runtime.comp_cool_s = _allowed(interval_s, owed["cool1"] + SLACK_S)
        else:
            runtime.comp_cool_s = _catch_up(interval_s, owed["cool1"])
        self._pay(runtime)
        return runtime

    def _pay(self, runtime: Runtime) -> None:
        owed = self.owed
        for stage, seconds in (
            ("heat1", runtime.comp_heat_s),
            ("aux1", runtime.aux_heat_s),
            ("cool1", runtime.comp_cool_s),
        ):
            owed[stage] = max(-SLACK_S, owed[stage] - seconds)

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {"day": self.day, "seen": dict(self.seen), "owed": dict(self.owed)}


def _seconds(record: VenstarRuntime) -> dict[str, float]:
    return {stage: 60.0 * getattr(record, stage) for stage in STAGES}


def _allowed(interval_s: float, budget_s: float) -> float:
    return min(interval_s, max(0.0, budget_s))


def _catch_up(interval_s: float, owed_s: float) -> float:
    return _allowed(interval_s, owed_s - SLACK_S)
