"""The feed's API for domain apps: revoke, subscribe, registry; pulling pages (property)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realtime import feed, registry
from realtime.actions import notify
from realtime.feed import action, publish, revoke
from realtime.models import Change, Notification
from realtime.selectors import pull

pytestmark = pytest.mark.django_db


def test_revoke_sends_deletes_to_those_who_lost_access(alice, bob):
    note = notify(alice.pk, kind="test", title="shared")

    @action
    def leave() -> None:
        revoke([note], [bob.pk], "member.removed")

    leave()
    [change] = Change.objects.filter(user=bob)
    assert (change.event, change.op, change.object_id) == ("member.removed", "delete", note.pk)
    assert Change.objects.filter(user=alice).count() == 1  # only its creation


def test_a_tombstoned_object_goes_out_as_a_delete(alice):
    from django.utils import timezone

    note = notify(alice.pk, kind="test", title="x")

    @action
    def remove() -> None:
        note.deleted_at = timezone.now()
        note.version += 1
        note.save()
        publish(note, "notification.deleted")

    remove()
    last = Change.objects.filter(user=alice).order_by("-seq").first()
    assert (last.op, last.version, last.data["deleted_at"] is not None) == ("delete", 2, True)


def test_subscribers_react_in_the_same_transaction(alice, bob, monkeypatch):
    monkeypatch.setattr(feed, "_subscribers", {})
    feed.subscribe("notification.created", lambda obj, event: (
        notify(bob.pk, kind="echo", title=obj.title) if obj.user_id == alice.pk else None
    ))
    notify(alice.pk, kind="test", title="hello")
    assert Notification.objects.get(user=bob).title == "hello"


def test_publish_outside_an_action_is_an_error(alice):
    note = notify(alice.pk, kind="test", title="x")
    with pytest.raises(RuntimeError):
        publish(note, "notification.touched")


def test_registry_knows_entities_and_refuses_a_taken_name():
    spec = registry.entity_for(Notification)
    assert spec.name == "notification" and spec in registry.entities()
    with pytest.raises(ValueError):
        registry.register(Change, entity="notification", serializer=spec.serializer,
                          audience=lambda o: [], visible=lambda u: Change.objects.none())
    with pytest.raises(LookupError):
        registry.entity_for(Change)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limits=st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=20))
def test_pulling_in_pages_of_any_size_yields_the_feed_exactly_once(alice, limits):
    if not Change.objects.filter(user=alice).exists():
        for i in range(17):
            notify(alice.pk, kind="test", title=f"n{i}")
    cursor, seen = 0, []
    for limit in limits * 20:
        page = pull(alice.pk, after=cursor, limit=limit)
        seen.extend(c["seq"] for c in page["changes"])
        assert page["cursor"] == (seen[-1] if seen else 0)
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert seen == list(range(1, 18))


def test_user_ids_given_as_strings_join_the_same_stream(alice, bob):
    notify(str(alice.pk), kind="test", title="from a task")
    notify(alice.pk, kind="test", title="from a view")
    note = Notification.objects.filter(user=alice).first()

    @action
    def share() -> None:
        publish(note, "notification.shared", audience=[str(alice.pk), bob.pk, str(bob.pk)])

    share()
    assert list(Change.objects.filter(user=alice).order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    assert Change.objects.filter(user=bob).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_fast_path_never_fails_the_write(alice, monkeypatch):
    from realtime import delivery

    def boom(live):
        raise RuntimeError("fast path down")

    monkeypatch.setattr(delivery, "deliver", boom)
    assert notify(alice.pk, kind="test", title="x") is not None
    assert Change.objects.filter(user=alice).count() == 1
