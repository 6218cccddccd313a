"""A loopback server whose replies a fuzz test swaps before each example."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web


@dataclass(frozen=True, slots=True)
class Reply:
    """One HTTP reply: status, raw body and headers (Content-Type among them)."""

    status: int = 200
    body: bytes = b"{}"
    headers: Mapping[str, str] = field(default_factory=dict)


NOT_STAGED = Reply(404, b"nothing staged for this path")


class Stage:
    """Serves, for each path, the replies staged for it, in order.

    The last reply staged for a path repeats, so one reply serves every request;
    ``[challenge, answer]`` serves a 401 first and then the answer.
    """

    def __init__(self) -> None:
        """Start with nothing staged."""
        self._replies: dict[str, list[Reply]] = {}

    @property
    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._serve)
        return app

    def serve(self, path: str, *replies: Reply) -> None:
        """Answer requests to ``path`` with ``replies`` (the last one repeats)."""
        self._replies[path] = list(replies)

    def reset(self) -> None:
        """Forget what was staged."""
        self._replies.clear()

    async def _serve(self, request: web.Request) -> web.Response:
        queue = self._replies.get(request.path) or [NOT_STAGED]
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        return web.Response(
            status=reply.status, body=reply.body, headers=dict(reply.headers)
        )


@dataclass(frozen=True, slots=True)
class Loopback:
    """A stage being served on 127.0.0.1, and a session to reach it."""

    stage: Stage
    session: aiohttp.ClientSession
    url: str
    port: int
