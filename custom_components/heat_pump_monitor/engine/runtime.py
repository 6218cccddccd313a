"""Runtime accumulators: seconds per equipment, today and lifetime, and daily counts.

"Today" is the local day (``EngineConfig.timezone``) of the start of the last sample;
the counters roll over by themselves when a sample starts on a later local day, so a
sample spanning midnight is attributed to the day it started. Unknown runtime adds
nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from . import state as st
from .sample import Sample
from .status import DayTotals, RuntimeTotals

HISTORY_DAYS: Final = 31
"""Finished days kept (a technician report covers the last 30)."""


class RuntimeCounters:
    """Runtime seconds and daily counts of compressor starts and defrosts."""

    __slots__ = (
        "cycles_lifetime",
        "cycles_today",
        "day",
        "defrosts_lifetime",
        "defrosts_today",
        "history",
        "life_aux",
        "life_cool",
        "life_fan",
        "life_heat",
        "today_aux",
        "today_cool",
        "today_fan",
        "today_heat",
    )

    def __init__(self) -> None:
        """All zero, no day yet."""
        self.day: int | None = None
        """Date ordinal of the local day the ``today`` values belong to."""
        self.today_heat = self.today_cool = self.today_aux = self.today_fan = 0.0
        self.life_heat = self.life_cool = self.life_aux = self.life_fan = 0.0
        self.cycles_today = self.defrosts_today = 0
        self.cycles_lifetime = self.defrosts_lifetime = 0
        self.history: deque[DayTotals] = deque(maxlen=HISTORY_DAYS)
        """Finished local days, oldest first (days without samples are absent)."""

    def roll(self, day: int) -> bool:
        """Move to local day ``day``; return whether a new day began."""
        current = self.day
        if current is not None and day <= current:
            return False
        if current is not None:
            self.history.append(
                DayTotals(
                    day=date.fromordinal(current),
                    runtime=self.today(),
                    cycles=self.cycles_today,
                    defrosts=self.defrosts_today,
                )
            )
        self.day = day
        self.today_heat = self.today_cool = self.today_aux = self.today_fan = 0.0
        self.cycles_today = self.defrosts_today = 0
        return current is not None

    def add(self, sample: Sample) -> None:
        """Add the known runtime of a cleaned sample."""
        value = sample.comp_heat_s
        if value:
            self.today_heat += value
            self.life_heat += value
        value = sample.comp_cool_s
        if value:
            self.today_cool += value
            self.life_cool += value
        value = sample.aux_heat_s
        if value:
            self.today_aux += value
            self.life_aux += value
        value = sample.fan_s
        if value:
            self.today_fan += value
            self.life_fan += value

    def count_cycle(self) -> None:
        """Count a compressor start."""
        self.cycles_today += 1
        self.cycles_lifetime += 1

    def count_defrost(self) -> None:
        """Count a defrost start."""
        self.defrosts_today += 1
        self.defrosts_lifetime += 1

    def today(self) -> RuntimeTotals:
        """Runtime of the current local day."""
        return RuntimeTotals(
            comp_heat_s=self.today_heat,
            comp_cool_s=self.today_cool,
            aux_heat_s=self.today_aux,
            fan_s=self.today_fan,
        )

    def lifetime(self) -> RuntimeTotals:
        """Runtime since the engine first ran."""
        return RuntimeTotals(
            comp_heat_s=self.life_heat,
            comp_cool_s=self.life_cool,
            aux_heat_s=self.life_aux,
            fan_s=self.life_fan,
        )

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "day": self.day,
            "today": [self.today_heat, self.today_cool, self.today_aux, self.today_fan],
            "lifetime": [self.life_heat, self.life_cool, self.life_aux, self.life_fan],
            "cycles_today": self.cycles_today,
            "defrosts_today": self.defrosts_today,
            "cycles_lifetime": self.cycles_lifetime,
            "defrosts_lifetime": self.defrosts_lifetime,
            "history": [
                [
                    item.day.toordinal(),
                    item.runtime.comp_heat_s,
                    item.runtime.comp_cool_s,
                    item.runtime.aux_heat_s,
                    item.runtime.fan_s,
                    item.cycles,
                    item.defrosts,
                ]
                for item in self.history
            ],
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self.day = st.optional_integer(state, "day")
        today = _seconds(st.items(state, "today"), "today")
        lifetime = _seconds(st.items(state, "lifetime"), "lifetime")
        self.today_heat, self.today_cool, self.today_aux, self.today_fan = today
        self.life_heat, self.life_cool, self.life_aux, self.life_fan = lifetime
        self.cycles_today = st.integer(state, "cycles_today")
        self.defrosts_today = st.integer(state, "defrosts_today")
        self.cycles_lifetime = st.integer(state, "cycles_lifetime")
        self.defrosts_lifetime = st.integer(state, "defrosts_lifetime")
        self.history.clear()
        # Saved before the history existed: it starts empty.
        for item in st.items(state, "history") if "history" in state else []:
            if not isinstance(item, list) or len(item) != 7:
                raise st.StateError("'history' days must hold seven values")
            heat, cool, aux, fan = _seconds(item[1:5], "history")
            self.history.append(
                DayTotals(
                    day=date.fromordinal(int(item[0])),
                    runtime=RuntimeTotals(
                        comp_heat_s=heat, comp_cool_s=cool, aux_heat_s=aux, fan_s=fan
                    ),
                    cycles=int(item[5]),
                    defrosts=int(item[6]),
                )
            )


def _seconds(values: list[Any], key: str) -> tuple[float, float, float, float]:
    if len(values) != 4:
        raise st.StateError(f"{key!r} must hold four runtimes")
    numbers = [st.number({key: value}, key) for value in values]
    if any(value < 0 for value in numbers):
        raise st.StateError(f"{key!r} runtimes must not be negative")
    return numbers[0], numbers[1], numbers[2], numbers[3]
