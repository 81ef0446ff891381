"""POST /api/sync/push: an offline queue replayed through the same views."""

from __future__ import annotations

import uuid

import pytest

from realtime.actions import notify
from realtime.models import Change, Notification, PushClient
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def _read(note, mid: int, **extra) -> dict:
    return {"id": mid, "method": "POST", "path": f"/api/notifications/{note.pk}/read", **extra}


def _push(client, client_id, mutations):
    return client.post("/api/sync/push", {"client_id": str(client_id), "mutations": mutations}, format="json")


def test_mutations_are_applied_in_order_through_the_views(alice, alice_client):
    notes = [notify(alice.pk, kind="test", title=f"n{i}") for i in range(3)]
    cid = uuid.uuid4()
    body = _push(alice_client, cid, [_read(n, i + 1) for i, n in enumerate(notes)]).json()
    assert body["last_mutation_id"] == 3
    assert [r["id"] for r in body["results"]] == [1, 2, 3]
    assert all(r["status"] == 200 for r in body["results"])
    assert body["results"][0]["body"]["id"] == str(notes[0].pk)
    assert body["results"][0]["body"]["read_at"] is not None
    assert Notification.objects.filter(user=alice, read_at=None).count() == 0
    assert Change.objects.filter(user=alice, event="notification.read").count() == 3


def test_a_repeated_mutation_returns_its_recorded_result_and_writes_nothing(alice, alice_client):
    notes = [notify(alice.pk, kind="test", title=f"n{i}") for i in range(2)]
    cid = uuid.uuid4()
    first = _push(alice_client, cid, [_read(notes[0], 1), _read(notes[1], 2)]).json()
    changes = Change.objects.count()
    again = _push(alice_client, cid, [_read(notes[0], 1), _read(notes[1], 2)]).json()
    assert again == first
    assert Change.objects.count() == changes
    # A batch overlapping the applied ones: only the new one runs.
    third = notify(alice.pk, kind="test", title="n3")
    changes = Change.objects.count()
    body = _push(alice_client, cid, [_read(notes[1], 2), _read(third, 3)]).json()
    assert [r["status"] for r in body["results"]] == [200, 200] and body["last_mutation_id"] == 3
    assert Change.objects.count() == changes + 1


def test_a_gap_in_mutation_ids_is_409(alice, alice_client):
    note = notify(alice.pk, kind="test", title="x")
    cid = uuid.uuid4()
    error = assert_error(_push(alice_client, cid, [_read(note, 2)]), 409, "mutation_gap")
    assert error["last_mutation_id"] == 0
    assert_error(_push(alice_client, cid, [_read(note, 1), _read(note, 3)]), 409, "mutation_gap")
    assert Notification.objects.get(pk=note.pk).read_at is None
    assert_error(_push(alice_client, cid, [_read(note, 2), _read(note, 1)]), 400)


def test_a_failing_mutation_is_recorded_and_does_not_block_the_next(alice, alice_client):
    a, b = notify(alice.pk, kind="test", title="a"), notify(alice.pk, kind="test", title="b")
    cid = uuid.uuid4()
    missing = {"id": 2, "method": "POST", "path": f"/api/notifications/{uuid.uuid4()}/read"}
    stale = _read(b, 3, version=9)
    body = _push(alice_client, cid, [_read(a, 1), missing, stale, _read(b, 4)]).json()
    assert [r["status"] for r in body["results"]] == [200, 404, 412, 200]
    assert body["results"][1]["body"]["error"]["code"] == "not_found"
    assert body["results"][2]["body"]["error"]["current"]["version"] == 1
    assert body["last_mutation_id"] == 4
    assert Notification.objects.filter(user=alice, read_at=None).count() == 0
    # The failed one is recorded: repeating it returns the same failure.
    again = _push(alice_client, cid, [missing]).json()
    assert again["results"] == [body["results"][1]]


def test_version_field_of_a_mutation_is_checked(alice, alice_client):
    note = notify(alice.pk, kind="test", title="a")
    body = _push(alice_client, uuid.uuid4(), [_read(note, 1, version=1)]).json()
    assert body["results"][0]["status"] == 200 and body["results"][0]["body"]["version"] == 2


def test_mutations_cannot_reach_someone_elses_objects(alice, bob, bob_client):
    note = notify(alice.pk, kind="test", title="private")
    body = _push(bob_client, uuid.uuid4(), [_read(note, 1)]).json()
    assert body["results"][0]["status"] == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_unknown_paths_and_nested_pushes_are_recorded_failures(alice_client):
    body = _push(alice_client, uuid.uuid4(), [
        {"id": 1, "method": "POST", "path": "/api/no-such-thing"},
        {"id": 2, "method": "POST", "path": "/api/sync/push", "body": {}},
    ]).json()
    assert [r["status"] for r in body["results"]] == [404, 400]
    assert body["last_mutation_id"] == 2


def test_client_ids_are_separate_queues_per_user(alice, bob, alice_client, bob_client):
    note_a, note_b = notify(alice.pk, kind="t", title="a"), notify(bob.pk, kind="t", title="b")
    cid = uuid.uuid4()
    assert _push(alice_client, cid, [_read(note_a, 1)]).json()["last_mutation_id"] == 1
    assert _push(bob_client, cid, [_read(note_b, 1)]).json()["results"][0]["status"] == 200
    assert PushClient.objects.filter(client_id=cid).count() == 2


def test_batches_are_bounded(alice_client):
    mutations = [{"id": i, "method": "POST", "path": "/api/notifications/read-all"} for i in range(1, 1002)]
    assert_error(_push(alice_client, uuid.uuid4(), mutations), 413, "too_many_mutations")


@pytest.mark.parametrize("mutation", [
    {"id": 0, "method": "POST", "path": "/api/x"},
    {"id": 1, "method": "GET", "path": "/api/x"},
    {"id": 1, "method": "POST", "path": "/admin/"},
    {"id": 1, "method": "POST", "path": "/api/x", "extra": 1},
    {"id": 1, "method": "POST", "path": "/api/x", "version": "abc"},
])
def test_malformed_mutations_are_400_and_nothing_runs(alice_client, mutation):
    assert_error(_push(alice_client, uuid.uuid4(), [mutation]), 400)
    assert not PushClient.objects.exists()


def test_push_needs_authentication(anon_client):
    assert_error(_push(anon_client, uuid.uuid4(), []), 401)


def test_a_push_with_an_idempotency_key_replays_as_a_whole(alice, alice_client):
    note = notify(alice.pk, kind="t", title="a")
    cid = uuid.uuid4()
    payload = {"client_id": str(cid), "mutations": [_read(note, 1)]}
    first = alice_client.post("/api/sync/push", payload, format="json", HTTP_IDEMPOTENCY_KEY="p")
    again = alice_client.post("/api/sync/push", payload, format="json", HTTP_IDEMPOTENCY_KEY="p")
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"


def test_a_chunk_is_numbered_once_and_failed_mutations_leave_no_change(alice, alice_client):
    from realtime.models import Stream

    notes = [notify(alice.pk, kind="test", title=f"n{i}") for i in range(3)]
    head = Stream.objects.get(user=alice).head
    missing = {"id": 2, "method": "POST", "path": f"/api/notifications/{uuid.uuid4()}/read"}
    body = _push(alice_client, uuid.uuid4(),
                 [_read(notes[0], 1), missing, _read(notes[1], 3, version=9), _read(notes[2], 4)]).json()
    assert [r["status"] for r in body["results"]] == [200, 404, 412, 200]
    changes = list(Change.objects.filter(user=alice, seq__gt=head).order_by("seq"))
    assert [c.seq for c in changes] == [head + 1, head + 2]
    assert [c.object_id for c in changes] == [notes[0].pk, notes[2].pk]
    assert Stream.objects.get(user=alice).head == head + 2


# A view that catches its action's failure and then reads the database: under push, the
# action first runs without its own savepoint, so push must notice and run it again.
from django.urls import include, path  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from config.api.errors import Conflict  # noqa: E402
from realtime.feed import action  # noqa: E402


@action
def _write_then_refuse(user_id):
    notify(user_id, kind="test", title="must not stay")
    raise Conflict("Refused after writing.", code="refused")


class _CatchingView(APIView):
    def post(self, request):
        try:
            _write_then_refuse(request.user.pk)
        except Conflict:
            left = Notification.objects.filter(user=request.user).count()
            return Response({"error": {"code": "refused", "message": "no", "left": left}}, status=409)
        return Response({}, status=200)


urlpatterns = [path("api/test/catching", _CatchingView.as_view()), path("", include("config.urls"))]


def test_a_view_that_reads_after_its_action_failed_still_gets_a_clean_answer(alice, alice_client, settings):
    settings.ROOT_URLCONF = __name__
    note = notify(alice.pk, kind="test", title="kept")
    catching = {"id": 2, "method": "POST", "path": "/api/test/catching", "body": {}}
    body = _push(alice_client, uuid.uuid4(), [_read(note, 1), catching, _read(note, 3)]).json()
    assert [r["status"] for r in body["results"]] == [200, 409, 200]
    assert body["results"][1]["body"]["error"]["left"] == 1
    assert list(Notification.objects.filter(user=alice).values_list("title", flat=True)) == ["kept"]
    assert body["last_mutation_id"] == 3
