"""``offline``: the device has not answered for ``config.offline_after_s``.

Not answering is a sample with ``online`` False, or no sample at all: the caller polls
``Engine.check_offline(now)`` to cover the second case. The outage is counted from the
end of the last online sample (or the start of the first offline one when no online
sample was ever seen). Absent from the first online sample on. Gaps in a replayed
trace are not outages by themselves: the monitor was not running.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import state as st
from ..clock import iso
from ..config import EngineConfig
from ..findings import FindingKind, Severity
from .base import Condition, Observation


class OfflineDetector:
    """Measures how long the device has not answered."""

    __slots__ = ("_checked_until", "_condition", "_offline_since", "_online_until")

    kind = FindingKind.OFFLINE

    def __init__(self) -> None:
        """Nothing seen."""
        self._online_until: float | None = None
        """End of the last online sample."""
        self._offline_since: float | None = None
        """Start of the outage that offline samples are showing."""
        self._checked_until: float | None = None
        """Latest ``check`` time since the last online sample."""
        self._condition: Condition | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Absent on an online sample; present once an outage lasts long enough."""
        sample = obs.sample
        if sample is None or sample.online:
            self._online_until = obs.end
            self._offline_since = self._checked_until = self._condition = None
            return None
        since = self._offline_since
        if since is None:
            since = self._online_until
            if since is None:
                since = obs.start
            self._offline_since = since
        until = obs.end
        checked = self._checked_until
        if checked is not None and checked > until:
            until = checked
        return self._evaluate(since, until, obs.config)

    def check(self, now: float, config: EngineConfig) -> Condition | None:
        """Return the condition at wall time ``now`` (epoch s) with no new sample."""
        since = self._offline_since
        if since is None:
            since = self._online_until
            if since is None:
                return None
        checked = self._checked_until
        if checked is None or now > checked:
            self._checked_until = checked = now
        return self._evaluate(since, max(checked, since), config)

    def _evaluate(
        self, since: float, until: float, config: EngineConfig
    ) -> Condition | None:
        duration = until - since
        if duration < config.offline_after_s:
            return self._condition
        condition = self._condition
        if (
            condition is None
            or condition.start != since
            or condition.evidence["duration_s"] != duration
        ):
            condition = self._condition = Condition(
                start=since,
                severity=Severity.ERROR,
                evidence={"offline_since": iso(since), "duration_s": duration},
            )
        return condition

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "online_until": self._online_until,
            "offline_since": self._offline_since,
            "checked_until": self._checked_until,
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._online_until = st.optional_number(state, "online_until")
        self._offline_since = st.optional_number(state, "offline_since")
        self._checked_until = st.optional_number(state, "checked_until")
        self._condition = None
