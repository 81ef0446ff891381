"""The ASGI entry for HTTP: Django's handler, run the way a threaded WSGI server runs it.

Django's own ASGIHandler is made for async views. With a synchronous middleware chain and
synchronous views (ours: the ORM, transactions, locks) it crosses between the event loop
and threads five times per request (request_started, the middleware chain, back to the loop
for the view layer, the view, response.close) and starts a new thread for every request
(one ThreadSensitiveContext each), so every request also opens its own database connection.
On a loaded server those hops are most of the cost of a request, and each one waits for
the GIL behind whatever else runs, which is what stretched write-to-socket latency.

Here the body is read on the event loop, then the whole request runs in ONE call on a fixed
pool of worker threads, exactly as under a WSGI server: request_started, the synchronous
middleware chain and view, the response body, response.close() and request_finished, all on
the same thread (so Django's per-thread database connection is opened, reused and closed
where it belongs). The answer is sent from the event loop. Sockets are untouched (they are
async consumers on the same loop).
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.http import HttpResponse
from django.urls import set_script_prefix

logger = logging.getLogger(__name__)


class ThreadedHTTPHandler(ASGIHandler):
    """ASGI HTTP handler running each request synchronously on a worker thread."""

    def __init__(self, workers: int | None = None) -> None:
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self.workers = workers or int(getattr(settings, "HTTP_WORKER_THREADS", 8))
        self._executor: ThreadPoolExecutor | None = None

    @property
    def executor(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="http")
        return self._executor

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        loop = asyncio.get_running_loop()
        try:
            status, headers, body = await loop.run_in_executor(self.executor, self.serve, scope, body_file)
        except Exception:  # noqa: BLE001 - beyond the middleware (a signal handler failing)
            from config.api.errors import error_body

            logger.exception("Unhandled error outside the middleware on %s", scope.get("path"))
            body = json.dumps(error_body("server_error", "Something went wrong on our side.")).encode()
            status = 500
            headers = [(b"Content-Type", b"application/json"), (b"Content-Length", str(len(body)).encode())]
        finally:
            body_file.close()
        await self._send(send, status, headers, body)

    def serve(self, scope: dict[str, Any], body_file: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """One whole request on this worker thread; returns what to send."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
        assert response is not None
        try:
            # A streaming body is read here, on the thread that may hold its database
            # connection (Django's own ASGI handler also reads it whole).
            body = b"".join(response) if response.streaming else response.content
            return response.status_code, _headers(response), body
        finally:
            response.close()  # request_finished: this thread's connection is tidied here

    async def _send(self, send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        size = self.chunk_size
        if len(body) <= size:
            await send({"type": "http.response.body", "body": body})
            return
        for start in range(0, len(body), size):
            await send({"type": "http.response.body", "body": body[start:start + size],
                        "more_body": start + size < len(body)})


def _headers(response: HttpResponse) -> list[tuple[bytes, bytes]]:
    headers = [
        (name.encode("ascii") if isinstance(name, str) else bytes(name),
         value.encode("latin1") if isinstance(value, str) else bytes(value))
        for name, value in response.items()
    ]
    headers += [(b"Set-Cookie", cookie.output(header="").encode("ascii").strip())
                for cookie in response.cookies.values()]
    return headers


def get_http_application() -> ThreadedHTTPHandler:
    import django

    django.setup(set_prefix=False)
    return ThreadedHTTPHandler()
