"""`make run` as it runs (config/Procfile, no Redis): gunicorn serves the pages and the API on
HISAAB_PORT, daphne serves /ws/ on the next port. A page from gunicorn opens its socket on
daphne's port (the CSP allows exactly that origin), and writes made by other processes (the
test process here, like the Celery worker; a request answered by gunicorn) reach the page
live, with the heartbeat 25 s away: daphne follows the feed because no bus joins them."""

from __future__ import annotations

import time

import pytest
import requests
from rest_framework_simplejwt.tokens import AccessToken

from realtime.actions import notify
from realtime.selectors import heads_for
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser, log_in, wait_online  # noqa: F401 - browser is a fixture
from tests.resilience.procs import ROOT, FromProcfile, child_env, free_port, running

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PROCFILE = ROOT / "config" / "Procfile"
LIVE = 3.0  # seconds: far under the heartbeat


def make_run(**extra: str) -> tuple[int, FromProcfile, FromProcfile]:
    """make run's web and ws processes (not started), on a free port and the one after."""
    port = free_port()
    env = child_env("", DEBUG="1", HISAAB_PORT=str(port), REALTIME_HEARTBEAT_SECONDS="25", **extra)
    env.pop("CSRF_TRUSTED_ORIGINS", None)
    env.pop("WEBSOCKET_ALLOWED_ORIGINS", None)
    web = FromProcfile(PROCFILE, "web", env, port=port)
    ws = FromProcfile(PROCFILE, "ws", env, port=port + 1)
    return port, web, ws


def _cursor_reaches(page, seq: int) -> float:
    started = time.monotonic()
    page.wait_for_selector(f"body[data-cursor='{seq}']", state="attached", timeout=LIVE * 1000)
    return time.monotonic() - started


def test_a_page_from_gunicorn_gets_its_changes_live_from_daphne_on_the_next_port(browser, alice):  # noqa: F811
    port, web, ws = make_run()
    with running(web, ws):
        base = f"http://127.0.0.1:{port}"
        login = requests.get(f"{base}/login/", timeout=10)
        assert "gunicorn" in login.headers.get("Server", "")
        csp = login.headers["Content-Security-Policy"]
        assert f"connect-src 'self' ws://127.0.0.1:{port + 1};" in csp, csp

        ctx = browser.new_context(base_url=base)
        refused = []
        try:
            page = ctx.new_page()
            page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
            sockets = []
            page.on("websocket", lambda sock: sockets.append(sock.url))
            log_in(page, "alice@example.com", PASSWORD)
            wait_online(page)
            assert page.get_attribute("body", "data-ws-port") == str(port + 1)
            assert sockets and sockets[-1].startswith(f"ws://127.0.0.1:{port + 1}/ws/"), sockets

            # Written by another process (as the Celery worker writes): the page has it live.
            note = notify(alice.pk, kind="test", title="From the worker")
            took = _cursor_reaches(page, heads_for([str(alice.pk)])[str(alice.pk)])
            # Written through gunicorn: the same.
            bearer = str(AccessToken.for_user(alice))
            answer = requests.post(f"{base}/api/notifications/{note.pk}/read",
                                   headers={"Authorization": f"Bearer {bearer}"}, timeout=10)
            assert answer.status_code == 200, answer.text
            took_api = _cursor_reaches(page, heads_for([str(alice.pk)])[str(alice.pk)])
            print(f"live under make run: a write elsewhere {took * 1000:.0f} ms, through gunicorn {took_api * 1000:.0f} ms")
        finally:
            ctx.close()
        assert refused == [], refused
