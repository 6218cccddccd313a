"""Typed readers of JSON reply fields, shared by every client.

Each reader returns the field as the protocol promises it or raises
``InvalidResponse`` naming the field. A field that is absent or null takes
``default``; without one it is an error. ``name`` replaces the key in messages (a
nested field, ``device.power``), ``absent`` adds values a device sends for "no
value" (Kumo's ``__ungettable``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Final

from .errors import InvalidResponse

MISSING: Final = object()
"""No default: the field is required."""
MAX_INTEGER: Final = 2**63
"""Integers beyond 64 bits are no device's values (and overflow floats)."""
MAX_NUMBER: Final = 1e300
"""Numbers beyond this are no device's values; NaN and infinities fail the check too."""


def value(
    data: Mapping[str, Any],
    key: str,
    default: Any = MISSING,
    *,
    name: str | None = None,
    absent: Collection[Any] = (),
) -> Any:
    """Return the raw field ``key``, or ``default`` when it is absent or null."""
    found = data.get(key, MISSING)
    if found is MISSING or found is None or (absent and found in absent):
        if default is MISSING:
            raise InvalidResponse("a required field is missing", field=name or key)
        return default
    return found


def text(
    data: Mapping[str, Any],
    key: str,
    default: Any = MISSING,
    *,
    name: str | None = None,
    absent: Collection[Any] = (),
) -> Any:
    """Return the text field ``key`` (or ``default`` when absent)."""
    found = value(data, key, default, name=name, absent=absent)
    if found is not default and not isinstance(found, str):
        raise InvalidResponse("not text", field=name or key)
    return found


def number(
    data: Mapping[str, Any],
    key: str,
    default: Any = MISSING,
    *,
    name: str | None = None,
    absent: Collection[Any] = (),
) -> float:
    """Return the finite number field ``key``."""
    found = value(data, key, default, name=name, absent=absent)
    if isinstance(found, bool) or not isinstance(found, int | float):
        raise InvalidResponse("not a number", field=name or key)
    if not -MAX_NUMBER < found < MAX_NUMBER:  # also false for NaN
        raise InvalidResponse("not a finite number", field=name or key)
    return float(found)


def integer(
    data: Mapping[str, Any],
    key: str,
    default: Any = MISSING,
    *,
    name: str | None = None,
) -> int:
    """Return the integer field ``key`` (a whole float is accepted)."""
    found = value(data, key, default, name=name)
    if isinstance(found, bool) or not isinstance(found, int | float):
        raise InvalidResponse("not an integer", field=name or key)
    if isinstance(found, float) and not found.is_integer():
        raise InvalidResponse("not an integer", field=name or key)
    if not -MAX_INTEGER < found < MAX_INTEGER:
        raise InvalidResponse("integer out of range", field=name or key)
    return int(found)


def flag(
    data: Mapping[str, Any],
    key: str,
    default: Any = MISSING,
    *,
    name: str | None = None,
    absent: Collection[Any] = (),
) -> bool:
    """Return the boolean field ``key``."""
    found = value(data, key, default, name=name, absent=absent)
    if not isinstance(found, bool):
        raise InvalidResponse("not true/false", field=name or key)
    return found


def optional_number(
    data: Mapping[str, Any],
    key: str,
    *,
    name: str | None = None,
    absent: Collection[Any] = (),
) -> float | None:
    """Return the finite number field ``key``, or None when it is absent or null."""
    if value(data, key, None, name=name, absent=absent) is None:
        return None
    return number(data, key, name=name, absent=absent)
