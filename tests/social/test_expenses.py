"""Recording, editing, deleting and restoring expenses over the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from social import selectors
from social.models import Activity, Expense
from tests.helpers import assert_error, assert_hidden_from, client_for
from tests.social.factories import equal, expense_body

pytestmark = pytest.mark.django_db


def test_equal_split_owed_sums_exactly_with_deterministic_remainder(trip, alice, bob, carol, alice_client):
    response = alice_client.post("/api/expenses", expense_body({alice: "100.00"}, equal(alice, bob, carol), group=trip), format="json")
    assert response.status_code == 201, response.content
    owed = response.json()["owed"]
    assert sum(Decimal(v) for v in owed.values()) == Decimal("100.00")
    first = min(str(alice.pk), str(bob.pk), str(carol.pk))
    assert owed[first] == "33.34"
    assert sorted(owed.values()) == ["33.33", "33.33", "33.34"]


def test_several_payers_and_every_method(trip, alice, bob, carol, alice_client):
    splits = [
        {"method": "exact", "amounts": {str(alice.pk): "10.00", str(bob.pk): "50.00", str(carol.pk): "40.00"}},
        {"method": "percent", "percents": {str(alice.pk): "33.33", str(bob.pk): "33.33", str(carol.pk): "33.34"}},
        {"method": "shares", "shares": {str(alice.pk): 1, str(bob.pk): 2, str(carol.pk): 0}},
    ]
    for split in splits:
        body = expense_body({alice: "60.00", bob: "40.00"}, split, group=trip)
        response = alice_client.post("/api/expenses", body, format="json")
        assert response.status_code == 201, response.content
        data = response.json()
        assert sum(Decimal(v) for v in data["owed"].values()) == Decimal("100.00")
        assert {p["user"]: p["amount"] for p in data["paid_by"]} == {str(alice.pk): "60.00", str(bob.pk): "40.00"}
        assert data["split"]["method"] == split["method"]
    shares = Expense.objects.get(split_method="shares")
    assert selectors.expense_shares(shares) == {alice.pk: Decimal("33.3300"), bob.pk: Decimal("66.6700")}


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda b, u: b.update(paid_by=[{"user": str(u[0].pk), "amount": "90.00"}]), "paid_by"),
        (lambda b, u: b.update(split={"method": "exact", "amounts": {str(u[0].pk): "50.00", str(u[1].pk): "40.00"}}), "split"),
        (lambda b, u: b.update(split={"method": "percent", "percents": {str(u[0].pk): "50", str(u[1].pk): "49"}}), "split"),
        (lambda b, u: b.update(amount="0.00"), "amount"),
        (lambda b, u: b.update(amount="-5.00"), "amount"),
        (lambda b, u: b.update(amount="100.001", paid_by=[{"user": str(u[0].pk), "amount": "100.001"}]), "amount"),
        (lambda b, u: b.update(currency="XYZ"), "currency"),
        (lambda b, u: b.update(split={"method": "equal", "between": [str(u[0].pk), str(u[2].pk)]}), "split"),
        (lambda b, u: b.update(paid_by=[{"user": str(u[2].pk), "amount": "100.00"}]), "paid_by"),
        (lambda b, u: b.update(split={"method": "thirds"}), "split"),
        (lambda b, u: b.update(split={"method": "shares", "shares": {str(u[0].pk): 0}}), "split"),
        (lambda b, u: b.update(description="x" * 201), "description"),
    ],
)
def test_bad_expenses_get_field_errors(trip, alice, bob, dave, alice_client, mutate, field):
    body = expense_body({alice: "100.00"}, equal(alice, bob), group=trip)
    mutate(body, (alice, bob, dave))  # dave is alice's friend but not in the trip
    error = assert_error(alice_client.post("/api/expenses", body, format="json"), 400)
    assert field in error["fields"], error
    assert Expense.objects.count() == 0


def test_outside_a_group_expenses_are_between_friends_only(friends, alice, bob, dave):
    body = expense_body({bob: "100.00"}, equal(bob, dave))  # bob and dave are not friends
    error = assert_error(client_for(bob).post("/api/expenses", body, format="json"), 400, "not_friends")
    assert "split" in error["fields"]
    ok = client_for(alice).post("/api/expenses", expense_body({alice: "100.00"}, equal(alice, dave)), format="json")
    assert ok.status_code == 201


def test_jpy_has_no_decimals(trip, alice, bob, alice_client):
    body = expense_body({alice: "100.5"}, equal(alice, bob), group=trip, amount="100.5", currency="JPY")
    assert "amount" in assert_error(alice_client.post("/api/expenses", body, format="json"), 400)["fields"]
    body = expense_body({alice: "101"}, equal(alice, bob), group=trip, amount="101", currency="JPY")
    response = alice_client.post("/api/expenses", body, format="json")
    assert sorted(response.json()["owed"].values()) == ["50", "51"]


def _create(client, trip, payer, *people):
    response = client.post("/api/expenses", expense_body({payer: "90.00"}, equal(*people), group=trip, amount="90.00"), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_edit_needs_the_current_version_and_is_recorded(trip, alice, bob, carol, alice_client):
    created = _create(alice_client, trip, alice, alice, bob, carol)
    url = f"/api/expenses/{created['id']}"
    response = alice_client.patch(url, {"version": 1, "description": "Lunch", "amount": "60.00",
                                        "paid_by": [{"user": str(alice.pk), "amount": "60.00"}]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert set(response.json()["owed"].values()) == {"20.00"}
    stale = client_for(bob).patch(url, {"description": "Breakfast"}, format="json", HTTP_IF_MATCH='"1"')
    error = assert_error(stale, 412, "stale_version")
    activity = Activity.objects.filter(object_id=created["id"], verb="expense.updated").get()
    assert activity.changes["description"] == ["Dinner", "Lunch"]
    assert activity.changes["amount"] == ["90.00", "60.00"]
    assert error  # the current object travels with the 412 (checked by realtime's tests)


def test_delete_is_a_tombstone_and_restore_brings_balances_back(trip, alice, bob, alice_client):
    created = _create(alice_client, trip, alice, alice, bob)
    url = f"/api/expenses/{created['id']}"
    balances_url = f"/api/groups/{trip.pk}/balances"
    assert alice_client.get(balances_url).json()["settle_up"]
    deleted = alice_client.delete(url)
    assert deleted.status_code == 200 and deleted.json()["deleted_at"]
    assert alice_client.get(balances_url).json()["settle_up"] == []
    assert alice_client.get("/api/expenses").json()["count"] == 0
    restored = alice_client.post(f"{url}/restore")
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    assert restored.json()["version"] == 3
    plan = alice_client.get(balances_url).json()["settle_up"]
    assert plan == [{"from": str(bob.pk), "to": str(alice.pk), "currency": "INR", "amount": "45.00",
                     "upi_link": None, "qr": None}]


def test_history_and_comments(trip, alice, bob, alice_client):
    created = _create(alice_client, trip, alice, alice, bob)
    response = client_for(bob).post(f"/api/expenses/{created['id']}/comments", {"text": "Thanks!"}, format="json")
    assert response.status_code == 201
    assert alice_client.get(f"/api/expenses/{created['id']}/comments").json()["results"][0]["text"] == "Thanks!"
    verbs = [a["verb"] for a in alice_client.get(f"/api/groups/{trip.pk}/activity").json()["results"]]
    assert verbs == ["comment.added", "expense.created", "group.created"]
    assert_error(client_for(bob).post(f"/api/expenses/{created['id']}/comments", {"text": ""}, format="json"), 400)


def test_others_get_404_on_every_expense_route(trip, alice, bob, dave, alice_client):
    created = _create(alice_client, trip, alice, alice, bob)
    outsider = client_for(dave)
    base = f"/api/expenses/{created['id']}"
    assert_hidden_from(outsider, base)
    assert_hidden_from(outsider, f"{base}/restore", ("post",))
    assert_hidden_from(outsider, f"{base}/comments", ("get", "post"), {"text": "hi"})
    assert_hidden_from(outsider, f"{base}/activity", ("get",))
    assert outsider.get("/api/expenses").json()["count"] == 0
