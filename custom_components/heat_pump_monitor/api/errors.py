"""The errors every device API client raises, whatever the device.

Callers need to know only what to do next: ask the user (authentication), try again
later (connection, rate limit), or report a device that broke its protocol (invalid
response). Messages never contain credentials or tokens.
"""

from __future__ import annotations

import math


class ApiError(Exception):
    """A device API call failed."""


class AuthenticationFailed(ApiError):
    """The credentials were refused; only the user can fix this (re-authenticate)."""


class ConnectionFailed(ApiError):
    """The device or cloud could not be reached or timed out; retry later."""


class RateLimited(ConnectionFailed):
    """The API asked us to slow down; do not call again before ``retry_after_s``."""

    def __init__(self, message: str, *, retry_after_s: float) -> None:
        """Remember how long to wait."""
        super().__init__(message)
        self.retry_after_s = retry_after_s


def retry_after_s(header: str | None, default_s: float) -> float:
    """Return the wait a ``Retry-After`` header (seconds) asks for, else ``default_s``.

    A missing, unreadable, infinite or non-positive value gets the default.
    """
    try:
        seconds = float(header) if header is not None else default_s
    except ValueError:
        return default_s
    return seconds if math.isfinite(seconds) and seconds > 0 else default_s


class InvalidResponse(ApiError):
    """The reply was not what the protocol promises; the message names the field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        """Keep the offending field for diagnostics and tests."""
        super().__init__(f"{message} (field: {field})" if field else message)
        self.field = field
