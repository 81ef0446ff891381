"""The change feed (gap-free per-user numbering under concurrency), pull and snapshot."""

from __future__ import annotations

import random
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from realtime.actions import notify
from realtime.feed import action
from realtime.models import Change, Notification, Stream
from realtime.sync_actions import prune_changes
from tests.helpers import assert_error
from tests.realtime.conftest import note_for


def _run_threads(target, count: int) -> list[BaseException]:
    errors: list[BaseException] = []

    def wrapped(i: int) -> None:
        try:
            target(i)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_per_user_sequences_are_gap_free_under_concurrent_writers(alice, bob, carol, dave):
    users = [alice.pk, bob.pk, carol.pk, dave.pk]

    def writer(i: int) -> None:
        rng = random.Random(i)
        for n in range(10):
            audience = rng.sample(users, rng.randint(1, 4))
            note_for(audience[0], f"w{i}-{n}", audience=audience)

    assert _run_threads(writer, 8) == []
    for user_id in users:
        seqs = list(Change.objects.filter(user_id=user_id).order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
        assert Stream.objects.get(user_id=user_id).head == len(seqs)


@pytest.mark.django_db(transaction=True)
def test_a_reader_polling_while_writers_commit_out_of_order_skips_nothing(alice, bob):
    """Writers hold their transaction open for a while after numbering; a poller must
    never see seq N+1 before N (that would make it skip N for ever)."""
    from tests.helpers import client_for

    stop = threading.Event()
    seen: list[int] = []

    @action
    def slow_write(i: int) -> None:
        note_for(alice.pk, f"slow {i}", audience=[alice.pk, bob.pk])
        time.sleep(random.uniform(0, 0.05))

    def writer(i: int) -> None:
        for n in range(6):
            slow_write(i * 100 + n)

    def reader() -> None:
        client = client_for(alice)
        cursor = 0
        try:
            while True:
                # Read before asking: an empty page asked for before the last commit proves nothing.
                writers_done = stop.is_set()
                body = client.get(f"/api/sync/changes?after={cursor}&limit=3").json()
                seen.extend(c["seq"] for c in body["changes"])
                cursor = body["cursor"]
                if writers_done and not body["changes"]:
                    break
        finally:
            connection.close()

    poller = threading.Thread(target=reader)
    poller.start()
    errors = _run_threads(writer, 4)
    stop.set()
    poller.join()
    assert errors == []
    assert seen == list(range(1, 49))  # two changes per write


@pytest.mark.django_db
def test_a_rolled_back_action_leaves_no_change(alice):
    @action
    def failing() -> None:
        notify(alice.pk, kind="test", title="x")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing()
    assert not Change.objects.filter(user=alice).exists()


@pytest.mark.django_db
def test_nested_action_failure_drops_only_its_changes(alice):
    @action
    def inner() -> None:
        notify(alice.pk, kind="test", title="inner")
        raise ValueError

    @action
    def outer() -> None:
        notify(alice.pk, kind="test", title="outer")
        try:
            inner()
        except ValueError:
            pass

    outer()
    assert list(Change.objects.filter(user=alice).values_list("data__title", flat=True)) == ["outer"]


@pytest.mark.django_db
def test_pull_returns_changes_in_order_with_cursor_and_has_more(alice, alice_client):
    for i in range(5):
        notify(alice.pk, kind="test", title=f"n{i}")
    body = alice_client.get("/api/sync/changes?after=0&limit=2").json()
    assert [c["seq"] for c in body["changes"]] == [1, 2]
    assert body["cursor"] == 2 and body["has_more"] is True
    change = body["changes"][0]
    assert set(change) == {"seq", "event", "entity", "op", "id", "version", "data", "at"}
    assert change["event"] == "notification.created" and change["op"] == "upsert"
    body = alice_client.get("/api/sync/changes?after=2&limit=1000").json()
    assert [c["seq"] for c in body["changes"]] == [3, 4, 5]
    assert body == {**body, "cursor": 5, "has_more": False}
    body = alice_client.get("/api/sync/changes?after=5").json()
    assert body == {"changes": [], "cursor": 5, "has_more": False}


@pytest.mark.django_db
def test_pull_shows_only_my_changes(alice, bob, bob_client):
    notify(alice.pk, kind="test", title="private")
    assert bob_client.get("/api/sync/changes?after=0").json()["changes"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["after=-1", "after=x", "limit=0", "limit=1001", "after=" + "9" * 40, "bogus=1"])
def test_pull_refuses_bad_parameters(alice_client, query):
    assert_error(alice_client.get(f"/api/sync/changes?{query}"), 400)


@pytest.mark.django_db
def test_pull_needs_authentication(anon_client):
    assert_error(anon_client.get("/api/sync/changes"), 401)


@pytest.mark.django_db
def test_pull_below_the_floor_or_beyond_the_head_is_410_resync_required(alice, alice_client):
    for i in range(4):
        notify(alice.pk, kind="test", title=f"n{i}")
    Change.objects.filter(user=alice, seq__lte=2).update(at=timezone.now() - timedelta(days=31))
    assert prune_changes() == 2
    assert Stream.objects.get(user=alice).floor == 2
    error = assert_error(alice_client.get("/api/sync/changes?after=1"), 410, "resync_required")
    assert error["floor"] == 2
    assert [c["seq"] for c in alice_client.get("/api/sync/changes?after=2").json()["changes"]] == [3, 4]
    assert_error(alice_client.get("/api/sync/changes?after=5"), 410, "resync_required")


@pytest.mark.django_db
def test_prune_keeps_changes_inside_the_retention_window(alice):
    notify(alice.pk, kind="test", title="fresh")
    assert prune_changes() == 0
    assert Change.objects.filter(user=alice).count() == 1


@pytest.mark.django_db
def test_snapshot_has_every_live_visible_object_and_its_cursor(alice, bob, alice_client):
    mine = [notify(alice.pk, kind="test", title=f"n{i}") for i in range(3)]
    notify(bob.pk, kind="test", title="bob's")
    Notification.objects.filter(pk=mine[0].pk).update(deleted_at=timezone.now())
    body = alice_client.get("/api/sync/snapshot").json()
    assert body["cursor"] == 3
    ids = {n["id"] for n in body["entities"]["notification"]}
    assert ids == {str(mine[1].pk), str(mine[2].pk)}


@pytest.mark.django_db(transaction=True)
def test_snapshot_is_one_consistent_database_snapshot(alice):
    """A write that commits while the snapshot is being read is either wholly in it (objects
    and cursor) or wholly out of it."""
    from realtime import registry, selectors

    spec = registry.entity_for(Notification)
    original = spec.visible
    written = threading.Event()

    def visible_after_a_concurrent_write(user):
        # Runs inside the snapshot, after the cursor was read: another connection commits.
        t = threading.Thread(target=lambda: (notify(alice.pk, kind="test", title="late"), connection.close()))
        t.start()
        t.join()
        written.set()
        return original(user)

    notify(alice.pk, kind="test", title="early")
    object.__setattr__(spec, "visible", visible_after_a_concurrent_write)
    try:
        snap = selectors.snapshot(alice)
    finally:
        object.__setattr__(spec, "visible", original)
    assert written.is_set()
    assert snap["cursor"] == 1
    assert [n["title"] for n in snap["entities"]["notification"]] == ["early"]
    assert Change.objects.filter(user=alice).count() == 2
    with transaction.atomic():
        pass


@pytest.mark.django_db
def test_the_pulled_json_equals_the_decoded_feed(alice, alice_client):
    from realtime.selectors import pull

    for i in range(3):
        notify(alice.pk, kind="test", title=f'quote " and unicode ₹ {i}', data={"amount": "12.50", "nested": [1, {"a": None}]})
    assert alice_client.get("/api/sync/changes?after=1&limit=1").json() == pull(alice.pk, after=1, limit=1)
    assert alice_client.get("/api/sync/changes?after=0").json() == pull(alice.pk, after=0, limit=500)


def test_changes_discarded_after_a_mark_are_not_stored(alice):
    from realtime.feed import discard_pending, pending_mark, publish

    @action
    def half_undone(note):
        publish(note, "notification.kept")
        mark = pending_mark()
        publish(note, "notification.undone")
        discard_pending(mark)

    note = notify(alice.pk, kind="test", title="x")
    half_undone(note)
    from realtime.models import Change

    assert list(Change.objects.filter(user=alice).order_by("seq").values_list("event", flat=True)) == [
        "notification.created", "notification.kept"]
