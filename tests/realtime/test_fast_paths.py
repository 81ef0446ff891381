"""The delivery paths: overtaken changes put back in order without reading the feed, one
feed read shared by a user's sockets, frames of every length through a real daphne."""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from rest_framework_simplejwt.tokens import AccessToken
from websockets.asyncio.client import connect

from bench.common import daphne
from realtime import bus
from realtime.actions import notify
from tests.realtime.conftest import anote, open_socket
from tests.realtime.test_processes import _env, _frames

pytestmark = [pytest.mark.django_db(transaction=True)]


def _envelope(note, event: str) -> str:
    return bus.dumps({"event": event, "entity": "notification", "op": "upsert", "id": str(note.pk),
                      "version": 1, "data": {"title": note.title}, "at": "2026-11-22T00:00:00Z"})


def _count_feed_reads(monkeypatch) -> list[tuple]:
    reads: list[tuple] = []
    original = bus.Hub._read_changes

    async def counting(user_id, after, limit):
        reads.append((user_id, after, limit))
        return await original(user_id, after, limit)

    monkeypatch.setattr(bus.Hub, "_read_changes", staticmethod(counting))
    return reads


@pytest.mark.asyncio
async def test_an_overtaken_change_is_put_back_in_order_without_reading_the_feed(alice, settings, monkeypatch):
    settings.REALTIME_HEARTBEAT_SECONDS = 60  # no tick may fill the gap
    sock = await open_socket(alice, resume=0)
    assert await sock.quiet("change", 0.3) == []  # the resume's own read is over
    reads = _count_feed_reads(monkeypatch)
    settings.REALTIME_REDIS_URL = "redis://127.0.0.1:1/0"  # the writes' own publishes are lost
    first = await anote(alice.pk, "first")
    second = await anote(alice.pk, "second")
    settings.REALTIME_REDIS_URL = None
    bus._breaker_until = 0
    user = str(alice.pk)
    # The second commit's publish overtakes the first's.
    bus.publish_sync(bus.change_message([({user: 2}, _envelope(second, "notification.created"))]))
    bus.publish_sync(bus.change_message([({user: 1}, _envelope(first, "notification.created"))]))
    got = await sock.frames_of("change", 2)
    assert [c["seq"] for c in got] == [1, 2]
    assert [c["data"]["title"] for c in got] == ["first", "second"]
    assert reads == []
    await sock.close()


@pytest.mark.asyncio
async def test_a_gap_that_stays_open_is_read_from_the_feed_after_the_wait(alice, settings, monkeypatch):
    settings.REALTIME_HEARTBEAT_SECONDS = 60
    settings.REALTIME_GAP_WAIT_SECONDS = 0.2
    sock = await open_socket(alice, resume=0)
    assert await sock.quiet("change", 0.3) == []  # the resume's own read is over
    reads = _count_feed_reads(monkeypatch)
    settings.REALTIME_REDIS_URL = "redis://127.0.0.1:1/0"
    await anote(alice.pk, "lost")
    second = await anote(alice.pk, "second")
    settings.REALTIME_REDIS_URL = None
    bus._breaker_until = 0
    bus.publish_sync(bus.change_message([({str(alice.pk): 2}, _envelope(second, "notification.created"))]))
    got = await sock.frames_of("change", 2, timeout=3)
    assert [c["seq"] for c in got] == [1, 2]
    assert got[0]["data"]["title"] == "lost"
    assert [after for _, after, _ in reads] == [0]
    await sock.close()


@pytest.mark.asyncio
async def test_sockets_of_one_user_share_one_feed_read(alice, monkeypatch):
    for i in range(3):
        await anote(alice.pk, f"n{i}")
    sock = await open_socket(alice, resume=3)
    assert await sock.quiet("change", 0.3) == []
    reads = _count_feed_reads(monkeypatch)
    hub = bus.Hub.current()
    results = await asyncio.gather(*(hub.changes_after(str(alice.pk), 0, 100) for _ in range(20)))
    assert len(reads) == 1
    assert all(result == results[0] for result in results)
    assert [seq for seq, _ in results[0]] == [1, 2, 3]
    seq, frame = results[0][0]
    assert json.loads(frame)["seq"] == 1
    await sock.close()


@pytest.mark.asyncio
@pytest.mark.slow
async def test_daphne_sockets_get_large_and_small_frames_intact_in_order(alice):
    """Through a real daphne process: 126-byte and 64 KiB length encodings, in seq order,
    nothing lost."""
    token = AccessToken.for_user(alice)
    with daphne(env=_env()) as server:
        async with connect(server.replace("http", "ws") + f"/ws/?token={token}", max_size=2**22) as ws:
            hello = json.loads(await ws.recv())
            await ws.send(json.dumps({"type": "resume", "cursor": hello["head"]}))
            bodies = ["short", "m" * 300, "L" * 70_000, "tail"]
            for body in bodies:
                await sync_to_async(notify)(alice.pk, kind="test", title="t", body=body)
            got = await _frames(ws, "change", len(bodies), timeout=10)
    assert [c["seq"] for c in got] == [1, 2, 3, 4]
    assert [c["data"]["body"] for c in got] == bodies


def test_feed_serialization_is_the_api_serialization(alice, bob):
    from realtime.registry import entity_for

    note = notify(alice.pk, kind="test", title="same on the wire")
    spec = entity_for(note)
    plain = dict(spec.serializer(note).data)
    assert spec.serialize(note) == plain
    other = notify(bob.pk, kind="test", title="another")
    assert spec.serialize(other)["title"] == "another" and spec.serialize(note) == plain


class _GoneSocket:
    """A socket whose client has gone and whose disconnect has not run yet: the server's
    send raises."""

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        self.offers = 0

    async def offer(self, seq: int, frame: str) -> None:
        self.offers += 1
        raise RuntimeError("Attempt to send on a closed protocol")

    async def send_presence(self, user_id: str, online: bool) -> None:
        raise RuntimeError("Attempt to send on a closed protocol")


@pytest.mark.asyncio
async def test_a_send_failing_on_one_closing_socket_keeps_the_others_and_the_subscription_live(
    alice, settings, caplog
):
    settings.REALTIME_HEARTBEAT_SECONDS = 60  # only the live path can bring the changes in time
    first, second = await open_socket(alice, resume=0), await open_socket(alice, resume=0)
    hub = bus.Hub.current()
    listening = list(hub._tasks)
    gone = _GoneSocket(str(alice.pk))
    hub.sockets[gone.user_id] = {gone, *hub.sockets[gone.user_id]}  # tried first or in between
    for n in range(1, 4):
        await anote(alice.pk, f"n{n}")
        for sock in (first, second):
            [change] = await sock.frames_of("change", 1, timeout=2)
            assert change["seq"] == n
    assert gone.offers == 3
    assert list(hub._tasks) == listening and not any(t.done() for t in listening)
    assert "feed subscription lost" not in caplog.text
    hub.sockets[gone.user_id].discard(gone)
    await first.close()
    await second.close()
