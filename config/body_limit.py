"""Request bodies over the limit are refused before they are read, in every way the app is
served: 413 in the API's error shape (a plain error page elsewhere).

Limits (settings): DATA_UPLOAD_MAX_MEMORY_SIZE (2 MiB) for every body but file uploads;
MAX_UPLOAD_BODY_SIZE (11 MiB) for multipart/form-data (statement imports of up to 5 MB, receipts of 10 MB, kept
on disk past FILE_UPLOAD_MAX_MEMORY_SIZE). deploy/nginx.py renders client_max_body_size from
the larger, so nginx refuses anything over either before it reaches the app.

- WSGI (gunicorn): `BodyLimitMiddleware`, first in MIDDLEWARE, answers from the declared
  Content-Length before anything touches the body (Django reads a WSGI body only up to its
  Content-Length, so a chunked one is never read past it either).
- ASGI: `BodyLimit` wraps the HTTP app (config/asgi.py): a declared length over the limit is
  answered before `receive` is ever called; an undeclared (chunked) body is counted as it
  arrives and cut off at the limit (Django sees a disconnect and answers nothing; we answer 413).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from config.api.errors import error_body

MESSAGE = "The request body is too large."


def limit_for(content_type: str) -> int:
    if content_type.lower().startswith("multipart/form-data"):
        return max(settings.MAX_UPLOAD_BODY_SIZE, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _declared(raw: str | bytes | None) -> int | None:
    """The Content-Length, None when absent; an unreadable one counts as too large."""
    if raw in (None, b"", ""):
        return None
    text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
    return int(text) if text.strip().isdigit() else 1 << 62


def _refusal(path: str) -> tuple[bytes, str]:
    if path.startswith("/api/"):
        return JsonResponse(error_body("payload_too_large", MESSAGE)).content, "application/json"
    html = render_to_string("error.html", {"reason": MESSAGE})
    return html.encode(), "text/html; charset=utf-8"


def too_large(path: str) -> HttpResponse:
    body, content_type = _refusal(path)
    response = HttpResponse(body, status=413, content_type=content_type)
    response["Connection"] = "close"  # the rest of the body is never read
    return response


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared(request.META.get("CONTENT_LENGTH"))
        if length is not None and length > limit_for(request.META.get("CONTENT_TYPE", "")):
            return too_large(request.path)
        return self.get_response(request)


Scope = dict[str, Any]
Message = dict[str, Any]


class BodyLimit:
    """ASGI middleware for HTTP: see the module's doc."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        limit = limit_for(headers.get(b"content-type", b"").decode("latin-1"))
        length = _declared(headers.get(b"content-length"))
        if length is not None and length > limit:
            return await self._refuse(scope, send)
        received, cut = 0, False

        async def counted() -> Message:
            nonlocal received, cut
            if cut:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    cut = True
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted, send)
        if cut:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Callable[[Message], Awaitable[None]]) -> None:
        from asgiref.sync import sync_to_async

        body, content_type = await sync_to_async(_refusal)(scope.get("path", ""))
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
