"""Group statistics: `GET /api/groups/{id}/stats` and the group page's section. Figures are
checked against sums computed here from the entries made, exactly (Decimal)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from social import actions
from tests.helpers import assert_error, assert_hidden_from, client_for

pytestmark = pytest.mark.django_db


def _spend(actor, group, payer, between, amount, date, category="", currency="INR"):
    return actions.record_expense(
        actor, group=group, description=f"{category or 'x'} {amount}", amount=Decimal(amount), currency=currency,
        date=dt.date.fromisoformat(date), paid_by=[{"user": payer.pk, "amount": Decimal(amount)}],
        split={"method": "equal", "between": [u.pk for u in between]}, category=category,
    )


@pytest.fixture
def spent(friends, trip):
    alice, bob, carol, _ = friends
    _spend(alice, trip, alice, [alice, bob, carol], "100.00", "2026-09-30", "Food")  # 33.34 / 33.33 / 33.33
    _spend(bob, trip, bob, [alice, bob], "45.50", "2026-10-01", "Transport")
    _spend(carol, trip, carol, [bob, carol], "10.01", "2026-10-15", "Food")
    gone = _spend(alice, trip, alice, [alice, bob], "999.00", "2026-10-20", "Food")
    actions.delete_expense(alice, expense=gone)  # deleted: counts nowhere
    _spend(alice, trip, alice, [alice, carol], "20.00", "2026-10-21", "Fun", currency="USD")
    actions.record_settlement(bob, group=trip, payer_id=bob.pk, payee_id=alice.pk, amount=Decimal("10.00"),
                              currency="INR", note="part")
    return trip


def _block(body, currency):
    return next(b for b in body["currencies"] if b["currency"] == currency)


def test_per_member_paid_share_settled_and_balance_are_exact(friends, spent):
    alice, bob, carol, _ = friends
    body = client_for(bob).get(f"/api/groups/{spent.pk}/stats").json()
    inr = _block(body, "INR")
    assert inr["total"] == "155.51" and inr["expenses"] == 3
    rows = {r["user"]: r for r in inr["members"]}
    # shares: 100.00 -> 33.34 (lowest id first gets the cent) … recomputed from the stored split below
    shares = {u: Decimal(r["share"]) for u, r in rows.items()}
    assert sum(shares.values()) == Decimal("155.51")
    assert sum(Decimal(r["paid"]) for r in rows.values()) == Decimal("155.51")
    assert rows[str(alice.pk)]["paid"] == "100.00" and rows[str(bob.pk)]["paid"] == "45.50"
    assert rows[str(carol.pk)]["paid"] == "10.01"
    assert rows[str(bob.pk)]["settled"] == "10.00" and rows[str(alice.pk)]["settled"] == "-10.00"
    for r in rows.values():
        assert Decimal(r["balance"]) == Decimal(r["paid"]) - Decimal(r["share"]) + Decimal(r["settled"])
    # over all time the balances are the group's balances
    balances = client_for(bob).get(f"/api/groups/{spent.pk}/balances").json()["balances"]
    assert {b["user"]: b["amount"] for b in balances if b["currency"] == "INR"} == {
        u: r["balance"] for u, r in rows.items()}
    assert sum(Decimal(r["balance"]) for r in rows.values()) == 0


def test_per_category_and_per_month_totals(spent):
    body = client_for(spent.created_by).get(f"/api/groups/{spent.pk}/stats").json()
    inr = _block(body, "INR")
    assert inr["categories"] == [
        {"category": "Food", "total": "110.01", "expenses": 2},
        {"category": "Transport", "total": "45.50", "expenses": 1},
    ]
    assert inr["months"] == [
        {"month": "2026-09", "total": "100.00", "expenses": 1},
        {"month": "2026-10", "total": "55.51", "expenses": 2},
    ]
    usd = _block(body, "USD")
    assert usd["total"] == "20.00" and usd["months"] == [{"month": "2026-10", "total": "20.00", "expenses": 1}]


def test_a_date_range_narrows_every_figure(friends, spent):
    alice, bob, carol, _ = friends
    body = client_for(alice).get(f"/api/groups/{spent.pk}/stats", {"from": "2026-10-01", "to": "2026-10-31"}).json()
    inr = _block(body, "INR")
    assert inr["total"] == "55.51" and [m["month"] for m in inr["months"]] == ["2026-10"]
    rows = {r["user"]: r for r in inr["members"]}
    assert rows[str(alice.pk)]["paid"] == "0.00"  # her September dinner is outside


def test_every_member_has_a_row_even_without_entries(friends, trip):
    alice, bob, carol, _ = friends
    _spend(alice, trip, alice, [alice, bob], "10.00", "2026-10-01")
    rows = _block(client_for(alice).get(f"/api/groups/{trip.pk}/stats").json(), "INR")["members"]
    carol_row = next(r for r in rows if r["user"] == str(carol.pk))
    assert carol_row == {"user": str(carol.pk), "name": "Carol", "paid": "0.00", "share": "0.00",
                         "settled": "0.00", "balance": "0.00"}


@pytest.mark.parametrize(("query", "field"), [({"from": "2026-10-05", "to": "2026-10-01"}, "from"),
                                              ({"from": "yesterday"}, "from"), ({"month": "2026-10"}, "month")])
def test_bad_ranges_are_field_errors(alice, spent, query, field):
    error = assert_error(client_for(alice).get(f"/api/groups/{spent.pk}/stats", query), 400)
    assert field in error["fields"]


def test_outsiders_get_404(friends, spent):
    assert_hidden_from(client_for(friends[3]), f"/api/groups/{spent.pk}/stats", methods=("get",))


def test_the_group_page_shows_the_statistics_with_charts(friends, spent, client):
    alice, bob, carol, _ = friends
    client.force_login(carol)
    html = client.get(f"/groups/{spent.pk}/").content.decode()
    section = html[html.index('id="group-stats"'):]
    section = section[:section.index("</section>")]
    assert "₹155.51" in section and "Spending per category (INR)" in section and "Spending per month (USD)" in section
    assert section.count("<svg") == 6  # three charts per currency
    assert f'data-stats-member="{bob.pk}"' in section
