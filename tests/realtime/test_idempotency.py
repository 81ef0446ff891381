"""Idempotency-Key on every write of the API."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from realtime.actions import notify
from realtime.idempotency import prune_idempotency_keys
from realtime.models import Change, IdempotencyKey, Notification
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db


def test_a_replay_returns_the_stored_answer_and_writes_nothing(alice, alice_client):
    notify(alice.pk, kind="test", title="a")
    notify(alice.pk, kind="test", title="b")
    first = alice_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 200 and first.json() == {"marked": 2}
    notify(alice.pk, kind="test", title="c")
    changes = Change.objects.count()
    again = alice_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="k1")
    assert again.status_code == 200 and again.json() == {"marked": 2}
    assert again["Idempotent-Replayed"] == "true"
    assert Change.objects.count() == changes
    assert Notification.objects.filter(user=alice, read_at=None).count() == 1


def test_the_same_key_with_a_different_request_is_422(alice, alice_client):
    alice_client.post("/api/notifications/read-all", {}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    response = alice_client.post("/api/notifications/read-all", {"x": 1}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert_error(response, 422, "idempotency_key_reused")
    note = notify(alice.pk, kind="test", title="x")
    response = alice_client.post(f"/api/notifications/{note.pk}/read", HTTP_IDEMPOTENCY_KEY="k")
    assert_error(response, 422, "idempotency_key_reused")
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_keys_are_scoped_per_user(alice, bob, alice_client, bob_client):
    notify(alice.pk, kind="test", title="a")
    notify(bob.pk, kind="test", title="b")
    notify(bob.pk, kind="test", title="c")
    assert alice_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="same").json() == {"marked": 1}
    assert bob_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="same").json() == {"marked": 2}


def test_client_errors_are_kept_and_replayed(alice_client):
    missing = "/api/notifications/00000000-0000-0000-0000-000000000000/read"
    assert_error(alice_client.post(missing, HTTP_IDEMPOTENCY_KEY="k404"), 404)
    again = alice_client.post(missing, HTTP_IDEMPOTENCY_KEY="k404")
    assert_error(again, 404)
    assert again["Idempotent-Replayed"] == "true"


def test_server_errors_are_not_kept_so_a_retry_runs(alice, alice_client, monkeypatch):
    from realtime.api import notification_views

    notify(alice.pk, kind="test", title="a")

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(notification_views, "mark_notifications_read", crash)
    alice_client.raise_request_exception = False
    assert_error(alice_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="k5"), 500)
    assert not IdempotencyKey.objects.filter(key="k5").exists()
    monkeypatch.undo()
    response = alice_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="k5")
    assert response.status_code == 200 and response.json() == {"marked": 1}
    assert "Idempotent-Replayed" not in response


def test_session_users_get_idempotency_too(alice):
    client = APIClient()
    client.force_login(alice)
    notify(alice.pk, kind="test", title="a")
    assert client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="s").json() == {"marked": 1}
    replay = client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="s")
    assert replay.json() == {"marked": 1} and replay["Idempotent-Replayed"] == "true"
    assert IdempotencyKey.objects.get(key="s").user_id == alice.pk


def test_bad_keys_are_400(alice_client):
    assert_error(alice_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="x" * 256), 400, "invalid_idempotency_key")
    assert_error(alice_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="  "), 400, "invalid_idempotency_key")


def test_reads_and_anonymous_requests_ignore_the_header(alice_client, anon_client):
    assert alice_client.get("/api/notifications", HTTP_IDEMPOTENCY_KEY="g").status_code == 200
    assert_error(anon_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="a"), 401)
    assert not IdempotencyKey.objects.exists()


def test_keys_are_kept_a_day_then_pruned(alice, alice_client):
    alice_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="old")
    alice_client.post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="new")
    IdempotencyKey.objects.filter(key="new").update(created_at=timezone.now() - timedelta(hours=23))
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=49))
    assert prune_idempotency_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.django_db(transaction=True)
def test_the_same_key_while_the_first_is_running_is_409(alice):
    notify(alice.pk, kind="test", title="a")
    locked, released = threading.Event(), threading.Event()
    results: dict[str, int] = {}

    def hold_the_rows() -> None:
        with transaction.atomic():
            list(Notification.objects.select_for_update().filter(user=alice))
            locked.set()
            released.wait(10)
        connection.close()

    def first_request() -> None:
        response = client_for(alice).post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="busy")
        results["first"] = response.status_code
        results["first_body"] = response.json()
        connection.close()

    holder = threading.Thread(target=hold_the_rows)
    holder.start()
    locked.wait(5)
    first = threading.Thread(target=first_request)
    first.start()
    deadline = time.time() + 5
    while not IdempotencyKey.objects.filter(key="busy").exists() and time.time() < deadline:
        time.sleep(0.02)
    second = client_for(alice).post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="busy")
    assert_error(second, 409, "idempotency_in_flight")
    released.set()
    holder.join()
    first.join()
    assert results["first"] == 200 and results["first_body"] == {"marked": 1}
    replay = client_for(alice).post("/api/notifications/read-all", HTTP_IDEMPOTENCY_KEY="busy")
    assert replay.json() == {"marked": 1} and replay["Idempotent-Replayed"] == "true"
    assert Change.objects.filter(user=alice, event="notification.read").count() == 1


def test_the_same_key_based_on_another_version_is_422(alice, alice_client):
    note = notify(alice.pk, kind="test", title="x")
    url = f"/api/notifications/{note.pk}/read"
    assert_error(alice_client.post(url, HTTP_IF_MATCH='"5"', HTTP_IDEMPOTENCY_KEY="v"), 412)
    assert_error(alice_client.post(url, HTTP_IF_MATCH='"1"', HTTP_IDEMPOTENCY_KEY="v"), 422, "idempotency_key_reused")
    assert alice_client.post(url, HTTP_IF_MATCH='"1"', HTTP_IDEMPOTENCY_KEY="v2").status_code == 200
