"""Helpers for the realtime tests: sockets through the real ASGI app, feed writes."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from realtime.actions import notify
from realtime.feed import action, publish


@pytest.fixture(autouse=True, scope="session")
def _no_persistent_connections_in_worker_threads():
    """Sockets query from worker threads; with persistent connections those would outlive
    the tests and keep the test database from being dropped."""
    from django.db import connections

    connections.settings["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _fast_heartbeat(settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 0.5


def note_for(user_id: Any, title: str = "hello", *, audience: list | None = None):
    """Write one change (a notification) for `user_id`, or for everyone in `audience`."""
    if audience is None:
        return notify(user_id, kind="test", title=title)
    return _shared_note(user_id, title, audience)


@action
def _shared_note(user_id: Any, title: str, audience: list) -> Any:
    note = notify(user_id, kind="test", title=title)
    publish(note, "notification.shared", audience=audience)
    return note


anote = database_sync_to_async(note_for)


class Socket:
    """A WebSocket through the real ASGI stack (auth middleware, router, consumer)."""

    def __init__(self, comm: WebsocketCommunicator) -> None:
        self.comm = comm

    async def frame(self, timeout: float = 3) -> dict[str, Any]:
        return json.loads(await self.comm.receive_from(timeout=timeout))

    async def frames_of(self, kind: str, count: int, timeout: float = 5) -> list[dict[str, Any]]:
        got: list[dict[str, Any]] = []
        deadline = asyncio.get_running_loop().time() + timeout
        while len(got) < count:
            left = deadline - asyncio.get_running_loop().time()
            assert left > 0, f"only {len(got)} of {count} {kind} frames: {got}"
            frame = await self.frame(timeout=left)
            if frame["type"] == kind:
                got.append(frame)
        return got

    async def quiet(self, kind: str, seconds: float) -> list[dict[str, Any]]:
        """Frames of `kind` that arrive within `seconds` (expecting none, usually)."""
        got = []
        deadline = asyncio.get_running_loop().time() + seconds
        # (receive_from's timeout would kill the application: poll with receive_nothing)
        while asyncio.get_running_loop().time() < deadline:
            if await self.comm.receive_nothing(timeout=0.05, interval=0.01):
                continue
            frame = await self.frame()
            if frame["type"] == kind:
                got.append(frame)
        return got

    async def send(self, frame: dict[str, Any]) -> None:
        await self.comm.send_to(text_data=json.dumps(frame))

    async def close(self) -> None:
        await self.comm.disconnect()


async def open_socket(user: Any, *, resume: int | None = None, headers: list | None = None, path: str | None = None):
    from config.asgi import application

    if path is None:
        path = f"/ws/?token={AccessToken.for_user(user)}"
    comm = WebsocketCommunicator(application, path, headers=headers or [])
    connected, _ = await comm.connect(timeout=5)
    assert connected
    sock = Socket(comm)
    hello = await sock.frame()
    assert hello["type"] == "hello", hello
    sock.hello = hello
    if resume is not None:
        await sock.send({"type": "resume", "cursor": resume})
    return sock
