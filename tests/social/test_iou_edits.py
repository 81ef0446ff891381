"""An IOU's owner corrects or deletes it (PATCH / DELETE /api/ious/<id>, naming the version
they saw): the pair's balance moves by the change in what is outstanding, the friend hears of
it, and a stale version, someone else's IOU or an amount below what is repaid is refused with
nothing changed."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from realtime.models import Change
from social.models import IOU, Activity
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def iou(friends, alice, bob):
    """alice lent bob 750."""
    response = client_for(alice).post("/api/ious", {"friend": str(bob.pk), "direction": "lent", "amount": "750.00",
                                                    "currency": "INR", "date": "2026-11-01"}, format="json")
    assert response.status_code == 201
    return response.json()


def balance(user, other) -> str | None:
    """What `other` owes `user` (the API's figure), None when they are settled."""
    people = client_for(user).get("/api/balances").json()["people"]
    return next((p["amount"] for p in people if p["user"] == str(other.pk)), None)


def patch(user, iou_id, body, version):
    return client_for(user).patch(f"/api/ious/{iou_id}", body, format="json", HTTP_IF_MATCH=f'"{version}"')


def test_the_owner_corrects_the_amount_and_the_pair_balance_follows(iou, alice, bob):
    response = patch(alice, iou["id"], {"amount": "900.50", "note": "rent share"}, 1)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["amount"], body["outstanding"], body["note"], body["version"]) == ("900.50", "900.50", "rent share", 2)
    assert (balance(alice, bob), balance(bob, alice)) == ("900.50", "-900.50")
    assert Change.objects.filter(user=bob, event="iou.edited", object_id=iou["id"]).count() == 1
    with translation.override("hi"):  # the activity line reads in each reader's language
        assert "उधार बदला" in Activity.objects.get(verb="iou.edited", object_id=iou["id"]).line()
    # Turned around: bob lent it to alice.
    assert patch(alice, iou["id"], {"direction": "borrowed"}, 2).json()["lender"] == str(bob.pk)
    assert (balance(alice, bob), balance(bob, alice)) == ("-900.50", "900.50")


def test_an_edit_based_on_a_stale_version_is_refused_with_the_current_iou(iou, alice, bob):
    assert patch(alice, iou["id"], {"amount": "800.00"}, 1).status_code == 200
    changes = Change.objects.count()
    error = assert_error(patch(alice, iou["id"], {"amount": "100.00"}, 1), 412, "stale_version")
    assert (error["current"]["amount"], error["current"]["version"]) == ("800.00", 2)
    stale_delete = client_for(alice).delete(f"/api/ious/{iou['id']}", HTTP_IF_MATCH='"1"')
    assert_error(stale_delete, 412, "stale_version")
    assert IOU.objects.get(pk=iou["id"]).deleted_at is None
    assert Change.objects.count() == changes and balance(alice, bob) == "800.00"


def test_only_the_owner_changes_an_iou_and_strangers_do_not_see_it(iou, alice, bob, dave):
    assert_error(patch(bob, iou["id"], {"amount": "1.00"}, 1), 403, "owner_changes")
    assert_error(client_for(bob).delete(f"/api/ious/{iou['id']}"), 403, "owner_changes")
    assert_error(patch(dave, iou["id"], {"amount": "1.00"}, 1), 404)
    assert_error(client_for(dave).delete(f"/api/ious/{iou['id']}"), 404)
    assert_error(patch(alice, iou["id"], {"friend": str(dave.pk)}, 1), 400)  # who it is with stays
    assert_error(patch(alice, iou["id"], {"amount": "1.001"}, 1), 400, "invalid_amount")
    assert IOU.objects.get(pk=iou["id"]).version == 1 and balance(alice, bob) == "750.00"


def test_what_is_repaid_or_waiting_bounds_an_edit(iou, alice, bob):
    assert client_for(alice).post(f"/api/ious/{iou['id']}/settle", {"amount": "200.00"}, format="json").status_code == 200
    assert client_for(bob).post(f"/api/ious/{iou['id']}/payments", {"amount": "100.00"}, format="json").status_code == 201
    error = assert_error(patch(alice, iou["id"], {"amount": "299.99"}, 3), 400, "below_repaid")
    assert error["fields"]["amount"] == ["At least 300.00."]
    assert_error(patch(alice, iou["id"], {"direction": "borrowed"}, 3), 409, "repaid")
    assert_error(client_for(alice).delete(f"/api/ious/{iou['id']}"), 409, "payment_pending")
    body = patch(alice, iou["id"], {"amount": "1000.00"}, 3).json()
    assert (body["outstanding"], body["settled"], body["pending"]) == ("800.00", "200.00", "100.00")
    assert balance(alice, bob) == "800.00"


def test_an_amount_lowered_to_what_is_repaid_settles_it_and_raised_again_reopens_it(iou, alice, bob):
    client_for(alice).post(f"/api/ious/{iou['id']}/settle", {"amount": "250.00"}, format="json")
    body = patch(alice, iou["id"], {"amount": "250.00"}, 2).json()
    assert body["settled_at"] is not None and body["outstanding"] == "0.00"
    assert balance(alice, bob) is None
    body = patch(alice, iou["id"], {"amount": "300.00"}, 3).json()
    assert body["settled_at"] is None and balance(alice, bob) == "50.00"


def test_deleting_takes_what_is_outstanding_out_of_the_balance_once(iou, alice, bob):
    client_for(alice).post(f"/api/ious/{iou['id']}/settle", {"amount": "150.00"}, format="json")
    assert balance(alice, bob) == "600.00"
    response = client_for(alice).delete(f"/api/ious/{iou['id']}", HTTP_IF_MATCH='"2"')
    assert response.status_code == 200 and response.json()["deleted_at"]
    assert balance(alice, bob) is None and balance(bob, alice) is None
    assert Change.objects.filter(user=bob, event="iou.deleted", op="delete").count() == 1
    # Again (a replay without a version): the same answer, nothing moves twice.
    assert client_for(alice).delete(f"/api/ious/{iou['id']}").json()["version"] == 3
    assert balance(alice, bob) is None
    assert all(i["id"] != iou["id"] for i in client_for(bob).get("/api/ious").json()["results"])
    assert_error(patch(alice, iou["id"], {"amount": "10.00"}, 3), 409, "deleted")


def test_a_contact_iou_is_edited_and_deleted_without_a_pair_balance(friends, alice, bob):
    made = client_for(alice).post("/api/ious", {"contact_name": "Raju", "direction": "borrowed", "amount": "60.00",
                                                "currency": "INR", "date": "2026-11-01"}, format="json").json()
    assert patch(alice, made["id"], {"amount": "65.00"}, 1).json()["outstanding"] == "65.00"
    assert client_for(alice).delete(f"/api/ious/{made['id']}", HTTP_IF_MATCH='"2"').status_code == 200
    assert client_for(alice).get("/api/balances").json()["people"] == []


def test_offline_edits_and_deletes_arrive_through_push_with_their_versions(iou, alice, bob):
    """A device's queue: an edit naming version 1, then a delete naming the version the edit made."""
    push = client_for(alice).post("/api/sync/push", {"client_id": str(uuid.uuid4()), "mutations": [
        {"id": 1, "method": "PATCH", "path": f"/api/ious/{iou['id']}", "body": {"amount": "500.00"}, "version": 1},
        {"id": 2, "method": "DELETE", "path": f"/api/ious/{iou['id']}", "version": 1},
    ]}, format="json").json()
    assert [r["status"] for r in push["results"]] == [200, 412]
    assert push["results"][1]["body"]["error"]["current"]["amount"] == "500.00"
    assert balance(bob, alice) == "-500.00"
