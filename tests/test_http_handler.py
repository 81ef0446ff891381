"""config/http.py: each HTTP request runs whole on one worker thread, as under WSGI."""

from __future__ import annotations

import json
import threading

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core import signals
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path

from config.http import ThreadedHTTPHandler

seen: dict[str, list[str]] = {}


def _where(label: str) -> None:
    seen.setdefault(label, []).append(threading.current_thread().name)


def thread_view(request):
    _where("view")
    return HttpResponse(b"ok")


def streaming_view(request):
    return StreamingHttpResponse(b"x" * 1000 for _ in range(100))  # 100,000 bytes


urlpatterns = [path("t/thread", thread_view), path("t/stream", streaming_view)]


def scope(path_: str) -> dict:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "http", "path": path_, "raw_path": path_.encode(), "query_string": b"",
            "root_path": "", "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 1),
            "server": ("testserver", 80)}


async def call(handler: ThreadedHTTPHandler, path_: str) -> tuple[int, dict, bytes]:
    app = ApplicationCommunicator(handler, scope(path_))
    await app.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await app.receive_output(timeout=10)
    body, more = b"", True
    while more:
        message = await app.receive_output(timeout=10)
        body += message.get("body", b"")
        more = message.get("more_body", False)
    await app.wait(timeout=5)
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, body


@pytest.fixture
def handler(settings):
    settings.ROOT_URLCONF = __name__
    return ThreadedHTTPHandler(workers=2)


@pytest.mark.asyncio
async def test_started_view_and_finished_run_on_one_worker_thread(handler):
    seen.clear()

    def started(**kwargs):
        _where("started")

    def finished(**kwargs):
        _where("finished")

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        status, _, body = await call(handler, "/t/thread")
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert (status, body) == (200, b"ok")
    threads = {seen["started"][0], seen["view"][0], seen["finished"][0]}
    assert len(threads) == 1 and threads.pop().startswith("http")


@pytest.mark.asyncio
async def test_a_streaming_body_arrives_whole_in_chunks(handler):
    status, _, body = await call(handler, "/t/stream")
    assert status == 200 and body == b"x" * 100_000


@pytest.mark.asyncio
async def test_an_unknown_api_path_keeps_the_error_shape(settings):
    status, headers, body = await call(ThreadedHTTPHandler(workers=1), "/api/no-such-thing")
    assert status == 404 and headers["content-type"].startswith("application/json")
    assert json.loads(body)["error"]["code"] == "not_found"


@pytest.mark.asyncio
async def test_a_failure_outside_the_middleware_is_a_500_in_the_error_shape(handler):
    def broken(**kwargs):
        raise RuntimeError("a signal handler failed")

    signals.request_started.connect(broken)
    try:
        status, headers, body = await call(handler, "/t/thread")
    finally:
        signals.request_started.disconnect(broken)
    assert status == 500 and headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "server_error"
    assert int(headers["content-length"]) == len(body)
