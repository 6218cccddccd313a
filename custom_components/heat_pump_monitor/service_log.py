"""The service log of a system: every technician visit, as the homeowner records it.

Good service practice documents each visit (readings, refrigerant charged, repairs)
for warranty and follow-up; the technician report prints this log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Final

MAX_VISITS: Final = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceVisit:
    """One visit of a technician."""

    day: date
    technician: str
    work_done: str
    refrigerant_added_kg: float | None = None
    refrigerant_type: str | None = None

    def to_state(self) -> dict[str, Any]:
        """Return the visit as JSON-serialisable values."""
        return {**asdict(self), "day": self.day.isoformat()}


def visits_from_state(state: Iterable[Any] | None) -> list[ServiceVisit]:
    """Return the stored visits, skipping any that are unreadable."""
    visits = []
    for item in state or ():
        if not isinstance(item, Mapping):
            continue
        try:
            amount = item.get("refrigerant_added_kg")
            visits.append(
                ServiceVisit(
                    day=date.fromisoformat(str(item["day"])),
                    technician=str(item["technician"]),
                    work_done=str(item["work_done"]),
                    refrigerant_added_kg=None if amount is None else float(amount),
                    refrigerant_type=item.get("refrigerant_type"),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return visits[-MAX_VISITS:]
