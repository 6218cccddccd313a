"""Unit passwords over the Kumo cloud's Socket.IO channel (API notes 2.2).

The cloud sends an indoor unit's local password only in an ``adapter_update`` event,
after the client subscribed to the account (its user id) and to the unit, and asked
for the adapter's status. Socket.IO itself (Engine.IO v4 long-polling) is
``python-socketio``'s job. Accounts hit by the 2026 change get ``adapter_update``
without a password: those units come back as ``None`` once every unit was heard
from (after ``GRACE_S``), or when the time budget runs out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
import contextlib
from typing import Any, Final

import aiohttp
import socketio  # type: ignore[import-untyped]

from .errors import ConnectionFailed

SOCKET_PATH: Final = "socket.io"
BUDGET_S: Final = 45.0
GRACE_S: Final = 3.0
"""How long to keep listening after every unit answered without a password."""
CLOSE_TIMEOUT_S: Final = 5.0


class SocketRejected(ConnectionFailed):
    """The cloud refused the namespace connection (an expired access token)."""


async def fetch_passwords(
    session: aiohttp.ClientSession,
    url: str,
    *,
    access_token: str,
    user_id: str,
    serials: Iterable[str],
    budget_s: float = BUDGET_S,
) -> dict[str, str | None]:
    """Return the base64 password of each unit in ``serials`` (None: not delivered)."""
    wanted = set(serials)
    passwords: dict[str, str | None] = dict.fromkeys(wanted)
    heard: set[str] = set()
    all_passwords = asyncio.Event()
    all_heard = asyncio.Event()
    client = socketio.AsyncClient(
        reconnection=False, handle_sigint=False, http_session=session
    )

    async def on_update(data: Any) -> None:
        if not isinstance(data, Mapping) or data.get("deviceSerial") not in wanted:
            return
        serial = data["deviceSerial"]
        heard.add(serial)
        password = data.get("password")
        if isinstance(password, str) and password:
            passwords[serial] = password
        if all(passwords.values()):
            all_passwords.set()
        if heard == wanted:
            all_heard.set()

    client.on("adapter_update", on_update)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget_s
    try:
        await client.connect(
            url,
            headers={"Authorization": f"Bearer {access_token}", "Accept": "*/*"},
            transports=["polling"],
            socketio_path=SOCKET_PATH,
            wait_timeout=budget_s,
        )
    except socketio.exceptions.ConnectionError as err:
        if client.failed_namespaces:
            raise SocketRejected("the cloud refused the Socket.IO connection") from err
        raise ConnectionFailed("cannot reach the cloud's Socket.IO channel") from err
    try:
        await client.emit("subscribe", ("", user_id))
        for serial in sorted(wanted):
            await client.emit("subscribe", serial)
        for serial in sorted(wanted):
            await client.emit("force_adapter_request", (serial, "adapterStatus"))
        await client.emit("device_status_v2", "")
        for serial in sorted(wanted):
            await client.emit("device_status_v2", serial)
        await _wait(all_passwords, all_heard, deadline - loop.time())
    finally:
        await _close(client)
    return passwords


async def _wait(
    all_passwords: asyncio.Event, all_heard: asyncio.Event, budget_s: float
) -> None:
    """Wait for every password; after every unit was heard, only ``GRACE_S`` more."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget_s
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(all_heard.wait(), max(0.0, budget_s))
    remaining = min(GRACE_S, deadline - loop.time())
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(all_passwords.wait(), max(0.0, remaining))


async def _close(client: socketio.AsyncClient) -> None:
    """Disconnect, but do not wait longer than ``CLOSE_TIMEOUT_S`` for the last poll."""
    with contextlib.suppress(TimeoutError, Exception):
        await asyncio.wait_for(client.disconnect(), CLOSE_TIMEOUT_S)
