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

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from django.db import connection, models, transaction
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
    # The caller holds a savepoint for the next nested action and rolls back to it on any
    # failure (push does, per mutation): that action need not take a second one.
    covered: bool = False
    # Run once each, just before the changes are stored (see `before_flush`, `collect`).
    finishers: dict[Any, Callable[[], None]] = field(default_factory=dict)
    collected: dict[Any, set] = field(default_factory=dict)


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
            covered, batch.covered = batch.covered, False  # actions it calls take their own
            batch.depth += 1
            try:
                with transaction.atomic(savepoint=not covered):
                    return fn(*args, **kwargs)
            except BaseException:
                # Its savepoint rolled back: so do the changes it published.
                del batch.pending[mark:]
                raise
            finally:
                batch.depth -= 1
                batch.covered = covered
        batch = _Batch(depth=1)
        token = _batch.set(batch)
        try:
            with transaction.atomic():
                result = fn(*args, **kwargs)
                _finish(batch)
                _flush(batch.pending)  # the last statement of the transaction
            return result
        finally:
            _batch.reset(token)

    return wrapper


def in_action() -> bool:
    """Whether an action's batch is open: a write that is a single statement (all or nothing,
    publishing only after it) may then join it without a savepoint of its own."""
    return _batch.get() is not None


@contextlib.contextmanager
def under_savepoint() -> Iterator[None]:
    """The caller has just taken a savepoint and will roll back to it (and call
    `transaction.set_rollback(False)`) if anything inside fails: the actions called directly
    inside skip their own savepoint, two statements fewer per call."""
    batch = _batch.get()
    if batch is None:
        yield
        return
    previous, batch.covered = batch.covered, True
    try:
        yield
    finally:
        batch.covered = previous


def before_flush(key: Any, fn: Callable[[], None]) -> None:
    """Run `fn` once per `key`, at the end of the outermost action, before its changes are
    stored: for aggregates (a balance) that many writes of one batch move but that should
    reach devices once, as they are after the last write. `fn` may publish."""
    batch = _batch.get()
    if batch is None:
        raise RuntimeError("before_flush() must be called inside an @action.")
    batch.finishers.setdefault(key, fn)


def collect(key: Any, item: Any, fn: Callable[[set], None]) -> None:
    """Gather `item` into this batch's set for `key`; `fn(items)` runs once, before the
    changes are stored, with all of them (one query for many aggregates, not one each)."""
    batch = _batch.get()
    if batch is None:
        raise RuntimeError("collect() must be called inside an @action.")
    items = batch.collected.setdefault(key, set())
    items.add(item)
    batch.finishers.setdefault(key, lambda: fn(items))


def _finish(batch: _Batch) -> None:
    done: set[Any] = set()
    while True:  # a finisher may register another (it may write through an action)
        todo = [(k, f) for k, f in batch.finishers.items() if k not in done]
        if not todo:
            return
        for key, fn in todo:
            done.add(key)
            fn()


def pending_mark() -> int:
    """How many changes the current action has collected so far (see `discard_pending`)."""
    batch = _batch.get()
    return len(batch.pending) if batch is not None else 0


def discard_pending(mark: int) -> None:
    """Forget the changes collected since `mark`: their writes were rolled back to a
    savepoint by the caller (a nested action does this itself when it raises)."""
    batch = _batch.get()
    if batch is not None:
        del batch.pending[mark:]


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
    # Ids may come as strings (a Celery task's argument): one type, or streams would split.
    users = sorted({_as_uuid(u) for u in (spec.audience(obj) if audience is None else audience)})
    if op is None:
        op = Op.DELETE if getattr(obj, "deleted_at", None) else Op.UPSERT
    batch = _batch.get()
    if batch is None:
        raise RuntimeError("publish() must be called inside an @action.")
    # Readers of different shapes (see registry.Entity.restricted) get one change each.
    for group, data in spec.shapes(obj, users):
        batch.pending.append(_Pending(
            users=group, event=event, entity=spec.name, op=op, object_id=obj.pk,
            version=getattr(obj, "version", 1), data=data,
        ))
    for handler in _subscribers.get(event, ()):
        handler(obj, event)


def _as_uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def revoke(objects: Iterable[models.Model], users: Iterable[UUID], event: str, *, forget_past: bool = False) -> None:
    """Tell `users`, who can no longer see `objects`, to drop them (op delete). The delete
    carries only the id: they may no longer read the object as it is now (an outsider is not
    told a closed listing's funding, a member who left not the group's next state).

    With `forget_past` (a lost right to read, not a listing that closed), what they were told
    before goes too: their earlier changes of these objects keep only the id (`forget`)."""
    users = sorted({_as_uuid(u) for u in users})
    if not users:
        return
    objects = list(objects)
    batch = _batch.get()
    if batch is None:
        raise RuntimeError("revoke() must be called inside an @action.")
    if forget_past:
        by_entity: dict[str, list[UUID]] = {}
        for obj in objects:
            by_entity.setdefault(entity_for(obj).name, []).append(obj.pk)
        for name, ids in by_entity.items():
            forget(users, name, ids)
    for obj in objects:
        batch.pending.append(_Pending(
            users=users, event=event, entity=entity_for(obj).name, op=Op.DELETE, object_id=obj.pk,
            version=getattr(obj, "version", 1), data={"id": str(obj.pk)},
        ))


def forget(users: Iterable[UUID], entity: str, ids: Iterable[UUID], *, keep: Iterable[str] = ("id",)) -> int:
    """Redact what `users` were told of objects they may no longer read (a demoted manager
    and the cashbook, a removed member and the whole business): in their streams' stored
    changes of `entity` for `ids`, `data` keeps only the fields named in `keep`. Rows are
    rewritten, never deleted, so each stream stays gap-free; replaying it still ends with
    what the API gives now. Returns how many changes were redacted."""
    users, ids, keep = [str(u) for u in users], [str(i) for i in ids], list(keep)
    if not users or not ids:
        return 0
    if connection.vendor != "postgresql":  # row by row where jsonb is not at hand
        rows = list(Change.objects.filter(user_id__in=users, entity=entity, object_id__in=ids))
        for row in rows:
            row.data = {k: v for k, v in row.data.items() if k in keep}
        Change.objects.bulk_update(rows, ["data"])
        return len(rows)
    table = connection.ops.quote_name(Change._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET data = (SELECT COALESCE(jsonb_object_agg(key, value), '{{}}'::jsonb)"
            f" FROM jsonb_each(data) WHERE key = ANY(%s))"
            f" WHERE user_id = ANY(%s::uuid[]) AND entity = %s AND object_id = ANY(%s::uuid[])",
            [keep, users, entity, ids],
        )
        return cursor.rowcount


_STREAM_CREATION_LOCK = 0x5EED_F10A  # pg advisory lock key: "streams are being created"


def _create_missing_streams(user_ids: list[UUID]) -> None:
    """Streams are made on first use, before any head row is locked: a new row inserted
    but not committed is locked too, so inserting while holding other head rows could
    close a cycle with a writer going the other way. Creators take one transaction-level
    advisory lock, so two of them never hold half of each other's new rows."""
    existing = set(Stream.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))
    missing = [u for u in user_ids if u not in existing]
    if not missing:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_STREAM_CREATION_LOCK])
    Stream.objects.bulk_create([Stream(user_id=u) for u in missing], ignore_conflicts=True)


def _lock_streams(user_ids: list[UUID]) -> dict[UUID, Stream]:
    return {
        s.user_id: s
        for s in Stream.objects.select_for_update().filter(user_id__in=user_ids).order_by("user_id")
    }


def _numbered(pending: list[_Pending], heads: dict[UUID, int]) -> list[tuple[UUID, int, int]]:
    """(user, seq, index of the change in `pending`) for every row to store; advances `heads`."""
    rows = []
    for index, p in enumerate(pending):
        for user_id in p.users:
            heads[user_id] += 1
            rows.append((user_id, heads[user_id], index))
    return rows


def _live(
    pending: list[_Pending], rows: list[tuple[UUID, int, int]], at: str
) -> list[tuple[dict[str, int], dict[str, Any]]]:
    """For the live path: per change, who got it with which seq, and its envelope (encoded
    once later, whatever the number of users: 200 members of a group share one encoding)."""
    seqs: list[dict[str, int]] = [{} for _ in pending]
    for user_id, seq, index in rows:
        seqs[index][str(user_id)] = seq
    return [
        (seqs[index], {"event": p.event, "entity": p.entity, "op": p.op, "id": str(p.object_id),
                       "version": p.version, "data": p.data, "at": at})
        for index, p in enumerate(pending)
    ]


def _flush(pending: list[_Pending]) -> None:
    """Number and store `pending` (the last statements of the outermost action)."""
    pending = [p for p in pending if p.users]
    if not pending:
        return
    user_ids = sorted({u for p in pending for u in p.users})
    now = timezone.now()
    store = _store_postgresql if connection.vendor == "postgresql" else _store_portable
    rows = store(pending, user_ids, now)
    live = _live(pending, rows, now.isoformat().replace("+00:00", "Z"))
    from realtime import delivery

    # robust: whatever happens on the fast path, the request that wrote has succeeded.
    transaction.on_commit(lambda: delivery.deliver(live), robust=True)


def _store_portable(pending: list[_Pending], user_ids: list[UUID], now: Any) -> list[tuple[UUID, int, int]]:
    """Any database, through the ORM: lock the heads in user-id order, number, store."""
    _create_missing_streams(user_ids)
    streams = _lock_streams(user_ids)
    heads = {u: s.head for u, s in streams.items()}
    rows = _numbered(pending, heads)
    Change.objects.bulk_create([
        Change(user_id=user_id, seq=seq, event=pending[index].event, entity=pending[index].entity,
               op=pending[index].op, object_id=pending[index].object_id, version=pending[index].version,
               data=pending[index].data, at=now)
        for user_id, seq, index in rows
    ])
    for user_id, stream in streams.items():
        stream.head = heads[user_id]
    Stream.objects.bulk_update(list(streams.values()), ["head"])
    return rows


# PostgreSQL: the same steps in as few round trips as possible, because the head rows stay
# locked from the first of them until commit, and every other writer to those users waits.
_STREAM = Stream._meta.db_table
_CHANGE = Change._meta.db_table
_COLUMNS = '"user_id", "seq", "event", "entity", "op", "object_id", "version", "data", "at"'
_CHANGES = (
    'unnest(%s::text[], %s::text[], %s::text[], %s::uuid[], %s::int[], %s::jsonb[]) WITH ORDINALITY'
    ' AS c("event", "entity", "op", "object_id", "version", "data", "n")'
)

# One user (most writes): lock and advance the head (making it on the user's first change)
# and store the changes, in one statement.
_ADVANCE_AND_STORE = f"""
WITH s AS (
    INSERT INTO "{_STREAM}" AS t ("user_id", "head", "floor") VALUES (%s, %s, 0)
    ON CONFLICT ("user_id") DO UPDATE SET "head" = t."head" + EXCLUDED."head"
    RETURNING t."head" - %s AS "base"
)
INSERT INTO "{_CHANGE}" ({_COLUMNS})
SELECT %s, s."base" + c."n", c."event", c."entity", c."op", c."object_id", c."version", c."data", %s
FROM s, {_CHANGES}
RETURNING "seq"
"""

# Several users: lock every head in user-id order, but only if all of them exist (the
# count is an init plan, evaluated before any row is locked); otherwise lock nothing, so
# that the missing ones can be made first (see `_create_missing_streams`).
_LOCK_ALL = f"""
SELECT "user_id", "head" FROM "{_STREAM}" WHERE "user_id" = ANY(%s::uuid[])
AND (SELECT count(*) FROM "{_STREAM}" WHERE "user_id" = ANY(%s::uuid[])) = %s
ORDER BY "user_id" FOR UPDATE
"""

_SET_HEADS_AND_STORE = f"""
WITH h AS (
    UPDATE "{_STREAM}" AS s SET "head" = v."head"
    FROM unnest(%s::uuid[], %s::bigint[]) AS v("user_id", "head") WHERE s."user_id" = v."user_id"
)
INSERT INTO "{_CHANGE}" ({_COLUMNS})
SELECT r."user_id", r."seq", c."event", c."entity", c."op", c."object_id", c."version", c."data", %s
FROM unnest(%s::uuid[], %s::bigint[], %s::bigint[]) AS r("user_id", "seq", "n")
JOIN {_CHANGES} USING ("n")
"""


def _change_columns(pending: list[_Pending]) -> list[list[Any]]:
    from realtime.bus import dumps

    return [
        [p.event for p in pending], [p.entity for p in pending], [p.op for p in pending],
        [p.object_id for p in pending], [p.version for p in pending], [dumps(p.data) for p in pending],
    ]


def _store_postgresql(pending: list[_Pending], user_ids: list[UUID], now: Any) -> list[tuple[UUID, int, int]]:
    with connection.cursor() as cursor:
        if len(user_ids) == 1:
            [user_id] = user_ids
            count = len(pending)
            cursor.execute(_ADVANCE_AND_STORE,
                           [user_id, count, count, user_id, now, *_change_columns(pending)])
            return _numbered(pending, {user_id: min(row[0] for row in cursor.fetchall()) - 1})
        for _attempt in range(2):
            cursor.execute(_LOCK_ALL, [user_ids, user_ids, len(user_ids)])
            heads = dict(cursor.fetchall())
            if len(heads) == len(user_ids):
                break
            _create_missing_streams(user_ids)
        else:
            raise RuntimeError("no stream for some of the users")
        rows = _numbered(pending, heads)  # advances heads
        cursor.execute(_SET_HEADS_AND_STORE, [
            list(heads), list(heads.values()), now,
            [user_id for user_id, _, _ in rows], [seq for _, seq, _ in rows], [index + 1 for _, _, index in rows],
            *_change_columns(pending),
        ])
    return rows
