"""Purchase bills (issue 21): a supplier's bill, numbered as they wrote it, raises what the
business owes the supplier; paying it lowers that (cash out of the till only in cash); its
tax is the month's input tax credit, never part of GSTR-1; the rules hold on the API, the
pages and the change feed."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from ledger.khata import actions, selectors
from ledger.khata.models import Bill, CashEntry, Party
from tests.helpers import assert_error, assert_hidden_from, client_for, page_client, replay_feed

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def mill(shop, alice):
    return actions.create_party(alice, business=shop, kind="supplier", name="Atta Mill", state_code="27")


def _line(qty="2", price="500.00", rate="18"):
    return {"description": "Atta 50kg", "hsn": "1101", "quantity": qty, "unit": "bag", "unit_price": price,
            "tax_rate": rate}


def _purchase(who, shop, party, number="INV/77", date="2026-10-03", lines=None):
    return client_for(who).post(f"/api/khata/businesses/{shop.pk}/purchase-bills",
                                {"party": str(party.pk), "number": number, "issue_date": date,
                                 "lines": lines or [_line()]}, format="json")


def test_a_purchase_bill_is_owed_to_the_supplier(bob, shop, mill):
    r = _purchase(bob, shop, mill)
    assert r.status_code == 201, r.content
    bill = r.json()
    assert (bill["kind"], bill["state"], bill["number"], bill["seq"]) == ("purchase", "issued", "INV/77", None)
    assert (bill["taxable"], bill["cgst"], bill["sgst"], bill["igst"], bill["total"]) == (
        "1000.00", "90.00", "90.00", "0.00", "1180.00")
    mill.refresh_from_db()
    assert mill.balance == D("-1180.00") == selectors.recomputed_totals(mill)[2]  # "you'll give"
    rows = selectors.statement(mill, start=None, end=None)["movements"]
    assert [(m["type"], m["debit"], m["credit"]) for m in rows] == [("purchase_bill", "0.00", "1180.00")]
    # it is not one of our sale bills: our invoice numbers do not move, the sale list leaves it out
    shop.refresh_from_db()
    assert shop.next_invoice_number == 1
    c = client_for(bob)
    assert c.get(f"/api/khata/businesses/{shop.pk}/bills?kind=sale").json()["count"] == 0
    assert [b["id"] for b in c.get(f"/api/khata/businesses/{shop.pk}/purchase-bills").json()["results"]] == [bill["id"]]


def test_paying_a_supplier_lowers_what_is_owed_and_cash_goes_out(bob, shop, mill):
    bill = _purchase(bob, shop, mill).json()
    c = client_for(bob)
    cash = c.post(f"/api/khata/bills/{bill['id']}/payments", {"amount": "500", "mode": "cash"}, format="json").json()
    upi = c.post(f"/api/khata/bills/{bill['id']}/payments", {"amount": "80", "mode": "upi"}, format="json").json()
    mill.refresh_from_db()
    assert mill.balance == D("-600.00") == selectors.recomputed_totals(mill)[2]
    [posting] = CashEntry.objects.filter(business=shop, deleted_at=None)
    assert (posting.source_id, posting.direction, posting.amount) == (uuid.UUID(cash["id"]), "out", D("500.00"))
    assert not CashEntry.objects.filter(source_id=upi["id"]).exists()
    assert c.get(f"/api/khata/bills/{bill['id']}").json()["status"] in ("partially_paid", "overdue")
    assert_error(c.post(f"/api/khata/bills/{bill['id']}/payments", {"amount": "600.01"}, format="json"), 400,
                 "overpayment")
    assert c.delete(f"/api/khata/payments/{cash['id']}").status_code == 204
    mill.refresh_from_db()
    assert mill.balance == D("-1100.00") == selectors.recomputed_totals(mill)[2]
    assert not CashEntry.objects.filter(business=shop, deleted_at=None).exists()
    rows = selectors.statement(mill, start=None, end=None)["movements"]
    assert [(m["type"], m["debit"], m["credit"]) for m in rows] == [
        ("purchase_bill", "0.00", "1180.00"), ("payment", "80.00", "0.00")]


def test_cancelling_an_unpaid_purchase_bill_clears_it(bob, shop, mill):
    bill = _purchase(bob, shop, mill).json()
    assert client_for(bob).post(f"/api/khata/bills/{bill['id']}/cancel", {}, format="json").status_code == 200
    mill.refresh_from_db()
    assert mill.balance == 0 == selectors.recomputed_totals(mill)[2]
    assert _purchase(bob, shop, mill).status_code == 201  # the number is free again


def test_refusals(bob, carol, dave, shop, mill, customer):
    assert _purchase(bob, shop, mill).status_code == 201
    assert_error(_purchase(bob, shop, mill), 409, "purchase_bill_recorded")
    assert_error(_purchase(bob, shop, customer, number="X1"), 400, "not_a_supplier")
    assert_error(_purchase(carol, shop, mill, number="X2"), 403, "insufficient_role")
    assert_hidden_from(client_for(dave), f"/api/khata/businesses/{shop.pk}/purchase-bills", methods=("get",))
    assert_error(_purchase(bob, shop, mill, number="X3", lines=[_line(price="1.001")]), 400)
    assert_error(client_for(bob).post(f"/api/khata/businesses/{shop.pk}/purchase-bills",
                                      {"party": str(mill.pk), "lines": [_line()]}, format="json"), 400)
    assert Bill.objects.filter(kind="purchase").count() == 1
    mill.refresh_from_db()
    assert mill.balance == D("-1180.00")


def test_no_credit_notes_or_financing_on_a_purchase_bill(alice, bob, shop, mill):
    bill = Bill.objects.get(pk=_purchase(bob, shop, mill).json()["id"])
    r = client_for(bob).post(f"/api/khata/bills/{bill.pk}/credit-notes",
                             {"reason": "back", "lines": [_line(qty="1")]}, format="json")
    assert_error(r, 409, "not_a_sale_bill")
    from config.api.errors import Conflict

    with pytest.raises(Conflict) as caught:
        actions.link_bill(alice, bill=bill, invoice_id=uuid.uuid4(), face=bill.outstanding)
    assert caught.value.code == "not_a_sale_bill"


def test_input_tax_for_the_month_and_not_in_gstr1(alice, bob, carol, dave, shop, mill):
    far = actions.create_party(alice, business=shop, kind="supplier", name="Oil Co", state_code="29")
    _purchase(bob, shop, mill)
    _purchase(bob, shop, far, number="OC-9", lines=[_line(qty="1", price="1000.00", rate="12")])
    _purchase(bob, shop, mill, number="NOV-1", date="2026-11-02")
    c = client_for(bob)
    itc = c.get(f"/api/khata/businesses/{shop.pk}/input-tax", {"month": "2026-10"}).json()
    assert itc == {"month": "2026-10", "currency": "INR", "bills": 2, "taxable": "2000.00", "igst": "120.00",
                   "cgst": "90.00", "sgst": "90.00", "tax_total": "300.00", "total": "2300.00"}
    gstr1 = c.get(f"/api/khata/businesses/{shop.pk}/gstr1", {"month": "2026-10"}).json()
    assert gstr1["b2b"] == gstr1["b2cl"] == gstr1["b2cs"] == gstr1["cdnr"] == [] and gstr1["hsn"] == {"data": []}
    assert_error(client_for(carol).get(f"/api/khata/businesses/{shop.pk}/input-tax", {"month": "2026-10"}), 403)
    assert_hidden_from(client_for(dave), f"/api/khata/businesses/{shop.pk}/input-tax?month=2026-10", methods=("get",))
    assert_error(c.get(f"/api/khata/businesses/{shop.pk}/input-tax", {"month": "2026-13"}), 400)
    html = page_client(bob).get(f"/khata/{shop.pk}/bills/?month=2026-10").content.decode()
    assert 'id="input-tax"' in html and "₹300.00" in html


def test_the_feed_carries_purchase_bills_to_members(alice, carol, dave, shop, mill):
    bill = _purchase(alice, shop, mill).json()
    for who in (alice, carol):
        assert replay_feed(client_for(who))["khata.bill"][bill["id"]]["kind"] == "purchase"
    assert bill["id"] not in replay_feed(client_for(dave)).get("khata.bill", {})


def test_the_purchases_page_records_a_bill(alice, carol, shop, mill):
    page = page_client(alice)
    html = page.get(f"/khata/{shop.pk}/purchases/").content.decode()
    assert 'id="purchase-form"' in html and "Atta Mill" in html
    form = {"party": str(mill.pk), "number": "AM-12", "issue_date": "2026-10-03", "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "50",
            "lines-0-description": "Atta", "lines-0-quantity": "1", "lines-0-unit_price": "100", "lines-0-tax_rate": "5"}
    r = page.post(f"/khata/{shop.pk}/purchases/", form)
    assert r.status_code == 302
    bill = Bill.objects.get(kind="purchase")
    assert bill.total == D("105.00") and Party.objects.get(pk=mill.pk).balance == D("-105.00")
    html = page.get(f"/khata/bills/{bill.pk}/").content.decode()
    assert "Purchase bill AM-12" in html and 'id="credit-note-form"' not in html and "/khata/print/bills/" not in html
    again = page.post(f"/khata/{shop.pk}/purchases/", form)  # the same supplier bill twice: said, not written
    assert again.status_code == 200 and Bill.objects.filter(kind="purchase").count() == 1
    clerk = page_client(carol).get(f"/khata/{shop.pk}/purchases/").content.decode()
    assert "AM-12" in clerk and 'id="purchase-form"' not in clerk
