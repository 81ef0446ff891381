"""Storing the feed: PostgreSQL's few-statement path and the portable ORM path number and
store exactly the same changes, whether the users' streams exist yet or not."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from realtime import feed
from realtime.actions import notify
from realtime.feed import action, publish
from realtime.models import Change, Stream

TITLE = 'quote " backslash \\ brace { unicode ₹ 你好'


@action
def _mixed_batch(owner: Any, audience: list) -> None:
    """Two changes for everyone, one for the owner alone, in one transaction."""
    note = notify(owner.pk, kind="test", title=TITLE, data={"amount": "12.50", "nested": [1, {"a": None}]})
    publish(note, "notification.shared", audience=audience)
    publish(note, "notification.again", audience=list(reversed(audience)))


def _feed_of(users: list) -> list[tuple]:
    return [
        (str(c.user_id), c.seq, c.event, c.entity, c.op, str(c.object_id), c.version, c.data["title"], c.data["data"])
        for c in Change.objects.filter(user__in=users).order_by("user_id", "seq")
    ]


def _normalised(rows: list[tuple], users: list) -> list[tuple]:
    names = {str(u.pk): u.email for u in users}
    return [(names[r[0]], *r[1:5], r[6:]) for r in rows]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["postgresql", "portable"])
def test_a_batch_for_users_with_and_without_streams_is_numbered_from_each_head(path, monkeypatch, alice, bob, carol):
    if path == "portable":
        monkeypatch.setattr(feed, "_store_postgresql", feed._store_portable)
    notify(alice.pk, kind="test", title="first")  # alice has a stream at 1; bob and carol none
    assert not Stream.objects.filter(user__in=[bob, carol]).exists()

    _mixed_batch(alice, [alice.pk, bob.pk, carol.pk])

    by_user = {}
    for user_id, seq, event, *_ in _feed_of([alice, bob, carol]):
        by_user.setdefault(user_id, []).append((seq, event))
    assert by_user[str(alice.pk)] == [
        (1, "notification.created"), (2, "notification.created"), (3, "notification.shared"), (4, "notification.again")]
    for user in (bob, carol):
        assert by_user[str(user.pk)] == [(1, "notification.shared"), (2, "notification.again")]
    assert {s.user_id: s.head for s in Stream.objects.filter(user__in=[alice, bob, carol])} == {
        alice.pk: 4, bob.pk: 2, carol.pk: 2}


@pytest.mark.django_db
def test_both_paths_store_identical_changes(monkeypatch, alice, bob, carol, dave):
    _mixed_batch(alice, [alice.pk, bob.pk])
    _mixed_batch(alice, [alice.pk, bob.pk])
    pg_rows = _normalised(_feed_of([alice, bob]), [alice, bob])

    monkeypatch.setattr(feed, "_store_postgresql", feed._store_portable)
    _mixed_batch(carol, [carol.pk, dave.pk])
    _mixed_batch(carol, [carol.pk, dave.pk])
    portable_rows = _normalised(_feed_of([carol, dave]), [carol, dave])

    renamed = {"alice@example.com": "carol@example.com", "bob@example.com": "dave@example.com"}
    assert sorted((renamed[r[0]], *r[1:]) for r in pg_rows) == sorted(portable_rows)
    assert len(pg_rows) == 10
    assert all(r[-1][1] == TITLE and r[-1][2] == {"amount": "12.50", "nested": [1, {"a": None}]}
               for r in pg_rows if r[3] == "notification")


def _statements_of_flush(write) -> list[str]:
    """Run `write` (which publishes) in an action; the statements that stored its changes."""
    statements: list[str] = []

    @action
    def run() -> None:
        write()
        with CaptureQueriesContext(connection) as queries:
            feed._flush(feed._batch.get().pending)
            feed._batch.get().pending.clear()
        statements.extend(q["sql"] for q in queries.captured_queries)

    run()
    return statements


@pytest.mark.django_db
def test_one_user_numbering_and_storing_is_one_statement(alice):
    notify(alice.pk, kind="test", title="makes the stream")

    def three_changes() -> None:
        note = notify(alice.pk, kind="test", title="x")
        publish(note, "notification.shared")
        publish(note, "notification.again")

    statements = _statements_of_flush(three_changes)
    assert len(statements) == 1 and "realtime_stream" in statements[0] and "realtime_change" in statements[0]
    assert list(Change.objects.filter(user=alice).order_by("seq").values_list("seq", "event")) == [
        (1, "notification.created"), (2, "notification.created"), (3, "notification.shared"), (4, "notification.again")]


@pytest.mark.django_db
def test_several_users_take_two_statements_once_their_streams_exist(alice, bob):
    _mixed_batch(alice, [alice.pk, bob.pk])  # makes both streams

    def shared() -> None:
        publish(notify(alice.pk, kind="test", title="y"), "notification.shared", audience=[alice.pk, bob.pk])

    statements = _statements_of_flush(shared)
    assert len(statements) == 2
    assert "FOR UPDATE" in statements[0]
    assert Stream.objects.get(user=bob).head == 3
    assert Stream.objects.get(user=alice).head == 5


@pytest.mark.django_db(transaction=True)
def test_an_action_inside_a_larger_transaction_leaves_the_commit_to_it(alice, bob):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _mixed_batch(alice, [alice.pk, bob.pk])
        notify(bob.pk, kind="test", title="one user")
        raise RuntimeError("the larger transaction fails after the actions")
    assert not Change.objects.exists() and not Stream.objects.filter(head__gt=0).exists()
    from realtime.models import Notification

    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("audience", ["one", "several"])
def test_a_commit_that_fails_in_the_same_round_trip_leaves_nothing(audience, alice, bob):
    """A change for a user who does not exist breaks a deferred foreign key, so it is the
    commit that fails: the whole transaction is undone and the connection stays usable."""
    import uuid

    from django.db import IntegrityError

    from realtime.models import Notification

    if audience == "several":
        _mixed_batch(alice, [alice.pk, bob.pk])  # their streams exist
    before = (Change.objects.count(), Notification.objects.count())
    ghost = uuid.uuid4()

    @action
    def write() -> None:
        note = notify(alice.pk, kind="test", title="never")
        targets = [ghost] if audience == "one" else [alice.pk, bob.pk, ghost]
        publish(note, "notification.shared", audience=targets)

    with pytest.raises(IntegrityError):
        write()
    assert (Change.objects.count(), Notification.objects.count()) == before
    assert not connection.in_atomic_block and connection.get_autocommit()
    notify(alice.pk, kind="test", title="the connection still works")
    assert Notification.objects.count() == before[1] + 1
