"""Reads of the feed, snapshots and notifications (with their access checks)."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from config.api.errors import Gone, NotFound
from realtime.models import Change, Notification, Stream
from realtime.registry import entities

MAX_PAGE = 1000

_ENVELOPE_FIELDS = ("seq", "event", "entity", "op", "object_id", "version", "data", "at")


def _iso(at: Any) -> str:
    return at.isoformat().replace("+00:00", "Z")


def bounds(user_id: UUID | str) -> tuple[int, int]:
    """(floor, head) of the user's stream; (0, 0) before their first change."""
    row = Stream.objects.filter(user_id=user_id).values_list("floor", "head").first()
    return row or (0, 0)


def heads_for(user_ids: list[str]) -> dict[str, int]:
    rows = Stream.objects.filter(user_id__in=user_ids).values_list("user_id", "head")
    return {str(user_id): head for user_id, head in rows}


def changes_after(user_id: UUID | str, after: int, limit: int) -> list[dict[str, Any]]:
    """The user's changes with seq > after, in order, as envelopes (at most `limit`)."""
    rows = (
        Change.objects.filter(user_id=user_id, seq__gt=after)
        .order_by("seq")
        .values_list(*_ENVELOPE_FIELDS)[:limit]
    )
    return [
        {
            "seq": seq, "event": event, "entity": entity, "op": op, "id": str(object_id),
            "version": version, "data": data, "at": _iso(at),
        }
        for seq, event, entity, op, object_id, version, data, at in rows
    ]


def pull(user_id: UUID | str, *, after: int, limit: int) -> dict[str, Any]:
    """One page of the feed after `after`. A cursor below the floor (pruned) or beyond the
    head (from another database) cannot be continued: 410, reload a snapshot."""
    limit = max(1, min(limit, MAX_PAGE))
    floor, head = bounds(user_id)
    if after < floor or after > head:
        raise Gone(
            "This cursor can no longer be continued; load a snapshot.",
            code="resync_required",
            extra={"floor": floor, "head": head},
        )
    changes = changes_after(user_id, after, limit + 1)
    has_more = len(changes) > limit
    changes = changes[:limit]
    cursor = changes[-1]["seq"] if changes else after
    return {"changes": changes, "cursor": cursor, "has_more": has_more}


def pull_json(user_id: UUID | str, *, after: int, limit: int) -> bytes:
    """`pull` rendered straight to JSON bytes: each change's `data` is taken as the text the
    database stores (jsonb::text), never decoded and re-encoded; pulls of thousands of
    changes are mostly that."""
    limit = max(1, min(limit, MAX_PAGE))
    floor, head = bounds(user_id)
    if after < floor or after > head:
        raise Gone(
            "This cursor can no longer be continued; load a snapshot.",
            code="resync_required",
            extra={"floor": floor, "head": head},
        )
    rows = list(
        Change.objects.filter(user_id=user_id, seq__gt=after)
        .order_by("seq")
        .annotate(raw=Cast("data", output_field=TextField()))
        .values_list("seq", "event", "entity", "op", "object_id", "version", "raw", "at")[: limit + 1]
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    dumps = json.dumps
    parts = [
        f'{{"seq":{seq},"event":{dumps(event)},"entity":{dumps(entity)},"op":{dumps(op)},'
        f'"id":"{object_id}","version":{version},"data":{raw},"at":"{_iso(at)}"}}'
        for seq, event, entity, op, object_id, version, raw, at in rows
    ]
    cursor = rows[-1][0] if rows else after
    body = f'{{"changes":[{",".join(parts)}],"cursor":{cursor},"has_more":{"true" if has_more else "false"}}}'
    return body.encode()


def snapshot(user: Any) -> dict[str, Any]:
    """Every live object `user` can see, by entity, with the cursor they are consistent with;
    event entities (balances, people's cards, rates) as they stand at that cursor.

    All of it is read in one database snapshot (REPEATABLE READ, read only, on PostgreSQL):
    a change committed meanwhile is either in the objects and below the cursor, or in
    neither, so the client pulls after the cursor and misses nothing."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        _, head = bounds(user.pk)
        objects: dict[str, list[dict[str, Any]]] = {}
        for spec in sorted(entities(), key=lambda e: e.name):
            queryset = spec.visible(user).order_by("pk")
            serialize = spec.serialize if spec.restricted is None else (lambda o, s=spec: s.serialize_for(o, user.pk))
            objects[spec.name] = [serialize(obj) for obj in queryset.iterator(chunk_size=1000)]
    return {"cursor": head, "entities": objects}


def notifications_for(user: Any, *, unread: bool = False) -> QuerySet[Notification]:
    notes = Notification.objects.filter(user=user, deleted_at=None)
    if unread:
        notes = notes.filter(read_at=None)
    return notes.order_by("-created_at", "-id")


def notification_for(user: Any, note_id: UUID | str) -> Notification:
    note = notifications_for(user).filter(pk=note_id).first()
    if note is None:
        raise NotFound()
    return note


def fresh_notifications(user: Any, *, seconds: int = 15) -> list[dict[str, str]]:
    """Unread notifications of the last few seconds, for the page to toast on load: the page a
    form redirected to was rendered after its own notifications, so they never come to it live."""
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.now() - timedelta(seconds=seconds)
    notes = notifications_for(user, unread=True).filter(created_at__gte=since)[:5]
    return [{"id": str(n.pk), "title": n.title, "body": n.body} for n in notes]


def unread_count(user: Any) -> int:
    return notifications_for(user, unread=True).count()
