"""Notifications over the API: list, unread, one, mark read (with versions)."""

from __future__ import annotations

import uuid

import pytest

from realtime.actions import notify
from realtime.models import Change
from tests.helpers import assert_error, assert_hidden_from, client_for

pytestmark = pytest.mark.django_db


def test_list_is_paginated_newest_first_and_mine_only(alice, bob, alice_client):
    notes = [notify(alice.pk, kind="test", title=f"n{i}") for i in range(3)]
    notify(bob.pk, kind="test", title="bob's")
    body = alice_client.get("/api/notifications?limit=2").json()
    assert body["count"] == 3 and body["next"] and body["previous"] is None
    assert [n["id"] for n in body["results"]] == [str(notes[2].pk), str(notes[1].pk)]
    body = alice_client.get("/api/notifications?limit=2&offset=2").json()
    assert [n["id"] for n in body["results"]] == [str(notes[0].pk)]


def test_unread_filter_and_count(alice, alice_client):
    first = notify(alice.pk, kind="test", title="a")
    notify(alice.pk, kind="test", title="b")
    assert alice_client.get("/api/notifications/unread-count").json() == {"unread": 2}
    assert alice_client.post(f"/api/notifications/{first.pk}/read").status_code == 200
    assert alice_client.get("/api/notifications/unread-count").json() == {"unread": 1}
    unread = alice_client.get("/api/notifications?unread=true").json()
    assert [n["title"] for n in unread["results"]] == ["b"]
    assert alice_client.get("/api/notifications").json()["count"] == 2


def test_get_one_and_mark_read_publishes_a_change(alice, alice_client):
    note = notify(alice.pk, kind="invoice.funded", title="Funded", data={"invoice": "x"})
    got = alice_client.get(f"/api/notifications/{note.pk}").json()
    assert got["title"] == "Funded" and got["read_at"] is None and got["version"] == 1
    read = alice_client.post(f"/api/notifications/{note.pk}/read").json()
    assert read["read_at"] is not None and read["version"] == 2
    assert list(Change.objects.filter(user=alice).order_by("seq").values_list("event", flat=True)) == [
        "notification.created", "notification.read",
    ]
    # Reading again changes nothing.
    again = alice_client.post(f"/api/notifications/{note.pk}/read").json()
    assert again["version"] == 2
    assert Change.objects.filter(user=alice).count() == 2


def test_read_all_marks_every_unread_one(alice, alice_client):
    for i in range(3):
        notify(alice.pk, kind="test", title=f"n{i}")
    assert alice_client.post("/api/notifications/read-all").json() == {"marked": 3}
    assert alice_client.get("/api/notifications/unread-count").json() == {"unread": 0}
    assert alice_client.post("/api/notifications/read-all").json() == {"marked": 0}


def test_someone_elses_notification_is_hidden(alice, bob):
    note = notify(alice.pk, kind="test", title="private")
    bob_client = client_for(bob)
    assert_hidden_from(bob_client, f"/api/notifications/{note.pk}", methods=("get",))
    assert_hidden_from(bob_client, f"/api/notifications/{note.pk}/read", methods=("post",))
    assert_hidden_from(bob_client, f"/api/notifications/{uuid.uuid4()}", methods=("get",))


def test_stale_version_is_412_with_the_current_object(alice, alice_client):
    note = notify(alice.pk, kind="test", title="x")
    error = assert_error(
        alice_client.post(f"/api/notifications/{note.pk}/read", HTTP_IF_MATCH='"7"'), 412, "stale_version"
    )
    assert error["current"]["id"] == str(note.pk) and error["current"]["version"] == 1
    error = assert_error(
        alice_client.post(f"/api/notifications/{note.pk}/read", {"version": 3}, format="json"), 412
    )
    assert error["current"]["version"] == 1
    ok = alice_client.post(f"/api/notifications/{note.pk}/read", {"version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2


def test_notifications_need_authentication(anon_client):
    assert_error(anon_client.get("/api/notifications"), 401)
    assert_error(anon_client.get("/api/notifications/unread-count"), 401)


def test_dedupe_key_makes_a_notification_once(alice):
    assert notify(alice.pk, kind="budget", title="80%", dedupe_key="budget:1:80") is not None
    assert notify(alice.pk, kind="budget", title="80%", dedupe_key="budget:1:80") is None
    assert Change.objects.filter(user=alice).count() == 1
