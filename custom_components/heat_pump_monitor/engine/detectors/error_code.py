"""``error_code``: the device reports a fault code.

Present from the first sample that carries a code (texts meaning "no error" are not
codes); the code's meaning and class come from ``error_codes``. Refrigerant,
pressure and compressor codes are critical, maintenance reminders and advisories a
warning, every other code (unknown ones too) an error. Absent once
``CLEAR_SAMPLES`` online samples in a row carry no code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import state as st
from ..clock import iso
from ..error_codes import CodeClass, is_no_error, lookup
from ..findings import FindingKind, Severity
from .base import Condition, Observation, optional_condition

CLEAR_SAMPLES: Final = 3
"""Online samples without a code after which the code is gone (not a blip)."""
SEVERITY: Final = {
    CodeClass.REFRIGERANT: Severity.CRITICAL,
    CodeClass.FAULT: Severity.ERROR,
    CodeClass.ADVISORY: Severity.WARNING,
    CodeClass.MAINTENANCE: Severity.WARNING,
}


class ErrorCodeDetector:
    """Follows the device's reported code."""

    __slots__ = ("_clear_count", "_code", "_condition")

    kind = FindingKind.ERROR_CODE

    def __init__(self) -> None:
        """No code seen."""
        self._code: str | None = None
        self._clear_count = 0
        self._condition: Condition | None = None

    def observe(self, obs: Observation) -> Condition | None:
        """Present while a code stands (see the module docstring)."""
        sample = obs.sample
        if sample is None or not sample.online:
            return self._condition
        code = sample.error_code
        if code is None and self._condition is None:
            return None  # the common case: no code, none standing
        if is_no_error(code):
            if self._condition is not None:
                self._clear_count += 1
                if self._clear_count >= CLEAR_SAMPLES:
                    self._condition = None
                    self._code = None
            return self._condition
        assert code is not None
        self._clear_count = 0
        code = code.strip()
        if code == self._code and self._condition is not None:
            return self._condition
        info = lookup(code)
        self._code = code
        self._condition = Condition(
            start=obs.start,
            severity=SEVERITY[info.code_class],
            evidence={
                "code": code,
                "meaning": info.meaning,
                "technician_only": info.code_class is CodeClass.REFRIGERANT,
                "first_seen_at": iso(obs.start),
            },
        )
        return self._condition

    def to_state(self) -> dict[str, Any]:
        """Return persistable state."""
        return {
            "code": self._code,
            "clear_count": self._clear_count,
            "condition": None
            if self._condition is None
            else self._condition.to_state(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Restore ``to_state`` output."""
        self._code = st.optional_text(state, "code")
        self._clear_count = st.integer(state, "clear_count")
        self._condition = optional_condition(state, "condition")
