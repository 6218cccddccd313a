"""Defrosts the unit does not report, recognised from their signature.

A reverse-cycle defrost runs the refrigerant in the cooling direction with the outdoor
fan stopped, in the middle of a heating run at outdoor temperatures where the coil can
frost. Indoors it shows as (any one is enough):

* the supply air collapsing towards (or below) the return air while the compressor
  keeps running: a fall of at least ``ENTRY_LOSS`` of the split of the established
  run from one sample to the next, without backup heat turning off at the same time;
* the air handler drawing strip-heat power (``STRIP_JUMP_W`` above the blower alone)
  that the thermostat did not call (``aux_heat_s`` reported as 0): the board tempers
  the supply air by itself;
* that strip-heat jump together with the outdoor unit's power dipping by
  ``OUTDOOR_DIP`` (the outdoor fan stops);
* compressor seconds in the cooling direction in heat mode (units that report the
  reversing valve).

Once in a defrost, the episode goes on while the supply air stays collapsed (below
``STAY_LOSS`` of the split) and is not recovering, or the strip jump or the cooling
seconds go on. Only samples with the compressor running in heat mode (or auto) at an
outdoor temperature below ``MAX_OUTDOOR_C`` (or unknown) can be in defrost.

``infer`` answers ``None`` when it cannot tell: no compressor reading, or a heating
sample without any usable signal (no supply/return pair with a learned split, no
indoor-unit power with a learned blower level, and no reversing valve seen). It
answers ``0.0`` for samples that cannot be a defrost (compressor off, cooling mode,
warm outdoor air) and for heating samples whose signals show no defrost. The defrost
seconds of a sample are estimated from how much of the split it lost, so an episode
that covers part of a 5-minute row gets part of the row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from . import state as st
from .sample import HvacMode, Sample

MAX_OUTDOOR_C: Final = 7.5
"""Above this outdoor temperature the coil of a heating unit does not frost."""
FULL_RUN: Final = 0.8
"""Share of a sample the compressor must heat for the sample to be steady heating."""
MIN_SPLIT_K: Final = 4.0
"""A run whose supply-return split is smaller gives no usable supply signal."""
SPLIT_FALL_ALPHA: Final = 0.3
"""Share of a fall of the split taken into the run's reference per sample."""
ENTRY_LOSS: Final = 0.45
"""Share of the previous sample's split lost in one sample that starts a defrost."""
MIN_ENTRY_LOSS: Final = 0.25
"""Loss that starts a defrost however long the samples are."""
SHORT_SAMPLE_S: Final = 150.0
"""Samples longer than this dilute a defrost: the loss thresholds scale down."""
STAY_LOSS: Final = 0.4
"""Share of the split at entry that must stay lost for the defrost to go on."""
RECOVERY_RISE_K: Final = 1.5
"""A supply rise this large from one sample to the next while it is still low: recovery."""
FULL_LOSS: Final = 0.85
"""Loss of split that counts as a whole sample of defrost."""
REVERSED_SPLIT_K: Final = 0.5
"""Supply this far below return (beyond sensor noise) with strip heat on: a defrost."""
HEATED_SPLIT_K: Final = 1.0
"""A split this large shows the run heated before (a defrost interrupts heating)."""
STRIP_JUMP_W: Final = 1500.0
"""Air-handler power above the blower alone that means strip heat (smallest element)."""
OUTDOOR_DIP: Final = 0.04
"""Relative dip of outdoor-unit power that means the outdoor fan stopped."""
BLOWER_ALPHA: Final = 0.2
"""Weight of a new sample in the learned blower-alone power."""
AUX_FALL: Final = 0.2
"""Drop in the share of a sample with backup heat that means backup heat turned off."""
GAP_TOLERANCE_S: Final = 5.0

_HEATING_MODES: Final = (HvacMode.HEAT, HvacMode.AUTO, None)


class DefrostInference:
    """Estimates defrost seconds of samples whose ``defrost_s`` is unknown."""

    __slots__ = (
        "_active",
        "_aux_share",
        "_blower_w",
        "_entry_split",
        "_heating",
        "_indoor_w",
        "_last_end",
        "_outdoor_w",
        "_reverse_seen",
        "_run_heated",
        "_split",
        "_supply",
    )

    def __init__(self) -> None:
        """Nothing learned."""
        self._active = False
        """Whether the previous sample was inferred to be in defrost."""
        self._last_end: float | None = None
        self._heating = False
        """Whether the previous sample was steady heating (same run as this one)."""
        self._split: float | None = None
        """Supply-return split of the previous steady heating sample outside defrost."""
        self._supply: float | None = None
        """Supply temperature of the previous sample of the run."""
        self._entry_split: float | None = None
        """Split of the run just before the open defrost began."""
        self._outdoor_w: float | None = None
        """Outdoor-unit power of the previous steady heating sample outside defrost."""
        self._blower_w: float | None = None
        """Learned air-handler power with the compressor heating and no strip heat."""
        self._aux_share: float | None = None
        self._indoor_w: float | None = None
        """Backup-heat share and air-handler power of the previous sample."""
        self._run_heated = False
        """Whether the supply air was warmer than the return air in this run."""
        self._reverse_seen = False
        """Whether the unit was seen reporting cooling seconds during heating."""

    def infer(self, sample: Sample, start: float, end: float) -> float | None:
        """Return inferred defrost seconds in ``[start, end)``, or ``None`` (cannot tell)."""
        last_end = self._last_end
        self._last_end = end
        if last_end is None or abs(start - last_end) > GAP_TOLERANCE_S:
            self._forget_run()
        heat_s = sample.comp_heat_s
        cool_s = sample.comp_cool_s
        mode = sample.hvac_mode
        if mode not in _HEATING_MODES:
            self._forget_run()
            return 0.0
        if heat_s is None and cool_s is None:
            self._forget_run()
            return None
        heat_s = heat_s or 0.0
        cool_s = cool_s or 0.0
        if heat_s + cool_s <= 0.0:
            self._forget_run()
            return 0.0
        outdoor = sample.outdoor_temp_c
        if outdoor is not None and outdoor >= MAX_OUTDOOR_C:
            self._forget_run()
            return 0.0
        interval = end - start
        if cool_s > 0.0:
            # The valve in the cooling direction during a heating run is a defrost; in
            # auto mode only right after (or along with) heating.
            if mode is HvacMode.HEAT or heat_s > 0.0 or self._heating or self._active:
                self._reverse_seen = True
                self._active = True
                self._heating = heat_s > 0.0
                return cool_s
            self._forget_run()
            return 0.0
        seconds = self._heating_sample(sample, heat_s, interval)
        aux = sample.aux_heat_s
        self._aux_share = None if aux is None else aux / interval
        self._indoor_w = sample.indoor_unit_w
        return seconds

    def _heating_sample(
        self, sample: Sample, heat_s: float, interval: float
    ) -> float | None:
        steady = heat_s >= FULL_RUN * interval
        supply = sample.supply_temp_c
        ret = sample.return_temp_c
        split = None if supply is None or ret is None else supply - ret
        blower = self._blower_w
        power = sample.indoor_unit_w
        # Strip heat: the air handler draws well above the blower alone.
        strip = (
            blower is not None and power is not None and power - blower >= STRIP_JUMP_W
        )
        aux_fell = self._aux_fell(sample)
        loss = self._loss(split, supply, aux_fell=aux_fell)
        new_strip = strip and self._strip_new()
        # Backup heat that comes on warms the supply air; tempering in a defrost
        # comes on while the supply air cools.
        tempering = new_strip and (
            sample.aux_heat_s == 0.0
            or (loss is not None and loss > 0.0)
            or (loss is None and self._outdoor_dip(sample))
        )
        # The heater on and the supply air still colder than the return air: the
        # refrigerant takes heat from the house, which only a defrost does.
        if (
            strip
            and self._run_heated
            and split is not None
            and split <= -REVERSED_SPLIT_K
        ):
            tempering = True
        if split is not None and split >= HEATED_SPLIT_K:
            self._run_heated = True
        # A defrost fills only part of a long sample, so less of the split is lost.
        scale = 1.0 if interval <= SHORT_SAMPLE_S else SHORT_SAMPLE_S / interval
        if self._active:
            defrost = strip if loss is None else loss >= STAY_LOSS * scale
        else:
            defrost = (
                (loss is not None and loss >= max(MIN_ENTRY_LOSS, ENTRY_LOSS * scale))
                or tempering
            ) and steady
        can_tell = (
            split is not None or sample.indoor_unit_w is not None or self._reverse_seen
        )
        if defrost:
            share = 1.0 if loss is None else min(1.0, max(0.2, loss / FULL_LOSS))
            if not self._active:
                self._entry_split = self._split
                if scale < 1.0:
                    # Where in a long sample the defrost began is unknown: the
                    # episode takes the whole sample rather than miss its start.
                    share = 1.0
            self._active = True
            self._supply = supply
            self._heating = steady
            return share * heat_s
        ended = self._active
        self._active = False
        self._entry_split = None
        self._supply = supply
        if ended:
            self._split = None  # the run's split is learned anew after a defrost
        elif steady:
            self._learn_split(split, restart=aux_fell)
            self._learn_powers(sample)
        else:
            self._split = None
        self._heating = steady
        return 0.0 if can_tell else None

    def _learn_split(self, split: float | None, *, restart: bool) -> None:
        """Follow the run's split: rises at once, falls slowly (a drop is not learned).

        ``restart``: backup heat turned off, the split of the run starts anew.
        """
        reference = self._split
        if split is None or split < MIN_SPLIT_K:
            self._split = None
        elif reference is None or split >= reference or restart:
            self._split = split
        else:
            self._split = reference + (split - reference) * SPLIT_FALL_ALPHA

    def _loss(
        self, split: float | None, supply: float | None, *, aux_fell: bool
    ) -> float | None:
        """Share of the run's split lost in this sample, or None (no supply signal)."""
        if split is None:
            return None
        if self._active:
            reference = self._entry_split
            previous = self._supply
            if (
                supply is not None
                and previous is not None
                and supply - previous >= RECOVERY_RISE_K
            ):
                return 0.0  # the supply air is warming again: the defrost is over
            if reference is None:
                return None
            return (reference - split) / reference
        reference = self._split
        if reference is None:
            return None
        if aux_fell:
            return 0.0  # backup heat turning off lowers the split, not a defrost
        return (reference - split) / reference

    def _aux_fell(self, sample: Sample) -> bool:
        """Whether backup heat ran less than in the previous sample."""
        aux = sample.aux_heat_s
        before = self._aux_share
        if aux is not None and before is not None:
            return aux / sample.interval_s < before - AUX_FALL
        power = sample.indoor_unit_w
        previous = self._indoor_w
        return (
            power is not None
            and previous is not None
            and power < previous - STRIP_JUMP_W
        )

    def _strip_new(self) -> bool:
        """Whether the air handler drew no strip heat in the previous sample."""
        blower = self._blower_w
        previous = self._indoor_w
        return (
            blower is not None
            and previous is not None
            and previous - blower < STRIP_JUMP_W
        )

    def _outdoor_dip(self, sample: Sample) -> bool:
        before = self._outdoor_w
        power = sample.outdoor_unit_w
        return (
            before is not None
            and power is not None
            and power <= before * (1.0 - OUTDOOR_DIP)
        )

    def _learn_powers(self, sample: Sample) -> None:
        power = sample.indoor_unit_w
        if power is not None and sample.aux_heat_s == 0.0:
            blower = self._blower_w
            self._blower_w = (
                power if blower is None else blower + (power - blower) * BLOWER_ALPHA
            )
        self._outdoor_w = sample.outdoor_unit_w

    def _forget_run(self) -> None:
        self._active = False
        self._heating = False
        self._split = self._supply = self._entry_split = self._outdoor_w = None
        self._aux_share = self._indoor_w = None
        self._run_heated = False

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "active": self._active,
            "last_end": self._last_end,
            "heating": self._heating,
            "split": self._split,
            "supply": self._supply,
            "entry_split": self._entry_split,
            "outdoor_w": self._outdoor_w,
            "blower_w": self._blower_w,
            "aux_share": self._aux_share,
            "indoor_w": self._indoor_w,
            "reverse_seen": self._reverse_seen,
            "run_heated": self._run_heated,
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._active = st.flag(state, "active")
        self._last_end = st.optional_number(state, "last_end")
        self._heating = st.flag(state, "heating")
        self._split = st.optional_number(state, "split")
        self._supply = st.optional_number(state, "supply")
        self._entry_split = st.optional_number(state, "entry_split")
        self._outdoor_w = st.optional_number(state, "outdoor_w")
        self._blower_w = st.optional_number(state, "blower_w")
        self._aux_share = st.optional_number(state, "aux_share")
        self._indoor_w = st.optional_number(state, "indoor_w")
        self._reverse_seen = st.flag(state, "reverse_seen")
        self._run_heated = st.flag(state, "run_heated")
