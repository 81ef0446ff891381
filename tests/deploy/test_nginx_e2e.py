"""Through nginx, as deployed: sign in on the page, a page, static files from nginx, the
API's sign-in and a write, and the write's change on a socket opened through nginx."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
import requests
from asgiref.sync import sync_to_async
from websockets.asyncio.client import connect

from tests.conftest import PASSWORD
from tests.deploy.conftest import collect_static, production

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _page_sign_in(base: str, email: str) -> requests.Session:
    browser = requests.Session()
    login = browser.get(f"{base}/login/", timeout=10)
    assert login.status_code == 200, login.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    signed_in = browser.post(f"{base}/login/", data={"identifier": email, "password": PASSWORD,
                                                    "csrfmiddlewaretoken": token}, timeout=10)
    assert signed_in.status_code == 200 and signed_in.url == f"{base}/", (signed_in.status_code, signed_in.url)
    return browser


async def _next_change(ws, entity: str, object_id: str, timeout: float = 15) -> dict:
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await ws.recv())
            if frame["type"] == "change" and frame["entity"] == entity and frame["id"] == object_id:
                return frame


async def test_sign_in_page_api_write_and_its_change_on_a_socket_all_through_nginx(alice):
    await sync_to_async(collect_static)()
    with production() as (nginx, _procs):
        base = nginx.url
        browser = await sync_to_async(_page_sign_in)(base, alice.email)
        page = await sync_to_async(browser.get)(f"{base}/", timeout=10)
        assert page.status_code == 200 and alice.name in page.text
        # Static files come from nginx (its 30-day expiry), not from the app.
        css = re.search(r'href="(/static/[^"]+\.css)"', page.text).group(1)
        static = await sync_to_async(requests.get)(base + css, timeout=10)
        assert static.status_code == 200 and "max-age=2592000" in static.headers.get("Cache-Control", "")

        session = (await sync_to_async(requests.post)(
            f"{base}/api/auth/login", json={"email": alice.email, "password": PASSWORD}, timeout=10)).json()
        auth = {"Authorization": f"Bearer {session['access']}"}
        async with connect(f"{nginx.ws_url}?token={session['access']}") as ws:
            hello = json.loads(await ws.recv())
            assert hello["type"] == "hello"
            await ws.send(json.dumps({"type": "resume", "cursor": hello["head"]}))
            made = await sync_to_async(requests.post)(
                f"{base}/api/finance/accounts", json={"name": "Through nginx", "kind": "bank", "currency": "INR"},
                headers=auth, timeout=10)
            assert made.status_code == 201, made.text
            change = await _next_change(ws, "finance_account", made.json()["id"])
            assert change["data"]["name"] == "Through nginx" and change["seq"] > hello["head"]

        # A body over the app's limit is refused by nginx, in the API's error shape.
        from django.conf import settings

        too_big = await sync_to_async(requests.post)(
            f"{base}/api/finance/accounts", data=b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
            headers={**auth, "Content-Type": "application/json"}, timeout=10)
        assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "payload_too_large"
        # nginx logged nothing wrong but that refusal (no upstream failure, no bad config).
        problems = [line for line in nginx.errors().splitlines()
                    if re.search(r"\[(error|crit|alert|emerg)\]", line) and "too large body" not in line]
        assert problems == []
