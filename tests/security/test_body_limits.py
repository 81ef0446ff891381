"""Oversized bodies are refused before they are read (issue 16): a declared Content-Length over
the limit is answered at once, a chunked body is cut off at the limit, and the serving
process's memory does not grow by the body's size (measured on the live servers of deploy/:
gunicorn alone and nginx in front of it, and on `make run`'s gunicorn). config/body_limit.py."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from config.body_limit import BodyLimit
from tests.deploy.conftest import PROCFILE, production
from tests.deploy.test_make_run_layout import make_run
from tests.resilience.procs import FromProcfile, child_env, free_port, running

BIG = 300 << 20  # 300 MiB
BLOCK = b"x" * (1 << 20)


# --- the ASGI layer, in process --------------------------------------------------------------
def _run_asgi(headers: list[tuple[bytes, bytes]], path: str = "/api/auth/login",
              body: bytes | None = None) -> tuple[int, list[dict], int]:
    """Run BodyLimit around an app that reads the whole body; the client offers an endless
    body. Returns (status, messages sent, receive calls)."""
    calls, sent = 0, []

    async def receive():
        nonlocal calls
        calls += 1
        if body is not None:
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.request", "body": BLOCK, "more_body": True}

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):  # like Django's ASGIHandler: read all, then answer
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read it all"})

    scope = {"type": "http", "path": path, "method": "POST", "headers": headers}
    asyncio.run(asyncio.wait_for(BodyLimit(app)(scope, receive, send), timeout=30))
    return sent[0]["status"], sent, calls


def test_asgi_declared_length_over_the_limit_is_refused_without_reading():
    status, sent, calls = _run_asgi([(b"content-type", b"application/json"), (b"content-length", str(BIG).encode())])
    assert (status, calls) == (413, 0)
    assert b'"payload_too_large"' in sent[1]["body"]


def test_asgi_chunked_body_is_cut_off_at_the_limit():
    status, sent, calls = _run_asgi([(b"content-type", b"application/json")])
    assert status == 413 and len(sent) == 2  # only our answer: the app answered nothing
    assert calls == settings.DATA_UPLOAD_MAX_MEMORY_SIZE // len(BLOCK) + 1  # not one block more


def test_asgi_uploads_have_their_own_larger_limit_and_small_bodies_pass():
    status, _, calls = _run_asgi([(b"content-type", b"multipart/form-data; boundary=x")], path="/finance/import/")
    assert status == 413 and calls == settings.MAX_UPLOAD_BODY_SIZE // len(BLOCK) + 1
    ok, sent, _ = _run_asgi([(b"content-type", b"application/json"), (b"content-length", b"10")], body=b"0123456789")
    assert ok == 200 and sent[1]["body"] == b"read it all"


@pytest.mark.django_db
def test_a_page_post_over_the_limit_is_a_413_page(alice):
    client = Client()
    client.force_login(alice)
    response = client.post("/finance/", data="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413 and "too large" in response.content.decode()


# --- live servers -------------------------------------------------------------------------------
def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def _workers(master: int, timeout: float = 30.0) -> list[int]:
    """The master's worker processes. gunicorn's master listens before it forks its workers,
    so a server that accepts connections may have none yet: wait for the first."""
    deadline = time.monotonic() + timeout
    while True:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children or time.monotonic() > deadline:
            assert children, f"gunicorn {master} forked no worker in {timeout:.0f} s"
            return [int(pid) for pid in children]
        time.sleep(0.05)


def _post(port: int, *, chunked: bool) -> tuple[bytes, int, float]:
    """POST 300 MiB to /api/auth/login as fast as the server takes it: (status line, bytes the
    server accepted before answering or closing, seconds)."""
    head = "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {BIG}\r\n\r\n"
    sent, started = 0, time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head.encode())
        try:
            while sent < BIG:
                sock.sendall(b"%x\r\n" % len(BLOCK) + BLOCK + b"\r\n" if chunked else BLOCK)
                sent += len(BLOCK)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:  # the server answered and closed: the rest was never read
            pass
        answer = b""
        try:
            while b"\r\n" not in answer:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        except OSError:
            pass
    return answer.split(b"\r\n")[0], sent, time.monotonic() - started


def _check_server(port: int, pid: int, *, chunked: bool, reads_to_discard: bool = False) -> None:
    _post(port, chunked=chunked)  # warm up: the first request loads what every request uses
    time.sleep(0.5)
    before = _rss_mib(pid)
    status, sent, seconds = _post(port, chunked=chunked)
    time.sleep(1)
    after = _rss_mib(pid)
    print(f"chunked={chunked}: {status!r} after {sent >> 20} MiB sent, {seconds:.2f} s; RSS {before:.0f} -> {after:.0f} MiB")
    assert status.split()[1:2] in ([b"413"], [b"400"]), status
    assert after - before < 20, (before, after)
    if not reads_to_discard:
        assert sent < BIG // 2, f"the server took {sent >> 20} MiB before refusing"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("chunked", [False, True])
def test_gunicorn_refuses_300_mib_without_reading_it(chunked):
    import os

    port = free_port()
    env = child_env(os.environ["REDIS_URL"], GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1")
    web = FromProcfile(PROCFILE, "web", env, port=port)
    with running(web):
        _check_server(port, _workers(web.pid)[0], chunked=chunked)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("chunked", [False, True])
def test_make_run_refuses_300_mib_without_reading_it(chunked):
    """`make run` (config/Procfile) serves HTTP from gunicorn too; its daphne only has /ws/."""
    port, web, _ws = make_run()
    with running(web):
        _check_server(port, _workers(web.pid)[0], chunked=chunked)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("chunked", [False, True])
def test_nginx_in_front_refuses_300_mib(chunked):
    with production() as (nginx, procs):
        web = procs[0]
        try:  # nginx answers at once, then reads the rest to throw it away (lingering close)
            _check_server(nginx.port, _workers(web.pid)[0], chunked=chunked, reads_to_discard=True)
        finally:
            print(nginx.errors()[-3000:])
        nginx_workers = _workers(nginx.pid)
        assert all(_rss_mib(pid) < 100 for pid in nginx_workers)
