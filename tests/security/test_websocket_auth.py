"""The device socket against a real daphne process: no identity, a bad identity or a foreign
browser origin is refused (4401, nothing sent); oversized frames and floods close only the
offending socket, never the process."""

from __future__ import annotations

import asyncio
import base64
import json
import urllib.request
from datetime import timedelta

import pytest
import websockets
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.resilience.devices import ws_close_code

pytestmark = [pytest.mark.django_db(transaction=True)]

REFUSED = {4401, 4403, 403, 401}


def _alg_none(user) -> str:
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{enc({'alg': 'none', 'typ': 'JWT'})}.{enc(dict(AccessToken.for_user(user).payload))}."


def _expired(user) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(seconds=5))
    return str(token)


def _close(daphne_server, **kwargs):
    return asyncio.run(ws_close_code(daphne_server.ws_url, **kwargs))


def test_a_socket_without_any_token_is_closed_with_4401_and_sent_nothing(daphne_server):
    code, frames = _close(daphne_server)
    assert code == 4401
    assert frames == []


@pytest.mark.parametrize("kind", ["garbage", "alg_none", "expired", "refresh", "wrong_key"])
def test_a_socket_with_a_bad_token_is_closed_with_4401_and_sent_nothing(daphne_server, alice, kind):
    import jwt

    token = {
        "garbage": lambda: "abc.def.ghi",
        "alg_none": lambda: _alg_none(alice),
        "expired": lambda: _expired(alice),
        "refresh": lambda: str(RefreshToken.for_user(alice)),
        "wrong_key": lambda: jwt.encode(dict(AccessToken.for_user(alice).payload), "k" * 64, algorithm="HS256"),
    }[kind]()
    code, frames = _close(daphne_server, token=token)
    assert code == 4401
    assert frames == []


def test_a_valid_token_from_a_foreign_browser_origin_is_refused(daphne_server, alice):
    code, frames = _close(daphne_server, token=str(AccessToken.for_user(alice)), origin="https://evil.example")
    assert code in REFUSED
    assert not [f for f in frames if f.get("type") == "change"]


def test_a_browser_without_a_session_from_an_allowed_origin_is_refused(daphne_server):
    code, frames = _close(daphne_server, origin="http://127.0.0.1:8000")
    assert code in REFUSED
    assert frames == []


def test_a_valid_token_opens_the_socket(daphne_server, alice):
    code, _frames = _close(daphne_server, token=str(AccessToken.for_user(alice)), timeout=1.5)
    assert code is None  # still open when we stopped listening


def test_a_token_in_the_subprotocol_header_opens_the_socket(daphne_server, alice):
    code, _frames = _close(
        daphne_server, subprotocols=["bearer", str(AccessToken.for_user(alice))], timeout=1.5
    )
    assert code is None


def _healthy(daphne_server) -> bool:
    with urllib.request.urlopen(f"{daphne_server.url}/healthz", timeout=5) as response:
        return response.status == 200


async def _abuse_and_check_bystander(url: str, token: str, abuse: str) -> tuple[int | None, bool]:
    """Open a bystander and an abuser; abuse; return (abuser's close code, bystander open)."""
    async with websockets.connect(f"{url}?token={token}", ping_interval=None, max_size=None) as bystander, \
            websockets.connect(f"{url}?token={token}", ping_interval=None, max_size=None) as abuser:
        await asyncio.sleep(0.3)
        try:
            if abuse == "oversized":
                await abuser.send(json.dumps({"type": "resume", "cursor": 0, "pad": "x" * 2_000_000}))
            elif abuse == "over_frame_limit":
                await abuser.send(json.dumps({"type": "resume", "cursor": 0, "pad": "x" * 20_000}))
            else:
                for i in range(3000):
                    await abuser.send(json.dumps({"type": "resume", "cursor": i % 3}))
            deadline = asyncio.get_running_loop().time() + 10
            while asyncio.get_running_loop().time() < deadline:
                await asyncio.wait_for(abuser.recv(), timeout=deadline - asyncio.get_running_loop().time())
        except (TimeoutError, websockets.exceptions.ConnectionClosed):
            pass
        await asyncio.sleep(0.2)
        return abuser.close_code, bystander.close_code is None


@pytest.mark.parametrize("abuse", [
    "oversized",
    "over_frame_limit",
    "flood",
])
def test_oversized_frames_and_floods_close_only_that_socket(daphne_server, alice, abuse):
    code, bystander_open = asyncio.run(
        _abuse_and_check_bystander(daphne_server.ws_url, str(AccessToken.for_user(alice)), abuse)
    )
    assert code is not None, f"the abusing socket was not closed ({abuse})"
    assert code != 1011, "the server crashed on the frame instead of refusing it"
    # Over daphne's own message limit (1 MiB) the server drops the connection (1006);
    # below it the consumer refuses the frame (4009) or the flood (4008).
    allowed = {1006, 1009, 4009} if abuse == "oversized" else {4008, 4009}
    assert code in allowed, code
    assert bystander_open
    assert _healthy(daphne_server)
