"""Real daphne processes: across processes through Redis, and with Redis unreachable."""

from __future__ import annotations

import asyncio
import json
import os
import time
from urllib.parse import urlparse, urlunparse

import pytest
import requests
from asgiref.sync import sync_to_async
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken
from websockets.asyncio.client import connect

from bench.common import daphne
from realtime.actions import notify

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio, pytest.mark.slow]


def _env(**extra: str) -> dict[str, str]:
    """Children use this test's database (the data the test commits is theirs to see)."""
    url = urlparse(os.environ["DATABASE_URL"])
    test_db = urlunparse(url._replace(path="/" + connection.settings_dict["NAME"]))
    return {"DATABASE_URL": test_db, "REALTIME_HEARTBEAT_SECONDS": "1", "CONN_MAX_AGE": "0", **extra}


async def _frames(ws, kind: str, count: int, timeout: float) -> list[dict]:
    got: list[dict] = []
    async with asyncio.timeout(timeout):
        while len(got) < count:
            frame = json.loads(await ws.recv())
            if frame["type"] == kind:
                got.append(frame)
    return got


def _mark_read(base: str, user, note_id) -> tuple[int, float]:
    started = time.monotonic()
    response = requests.post(
        f"{base}/api/notifications/{note_id}/read",
        headers={"Authorization": f"Bearer {AccessToken.for_user(user)}"}, timeout=10,
    )
    return response.status_code, time.monotonic() - started


async def test_a_write_on_one_process_reaches_a_socket_on_another(alice):
    note = await sync_to_async(notify)(alice.pk, kind="test", title="x")
    token = AccessToken.for_user(alice)
    with daphne(env=_env()) as socket_server, daphne(env=_env()) as write_server:
        ws_url = socket_server.replace("http", "ws") + f"/ws/?token={token}"
        async with connect(ws_url) as ws:
            hello = json.loads(await ws.recv())
            assert hello == {"type": "hello", "head": 1}
            await ws.send(json.dumps({"type": "resume", "cursor": 1}))
            status, _ = await sync_to_async(_mark_read)(write_server, alice, note.pk)
            assert status == 200
            started = time.monotonic()
            [change] = await _frames(ws, "change", 1, timeout=5)
            assert change["seq"] == 2 and change["event"] == "notification.read"
            assert time.monotonic() - started < 0.9  # live, not the 1 s heartbeat


async def test_with_redis_unreachable_writes_answer_and_sockets_catch_up_by_heartbeat(alice):
    notes = [await sync_to_async(notify)(alice.pk, kind="test", title=f"n{i}") for i in range(2)]
    token = AccessToken.for_user(alice)
    with daphne(env=_env(REALTIME_REDIS_URL="redis://127.0.0.1:1/0")) as server:
        async with connect(server.replace("http", "ws") + f"/ws/?token={token}") as ws:
            assert json.loads(await ws.recv())["type"] == "hello"
            await ws.send(json.dumps({"type": "resume", "cursor": 2}))
            for note in notes:
                status, took = await sync_to_async(_mark_read)(server, alice, note.pk)
                assert status == 200 and took < 1.0
            got = await _frames(ws, "change", 2, timeout=3)
            assert [c["seq"] for c in got] == [3, 4]
