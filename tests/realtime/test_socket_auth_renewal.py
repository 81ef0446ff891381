"""In-band token renewal on /ws/: `auth_expiring` before expiry, `auth` -> `auth_ok`,
4401 only for a token that expired with no fresh one (or an invalid `auth`)."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta

import pytest
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from tests.realtime.conftest import anote

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

LIFETIME = 4  # seconds; JWT expiry is whole seconds, so a token lives 3-4 s


def short_token(user, seconds: float = LIFETIME) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=timedelta(seconds=seconds))
    return str(token)


async def connect(token: str) -> WebsocketCommunicator:
    from config.asgi import application

    comm = WebsocketCommunicator(application, f"/ws/?token={token}")
    connected, _ = await comm.connect(timeout=5)
    assert connected
    hello = json.loads(await comm.receive_from(timeout=3))
    assert hello["type"] == "hello"
    return comm


async def send(comm: WebsocketCommunicator, frame: dict) -> None:
    await comm.send_to(text_data=json.dumps(frame))


@pytest.fixture
def short_warning(settings):
    settings.REALTIME_AUTH_WARNING_SECONDS = 2
    settings.REALTIME_HEARTBEAT_SECONDS = 0.5


async def test_a_socket_renewed_three_times_across_expiries_misses_no_change(alice, short_warning):
    comm = await connect(short_token(alice))
    await send(comm, {"type": "resume", "cursor": 0})
    written = 0
    stop = asyncio.Event()

    async def writer() -> None:
        nonlocal written
        while not stop.is_set():
            await anote(alice.pk, f"n{written}")
            written += 1
            await asyncio.sleep(0.2)

    task = asyncio.create_task(writer())
    seqs: list[int] = []
    warnings: list[int] = []
    renewed: list[int] = []
    first_expiry = None
    try:
        while len(renewed) < 3:
            out = await comm.receive_output(timeout=LIFETIME + 2)
            assert out["type"] == "websocket.send", f"closed after {len(renewed)} renewals: {out}"
            frame = json.loads(out["text"])
            if frame["type"] == "change":
                seqs.append(frame["seq"])
            elif frame["type"] == "auth_expiring":
                assert 0 < frame["expires_at"] - time.time() <= 2.1
                first_expiry = first_expiry or frame["expires_at"]
                warnings.append(frame["expires_at"])
                await send(comm, {"type": "auth", "token": short_token(alice)})
            elif frame["type"] == "auth_ok":
                assert frame["expires_at"] > warnings[-1]
                renewed.append(frame["expires_at"])
        # Well past the first token's expiry and still open, with every change.
        assert time.time() > first_expiry + 2
    finally:
        stop.set()
        await task
    # Now nobody renews: the socket closes 4401 once the last token expires, not before.
    last = renewed[-1]
    while True:
        out = await comm.receive_output(timeout=LIFETIME + 2)
        if out["type"] == "websocket.close":
            assert out["code"] == 4401
            assert time.time() >= last - 0.05
            break
        frame = json.loads(out["text"])
        if frame["type"] == "change":
            seqs.append(frame["seq"])
        elif frame["type"] == "auth_expiring":
            warnings.append(frame["expires_at"])
    assert len(warnings) == 4  # three answered, the last one not
    assert seqs == list(range(1, written + 1)), (seqs, written)


async def test_an_unrenewed_token_closes_4401_at_expiry_not_at_a_later_heartbeat(alice, settings):
    settings.REALTIME_AUTH_WARNING_SECONDS = 1
    settings.REALTIME_HEARTBEAT_SECONDS = 60
    token = AccessToken.for_user(alice)
    token.set_exp(lifetime=timedelta(seconds=2))
    comm = await connect(str(token))
    warning = json.loads(await comm.receive_from(timeout=3))
    assert warning == {"type": "auth_expiring", "expires_at": int(token["exp"])}
    out = await comm.receive_output(timeout=3)
    assert out == {"type": "websocket.close", "code": 4401}
    assert time.time() - token["exp"] < 1


@pytest.mark.parametrize("bad", ["garbage", "", None, "a.b.c", "expired", "bob"])
async def test_an_invalid_auth_frame_gets_an_error_and_4401(alice, bob, short_warning, bad):
    comm = await connect(short_token(alice, 60))
    if bad == "expired":
        bad = short_token(alice, -1)
    elif bad == "bob":
        bad = short_token(bob, 60)  # a valid token of someone else: the socket is not theirs
    await send(comm, {"type": "auth", "token": bad})
    frame = json.loads(await comm.receive_from(timeout=3))
    assert frame["type"] == "error" and frame["code"] == "auth_invalid"
    assert await comm.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}


async def test_a_session_socket_needs_no_renewal(alice, settings):
    from asgiref.sync import sync_to_async
    from django.test import Client

    from config.asgi import application

    settings.REALTIME_AUTH_WARNING_SECONDS = 2
    client = Client()
    await sync_to_async(client.force_login)(alice)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    comm = WebsocketCommunicator(
        application, "/ws/", headers=[(b"origin", b"http://127.0.0.1:8000"), (b"cookie", cookie)]
    )
    connected, _ = await comm.connect(timeout=5)
    assert connected
    assert json.loads(await comm.receive_from(timeout=3))["type"] == "hello"
    await send(comm, {"type": "auth", "token": short_token(alice, 3)})
    assert json.loads(await comm.receive_from(timeout=3))["type"] == "auth_ok"
    await asyncio.sleep(3.5)  # past that token's expiry: the session still holds
    await send(comm, {"type": "ping"})
    frames = []
    while True:
        frame = json.loads(await comm.receive_from(timeout=3))
        frames.append(frame["type"])
        if frame["type"] == "pong":
            break
    assert "auth_expiring" not in frames
    await comm.disconnect()
