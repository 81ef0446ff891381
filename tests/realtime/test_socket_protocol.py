"""The /ws/ protocol through the real ASGI stack, PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
import json

import pytest
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from realtime import bus
from realtime.models import Change
from tests.realtime.conftest import anote, open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def test_hello_carries_the_head(alice):
    await anote(alice.pk)
    await anote(alice.pk)
    sock = await open_socket(alice)
    assert sock.hello == {"type": "hello", "head": 2}
    await sock.close()


async def test_a_change_committed_while_connected_arrives_live(alice):
    sock = await open_socket(alice, resume=0)
    note = await anote(alice.pk, "live one")
    [change] = await sock.frames_of("change", 1)
    assert change["seq"] == 1 and change["event"] == "notification.created"
    assert change["entity"] == "notification" and change["op"] == "upsert"
    assert change["id"] == str(note.pk) and change["version"] == 1
    assert change["data"]["title"] == "live one" and change["at"].endswith("Z")
    await sock.close()


async def test_resume_sends_exactly_the_missed_changes_then_live(alice):
    for i in range(5):
        await anote(alice.pk, f"n{i}")
    sock = await open_socket(alice, resume=2)
    backlog = await sock.frames_of("change", 3)
    assert [c["seq"] for c in backlog] == [3, 4, 5]
    await anote(alice.pk, "after")
    [live] = await sock.frames_of("change", 1)
    assert live["seq"] == 6
    assert await sock.quiet("change", 0.8) == []
    await sock.close()


async def test_resume_after_disconnect_delivers_what_happened_meanwhile(alice):
    sock = await open_socket(alice, resume=0)
    await anote(alice.pk)
    [first] = await sock.frames_of("change", 1)
    await sock.close()
    for i in range(3):
        await anote(alice.pk, f"offline {i}")
    again = await open_socket(alice, resume=first["seq"])
    got = await again.frames_of("change", 3)
    assert [c["seq"] for c in got] == [2, 3, 4]
    assert [c["data"]["title"] for c in got] == ["offline 0", "offline 1", "offline 2"]
    assert await again.quiet("change", 0.8) == []
    await again.close()


async def test_no_changes_before_resume(alice):
    sock = await open_socket(alice)
    await anote(alice.pk)
    assert await sock.quiet("change", 0.7) == []
    await sock.send({"type": "resume", "cursor": sock.hello["head"]})
    [change] = await sock.frames_of("change", 1)
    assert change["seq"] == 1
    await sock.close()


async def test_a_live_message_that_skips_ahead_makes_the_socket_fetch_the_gap(alice, settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 60  # the gap must be filled by the skip, not the tick
    sock = await open_socket(alice, resume=0)
    settings.REALTIME_REDIS_URL = "redis://127.0.0.1:1/0"  # the fast path is down
    await anote(alice.pk, "dropped")
    settings.REALTIME_REDIS_URL = None
    bus._breaker_until = 0
    await anote(alice.pk, "delivered")
    got = await sock.frames_of("change", 2)
    assert [c["seq"] for c in got] == [1, 2]
    assert [c["data"]["title"] for c in got] == ["dropped", "delivered"]
    await sock.close()


async def test_duplicate_live_messages_are_dropped(alice):
    sock = await open_socket(alice, resume=0)
    await anote(alice.pk)
    [change] = await sock.frames_of("change", 1)
    # The same batch published again (a retried publish): nothing new on the socket.
    body = {k: v for k, v in change.items() if k not in ("type", "seq")}
    bus.publish_sync(bus.change_message([({str(alice.pk): 1}, bus.dumps(body))]))
    assert await sock.quiet("change", 0.7) == []
    await sock.close()


async def test_a_dropped_change_is_caught_up_within_one_heartbeat(alice, settings):
    sock = await open_socket(alice, resume=0)
    settings.REALTIME_REDIS_URL = "redis://127.0.0.1:1/0"
    started = asyncio.get_running_loop().time()
    await anote(alice.pk, "dropped")
    settings.REALTIME_REDIS_URL = None
    bus._breaker_until = 0
    [change] = await sock.frames_of("change", 1, timeout=3)
    assert change["seq"] == 1
    assert asyncio.get_running_loop().time() - started < 0.5 + 0.5 + 0.5
    await sock.close()


async def test_heartbeat_carries_the_head(alice):
    sock = await open_socket(alice, resume=0)
    await anote(alice.pk)
    beats = await sock.frames_of("heartbeat", 1, timeout=3)
    assert beats[0]["head"] == 1
    await sock.close()


async def test_writes_succeed_quickly_with_redis_down(alice, settings):
    settings.REALTIME_REDIS_URL = "redis://10.255.255.1:6379/0"  # unroutable: connect hangs
    bus._breaker_until = 0
    started = asyncio.get_running_loop().time()
    await anote(alice.pk)
    await anote(alice.pk)
    assert asyncio.get_running_loop().time() - started < 1.5
    assert await Change.objects.filter(user=alice).acount() == 2
    bus._breaker_until = 0


async def test_malformed_frames_get_an_error_and_the_socket_stays_open(alice):
    sock = await open_socket(alice)
    for bad in ["not json", "[1, 2]", json.dumps({"type": "dance"}),
                json.dumps({"type": "resume", "cursor": "x"}), json.dumps({"type": "resume", "cursor": -1}),
                json.dumps({"type": "resume", "cursor": True})]:
        await sock.comm.send_to(text_data=bad)
        frame = await sock.frame()
        assert frame["type"] == "error", (bad, frame)
    await sock.send({"type": "ping"})
    assert (await sock.frame())["type"] == "pong"
    await sock.close()


async def test_resume_from_a_cursor_the_server_cannot_continue_asks_for_resync(alice):
    await anote(alice.pk)
    sock = await open_socket(alice)
    await sock.send({"type": "resume", "cursor": 99})
    frame = await sock.frame()
    assert frame["type"] == "error" and frame["code"] == "resync_required"
    await sock.send({"type": "resume", "cursor": 0})
    assert (await sock.frames_of("change", 1))[0]["seq"] == 1
    await sock.close()


async def test_an_oversized_frame_closes_only_that_socket(alice):
    big = await open_socket(alice)
    other = await open_socket(alice, resume=0)
    await big.comm.send_to(text_data=json.dumps({"type": "ping", "pad": "x" * 20000}))
    closed = await big.comm.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 4009}
    await anote(alice.pk)
    assert len(await other.frames_of("change", 1)) == 1
    await other.close()


async def test_a_flood_of_frames_closes_only_that_socket(alice, settings):
    settings.REALTIME_FLOOD_BURST = 5
    settings.REALTIME_FLOOD_RATE = 1
    flood = await open_socket(alice)
    other = await open_socket(alice, resume=0)
    for _ in range(10):
        await flood.send({"type": "ping"})
    outputs = []
    while True:
        out = await flood.comm.receive_output(timeout=2)
        outputs.append(out)
        if out["type"] == "websocket.close":
            break
    assert outputs[-1]["code"] == 4008
    assert sum(1 for o in outputs if o.get("text") == '{"type":"pong"}') == 5
    await anote(alice.pk)
    assert len(await other.frames_of("change", 1)) == 1
    await other.close()


@pytest.mark.parametrize("path", ["/ws/", "/ws/?token=garbage", "/ws/?token=a.b.c"])
async def test_missing_or_bad_token_closes_4401_with_nothing_sent(path, alice):
    from config.asgi import application

    comm = WebsocketCommunicator(application, path)
    connected, _ = await comm.connect(timeout=5)
    assert connected  # accepted, so the client can read the code
    assert await comm.receive_output(timeout=2) == {"type": "websocket.close", "code": 4401}


async def test_expired_token_closes_4401(alice):
    from config.asgi import application

    token = AccessToken.for_user(alice)
    token.set_exp(lifetime=-__import__("datetime").timedelta(seconds=1))
    comm = WebsocketCommunicator(application, f"/ws/?token={token}")
    await comm.connect(timeout=5)
    assert await comm.receive_output(timeout=2) == {"type": "websocket.close", "code": 4401}


async def test_token_in_the_subprotocol_header_works(alice):
    from config.asgi import application

    token = AccessToken.for_user(alice)
    comm = WebsocketCommunicator(application, "/ws/", subprotocols=["bearer", str(token)])
    comm.scope["headers"] = [(b"sec-websocket-protocol", f"bearer, {token}".encode())]
    connected, subprotocol = await comm.connect(timeout=5)
    assert connected and subprotocol == "bearer"
    assert json.loads(await comm.receive_from())["type"] == "hello"
    await comm.disconnect()


async def test_cross_origin_browser_socket_is_refused(alice):
    from config.asgi import application

    token = AccessToken.for_user(alice)
    comm = WebsocketCommunicator(
        application, f"/ws/?token={token}", headers=[(b"origin", b"https://evil.example")]
    )
    connected, code = await comm.connect(timeout=5)
    assert not connected


async def test_browser_without_a_session_is_4401(alice):
    from config.asgi import application

    comm = WebsocketCommunicator(application, "/ws/", headers=[(b"origin", b"http://127.0.0.1:8000")])
    connected, _ = await comm.connect(timeout=5)
    assert connected
    assert await comm.receive_output(timeout=2) == {"type": "websocket.close", "code": 4401}


async def test_browser_session_from_an_allowed_origin_connects(alice):
    from asgiref.sync import sync_to_async
    from django.test import Client

    from config.asgi import application

    client = Client()
    await sync_to_async(client.force_login)(alice)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    comm = WebsocketCommunicator(
        application, "/ws/", headers=[(b"origin", b"http://127.0.0.1:8000"), (b"cookie", cookie)]
    )
    connected, _ = await comm.connect(timeout=5)
    assert connected
    assert json.loads(await comm.receive_from())["type"] == "hello"
    await comm.disconnect()
