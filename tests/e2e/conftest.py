"""End-to-end harness: the real app served by daphne on a free loopback port, against the
test database, driven by headless Chromium (Debian's package) through Playwright.

- `server` starts daphne in a child process pointed at the test database (the tests use
  `transactional_db`, so what they write is committed and visible to it) and the same Redis,
  so changes written by the test process reach the browser's socket too. It can be stopped
  and started again on the same port (the connection-indicator test does).
- Screenshots go to test-artifacts/ (git-ignored) for a reviewer to look at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

import playwright.sync_api as playwright_api  # noqa: E402

# A missing browser fails the run instead of skipping it: these tests are part of `make test`
# (.ci/run installs Debian's chromium when it is missing).
if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
    raise pytest.UsageError(f"{CHROMIUM} is not installed: apt-get install chromium (see .ci/run)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, database: dict) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        db = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        self.env = dict(
            {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            DATABASE_URL=db,
            DEBUG="1",  # whitenoise serves static files straight from the finders
            CONN_MAX_AGE="0",
            CSRF_TRUSTED_ORIGINS=self.url,
            WEBSOCKET_ALLOWED_ORIGINS=self.url,
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            LOG_LEVEL="ERROR",
        )
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = open(ARTIFACTS / f"daphne-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            if self.proc.poll() is not None:
                raise RuntimeError((ARTIFACTS / f"daphne-{self.port}.log").read_text()[-3000:])
            time.sleep(0.1)
        raise RuntimeError("daphne did not start")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        self.log.close()


@pytest.fixture
def server(transactional_db) -> Iterator[Server]:
    from django.db import connection

    ARTIFACTS.mkdir(exist_ok=True)
    srv = Server(connection.settings_dict)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium per test module. Playwright's sync API runs an event loop in this thread
    while it is open, so it is closed after the module: later (async) tests get a clean thread.
    Meanwhile the ORM calls the tests make between browser steps are ordinary synchronous
    ones, which Django's async-safety check would refuse without DJANGO_ALLOW_ASYNC_UNSAFE."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield b
            b.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, server):
    """new_page() -> a page in a fresh browser context (its own cookies: a separate person)."""
    contexts, refused = [], []

    def make(width: int = 1280, height: int = 860):
        ctx = browser.new_context(base_url=server.url, viewport={"width": width, "height": height})
        ctx.set_default_timeout(8000)
        contexts.append(ctx)
        page = ctx.new_page()
        # Whatever the Content-Security-Policy blocks is a bug of ours (config/security_headers.py).
        page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    assert refused == [], refused


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, email: str, password: str) -> None:
    page.goto("/login/")
    page.fill("#id_identifier", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def wait_online(page, timeout: float = 15000) -> None:
    page.wait_for_selector('#conn[data-state="online"]', timeout=timeout)
