"""IOUs between two people: the lender settles; the borrower records a payment, which is
pending on both sides until the lender confirms it (then it settles) or disputes it."""

from __future__ import annotations

import pytest

from realtime.models import Change, Notification
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
    people = client_for(user).get("/api/balances").json()["people"]
    return next((p["amount"] for p in people if p["user"] == str(other.pk)), None)


def test_the_borrower_cannot_mark_the_lenders_iou_settled(iou, bob):
    assert_error(client_for(bob).post(f"/api/ious/{iou['id']}/settle", {}, format="json"), 403, "lender_settles")
    assert client_for(bob).get(f"/api/ious/{iou['id']}").json()["settled"] == "0.00"


def test_a_recorded_payment_is_pending_on_both_sides_until_the_lender_confirms(iou, alice, bob):
    response = client_for(bob).post(f"/api/ious/{iou['id']}/payments", {"amount": "300.00", "note": "gpay"},
                                    format="json")
    assert response.status_code == 201, response.content
    payment = response.json()
    assert payment["status"] == "pending"
    for user in (alice, bob):
        seen = client_for(user).get(f"/api/ious/{iou['id']}").json()
        assert (seen["pending"], seen["settled"], seen["outstanding"]) == ("300.00", "0.00", "750.00")
        assert Change.objects.filter(user=user, entity="iou_payment", event="iou.payment_recorded").exists()
    assert balance(alice, bob) == "750.00"
    note = Notification.objects.get(user=alice)
    assert note.kind == "iou.payment" and note.data["payment"] == payment["id"]
    # Only the lender decides; the borrower's confirm is refused.
    assert_error(client_for(bob).post(f"/api/iou-payments/{payment['id']}/confirm", {}, format="json"), 403,
                 "lender_decides")
    confirmed = client_for(alice).post(f"/api/iou-payments/{payment['id']}/confirm", {}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    seen = client_for(bob).get(f"/api/ious/{iou['id']}").json()
    assert (seen["pending"], seen["settled"], seen["outstanding"]) == ("0.00", "300.00", "450.00")
    assert balance(alice, bob) == "450.00"
    assert Notification.objects.get(user=bob, data__status="confirmed").kind == "iou.payment"
    assert_error(client_for(alice).post(f"/api/iou-payments/{payment['id']}/dispute", {}, format="json"), 409,
                 "already_decided")


def test_a_disputed_payment_changes_no_balance(iou, alice, bob):
    payment = client_for(bob).post(f"/api/ious/{iou['id']}/payments", {}, format="json").json()
    assert payment["amount"] == "750.00"  # no amount: all that is outstanding
    # While it is pending nothing more can be paid or settled.
    assert_error(client_for(alice).post(f"/api/ious/{iou['id']}/settle", {}, format="json"), 409, "payment_pending")
    disputed = client_for(alice).post(f"/api/iou-payments/{payment['id']}/dispute", {"reason": "not received"},
                                      format="json")
    assert disputed.status_code == 200 and disputed.json()["status"] == "disputed"
    seen = client_for(bob).get(f"/api/ious/{iou['id']}").json()
    assert (seen["pending"], seen["settled"], seen["status"]) == ("0.00", "0.00", "open")
    assert balance(bob, alice) == "-750.00"
    assert Notification.objects.filter(user=bob, kind="iou.payment", data__status="disputed").exists()
    assert Change.objects.filter(user=bob, event="iou.payment_disputed", entity="iou").exists()


def test_the_lender_settles_and_the_borrower_is_told(iou, alice, bob):
    settled = client_for(alice).post(f"/api/ious/{iou['id']}/settle", {"amount": "250.00"}, format="json")
    assert settled.status_code == 200 and settled.json()["outstanding"] == "500.00"
    assert Notification.objects.get(user=bob, kind="iou.payment").data["status"] == "settled"
    assert_error(client_for(bob).post(f"/api/ious/{iou['id']}/payments", {"amount": "500.01"}, format="json"),
                 400, "too_much")


def test_when_the_owner_borrowed_the_friend_is_the_lender(friends, alice, bob):
    iou = client_for(alice).post("/api/ious", {"friend": str(bob.pk), "direction": "borrowed", "amount": "40.00",
                                               "currency": "INR", "date": "2026-11-01"}, format="json").json()
    assert (iou["lender"], iou["borrower"]) == (str(bob.pk), str(alice.pk))
    assert_error(client_for(alice).post(f"/api/ious/{iou['id']}/settle", {}, format="json"), 403, "lender_settles")
    assert client_for(bob).post(f"/api/ious/{iou['id']}/settle", {}, format="json").json()["status"] == "settled"
