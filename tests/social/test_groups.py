"""Groups: members, leaving, simplify-debts, and that only members see a group."""

from __future__ import annotations

from decimal import Decimal

import pytest

from realtime.models import Change
from social.models import Expense
from tests.helpers import assert_error, assert_hidden_from, client_for
from tests.social.factories import equal, expense_body

pytestmark = pytest.mark.django_db


def test_create_group_with_friends_only(friends, alice, bob, dave, alice_client):
    response = alice_client.post("/api/groups", {"name": "Flat", "currency": "INR", "members": [str(bob.pk)]}, format="json")
    assert response.status_code == 201, response.content
    group = response.json()
    assert group["simplify_debts"] is True
    assert sorted(group["members"]) == sorted([str(alice.pk), str(bob.pk)])
    assert Change.objects.filter(user=bob, event="group.created").exists()
    error = assert_error(client_for(bob).post("/api/groups", {"name": "X", "members": [str(dave.pk)]}, format="json"), 400, "not_friends")
    assert "members" in error["fields"]
    assert_error(alice_client.post("/api/groups", {"name": "", "currency": "ZZZ"}, format="json"), 400)


def test_only_members_see_a_group_and_its_contents(trip, alice, dave, alice_client):
    outsider = client_for(dave)
    base = f"/api/groups/{trip.pk}"
    assert_hidden_from(outsider, base, ("get", "patch"))
    for path in ("/balances", "/activity", "/export.csv", "/export.json", "/settle-up/qr"):
        assert_hidden_from(outsider, base + path, ("get",))
    assert_hidden_from(outsider, base + "/members", ("post",), {"user": str(dave.pk)})
    assert_hidden_from(outsider, f"{base}/members/{alice.pk}", ("delete",))
    assert_hidden_from(outsider, base + "/leave", ("post",))
    assert_hidden_from(outsider, base + "/import", ("post",), {"csv": "x", "members": {}})
    assert outsider.get("/api/groups").json()["count"] == 0
    assert_hidden_from(outsider, f"/api/expenses?group={trip.pk}", ("get",))


def test_switch_simplify_debts_with_version(trip, alice_client):
    url = f"/api/groups/{trip.pk}"
    response = alice_client.patch(url, {"simplify_debts": False, "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["simplify_debts"] is False
    assert_error(alice_client.patch(url, {"name": "Old", "version": 1}, format="json"), 412)
    assert_error(alice_client.patch(url, {"owner": "x"}, format="json"), 400)


def test_a_member_with_an_open_balance_cannot_leave_or_be_removed(trip, alice, bob, carol, alice_client):
    alice_client.post("/api/expenses", expense_body({alice: "30.00"}, equal(alice, bob), group=trip, amount="30.00"), format="json")
    assert_error(client_for(bob).post(f"/api/groups/{trip.pk}/leave"), 409, "open_balance")
    assert_error(alice_client.delete(f"/api/groups/{trip.pk}/members/{bob.pk}"), 409, "open_balance")
    assert alice_client.delete(f"/api/groups/{trip.pk}/members/{carol.pk}").status_code == 204


def test_leaving_revokes_the_group_and_its_contents_for_that_user(trip, alice, bob, carol, alice_client):
    created = alice_client.post("/api/expenses", expense_body({alice: "30.00"}, equal(alice, bob), group=trip, amount="30.00"), format="json").json()
    assert client_for(carol).post(f"/api/groups/{trip.pk}/leave").status_code == 204
    revoked = Change.objects.filter(user=carol, event="group.member_left", op="delete")
    assert {(c.entity, str(c.object_id)) for c in revoked} == {
        ("group", str(trip.pk)), ("group_balances", str(trip.pk)), ("expense", created["id"])}
    assert_hidden_from(client_for(carol), f"/api/expenses/{created['id']}", ("get",))
    assert_hidden_from(client_for(carol), f"/api/groups/{trip.pk}", ("get",))
    # Re-added, carol's devices get the group's contents again.
    alice_client.post(f"/api/groups/{trip.pk}/members", {"user": str(carol.pk)}, format="json")
    assert Change.objects.filter(user=carol, event="group.member_added", entity="expense", op="upsert").exists()


def test_members_only_and_adding_twice(trip, friends, alice, dave, alice_client):
    assert alice_client.post(f"/api/groups/{trip.pk}/members", {"user": str(dave.pk)}, format="json").status_code == 200
    assert_error(alice_client.post(f"/api/groups/{trip.pk}/members", {"user": str(dave.pk)}, format="json"), 409)
    assert_error(alice_client.post(f"/api/groups/{trip.pk}/members", {"user": "x"}, format="json"), 400)


def test_several_currencies_in_one_group_balance_separately(trip, alice, bob, alice_client):
    alice_client.post("/api/expenses", expense_body({alice: "100.00"}, equal(alice, bob), group=trip), format="json")
    alice_client.post("/api/expenses", expense_body({bob: "10.00"}, equal(alice, bob), group=trip, amount="10.00", currency="USD"), format="json")
    data = alice_client.get(f"/api/groups/{trip.pk}/balances").json()
    by = {(r["user"], r["currency"]): Decimal(r["amount"]) for r in data["balances"]}
    assert by[(str(alice.pk), "INR")] == Decimal("50.00")
    assert by[(str(bob.pk), "USD")] == Decimal("5.00")
    for currency in ("INR", "USD"):
        assert sum(v for (u, c), v in by.items() if c == currency) == 0
    assert {(t["currency"], t["from"], t["to"], t["amount"]) for t in data["settle_up"]} == {
        ("INR", str(bob.pk), str(alice.pk), "50.00"), ("USD", str(alice.pk), str(bob.pk), "5.00"),
    }
    assert Expense.objects.count() == 2


def test_malformed_ids_read_as_missing(trip, alice_client):
    assert_error(alice_client.get("/api/expenses?group=not-a-uuid"), 404)
    assert_error(alice_client.get(f"/api/groups/{trip.pk}/settle-up/qr?from=x&to=y"), 404)
