"""Writing the change feed.

`@action` makes a function atomic and collects what it `publish`es; when the outermost
action finishes, every pending change is numbered and stored in the same transaction:

1. the head rows of all users concerned are locked in user-id order (so two writers can
   never deadlock, whatever they publish),
2. each change takes the next number of its user's stream: numbers are gap-free and become
   visible in commit order, so a reader asking for `after=N` never skips a late commit,
3. after commit, the changes are handed to `realtime.delivery` for the live fast path.

Nothing is delivered for a transaction that rolls back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from django.db import models, transaction
from django.utils import timezone

from realtime.models import Change, Op, Stream
from realtime.registry import entity_for

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class _Pending:
    users: list[UUID]
    event: str
    entity: str
    op: str
    object_id: UUID
    version: int
    data: dict[str, Any]


@dataclass
class _Batch:
    pending: list[_Pending] = field(default_factory=list)
    depth: int = 0


_batch: ContextVar[_Batch | None] = ContextVar("realtime_batch", default=None)
_subscribers: dict[str, list[Callable[[Any, str], None]]] = {}


def action(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator for every function that writes: atomic, and its published changes are
    stored before the transaction commits. Nested actions join the outermost one."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        batch = _batch.get()
        if batch is not None:
            mark = len(batch.pending)
            batch.depth += 1
            try:
                with transaction.atomic():
                    return fn(*args, **kwargs)
            except BaseException:
                # Its savepoint rolled back: so do the changes it published.
                del batch.pending[mark:]
                raise
            finally:
                batch.depth -= 1
        batch = _Batch(depth=1)
        token = _batch.set(batch)
        try:
            with transaction.atomic():
                result = fn(*args, **kwargs)
                _flush(batch.pending)
            return result
        finally:
            _batch.reset(token)

    return wrapper


def subscribe(event: str, handler: Callable[[Any, str], None]) -> None:
    """Call `handler(obj, event)` whenever `event` is published, inside the same transaction
    (for reactions that must happen with the write, like posting a share to personal
    finance). Handlers write through actions, so their own changes join the batch."""
    _subscribers.setdefault(event, []).append(handler)


def publish(
    obj: models.Model,
    event: str,
    *,
    audience: Iterable[UUID] | None = None,
    op: str | None = None,
) -> None:
    """Record that `obj` changed, for everyone who can see it (or `audience`).

    A tombstoned object (deleted_at set) goes out as a delete unless `op` says otherwise."""
    spec = entity_for(obj)
    users = sorted(set(spec.audience(obj) if audience is None else audience))
    if op is None:
        op = Op.DELETE if getattr(obj, "deleted_at", None) else Op.UPSERT
    pending = _Pending(
        users=users,
        event=event,
        entity=spec.name,
        op=op,
        object_id=obj.pk,
        version=getattr(obj, "version", 1),
        data=spec.serialize(obj),
    )
    batch = _batch.get()
    if batch is None:
        raise RuntimeError("publish() must be called inside an @action.")
    batch.pending.append(pending)
    for handler in _subscribers.get(event, ()):
        handler(obj, event)


def revoke(objects: Iterable[models.Model], users: Iterable[UUID], event: str) -> None:
    """Tell `users`, who can no longer see `objects`, to drop them (op delete)."""
    users = list(users)
    if not users:
        return
    for obj in objects:
        publish(obj, event, audience=users, op=Op.DELETE)


def _flush(pending: list[_Pending]) -> None:
    if not pending:
        return
    user_ids = sorted({u for p in pending for u in p.users})
    if not user_ids:
        return
    # Streams are made on first use; ON CONFLICT DO NOTHING never waits on a committed row.
    Stream.objects.bulk_create([Stream(user_id=u) for u in user_ids], ignore_conflicts=True)
    # The lock that makes numbering gap-free: head rows, in user-id order.
    streams = {
        s.user_id: s
        for s in Stream.objects.select_for_update().filter(user_id__in=user_ids).order_by("user_id")
    }
    now = timezone.now()
    at = now.isoformat().replace("+00:00", "Z")
    rows: list[Change] = []
    # For the live path: per change, who got it with which seq, and the envelope encoded
    # once (200 members of a group share one encoding).
    live: list[tuple[dict[str, int], dict[str, Any]]] = []
    for p in pending:
        seqs: dict[str, int] = {}
        for user_id in p.users:
            stream = streams[user_id]
            stream.head += 1
            seqs[str(user_id)] = stream.head
            rows.append(
                Change(
                    user_id=user_id,
                    seq=stream.head,
                    event=p.event,
                    entity=p.entity,
                    op=p.op,
                    object_id=p.object_id,
                    version=p.version,
                    data=p.data,
                    at=now,
                )
            )
        if seqs:
            live.append((seqs, {
                "event": p.event, "entity": p.entity, "op": p.op, "id": str(p.object_id),
                "version": p.version, "data": p.data, "at": at,
            }))
    Change.objects.bulk_create(rows)
    Stream.objects.bulk_update(list(streams.values()), ["head"])
    from realtime import delivery

    transaction.on_commit(lambda: delivery.deliver(live))
