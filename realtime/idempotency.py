"""`Idempotency-Key` for every POST/PUT/PATCH/DELETE of the API, with no work in the views.

A client retrying a write (a lost response, an offline queue) sends the same key; per user:
- first time: the key is claimed (committed at once, so a concurrent twin sees it), the view
  runs inside one transaction together with the recording of its answer, so the write and
  its stored result commit or vanish together;
- again, same request: the stored status and body are replayed; nothing runs, nothing is
  written (header `Idempotent-Replayed: true`);
- again, different method/path/body: 422 `idempotency_key_reused`;
- again while the first is still running: 409 `idempotency_in_flight`.
Answers that are not the operation's outcome are not kept, so a retry runs again: server
errors (5xx, whose writes are rolled back), 401/403 (credentials, CSRF) and 429. A claim left
behind by a crashed process is taken over after IN_FLIGHT_TIMEOUT. Keys are kept for
IDEMPOTENCY_RETENTION_HOURS (48 by default, at least 24) and pruned by a beat task.

Anonymous requests have no user to scope the key to, so the header is ignored for them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from config.api.errors import error_body
from realtime.models import IdempotencyKey

HEADER = "Idempotency-Key"
METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
IN_FLIGHT_TIMEOUT = timedelta(minutes=5)
NOT_KEPT = frozenset({401, 403, 429})


def request_user(request: HttpRequest) -> Any | None:
    """The user exactly as DRF would find them: a Bearer JWT first, then the session."""
    from rest_framework.settings import api_settings
    from rest_framework_simplejwt.authentication import JWTAuthentication

    bearer = next((cls for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES
                   if issubclass(cls, JWTAuthentication)), JWTAuthentication)
    try:
        found = bearer().authenticate(request)
    except Exception:  # noqa: BLE001 - a bad token: the view answers 401 itself
        return None
    if found is not None:
        return found[0]
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def fingerprint(request: HttpRequest, body: bytes) -> str:
    digest = hashlib.sha256()
    # If-Match belongs to the request: the same key based on another version is another call.
    for part in (request.method or "", request.get_full_path(), request.headers.get("If-Match", ""), body):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


# --- the writes (this module's "actions"; no feed changes, so no @action) ------------------


def claim(user: Any, key: str, print_: str) -> tuple[IdempotencyKey, bool]:
    """(record, True) if this request now owns the key; (existing record, False) if not."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user, key=key, fingerprint=print_, created_at=now
            ), True
    except IntegrityError:
        pass
    record = IdempotencyKey.objects.filter(user=user, key=key).first()
    if record is None:  # pruned between the two statements
        return claim(user, key, print_)
    expired = record.created_at < now - timedelta(hours=settings.IDEMPOTENCY_RETENTION_HOURS)
    abandoned = (
        record.state == IdempotencyKey.State.IN_FLIGHT and record.created_at < now - IN_FLIGHT_TIMEOUT
    )
    if expired or abandoned:
        # Conditional UPDATE: of two takers, one wins.
        taken = IdempotencyKey.objects.filter(
            pk=record.pk, state=record.state, created_at=record.created_at
        ).update(state=IdempotencyKey.State.IN_FLIGHT, fingerprint=print_, created_at=now,
                 status=None, body=b"", content_type="")
        if taken:
            record.refresh_from_db()
            return record, True
    return record, False


def complete(record: IdempotencyKey, response: HttpResponse) -> None:
    IdempotencyKey.objects.filter(pk=record.pk).update(
        state=IdempotencyKey.State.DONE,
        status=response.status_code,
        content_type=response.get("Content-Type", "")[:100],
        body=bytes(response.content),
    )


def release(record: IdempotencyKey) -> None:
    IdempotencyKey.objects.filter(pk=record.pk, state=IdempotencyKey.State.IN_FLIGHT).delete()


def prune_idempotency_keys() -> int:
    cutoff = timezone.now() - timedelta(hours=max(24, settings.IDEMPOTENCY_RETENTION_HOURS))
    return IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()[0]


# --- the middleware ---------------------------------------------------------------------------


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status)


def replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type or None)
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method not in METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key.strip() or len(key) > 255 or not key.isprintable():
            return _error(400, "invalid_idempotency_key", "Idempotency-Key must be 1-255 printable characters.")
        user = request_user(request)
        if user is None:
            return self.get_response(request)
        try:
            body = request.body
        except RequestDataTooBig:
            return self.get_response(request)  # answered 413 by the error middleware
        record, owned = claim(user, key, fingerprint(request, body))
        if not owned:
            if record.fingerprint != fingerprint(request, body):
                return _error(422, "idempotency_key_reused",
                              "This Idempotency-Key was used for a different request.")
            if record.state == IdempotencyKey.State.IN_FLIGHT:
                return _error(409, "idempotency_in_flight",
                              "A request with this Idempotency-Key is still being processed.")
            return replay(record)
        try:
            with transaction.atomic():
                response = self.get_response(request)
                keep = (
                    response.status_code < 500
                    and response.status_code not in NOT_KEPT
                    and not response.streaming
                )
                if response.status_code >= 500:
                    transaction.set_rollback(True)  # a crashed view changes nothing
                elif keep:
                    complete(record, response)
        except BaseException:
            release(record)
            raise
        if not keep:
            release(record)
        return response
