"""The shape every source has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from ..engine.sample import Sample


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceDevice:
    """What a source knows about the equipment it reads."""

    serial: str
    manufacturer: str
    model: str
    sw_version: str | None = None


class SourceUnavailable(Exception):
    """The source could not be read this time (connection, timeout, bad reply).

    The coordinator marks the entities unavailable, keeps counting the outage for the
    ``offline`` finding and polls again at the next interval.
    """


class SourceAuthFailed(Exception):
    """The source's credentials were refused; only the user can fix this.

    The coordinator raises ``ConfigEntryAuthFailed`` so Home Assistant starts the
    reauthentication flow.
    """


class Source(Protocol):
    """A device API or simulation, polled by the coordinator."""

    @property
    def device(self) -> SourceDevice:
        """The equipment behind this source."""

    @property
    def poll_interval(self) -> timedelta:
        """How often the coordinator polls."""

    def now(self) -> datetime:
        """Return the time on the source's clock, comparable with its samples' times."""

    async def async_poll(self) -> list[Sample]:
        """Return samples for the time since the last poll, oldest first.

        Raise ``SourceUnavailable`` when the device cannot be read this time and
        ``SourceAuthFailed`` when its credentials were refused.
        """

    def to_state(self) -> dict[str, Any]:
        """JSON-serialisable state to persist across restarts."""

    def diagnostics(self) -> dict[str, Any]:
        """Facts for diagnostics (request counts, revisions, fallbacks); no secrets."""


def data_path(source: Source) -> str | None:
    """Return how a source reached its device at the last poll, if it says.

    Sources with more than one way to their device (a local API with a cloud
    fallback) have a ``data_path`` attribute (``"local"``, ``"cloud"``); the others
    have none, and this returns None for them.
    """
    path = getattr(source, "data_path", None)
    return path if isinstance(path, str) else None
