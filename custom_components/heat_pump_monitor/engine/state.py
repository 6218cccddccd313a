"""Strict readers for the engine's persisted state (``Engine.to_state``).

Persisted state comes back from disk, so every value is checked; anything unexpected
raises ``StateError`` (a ``ValueError``) naming the key, and the caller starts fresh.
"""

from __future__ import annotations

from collections.abc import Mapping
import math
from typing import Any


class StateError(ValueError):
    """The persisted engine state is corrupt or of an unknown version."""


def section(state: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """Read a nested object."""
    value = state.get(key)
    if not isinstance(value, Mapping):
        raise StateError(f"{key!r} must be an object")
    return value


def items(state: Mapping[str, Any], key: str) -> list[Any]:
    """Read a list."""
    value = state.get(key)
    if not isinstance(value, list):
        raise StateError(f"{key!r} must be a list")
    return value


def number(state: Mapping[str, Any], key: str) -> float:
    """Read a finite number."""
    value = state.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StateError(f"{key!r} must be a number")
    value = float(value)
    if not math.isfinite(value):
        raise StateError(f"{key!r} must be finite")
    return value


def optional_number(state: Mapping[str, Any], key: str) -> float | None:
    """Read a finite number or null."""
    if state.get(key) is None:
        if key not in state:
            raise StateError(f"{key!r} is missing")
        return None
    return number(state, key)


def integer(state: Mapping[str, Any], key: str) -> int:
    """Read a non-negative integer."""
    value = state.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StateError(f"{key!r} must be a non-negative integer")
    return value


def optional_integer(state: Mapping[str, Any], key: str) -> int | None:
    """Read a non-negative integer or null."""
    if state.get(key) is None:
        if key not in state:
            raise StateError(f"{key!r} is missing")
        return None
    return integer(state, key)


def flag(state: Mapping[str, Any], key: str) -> bool:
    """Read a boolean."""
    value = state.get(key)
    if not isinstance(value, bool):
        raise StateError(f"{key!r} must be true or false")
    return value


def text(state: Mapping[str, Any], key: str) -> str:
    """Read a string."""
    value = state.get(key)
    if not isinstance(value, str):
        raise StateError(f"{key!r} must be a string")
    return value


def optional_text(state: Mapping[str, Any], key: str) -> str | None:
    """Read a string or null."""
    if state.get(key) is None:
        if key not in state:
            raise StateError(f"{key!r} is missing")
        return None
    return text(state, key)
