"""Settlements and IOUs (udhari): recording, partial and full settling, contacts linked
when they join by invite, and who may see them."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from realtime.models import Change
from social import actions
from social.models import IOU
from tests.helpers import assert_error, assert_hidden_from, client_for

pytestmark = pytest.mark.django_db


def test_direct_settlement_between_friends_moves_the_pair_balance(friends, alice, bob, alice_client):
    response = alice_client.post("/api/settlements", {"from": str(alice.pk), "to": str(bob.pk), "amount": "12.50",
                                                      "currency": "INR"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["from"], body["to"], body["amount"]) == (str(alice.pk), str(bob.pk), "12.50")
    assert client_for(bob).get("/api/balances").json()["people"][0]["amount"] == "-12.50"
    assert Change.objects.filter(user=bob, event="settlement.recorded").exists()
    assert alice_client.delete(f"/api/settlements/{body['id']}").json()["deleted_at"]
    assert client_for(bob).get("/api/balances").json()["people"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "1.001"}, "amount"),
        ({"currency": "ABC"}, "currency"),
        ({"to": "self"}, "to"),
        ({"to": "dave"}, "to"),
        ({"from": "bob", "to": "carol"}, "from"),
    ],
)
def test_bad_settlements_get_field_errors(friends, alice, bob, carol, dave, alice_client, body, field):
    people = {"self": alice, "bob": bob, "carol": carol, "dave": dave}
    payload = {"from": str(alice.pk), "to": str(bob.pk), "amount": "10.00", "currency": "INR"}
    payload.update({k: str(people[v].pk) if v in people else v for k, v in body.items()})
    if body.get("to") == "dave":  # bob (not dave's friend) records a payment to dave
        payload["from"] = str(bob.pk)
        response = client_for(bob).post("/api/settlements", payload, format="json")
    else:
        response = alice_client.post("/api/settlements", payload, format="json")
    assert field in assert_error(response, 400)["fields"]


def test_iou_partial_then_full_settle(friends, alice, bob, alice_client):
    response = alice_client.post("/api/ious", {"friend": str(bob.pk), "direction": "lent", "amount": "100.00",
                                               "currency": "INR", "date": "2026-11-01", "note": "cab"}, format="json")
    assert response.status_code == 201, response.content
    iou = response.json()
    url = f"/api/ious/{iou['id']}/settle"
    partial = alice_client.post(url, {"amount": "40.00"}, format="json").json()  # the lender settles
    assert (partial["status"], partial["outstanding"]) == ("partly_settled", "60.00")
    assert_error(alice_client.post(url, {"amount": "60.01"}, format="json"), 400)
    full = alice_client.post(url, {}, format="json").json()
    assert (full["status"], full["outstanding"]) == ("settled", "0.00")
    assert_error(alice_client.post(url, {}, format="json"), 409, "already_settled")
    assert Change.objects.filter(user=bob, event="iou.settled").exists()
    assert client_for(bob).get("/api/balances").json()["people"] == []


def test_contact_iou_is_linked_when_the_contact_joins_by_invite(alice, bob, alice_client):
    iou = alice_client.post("/api/ious", {"contact_name": "Bobby", "direction": "lent", "amount": "30.00",
                                          "currency": "INR", "date": "2026-11-01"}, format="json").json()
    assert iou["friend"] is None
    code = alice_client.post("/api/invites", {"name": "bobby"}, format="json").json()["code"]
    client_for(bob).post("/api/invites/accept", {"code": code}, format="json")
    linked = client_for(bob).get(f"/api/ious/{iou['id']}")
    assert linked.status_code == 200 and linked.json()["friend"] == str(bob.pk)
    assert client_for(bob).get("/api/balances").json()["totals"] == [{"currency": "INR", "amount": "-30.00"}]


def test_bad_ious_and_hidden_ious(friends, alice, bob, dave, alice_client):
    for body, field in [
        ({"direction": "lent", "amount": "5", "currency": "INR", "date": "2026-11-01"}, "friend"),
        ({"friend": str(dave.pk), "contact_name": "x", "direction": "lent", "amount": "5", "currency": "INR", "date": "2026-11-01"}, "friend"),
        ({"contact_name": "x", "direction": "sideways", "amount": "5", "currency": "INR", "date": "2026-11-01"}, "direction"),
        ({"contact_name": "x", "direction": "lent", "amount": "-5", "currency": "INR", "date": "2026-11-01"}, "amount"),
    ]:
        assert field in assert_error(alice_client.post("/api/ious", body, format="json"), 400)["fields"]
    assert "friend" in assert_error(client_for(bob).post("/api/ious", {"friend": str(dave.pk), "direction": "lent", "amount": "5",
                                                                    "currency": "INR", "date": "2026-11-01"}, format="json"), 400)["fields"]
    iou = actions.record_iou(alice, direction="lent", amount=Decimal(5), currency="INR", date="2026-11-01", friend_id=bob.pk)
    assert_hidden_from(client_for(dave), f"/api/ious/{iou.pk}", ("get",))
    assert_hidden_from(client_for(dave), f"/api/ious/{iou.pk}/settle", ("post",))
    settlement = actions.record_settlement(alice, group=None, payer_id=alice.pk, payee_id=bob.pk, amount=Decimal(1), currency="INR")
    assert_hidden_from(client_for(dave), f"/api/settlements/{settlement.pk}", ("get", "delete"))


@pytest.mark.django_db(transaction=True)
def test_concurrent_partial_settles_never_pass_the_amount(alice, bob):
    """The lender settling twice and the borrower recording a payment, all at once: the IOU's
    row lock lets two of the three 40s in (settled + pending never passes the amount)."""
    actions.befriend(alice, other=bob)
    iou = actions.record_iou(alice, direction="lent", amount=Decimal("100"), currency="INR", date="2026-11-01", friend_id=bob.pk)
    barrier = threading.Barrier(3)
    outcomes = []

    def settle(user):
        try:
            barrier.wait()
            if user == alice:
                actions.settle_iou(user, iou=iou, amount=Decimal("40"))
            else:
                actions.record_iou_payment(user, iou=iou, amount=Decimal("40"))
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=settle, args=(u,)) for u in (alice, alice, bob)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["Invalid", "ok", "ok"]
    iou = IOU.objects.get(pk=iou.pk)
    assert iou.settled + iou.pending == Decimal("80")


def test_deleting_a_payment_with_a_stale_version_is_refused_and_changes_nothing(friends, alice, bob, alice_client):
    settlement = actions.record_settlement(alice, group=None, payer_id=alice.pk, payee_id=bob.pk,
                                           amount=Decimal("10.00"), currency="INR")
    changes = Change.objects.count()
    error = assert_error(alice_client.delete(f"/api/settlements/{settlement.pk}", HTTP_IF_MATCH='"7"'), 412, "stale_version")
    assert error["current"]["version"] == 1 and error["current"]["deleted_at"] is None
    settlement.refresh_from_db()
    assert settlement.deleted_at is None and settlement.version == 1
    assert Change.objects.count() == changes
    assert client_for(bob).get("/api/balances").json()["people"][0]["amount"] == "-10.00"
    # Naming the version it has deletes it.
    assert alice_client.delete(f"/api/settlements/{settlement.pk}", HTTP_IF_MATCH='"1"').json()["version"] == 2


def test_an_offline_delete_of_a_payment_deleted_meanwhile_comes_back_as_a_conflict(friends, alice, bob, alice_client):
    """The device's queued delete names the version it saw; bob deleted the payment first, so the
    push answers 412 with the payment as it is now instead of a silent success."""
    settlement = actions.record_settlement(alice, group=None, payer_id=alice.pk, payee_id=bob.pk,
                                           amount=Decimal("10.00"), currency="INR")
    assert client_for(bob).delete(f"/api/settlements/{settlement.pk}").status_code == 200
    push = alice_client.post("/api/sync/push", {"client_id": str(uuid.uuid4()), "mutations": [
        {"id": 1, "method": "DELETE", "path": f"/api/settlements/{settlement.pk}", "version": 1},
    ]}, format="json")
    assert push.status_code == 200, push.content
    result = push.json()["results"][0]
    assert result["status"] == 412, result
    assert result["body"]["error"]["code"] == "stale_version"
    assert result["body"]["error"]["current"]["deleted_at"] is not None
    assert result["body"]["error"]["current"]["version"] == 2
