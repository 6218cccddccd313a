"""Hypothesis strategies that spoil real-shaped replies.

``mutated(payload)`` applies a few mutations anywhere in a JSON value: fields
dropped, added or given the wrong type, numbers made huge, negative, NaN or
infinite, text made empty, unicode or broken at its separators (ecobee packs
colon- and comma-separated records into strings). ``replies(payload)`` turns that
into an HTTP reply, sometimes not JSON at all: truncated, an HTML error page, empty,
binary, another encoding, under a wrong content type or an error status.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

from .stage import Reply

type Json = Any
type Path = tuple[str | int, ...]

HUGE = (10**400, -(10**400), 2**63, -(2**63) - 1, 10**20, 1e308, -1e308, 5e-324)
WEIRD_TEXT = (
    "",
    " ",
    "nan",
    "NaN",
    "Infinity",
    "1e999",
    "-5002",
    "null",
    "true",
    "0x1F",
    "١٢٣",  # Arabic-Indic digits: int() and float() accept them
    "\U0001d7d9\U0001d7da",  # double-struck digits
    "é",
    "\u0000",
    "\ufeff",
    "🔥" * 3,
    "9" * 400,
    "2026-13-45 25:61:61",
    "<html>",
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HUGE),
    st.floats(),
    st.sampled_from(WEIRD_TEXT),
    st.text(max_size=12),
)
jsons = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=8), inner, max_size=3),
    ),
    max_leaves=6,
)


def _paths(value: Json, path: Path = ()) -> list[Path]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _at(value: Json, path: Path) -> Json:
    for step in path:
        value = value[step]
    return value


def _put(value: Json, path: Path, new: Json) -> Json:
    if not path:
        return new
    _at(value, path[:-1])[path[-1]] = new
    return value


@st.composite
def _broken_text(draw: st.DrawFn, text: str) -> str:
    """Spoil one separated part of ``text`` (or all of it)."""
    separators = [sep for sep in (",", ":", ".", " ") if sep in text]
    if not separators or draw(st.booleans()):
        return draw(
            st.one_of(
                st.sampled_from(WEIRD_TEXT),
                st.text(max_size=20),
                st.integers(0, len(text)).map(lambda cut: text[:cut]),
                st.just(text * 2),
            )
        )
    sep = draw(st.sampled_from(separators))
    parts = text.split(sep)
    index = draw(st.integers(0, len(parts) - 1))
    action = draw(st.sampled_from(("replace", "drop", "repeat", "add")))
    if action == "replace":
        parts[index] = draw(st.one_of(st.sampled_from(WEIRD_TEXT), st.text(max_size=8)))
    elif action == "drop":
        del parts[index]
    elif action == "repeat":
        parts.insert(index, parts[index])
    else:
        parts.insert(index, draw(st.sampled_from(WEIRD_TEXT)))
    return sep.join(parts)


@st.composite
def _mutation(draw: st.DrawFn, value: Json, names: tuple[str, ...]) -> Json:
    """Apply one mutation somewhere in ``value`` (which it may change in place)."""
    path = draw(st.sampled_from(_paths(value)))
    node = _at(value, path)
    actions = ["replace"]
    if isinstance(node, dict):
        actions += ["add"] + (["drop"] if node else [])
    elif isinstance(node, list):
        actions += ["empty", "add"] + (["drop", "repeat"] if node else [])
    elif isinstance(node, str):
        actions += ["text"]
    elif isinstance(node, int | float) and not isinstance(node, bool):
        actions += ["number"]
    action = draw(st.sampled_from(actions))
    if action == "replace":
        return _put(value, path, draw(jsons))
    if action == "text":
        return _put(value, path, draw(_broken_text(node)))
    if action == "number":
        return _put(
            value,
            path,
            draw(
                st.one_of(
                    st.sampled_from(HUGE),
                    st.floats(),
                    st.integers(),
                    st.just(-node),
                    st.just(str(node)),
                )
            ),
        )
    if action == "empty":
        return _put(value, path, [])
    if isinstance(node, dict):
        if action == "drop":
            del node[draw(st.sampled_from(sorted(node)))]
        else:
            key = draw(st.one_of(st.sampled_from(names), st.text(max_size=8)))
            node[key] = draw(jsons)
        return value
    index = draw(st.integers(0, max(len(node) - 1, 0)))
    if action == "drop":
        del node[index]
    elif action == "repeat":
        node.insert(index, copy.deepcopy(node[index]))
    else:
        node.insert(index, draw(jsons))
    return value


def _names(value: Json) -> tuple[str, ...]:
    keys = {key for path in _paths(value) for key in path if isinstance(key, str)}
    return tuple(sorted(keys)) or ("x",)


@st.composite
def mutated(draw: st.DrawFn, payload: Json, most: int = 3) -> Json:
    """``payload`` with up to ``most`` mutations (none: the payload as it is)."""
    value = copy.deepcopy(payload)
    names = _names(payload)
    for _ in range(draw(st.integers(0, most))):
        value = draw(_mutation(value, names))
    return value


HTML_PAGES = (
    b"<html><body>Maintenance</body></html>",
    (
        b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
        b"<body><h1>502 Bad Gateway</h1></body></html>"
    ),
    b'<html><body><h1>Service Unavailable</h1>{"status":</body></html>',
)
CONTENT_TYPES = (
    "application/json",
    "application/json; charset=utf-8",
    "text/html",
    "text/plain",
    "application/octet-stream",
    "application/json; charset=latin-1",
)
STATUSES = (200,) * 24 + (400, 401, 403, 404, 429, 500, 502, 503)
"""Mostly 200, so that most bodies reach the parsers."""
header_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=24)


@st.composite
def bodies(draw: st.DrawFn, payload: Json) -> bytes:
    """Make a body from ``payload``: mostly mutated JSON, sometimes something else."""
    kind = draw(
        st.sampled_from(
            ("json",) * 8
            + ("truncated", "html", "empty", "binary", "other_json", "utf16")
        )
    )
    if kind in ("json", "truncated", "utf16"):
        text = json.dumps(draw(mutated(payload)), allow_nan=True)
        if kind == "truncated":
            text = text[: draw(st.integers(0, max(len(text) - 1, 0)))]
        return text.encode("utf-16" if kind == "utf16" else "utf-8")
    if kind == "html":
        return draw(st.sampled_from(HTML_PAGES))
    if kind == "empty":
        return b""
    if kind == "binary":
        return draw(st.binary(max_size=40))
    return json.dumps(draw(jsons), allow_nan=True).encode()


@st.composite
def replies(
    draw: st.DrawFn, payload: Json, statuses: tuple[int, ...] = STATUSES
) -> Reply:
    """Make an HTTP reply from ``payload`` (see ``bodies``)."""
    status = draw(st.sampled_from(statuses))
    headers = {"Content-Type": draw(st.sampled_from(CONTENT_TYPES))}
    if status == 429 or draw(st.booleans()):
        retry_after = draw(
            st.one_of(
                st.sampled_from(("120", "0", "-5", "nan", "inf", "1e999", "9" * 400)),
                header_text,
            )
        )
        headers["Retry-After"] = retry_after
    return Reply(status=status, body=draw(bodies(payload)), headers=headers)


def reply_with(payload: Json, path: Path, value: Json, status: int = 200) -> Reply:
    """Make a reply of ``payload`` with ``value`` at ``path`` (for ``@example``)."""
    body = _put(copy.deepcopy(payload), path, value)
    return Reply(status=status, body=json.dumps(body, allow_nan=True).encode())
