"""`POST /api/sync/push`: replay a device's offline queue through the ordinary views.

Each mutation is dispatched as an internal request, as the same user, to the view its path
resolves to, so it passes the same validation, access checks, actions and feed as a live
call. Per client (`client_id`), mutation ids are consecutive: the client row holds the last
id applied and stays locked while a chunk of mutations runs; the mutations' writes, their
recorded results and the new last id commit in one transaction (one per 100 mutations, each
mutation in its own savepoint; the chunk is one action, so its changes are numbered, stored
and published once, not once per mutation). Hence:
- a repeated id returns its recorded result and writes nothing;
- an id beyond last+1 (a gap: something was lost) is refused with 409 `mutation_gap`;
- a mutation that fails (4xx) is rolled back, recorded and reported, and the next one runs;
- a server error (5xx) stops the batch without recording it, so it can be retried.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import timezone
from rest_framework import status
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from config.api.errors import Conflict, DomainError, Invalid, error_body
from config.refusals import say_answered
from realtime.api.serializers import MAX_MUTATIONS, MutationIn
from realtime.feed import action, discard_pending, pending_mark, under_savepoint
from realtime.models import PushClient, PushedMutation

# Builds WSGI-style requests (DRF's request factory: no test client, no test database).
_factory = APIRequestFactory()  # CSRF is not checked again: the push itself passed it
CHUNK = 100  # mutations per transaction


class TooManyMutations(DomainError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_many_mutations"


def _parse(mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(mutations) > MAX_MUTATIONS:
        raise TooManyMutations(f"At most {MAX_MUTATIONS} mutations per push; send the rest next.")
    parsed, errors = [], {}
    for index, raw in enumerate(mutations):
        item = MutationIn(data=raw)
        if item.is_valid():
            parsed.append(item.validated_data)
        else:
            errors[str(index)] = item.errors
    if errors:
        raise Invalid("Some mutations are malformed.", fields={"mutations": errors})
    for before, after in zip(parsed, parsed[1:], strict=False):
        if after["id"] <= before["id"]:
            raise Invalid("Mutation ids must increase.", fields={"mutations": ["Mutation ids must increase."]})
        if after["id"] != before["id"] + 1:
            raise Conflict(f"Mutation {before['id'] + 1} is missing.", code="mutation_gap")
    return parsed


def _gap(last: int) -> Conflict:
    return Conflict(
        f"Mutation {last + 1} is missing; send from there.",
        code="mutation_gap",
        extra={"last_mutation_id": last},
    )


def push(request: Request, *, client_id: UUID, mutations: list[dict[str, Any]]) -> dict[str, Any]:
    items = _parse(mutations)
    user = request.user
    client, _ = PushClient.objects.get_or_create(user=user, client_id=client_id)
    if items and items[0]["id"] > client.last_mutation_id + 1:
        raise _gap(client.last_mutation_id)
    results: list[dict[str, Any]] = []
    last = client.last_mutation_id
    for start in range(0, len(items), CHUNK):
        last, stop = _apply_chunk(client, request, items[start:start + CHUNK], results)
        if stop:
            break
    return {"last_mutation_id": last, "results": results}


@action
def _apply_chunk(
    client: PushClient, request: Request, items: list[dict[str, Any]], results: list[dict[str, Any]]
) -> tuple[int, bool]:
    """Apply up to CHUNK mutations in one transaction (one commit, not one per mutation),
    each in its own savepoint so a failing one is undone alone (with the changes it had
    published). The client row stays locked for the chunk: two pushes from one client are
    applied one after the other."""
    locked = PushClient.objects.select_for_update().get(pk=client.pk)
    last = locked.last_mutation_id
    recorded: list[PushedMutation] = []
    stop = False
    known = _recorded(locked, [item["id"] for item in items if item["id"] <= last])
    for item in items:
        if item["id"] <= last:
            # Older than the retention: applied, but its result is no longer kept.
            results.append(known.get(item["id"], {"id": item["id"], "status": 208, "body": None}))
            continue
        if item["id"] > last + 1:  # a concurrent push with other ids got in between
            stop = True
            break
        mark, published = transaction.savepoint(), pending_mark()
        code, body = _run(request, item, fast=True)
        if code == _BROKEN:
            # The view touched the database after its action failed, which only works with
            # the action's own savepoint: undo and run it again the ordinary way.
            _undo(mark, published)
            mark = transaction.savepoint()
            code, body = _run(request, item, fast=False)
        if code >= 500:
            _undo(mark, published)
            results.append({"id": item["id"], "status": code, "body": body})
            stop = True
            break
        if code >= 400:
            _undo(mark, published)
        # A mutation that succeeded leaves its savepoint open: it ends with the transaction,
        # and releasing it would be one more round trip per mutation.
        recorded.append(PushedMutation(client=locked, mutation_id=item["id"], status=code, body=body))
        last = item["id"]
        results.append({"id": item["id"], "status": code, "body": body})
    PushedMutation.objects.bulk_create(recorded)
    if last != locked.last_mutation_id:
        locked.last_mutation_id = last
        locked.save(update_fields=["last_mutation_id", "updated_at"])
    return last, stop


_BROKEN = -1


def _run(request: Request, item: dict[str, Any], *, fast: bool) -> tuple[int, Any]:
    """Dispatch one mutation; with `fast`, the actions it calls directly skip their own
    savepoint (the caller holds one) and a view that then needs it answers _BROKEN."""
    try:
        if not fast:
            return dispatch(request, item)
        with under_savepoint():
            return dispatch(request, item)
    except Http404:
        return 404, error_body("not_found", "Not found.")
    except PermissionDenied:
        return 403, error_body("forbidden", "You do not have permission to do this.")
    except TransactionManagementError:
        if fast:
            return _BROKEN, None
        return 500, error_body("server_error", "Something went wrong on our side; nothing was changed.")
    except Exception:  # noqa: BLE001 - reported like the API would, then stop
        return 500, error_body("server_error", "Something went wrong on our side; nothing was changed.")


def _undo(savepoint: str, published: int) -> None:
    """Roll the mutation back to its savepoint: its writes, the changes it published, and
    the transaction's failed state (its actions ran without savepoints of their own)."""
    transaction.set_rollback(False)  # else Django refuses even the rollback to the savepoint
    transaction.savepoint_rollback(savepoint)
    discard_pending(published)


def _recorded(client: PushClient, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = client.mutations.filter(mutation_id__in=ids).values("mutation_id", "status", "body")
    return {row["mutation_id"]: {"id": row["mutation_id"], "status": row["status"], "body": row["body"]} for row in rows}


def dispatch(outer: Request, item: dict[str, Any]) -> tuple[int, Any]:
    """Run one mutation through the view its path resolves to, as `outer`'s user."""
    path = item["path"].split("?", 1)[0]
    if path.rstrip("/") == "/api/sync/push":
        return 400, error_body("invalid", "A push cannot contain a push.")
    try:
        match = resolve(path)
    except Resolver404:
        return 404, error_body("not_found", "Not found.")
    # The client's address travels with each mutation, so limits keyed on it (sign-in
    # attempts replayed through a push) count exactly as for a direct call.
    extra: dict[str, Any] = {"HTTP_HOST": outer.get_host()}
    for key in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR"):
        if key in outer.META:
            extra[key] = outer.META[key]
    if item.get("version") is not None:
        extra["HTTP_IF_MATCH"] = f'"{item["version"]}"'
    body = b"" if item.get("body") is None else json.dumps(item["body"]).encode()
    inner = _factory.generic(
        item["method"], item["path"], data=body, content_type="application/json",
        secure=outer.is_secure(), **extra,
    )
    # The same user, already authenticated by the push itself (DRF's public forced user).
    inner.user = outer.user
    force_authenticate(inner, user=outer.user)
    response = match.func(inner, *match.args, **match.kwargs)
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    content = getattr(response, "content", b"")
    if not content:
        return response.status_code, None
    try:
        return response.status_code, json.loads(content)
    except ValueError:
        return response.status_code, content.decode("utf-8", "replace")[:2000]


def with_page_words(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`results` with each refusal's sentence in the active language added as
    `error.page_message` (copies: the recorded results stay as the API answered them)."""
    out = []
    for result in results:
        body = result.get("body")
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict) and error.get("message"):
            body = dict(body, error=dict(error, page_message=say_answered(error)))
            result = dict(result, body=body)
        out.append(result)
    return out


def prune_pushed_mutations() -> int:
    cutoff = timezone.now() - timedelta(hours=max(24, settings.IDEMPOTENCY_RETENTION_HOURS))
    return PushedMutation.objects.filter(created_at__lt=cutoff).delete()[0]
