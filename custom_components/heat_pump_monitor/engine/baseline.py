"""Learned baselines of one system: balance point, runtime per degree-day, aux onset.

Learned the way connected-thermostat metrics (ENERGY STAR CT, beestat) learn them,
from daily aggregates of each local day in heating: the day's mean outdoor
temperature, its compressor heating duty (runtime / covered time) and its backup-heat
seconds outside defrost (tempering during a defrost and ``AUX_RECOVERY_S`` after it do
not count). A heating day covers at least ``MIN_COVERAGE`` of the day with known
runtime and outdoor temperature, has a duty of at least ``MIN_DUTY`` and almost no
cooling; it is offered to the detectors as ``closed_day``. Only days with little
backup heat (``MAX_AUX_SHARE`` of the compressor runtime) are learned from for the
compressor line, so that its runtime measures the load it carried alone; 5-minute
rows (cloud runtime reports, a backfilled history) serve as well as 1-minute ones.

Over the last ``WINDOW_DAYS`` such days a line ``outdoor = base + slope * duty`` is
fitted by least squares (``line_fit``: heating degree-days with a fitted base
temperature):

- ``heating_s_per_degree_day`` = 86400 / -slope: compressor seconds per °C-day below
  the base;
- ``balance_point_c`` = base + slope: the outdoor daily mean at which the compressor
  would run all day, i.e. below which the heat pump alone cannot keep up
  (extrapolated from the duty line, reported only within ``MAX_EXTRAPOLATION_K`` of
  the coldest heating day seen, else unknown).

A figure needs ``line_fit.MIN_DAYS`` heating days spanning ``line_fit.MIN_SPREAD_K``
of outdoor temperature and a clearly falling line; until then it is ``None``.
``recent_balance_point_c`` is the same over the last ``RECENT_DAYS`` only.

The *reference* is the first fit learned from ``REFERENCE_MIN_DAYS`` days: frozen so
that degradation is measured against the healthy past, and afterwards nudged slowly
(``REFERENCE_UPDATE_WEIGHT`` per day) only by days that agree with it. Frozen with it
is an *effort* line over all heating days, of compressor plus backup duty, each
backup second weighted by the heat it adds relative to a heat-pump second
(``aux_factor``, learned from the supply-minus-return split; 1 until known; the
reference and the judged day are always weighed alike, see ``effort_fit``):
thermostats stage backup heat in when a call runs long, so a heat pump that lost
capacity shows more backup heat as well as more runtime (``balance_rise_k``).
``keeps_up_above_c`` is where the heat pump carries the house alone:
``KEEP_UP_MARGIN_K`` above the reference balance point.

*Aux onset*: the outdoor temperature below which this system has used backup heat,
the ``AUX_ONSET_QUANTILE`` of the outdoor temperature over its non-defrost backup
seconds (1 K bins), frozen with the reference. Thermostats bring in backup heat on
timers above the thermal balance point; use below the onset is this system's normal.

COP is not estimated: the delivered heat needs the airflow, which no source reports.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
import math
from typing import TYPE_CHECKING, Any, Final

from . import state as st
from .aux_factor import AuxFactor
from .effort_fit import EffortFit
from .line_fit import LineFit
from .sample import HvacMode

if TYPE_CHECKING:
    from .detectors.base import Observation

DAY_S: Final = 86_400.0
MIN_COVERAGE: Final = 0.75
MIN_DUTY: Final = 0.05
MAX_COOL_SHARE: Final = 0.05
MAX_AUX_SHARE: Final = 0.1
AUX_RECOVERY_S: Final = 300.0
"""Backup heat this long after a defrost is still tempering the supply air."""
WINDOW_DAYS: Final = 60
MAX_EXTRAPOLATION_K: Final = 10.0
REFERENCE_MIN_DAYS: Final = 10
REFERENCE_UPDATE_WEIGHT: Final = 0.1
REFERENCE_AGREES: Final = 0.1
"""A day within this fraction of the reference duty may nudge the reference."""
RECENT_DAYS: Final = 14
KEEP_UP_MARGIN_K: Final = 6.0
"""Above the balance point by this much, a healthy heat pump recovers the room by
itself (seen in simulated very cold winters, where the line is most optimistic)."""
BIN_LOW_C: Final = -40
BIN_COUNT: Final = 80
AUX_ONSET_QUANTILE: Final = 0.95
MIN_AUX_ONSET_S: Final = 7200.0
"""Backup seconds needed before an onset temperature is given."""
_HEATING_MODES: Final = frozenset({HvacMode.HEAT, HvacMode.AUTO})

# A daily record: outdoor mean, compressor duty, non-defrost aux duty.
_T, _DUTY, _AUX = range(3)


def _fit(records: list[list[float]]) -> LineFit:
    fit = LineFit()
    for record in records:
        fit.add(record[_DUTY], record[_T])
    return fit


def _balance(line: tuple[float, float] | None, coldest: float) -> float | None:
    if line is None:
        return None
    base, slope = line
    balance = base + slope
    if balance < coldest - MAX_EXTRAPOLATION_K:
        return None
    return round(balance, 1)


class Baseline:
    """What this system normally does, learned from its own history."""

    __slots__ = (
        "_aux_bins",
        "_aux_factor",
        "_balance",
        "_day",
        "_day_aux",
        "_day_cool",
        "_day_heat",
        "_day_known",
        "_day_outdoor",
        "_days",
        "_effort_days",
        "_per_degree_day",
        "_recent_balance",
        "_reference",
        "_reference_aux_onset",
        "_reference_balance",
        "_reference_effort",
        "closed_day",
    )

    def __init__(self) -> None:
        """Nothing learned."""
        self._days: deque[list[float]] = deque(maxlen=WINDOW_DAYS)
        self._day: int | None = None
        self._day_known = self._day_outdoor = self._day_heat = 0.0
        self._day_aux = self._day_cool = 0.0
        self._aux_bins = [0.0] * BIN_COUNT
        self._aux_factor = AuxFactor()
        self._reference: LineFit | None = None
        self._reference_aux_onset: float | None = None
        self._reference_balance: float | None = None
        self._reference_effort: EffortFit | None = None
        """Reference of compressor plus backup duty against outdoor, all heating days."""
        self._effort_days: deque[list[float]] = deque(maxlen=WINDOW_DAYS)
        self._balance: float | None = None
        self._per_degree_day: float | None = None
        self._recent_balance: float | None = None
        self.closed_day: tuple[float, float, float] | None = None
        """``(outdoor_c, duty, aux_duty)`` of the heating day the last sample closed
        (learned from or not: days with much backup heat are judged, not learned)."""

    @property
    def balance_point_c(self) -> float | None:
        """Outdoor temperature below which the heat pump alone cannot keep up."""
        return self._balance

    @property
    def heating_s_per_degree_day(self) -> float | None:
        """Learned compressor heating runtime per heating degree-day (°C-day)."""
        return self._per_degree_day

    @property
    def cop(self) -> float | None:
        """Not estimated (see the module docstring): always ``None``."""
        return None

    @property
    def recent_balance_point_c(self) -> float | None:
        """Balance point of the last ``RECENT_DAYS`` heating days only."""
        return self._recent_balance

    @property
    def reference_balance_point_c(self) -> float | None:
        """Balance point of the frozen reference."""
        return self._reference_balance

    @property
    def aux_onset_c(self) -> float | None:
        """Outdoor temperature below which this system normally used backup heat."""
        return self._reference_aux_onset

    @property
    def aux_factor(self) -> float:
        """Heat of one backup second relative to one heat-pump second (1: unknown)."""
        return self._aux_factor.factor

    @property
    def keeps_up_above_c(self) -> float | None:
        """Outdoor temperature above which the heat pump carries the house alone.

        ``KEEP_UP_MARGIN_K`` above the reference balance point, or the aux onset if
        warmer: the balance point is a straight line through daily means, which
        overstates what the heat pump does in the coldest hours (nights are colder
        than the day's mean; capacity falls faster than linearly in deep cold).
        """
        balance = self.reference_balance_point_c
        onset = self._reference_aux_onset
        if balance is None:
            return onset
        keeps_up = balance + KEEP_UP_MARGIN_K
        return keeps_up if onset is None else max(keeps_up, onset)

    def reference_duty(self, outdoor_c: float) -> float | None:
        """Compressor duty the reference expects at a daily mean ``outdoor_c``."""
        reference = self._reference
        if reference is None:
            return None
        line = reference.line()
        if line is None:
            return None
        if not reference.t_min - 2.0 <= outdoor_c <= reference.t_max + 2.0:
            return None
        base, slope = line
        return (outdoor_c - base) / slope

    def balance_rise_k(self, outdoor_c: float, duty: float, aux: float) -> float | None:
        """How far a day's effort puts the balance point above the reference's.

        The day's effort is its compressor duty plus its backup duty weighted by
        ``aux_factor``, as the reference's. The reference effort line moved to pass
        through the day's point crosses full effort this much warmer: the
        reference's kelvin per unit of effort times the excess effort.
        """
        reference = self._reference_effort
        if reference is None:
            return None
        factor = self._aux_factor.factor
        line = reference.line_fit(factor).line()
        if line is None:
            return None
        if not reference.t_min - 2.0 <= outdoor_c <= reference.t_max + 2.0:
            return None
        base, slope = line
        effort = reference.effort(duty, aux, factor)
        return -slope * (effort - (outdoor_c - base) / slope)

    def observe(self, obs: Observation) -> None:
        """Learn from one sample (called before the detectors see it)."""
        self.closed_day = None
        self._aux_factor.observe(obs)
        if obs.day != self._day:
            if self._day is not None and obs.day > self._day:
                self._close_day()
            self._day = obs.day
            self._day_known = self._day_outdoor = self._day_heat = 0.0
            self._day_aux = self._day_cool = 0.0
        sample = obs.sample
        if sample is None or not sample.online:
            return
        outdoor = sample.outdoor_temp_c
        heat = sample.comp_heat_s
        mode = sample.hvac_mode
        if outdoor is None or heat is None or (mode and mode not in _HEATING_MODES):
            return  # an unknown mode may heat: days without heating are not learned
        interval = obs.end - obs.start
        self._day_known += interval
        self._day_outdoor += outdoor * interval
        self._day_heat += heat
        self._day_cool += sample.comp_cool_s or 0.0
        aux = sample.aux_heat_s
        if aux and not in_defrost(obs):
            self._day_aux += aux
            index = min(BIN_COUNT - 1, max(0, math.floor(outdoor) - BIN_LOW_C))
            self._aux_bins[index] += aux

    def _close_day(self) -> None:
        known = self._day_known
        if known < MIN_COVERAGE * DAY_S:
            return
        duty = self._day_heat / known
        if duty < MIN_DUTY or self._day_cool > MAX_COOL_SHARE * known:
            return
        outdoor = self._day_outdoor / known
        aux = self._day_aux / known
        self.closed_day = (outdoor, duty, aux)
        self._effort_days.append([outdoor, duty, aux])
        if self._day_aux <= MAX_AUX_SHARE * self._day_heat:
            self._days.append([outdoor, duty, aux])
        self._learn(outdoor, duty, aux)

    def _learn(self, outdoor: float, duty: float, aux: float) -> None:
        fit = self._refit()
        reference = self._reference
        factor = self._aux_factor.factor
        if reference is None:
            effort_fit = EffortFit()
            for day in self._effort_days:
                effort_fit.add(day[_DUTY], day[_AUX], day[_T])
            if (
                fit.line() is not None
                and fit.n >= REFERENCE_MIN_DAYS
                and effort_fit.line_fit(factor).line() is not None
            ):
                self._reference = fit
                self._reference_effort = effort_fit
                self._reference_aux_onset = self._onset()
                self._reference_balance = _balance(fit.line(), fit.t_min)
            return
        rise = self.balance_rise_k(outdoor, duty, aux)
        reference_effort = self._reference_effort
        line = (
            None
            if reference_effort is None
            else reference_effort.line_fit(factor).line()
        )
        if rise is not None and line is not None:
            assert reference_effort is not None
            effort = reference_effort.effort(duty, aux, factor)
            # Within REFERENCE_AGREES of the expected effort: a healthy day.
            if abs(rise / line[1]) <= REFERENCE_AGREES * effort:
                reference_effort.add(duty, aux, outdoor, REFERENCE_UPDATE_WEIGHT)
        expected = self.reference_duty(outdoor)
        if (
            expected is not None
            and aux <= MAX_AUX_SHARE * duty
            and abs(duty / expected - 1.0) <= REFERENCE_AGREES
        ):
            reference.add(duty, outdoor, REFERENCE_UPDATE_WEIGHT)
            self._reference_balance = _balance(reference.line(), reference.t_min)

    def _onset(self) -> float | None:
        bins = self._aux_bins
        total = sum(bins)
        if total < MIN_AUX_ONSET_S:
            return None
        running = 0.0
        for index, seconds in enumerate(bins):
            running += seconds
            if running >= AUX_ONSET_QUANTILE * total:
                return float(index + BIN_LOW_C + 1)
        return None  # pragma: no cover - the loop always reaches the total

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "days": [list(record) for record in self._days],
            "day": self._day,
            "day_sums": [
                self._day_known,
                self._day_outdoor,
                self._day_heat,
                self._day_aux,
                self._day_cool,
            ],
            "aux_bins": list(self._aux_bins),
            "aux_factor": self._aux_factor.to_state(),
            "reference": None
            if self._reference is None
            else self._reference.to_state(),
            "reference_aux_onset": self._reference_aux_onset,
            "effort_days": [list(record) for record in self._effort_days],
            "reference_effort": None
            if self._reference_effort is None
            else self._reference_effort.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        days = _records(state, "days")
        self._effort_days = _records(state, "effort_days")
        sums = st.items(state, "day_sums")
        bins = st.items(state, "aux_bins")
        if len(sums) != 5 or len(bins) != BIN_COUNT:
            raise st.StateError("baseline sums are malformed")
        self._days = days
        self._day = st.optional_integer(state, "day")
        (
            self._day_known,
            self._day_outdoor,
            self._day_heat,
            self._day_aux,
            self._day_cool,
        ) = (st.number({"v": value}, "v") for value in sums)
        self._aux_bins = [st.number({"v": value}, "v") for value in bins]
        reference = state.get("reference")
        if "reference" not in state:
            raise st.StateError("'reference' is missing")
        self._reference = None if reference is None else LineFit.from_state(reference)
        self._reference_balance = (
            None
            if self._reference is None
            else _balance(self._reference.line(), self._reference.t_min)
        )
        self._reference_aux_onset = st.optional_number(state, "reference_aux_onset")
        effort = state.get("reference_effort")
        if "reference_effort" not in state:
            raise st.StateError("'reference_effort' is missing")
        self._reference_effort = (
            None if effort is None else EffortFit.from_state(effort)
        )
        aux_factor = AuxFactor()
        if "aux_factor" in state:  # absent from older versions' state
            aux_factor.load_state(st.section(state, "aux_factor"))
        self._aux_factor = aux_factor
        self.closed_day = None
        self._refit()

    def _refit(self) -> LineFit:
        """Fit the window and the recent days; return the window's fit."""
        records = list(self._days)
        fit = _fit(records)
        if not records:
            self._balance = self._per_degree_day = self._recent_balance = None
            return fit
        line = fit.line()
        self._balance = _balance(line, min(record[_T] for record in records))
        self._per_degree_day = None if line is None else round(-DAY_S / line[1], 1)
        recent = records[-RECENT_DAYS:]
        self._recent_balance = _balance(
            _fit(recent).line(), min(record[_T] for record in recent)
        )
        return fit


def _records(state: Mapping[str, Any], key: str) -> deque[list[float]]:
    records: deque[list[float]] = deque(maxlen=WINDOW_DAYS)
    for record in st.items(state, key):
        if not isinstance(record, list) or len(record) != 3:
            raise st.StateError(f"baseline {key} are malformed")
        records.append([st.number({"v": value}, "v") for value in record])
    return records


def in_defrost(obs: Observation) -> bool:
    """Whether the sample is in a defrost episode or its supply-air recovery."""
    defrost = obs.defrost
    if defrost.active or defrost.ended:
        return True
    last_end = defrost.last_end
    return last_end is not None and obs.start < last_end + AUX_RECOVERY_S
