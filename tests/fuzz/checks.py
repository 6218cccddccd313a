"""The properties every parser must keep, whatever it is fed.

A parser either returns a typed result (every field of every dataclass holds its
annotated type; numbers are finite) or raises one of the clients' typed errors; an
``InvalidResponse`` names the offending field in its message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Collection, Mapping
import dataclasses
from datetime import datetime
from enum import Enum
import math
import types
from typing import Any, Union, get_args, get_origin, get_type_hints

from custom_components.heat_pump_monitor.api import ApiError, InvalidResponse

from . import tally


def assert_typed(value: object, annotation: Any = None, where: str = "result") -> None:
    """Fail unless ``value`` holds ``annotation`` (a dataclass: its own fields)."""
    if annotation is None:
        annotation = type(value)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        options = get_args(annotation)
        if value is None and type(None) in options:
            return
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                assert_typed(value, option, where)
            except AssertionError as err:
                errors.append(str(err))
            else:
                return
        raise AssertionError("; ".join(errors))
    if origin is tuple:
        assert isinstance(value, tuple), f"{where}: {value!r} is not a tuple"
        items = get_args(annotation)
        if len(items) == 2 and items[1] is Ellipsis:
            items = (items[0],) * len(value)
        assert len(items) == len(value), f"{where}: {value!r} has the wrong length"
        for index, (item, item_type) in enumerate(zip(value, items, strict=True)):
            assert_typed(item, item_type, f"{where}[{index}]")
        return
    if origin in (list, frozenset):
        assert isinstance(value, origin), f"{where}: {value!r} is not a {origin}"
        for item in value:
            assert_typed(item, get_args(annotation)[0], f"{where}[]")
        return
    if origin is Mapping or origin is dict:
        assert isinstance(value, Mapping), f"{where}: {value!r} is not a mapping"
        key_type, value_type = get_args(annotation)
        for key, item in value.items():
            assert_typed(key, key_type, f"{where} key")
            assert_typed(item, value_type, f"{where}[{key!r}]")
        return
    if dataclasses.is_dataclass(annotation):
        assert isinstance(value, annotation), f"{where}: {value!r} is not {annotation}"
        hints = get_type_hints(annotation)
        for item in dataclasses.fields(annotation):
            assert_typed(
                getattr(value, item.name), hints[item.name], f"{where}.{item.name}"
            )
        return
    _assert_scalar(value, annotation, where)


def _assert_scalar(value: object, annotation: Any, where: str) -> None:
    if annotation is float:
        assert isinstance(value, float), f"{where}: {value!r} is not a float"
        assert math.isfinite(value), f"{where}: {value!r} is not finite"
    elif annotation is int:
        assert isinstance(value, int), f"{where}: {value!r} is not an int"
        assert not isinstance(value, bool), f"{where}: {value!r} is a bool"
    elif annotation in (str, bool, datetime) or (
        isinstance(annotation, type) and issubclass(annotation, Enum)
    ):
        assert isinstance(value, annotation), f"{where}: {value!r} is not {annotation}"
    else:
        raise AssertionError(f"{where}: no check for {annotation!r}")


def assert_names_field(error: InvalidResponse, fields: Collection[str]) -> None:
    """Fail unless ``error`` names a field of the reply in its message."""
    assert error.field, f"{error!r} names no field"
    assert error.field in str(error), f"{error!r} does not say {error.field!r}"
    head = error.field.split(".")[0]
    assert head in fields, f"{error!r}: {head!r} is not a field of this reply"


async def check_call[T](
    parser: str, call: Awaitable[T], fields: Collection[str]
) -> T | None:
    """Await one parser call, check its outcome and count it; return the result.

    Anything but a typed result or a typed error is counted as unhandled and raised
    again, so hypothesis shrinks it to a minimal example.
    """
    try:
        result = await call
    except InvalidResponse as err:
        tally.record(parser, tally.rejected(err))
        assert_names_field(err, fields)
        return None
    except ApiError as err:
        tally.record(parser, tally.rejected(err))
        return None
    except Exception:
        tally.record(parser, tally.UNHANDLED)
        raise
    check_result(parser, result)
    return result


def check_result(parser: str, result: object) -> None:
    """Count ``result`` (a dataclass or a list of them) of ``parser`` as typed.

    Fail if it is not.
    """
    try:
        for item in result if isinstance(result, list) else [result]:
            assert_typed(item)
    except AssertionError:
        tally.record(parser, tally.BAD_RESULT)
        raise
    tally.record(parser, tally.RESULT)


def keys_of(*payloads: object) -> frozenset[str]:
    """Every object key in ``payloads`` (nested), as the fields a reply can have."""
    keys: set[str] = set()
    stack: list[object] = list(payloads)
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            keys.update(str(key) for key in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return frozenset(keys)
