"""Balances and settle-up through the API, the stored totals against a GROUP BY of the
shares, UPI links and QR codes, and the overall /api/balances."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from social import actions, balances
from social.models import GroupBalance, PairBalance
from tests.helpers import assert_error, client_for
from tests.social.factories import equal, expense_body

pytestmark = pytest.mark.django_db


def _add(client, trip, payers, split, amount, currency="INR"):
    response = client.post("/api/expenses", expense_body(payers, split, group=trip, amount=amount, currency=currency), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_recording_every_suggestion_zeroes_the_group_one_at_a_time(trip, alice, bob, carol, alice_client):
    _add(alice_client, trip, {alice: "90.00"}, equal(alice, bob, carol), "90.00")
    _add(alice_client, trip, {bob: "25.00", carol: "5.00"}, {"method": "shares", "shares": {str(alice.pk): 1, str(bob.pk): 2}}, "30.00")
    url = f"/api/groups/{trip.pk}/balances"
    plan = alice_client.get(url).json()["settle_up"]
    assert 0 < len(plan) <= 2
    while plan:
        first, rest = plan[0], plan[1:]
        response = alice_client.post("/api/settlements", {"group": str(trip.pk), "from": first["from"], "to": first["to"],
                                                          "amount": first["amount"], "currency": first["currency"]}, format="json")
        assert response.status_code == 201, response.content
        plan = alice_client.get(url).json()["settle_up"]
        assert plan == rest  # stable: just that one transfer went away
    assert all(Decimal(r["amount"]) == 0 for r in alice_client.get(url).json()["balances"])


def test_stored_totals_equal_the_group_by_of_the_shares(trip, alice, bob, carol):
    rng = random.Random(7)
    people = [alice, bob, carol]
    made = []
    for i in range(25):
        payer = rng.choice(people)
        currency = rng.choice(["INR", "USD"])
        made.append(_record(payer, trip, rng, people, currency, i))
    actions.delete_expense(alice, expense=made[3])
    actions.edit_expense(bob, expense=made[4], changes={"amount": Decimal("12.34"), "paid_by": [{"user": bob.pk, "amount": Decimal("12.34")}]})
    actions.record_settlement(carol, group=trip, payer_id=carol.pk, payee_id=alice.pk, amount=Decimal("5.00"), currency="INR")
    stored = balances.group_balances(trip.pk)
    assert stored == balances.recompute_group_balances(trip.pk)
    for nets in stored.values():
        assert sum(nets.values()) == 0
    before = list(GroupBalance.objects.order_by("id").values_list("user", "currency", "net"))
    balances.rebuild_group_totals([trip.pk])
    after = {(u, c): n for u, c, n in GroupBalance.objects.values_list("user", "currency", "net")}
    assert {(u, c): n for u, c, n in before if n} == {k: v for k, v in after.items() if v}
    # Pairs, over the same entries, give each person the same position as the group.
    for currency, nets in stored.items():
        for user, net in nets.items():
            pairs = PairBalance.objects.filter(scope=trip.pk, currency=currency)
            mine = sum(p.amount for p in pairs if p.user_low_id == user) - sum(p.amount for p in pairs if p.user_high_id == user)
            assert mine == net


def _record(payer, trip, rng, people, currency, i):
    between = rng.sample(people, rng.randint(1, 3))
    amount = Decimal(rng.randint(1, 99999)) / 100
    return actions.record_expense(
        payer, group=trip, description=f"e{i}", amount=amount, currency=currency, date="2026-11-01",
        paid_by=[{"user": payer.pk, "amount": amount}], split={"method": "equal", "between": [p.pk for p in between]},
    )


def test_unsimplified_groups_suggest_pair_by_pair(trip, alice, bob, carol, alice_client):
    alice_client.patch(f"/api/groups/{trip.pk}", {"simplify_debts": False}, format="json")
    _add(alice_client, trip, {alice: "20.00"}, equal(alice, bob), "20.00")   # bob owes alice 10
    _add(alice_client, trip, {bob: "20.00"}, equal(bob, carol), "20.00")     # carol owes bob 10
    plan = alice_client.get(f"/api/groups/{trip.pk}/balances").json()["settle_up"]
    assert {(t["from"], t["to"], t["amount"]) for t in plan} == {
        (str(bob.pk), str(alice.pk), "10.00"), (str(carol.pk), str(bob.pk), "10.00"),
    }
    alice_client.patch(f"/api/groups/{trip.pk}", {"simplify_debts": True}, format="json")
    plan = alice_client.get(f"/api/groups/{trip.pk}/balances").json()["settle_up"]
    assert [(t["from"], t["to"], t["amount"]) for t in plan] == [(str(carol.pk), str(alice.pk), "10.00")]


def test_upi_link_and_qr_for_inr_when_the_payee_has_a_upi_id(trip, alice, bob, alice_client):
    actions.update_account(alice, changes={"upi_id": "alice@okbank"})
    _add(alice_client, trip, {alice: "100.00"}, equal(alice, bob), "100.00")
    _add(alice_client, trip, {alice: "10.00"}, equal(alice, bob), "10.00", currency="USD")
    plan = client_for(bob).get(f"/api/groups/{trip.pk}/balances").json()["settle_up"]
    inr = next(t for t in plan if t["currency"] == "INR")
    usd = next(t for t in plan if t["currency"] == "USD")
    assert inr["upi_link"].startswith("upi://pay?pa=alice%40okbank&pn=Alice&am=50.00&cu=INR")
    assert usd["upi_link"] is None and usd["qr"] is None
    image = client_for(bob).get(inr["qr"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert_error(client_for(bob).get(f"/api/groups/{trip.pk}/settle-up/qr?from={alice.pk}&to={bob.pk}"), 404)


def test_overall_balances_with_people_and_groups(trip, alice, bob, carol, dave, alice_client):
    _add(alice_client, trip, {alice: "90.00"}, equal(alice, bob, carol), "90.00")
    alice_client.post("/api/expenses", expense_body({dave: "40.00"}, equal(alice, dave), amount="40.00"), format="json")
    alice_client.post("/api/ious", {"friend": str(dave.pk), "direction": "borrowed", "amount": "5.00",
                                    "currency": "INR", "date": "2026-11-02"}, format="json")
    data = alice_client.get("/api/balances").json()
    people = {r["user"]: r["amount"] for r in data["people"]}
    assert people == {str(bob.pk): "30.00", str(carol.pk): "30.00", str(dave.pk): "-25.00"}
    assert data["groups"] == [{"group": str(trip.pk), "name": "Goa trip", "currency": "INR", "amount": "60.00"}]
    assert data["totals"] == [{"currency": "INR", "amount": "35.00"}]
    friends = {f["user"]: f["balances"] for f in alice_client.get("/api/friends").json()["results"]}
    assert friends[str(dave.pk)] == [{"currency": "INR", "amount": "-25.00"}]
