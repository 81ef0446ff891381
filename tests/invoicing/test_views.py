"""Marketplace, portfolio and dashboards."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from config import clock
from invoicing import actions
from tests.helpers import assert_error, client_for
from tests.invoicing.conftest import make_draft, make_listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(alice, carol):
    today = clock.user_today(alice)  # days_to_due counts from the seller's day (carol's zone is the same)
    return {
        "short": make_listed(alice, discount_rate=Decimal("10"), due_date=today + timedelta(days=20),
                             face_amount=Decimal("50000.00")),
        "long": make_listed(alice, discount_rate=Decimal("18"), due_date=today + timedelta(days=90),
                            face_amount=Decimal("200000.00")),
        "carols": make_listed(carol, discount_rate=Decimal("14"), due_date=today + timedelta(days=45),
                              currency="USD", face_amount=Decimal("1000.00"), min_ticket=Decimal("10.00")),
        "draft": make_draft(alice),
    }


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_marketplace_lists_open_invoices_with_yield_and_progress(bob, market):
    actions.fund_invoice(bob, invoice_id=market["long"].pk, amount=Decimal("50000.00"))
    response = client_for(bob).get("/api/invoicing/marketplace")
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {str(market[k].pk) for k in ("short", "long", "carols")}
    long = rows[str(market["long"].pk)]
    assert long["status"] == "partially_funded" and long["days_to_due"] == 90
    advance = Decimal(long["advance_amount"])
    assert long["funded_percent"] == str((Decimal(5000000) / advance).quantize(Decimal("0.01")))
    # (200000/advance - 1) x 365/90, in percent: a little above the 18% discount rate
    assert Decimal("18") < Decimal(long["annual_yield"]) < Decimal("19")


def test_marketplace_filters_and_sorts(bob, alice, market):
    client = client_for(bob)
    by_due = _ids(client.get("/api/invoicing/marketplace?ordering=due_date"))
    assert by_due == [str(market[k].pk) for k in ("short", "carols", "long")]
    by_yield = _ids(client.get("/api/invoicing/marketplace?ordering=-yield"))
    assert by_yield == [str(market[k].pk) for k in ("long", "carols", "short")]
    assert _ids(client.get("/api/invoicing/marketplace?currency=USD")) == [str(market["carols"].pk)]
    assert _ids(client.get("/api/invoicing/marketplace?max_days_to_due=30")) == [str(market["short"].pk)]
    assert _ids(client.get("/api/invoicing/marketplace?min_yield=15")) == [str(market["long"].pk)]
    assert set(_ids(client.get("/api/invoicing/marketplace?min_face=1000.01"))) == {
        str(market["short"].pk), str(market["long"].pk)}
    assert _ids(client_for(alice).get("/api/invoicing/marketplace?include_own=false")) == [str(market["carols"].pk)]
    for bad in ("ordering=price; DROP", "min_yield=abc", "max_days_to_due=-1", "currency=QQQ"):
        assert_error(client.get(f"/api/invoicing/marketplace?{bad}"), 400)


def test_portfolio_shows_invested_expected_and_realised_returns(alice, bob, carol, dave):
    repaid = make_listed(alice, face_amount=Decimal("10000.00"), min_ticket=Decimal("100.00"))
    actions.fund_invoice(bob, invoice_id=repaid.pk, amount=Decimal("4000.00"))
    actions.fund_invoice(dave, invoice_id=repaid.pk, amount=repaid.advance_amount - Decimal("4000.00"))
    actions.repay_invoice(alice, invoice_id=repaid.pk, amount=Decimal("10000.00"))
    pending = make_listed(carol, face_amount=Decimal("20000.00"), min_ticket=Decimal("100.00"))
    actions.fund_invoice(bob, invoice_id=pending.pk, amount=Decimal("1000.00"))

    body = client_for(bob).get("/api/invoicing/portfolio").json()
    assert body["count"] == 2
    positions = {row["invoice"]["id"]: row for row in body["results"]}
    done = positions[str(repaid.pk)]
    face_share = Decimal(done["investment"]["face_share"])
    assert done["invested"] == "4000.00"
    assert Decimal(done["expected_return"]) == face_share - Decimal("4000.00") > 0
    assert done["realised_return"] == done["expected_return"]
    waiting = positions[str(pending.pk)]
    assert waiting["investment"]["face_share"] is None and waiting["realised_return"] == "0.00"
    assert Decimal(waiting["expected_return"]) > 0
    [totals] = body["totals"]
    assert totals["invested"] == "5000.00" and totals["positions"] == 2
    assert Decimal(totals["realised_return"]) == Decimal(done["realised_return"])
    assert Decimal(totals["outstanding"]) == Decimal(waiting["expected_face"])
    assert Decimal(totals["annual_yield"]) > Decimal("12")


def test_seller_dashboard_counts_and_totals(alice, bob, market):
    actions.fund_invoice(bob, invoice_id=market["short"].pk, amount=market["short"].advance_amount)
    body = client_for(alice).get("/api/invoicing/dashboard/seller").json()
    assert body["counts"]["funded"] == 1 and body["counts"]["listed"] == 1 and body["counts"]["draft"] == 1
    [inr] = body["totals"]
    short = market["short"]
    short.refresh_from_db()
    assert Decimal(inr["advance_received"]) == short.advance_amount - short.fee_amount
    assert Decimal(inr["outstanding"]) == short.face_amount


def test_investor_dashboard(alice, bob, market):
    actions.fund_invoice(bob, invoice_id=market["short"].pk, amount=Decimal("5000.00"))
    body = client_for(bob).get("/api/invoicing/dashboard/investor").json()
    assert body["counts"]["partially_funded"] == 1
    assert body["totals"][0]["invested"] == "5000.00"
    assert body["wallets"][0]["balance"] == "995000.00"


def test_invoice_investments_seller_sees_all_investor_sees_own(alice, bob, carol, market):
    invoice = market["long"]
    actions.fund_invoice(bob, invoice_id=invoice.pk, amount=Decimal("5000.00"))
    actions.fund_invoice(carol, invoice_id=invoice.pk, amount=Decimal("6000.00"))
    url = f"/api/invoicing/invoices/{invoice.pk}/investments"
    assert client_for(alice).get(url).json()["count"] == 2
    mine = client_for(bob).get(url).json()["results"]
    assert [row["investor"] for row in mine] == [str(bob.pk)]
    assert client_for(bob).get("/api/invoicing/investments").json()["count"] == 1
