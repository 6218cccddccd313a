"""Match inferred defrost episodes to the true ones, one to one, by overlap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

Span = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True, kw_only=True)
class DefrostMatch:
    """Counts of one trace: true defrosts, inferred ones, and pairs that overlap."""

    true: int
    inferred: int
    matched: int


def match_defrosts(true: Sequence[Span], inferred: Sequence[Span]) -> DefrostMatch:
    """Pair each inferred episode with the first unpaired true one it overlaps.

    Both lists are in time order and their episodes do not overlap among themselves,
    so one sweep pairs them greedily; a true defrost pairs at most once.
    """
    matched = 0
    index = 0
    for start, end in inferred:
        while index < len(true) and true[index][1] <= start:
            index += 1
        if index < len(true) and true[index][0] < end:
            matched += 1
            index += 1
    return DefrostMatch(true=len(true), inferred=len(inferred), matched=matched)
