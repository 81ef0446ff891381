"""The live path as deployed: a write answered by gunicorn reaches sockets held by daphne
through Redis within a fraction of a second, with the heartbeat (and so the catch-up it
triggers) 25 s away. A change that only arrived by heartbeat or catch-up fails here."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from asgiref.sync import sync_to_async
from rest_framework_simplejwt.tokens import AccessToken
from websockets.asyncio.client import connect

from realtime.actions import notify
from tests.deploy.conftest import production

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

HEARTBEAT = 25.0
LIVE = 1.5  # seconds: far under the heartbeat, far over a loaded machine's live delivery


def _mark_read(base: str, bearer: str, note_id) -> float:
    """POST the write; return when its answer came (monotonic)."""
    response = requests.post(f"{base}/api/notifications/{note_id}/read",
                             headers={"Authorization": f"Bearer {bearer}"}, timeout=10)
    assert response.status_code == 200, response.text
    return time.monotonic()


async def _collect(ws, seen: dict[int, float], until: int) -> None:
    """Record when each change frame arrives; fail on a heartbeat (it would mean the
    changes could have come by catch-up)."""
    while not seen or max(seen) < until:
        frame = json.loads(await ws.recv())
        assert frame["type"] != "heartbeat", "a heartbeat came: the test ran longer than the live path allows"
        if frame["type"] == "change":
            seen[frame["seq"]] = time.monotonic()


async def test_writes_through_gunicorn_reach_daphne_sockets_live_not_by_heartbeat(alice):
    notes = [await sync_to_async(notify)(alice.pk, kind="test", title=f"n{i}") for i in range(24)]
    bearer = str(AccessToken.for_user(alice))
    with production(REALTIME_HEARTBEAT_SECONDS=str(HEARTBEAT)) as (nginx, _procs):
        sockets = [await connect(f"{nginx.ws_url}?token={bearer}") for _ in range(3)]
        try:
            for ws in sockets:
                hello = json.loads(await ws.recv())
                assert hello == {"type": "hello", "head": len(notes)}
                await ws.send(json.dumps({"type": "resume", "cursor": hello["head"]}))
            started = time.monotonic()
            seen: list[dict[int, float]] = [{} for _ in sockets]

            # One write at a time: each change is on every socket well before the next write.
            for i, note in enumerate(notes[:8]):
                seq = len(notes) + i + 1
                answered = await sync_to_async(_mark_read)(nginx.url, bearer, note.pk)
                async with asyncio.timeout(LIVE):
                    await asyncio.gather(*(_collect(ws, got, seq) for ws, got in zip(sockets, seen, strict=True)))
                for got in seen:
                    assert got[seq] - answered < LIVE

            # Sixteen writes from four threads at once: the LAST of them has no later change
            # to reveal a gap, so only the live path can bring it before the heartbeat.
            last = len(notes) * 2
            with ThreadPoolExecutor(4) as pool:
                answers = await asyncio.gather(*(
                    asyncio.wrap_future(pool.submit(_mark_read, nginx.url, bearer, note.pk)) for note in notes[8:]
                ))
            async with asyncio.timeout(LIVE):
                await asyncio.gather(*(_collect(ws, got, last) for ws, got in zip(sockets, seen, strict=True)))
            for got in seen:
                assert sorted(got) == list(range(len(notes) + 1, last + 1))
                assert got[last] - max(answers) < LIVE
            assert time.monotonic() - started < HEARTBEAT
        finally:
            for ws in sockets:
                await ws.close()
