"""Device API clients (async, aiohttp, no Home Assistant imports)."""

from .errors import (
    ApiError,
    AuthenticationFailed,
    ConnectionFailed,
    InvalidResponse,
    RateLimited,
)

__all__ = [
    "ApiError",
    "AuthenticationFailed",
    "ConnectionFailed",
    "InvalidResponse",
    "RateLimited",
]
