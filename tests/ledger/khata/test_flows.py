"""The main khata flows end to end over the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ledger.khata import selectors
from ledger.khata.models import CashEntry, Party
from realtime.models import Change
from tests.helpers import assert_error, assert_hidden_from
from tests.ledger.khata.conftest import line

pytestmark = pytest.mark.django_db


def test_create_business_makes_the_creator_owner(alice_client, alice):
    r = alice_client.post("/api/khata/businesses", {"name": "Gupta Traders", "gstin": "29ABCDE1234F1ZW"},
                          format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state_code"] == "29" and body["currency"] == "INR"
    members = alice_client.get(f"/api/khata/businesses/{body['id']}/members").json()
    assert [m["role"] for m in members["results"]] == ["owner"]


def test_gave_and_got_move_the_balance_and_statement_runs(clients, shop, customer):
    c = clients["clerk"]
    base = f"/api/khata/businesses/{shop.id}/entries"
    assert c.post(base, {"party": str(customer.id), "kind": "gave", "amount": "500.00", "date": "2026-11-01"},
                  format="json").status_code == 201
    assert c.post(base, {"party": str(customer.id), "kind": "got", "amount": "120.50", "date": "2026-11-03"},
                  format="json").status_code == 201
    party = clients["owner"].get(f"/api/khata/parties/{customer.id}").json()
    assert party["balance"] == "379.50"
    st = clients["owner"].get(f"/api/khata/parties/{customer.id}/statement?start=2026-11-02&end=2026-11-30").json()
    assert st["opening"] == "500.00" and st["closing"] == "379.50"
    assert [m["balance"] for m in st["movements"]] == ["379.50"]


def test_party_filters_owes_me_and_i_owe_and_search(clients, shop, customer, alice):
    from ledger.khata import actions

    supplier = actions.create_party(alice, business=shop, kind="supplier", name="Metro Wholesale",
                                    opening_balance=Decimal("-900"))
    actions.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=Decimal("10"))
    c = clients["clerk"]
    url = f"/api/khata/businesses/{shop.id}/parties"
    assert [p["name"] for p in c.get(url + "?balance=owes_me").json()["results"]] == ["Ramesh"]
    assert [p["name"] for p in c.get(url + "?balance=i_owe").json()["results"]] == ["Metro Wholesale"]
    assert [p["name"] for p in c.get(url + "?kind=supplier").json()["results"]] == ["Metro Wholesale"]
    assert [p["name"] for p in c.get(url + "?q=9876543").json()["results"]] == ["Ramesh"]
    assert [p["name"] for p in c.get(url + "?q=metro").json()["results"]] == ["Metro Wholesale"]
    assert supplier.balance == Decimal("-900")


def test_party_soft_delete_and_restore(clients, shop, customer):
    o = clients["owner"]
    assert o.delete(f"/api/khata/parties/{customer.id}").status_code == 200
    assert o.get(f"/api/khata/businesses/{shop.id}/parties").json()["count"] == 0
    assert o.get(f"/api/khata/businesses/{shop.id}/parties?deleted=true").json()["count"] == 1
    assert_error(o.get(f"/api/khata/parties/{customer.id}"), 404)
    r = o.post(f"/api/khata/parties/{customer.id}/restore")
    assert r.status_code == 200 and r.json()["deleted_at"] is None


def test_csv_import_keeps_good_rows_and_reports_bad_ones(clients, shop):
    text = "name,phone,kind,opening_balance\nAsha,9876500011,customer,100\nBad Phone,12345,customer,\n" \
           ",9876500012,customer,\nVikram,,supplier,-50.5\nToo Precise,,customer,1.234\n"
    r = clients["manager"].post(f"/api/khata/businesses/{shop.id}/parties/import", {"csv": text}, format="json")
    assert r.status_code == 200, r.content
    report = r.json()
    assert report["created"] == 2 and report["failed"] == 3
    by_row = {row["row"]: row for row in report["rows"]}
    assert by_row[2]["status"] == "created"
    assert "phone" in by_row[3]["errors"]
    assert "name" in by_row[4]["errors"]
    assert "opening_balance" in by_row[6]["errors"]
    assert Party.objects.filter(business=shop).count() == 2


def test_entry_edit_needs_current_version_and_keeps_revisions(clients, shop, customer):
    o = clients["owner"]
    e = o.post(f"/api/khata/businesses/{shop.id}/entries",
               {"party": str(customer.id), "kind": "gave", "amount": "100"}, format="json").json()
    r = o.patch(f"/api/khata/entries/{e['id']}", {"amount": "150", "version": 1}, format="json")
    assert r.status_code == 200 and r.json()["version"] == 2
    stale = o.patch(f"/api/khata/entries/{e['id']}", {"amount": "10", "version": 1}, format="json")
    err = assert_error(stale, 412, "stale_version")
    assert stale.json()["error"]["current"]["amount"] == "150.00" and err
    assert o.get(f"/api/khata/parties/{customer.id}").json()["balance"] == "150.00"
    revs = o.get(f"/api/khata/entries/{e['id']}/revisions").json()
    assert [x["amount"] for x in revs] == ["100.00"]


def test_entry_delete_is_a_tombstone_that_restores(clients, shop, customer):
    o = clients["owner"]
    e = o.post(f"/api/khata/businesses/{shop.id}/entries",
               {"party": str(customer.id), "kind": "gave", "amount": "100"}, format="json").json()
    r = o.delete(f"/api/khata/entries/{e['id']}")
    assert r.status_code == 200 and r.json()["deleted_at"]
    assert Party.objects.get(pk=customer.id).balance == 0
    assert o.post(f"/api/khata/entries/{e['id']}/restore").status_code == 200
    assert Party.objects.get(pk=customer.id).balance == 100
    change = Change.objects.filter(entity="khata.entry", object_id=e["id"], event="khata.entry.deleted").first()
    assert change.op == "delete"


def test_cash_got_entry_posts_to_cashbook_and_follows_edits(clients, shop, customer):
    o = clients["owner"]
    e = o.post(f"/api/khata/businesses/{shop.id}/entries",
               {"party": str(customer.id), "kind": "got", "amount": "80", "mode": "cash"}, format="json").json()
    posted = CashEntry.objects.get(source_id=e["id"])
    assert posted.direction == "in" and posted.amount == 80
    o.delete(f"/api/khata/entries/{e['id']}")
    posted.refresh_from_db()
    assert posted.deleted_at is not None
    upi = o.post(f"/api/khata/businesses/{shop.id}/entries",
                 {"party": str(customer.id), "kind": "got", "amount": "80", "mode": "upi"}, format="json").json()
    assert not CashEntry.objects.filter(source_id=upi["id"]).exists()


def test_bill_taxes_within_state_split_cgst_sgst_rounded_per_line(clients, shop, customer):
    r = clients["manager"].post(
        f"/api/khata/businesses/{shop.id}/bills",
        {"party": str(customer.id), "lines": [line("33.33", "3", "5"), line("10.05", "1", "18")]}, format="json",
    )
    assert r.status_code == 201, r.content
    bill = r.json()
    assert bill["tax_mode"] == "intra" and bill["number"] == "INV-0001" and bill["status"] == "pending"
    first, second = bill["lines"]
    # 99.99 x 2.5% = 2.49975 -> CGST 2.50, SGST 2.50 (rounded each): 5.00 vs exact 4.9995
    assert first["taxable"] == "99.99" and first["cgst"] == "2.50" and first["sgst"] == "2.50"
    assert first["tax_rounding"] == "0.0005" and second["tax_rounding"] == "-0.009"
    # 10.05 x 9% = 0.9045 -> 0.90 each
    assert second["cgst"] == "0.90" and second["igst"] == "0.00"
    assert bill["taxable"] == "110.04" and bill["tax_total"] == "6.80"
    assert bill["round_off"] == "0.16" and bill["total"] == "117.00"
    assert Party.objects.get(pk=customer.id).balance == Decimal("117.00")


def test_bill_to_another_state_is_igst_with_bill_discount_allocated(clients, shop, alice):
    from ledger.khata import actions

    party = actions.create_party(alice, business=shop, kind="customer", name="Bengaluru Co",
                                 gstin="29ABCDE1234F1ZW")
    bill = clients["owner"].post(
        f"/api/khata/businesses/{shop.id}/bills",
        {"party": str(party.id), "discount": "10.00", "lines": [line("100.00"), line("200.00", rate="12")]},
        format="json",
    ).json()
    assert bill["tax_mode"] == "inter"
    a, b = bill["lines"]
    assert Decimal(a["bill_discount"]) + Decimal(b["bill_discount"]) == Decimal("10.00")
    assert a["bill_discount"] == "3.33" and b["bill_discount"] == "6.67"
    assert a["igst"] == "17.40" and a["cgst"] == "0.00"  # 96.67 x 18% = 17.4006
    assert b["igst"] == "23.20"  # 193.33 x 12% = 23.1996


def test_payments_partial_then_paid_and_overpayment_refused(clients, shop, customer):
    o = clients["owner"]
    bill = o.post(f"/api/khata/businesses/{shop.id}/bills",
                  {"party": str(customer.id), "lines": [line("100.00", rate="0")]}, format="json").json()
    url = f"/api/khata/bills/{bill['id']}/payments"
    assert o.post(url, {"amount": "40", "mode": "cash"}, format="json").status_code == 201
    assert o.get(f"/api/khata/bills/{bill['id']}").json()["status"] == "partially_paid"
    assert_error(o.post(url, {"amount": "60.01"}, format="json"), 400, "overpayment")
    assert o.post(url, {"amount": "60", "mode": "upi"}, format="json").status_code == 201
    got = o.get(f"/api/khata/bills/{bill['id']}").json()
    assert got["status"] == "paid" and got["outstanding"] == "0.00"
    assert Party.objects.get(pk=customer.id).balance == 0
    assert CashEntry.objects.filter(business=shop, source="payment").count() == 1
    assert_error(o.post(f"/api/khata/bills/{bill['id']}/cancel"), 409, "bill_not_cancellable")


def test_overdue_is_derived_from_due_date(clients, shop, customer):
    o = clients["owner"]
    bill = o.post(f"/api/khata/businesses/{shop.id}/bills",
                  {"party": str(customer.id), "issue_date": "2020-01-01", "due_date": "2020-01-15",
                   "lines": [line()]}, format="json").json()
    assert bill["status"] == "overdue"
    assert o.get(f"/api/khata/businesses/{shop.id}/bills?status=overdue").json()["count"] == 1
    assert o.get(f"/api/khata/businesses/{shop.id}/bills?status=pending").json()["count"] == 0


def test_draft_has_no_number_until_issued_and_cancel_reverses(clients, shop, customer):
    o = clients["owner"]
    draft = o.post(f"/api/khata/businesses/{shop.id}/bills",
                   {"party": str(customer.id), "issue": False, "lines": [line()]}, format="json").json()
    assert draft["number"] == "" and draft["status"] == "draft"
    assert Party.objects.get(pk=customer.id).balance == 0
    r = o.patch(f"/api/khata/bills/{draft['id']}", {"lines": [line("50.00", rate="0")]}, format="json")
    assert r.json()["total"] == "50.00"
    issued = o.post(f"/api/khata/bills/{draft['id']}/issue").json()
    assert issued["number"] == "INV-0001"
    assert_error(o.patch(f"/api/khata/bills/{draft['id']}", {"notes": "x"}, format="json"), 409, "bill_not_draft")
    assert o.post(f"/api/khata/bills/{draft['id']}/cancel").json()["status"] == "cancelled"
    assert Party.objects.get(pk=customer.id).balance == 0


def test_cashbook_running_balance_day_summary_and_report(clients, shop):
    o = clients["owner"]
    url = f"/api/khata/businesses/{shop.id}/cashbook"
    for direction, amount, day in [("in", "1000", "2026-11-01"), ("out", "250", "2026-11-01"),
                                   ("in", "100", "2026-11-02"), ("out", "50", "2026-11-03")]:
        r = o.post(url, {"direction": direction, "amount": amount, "date": day, "category": "Sales",
                         "mode": "cash"}, format="json")
        assert r.status_code == 201, r.content
    rows = o.get(url).json()["results"]
    assert [x["running_balance"] for x in rows] == ["1000.00", "750.00", "850.00", "800.00"]
    later = o.get(url + "?start=2026-11-02").json()["results"]
    assert [x["running_balance"] for x in later] == ["850.00", "800.00"]
    day = o.get(url + "/day?date=2026-11-02").json()
    assert (day["opening"], day["cash_in"], day["cash_out"], day["closing"]) == ("750.00", "100.00", "0.00", "850.00")
    rep = o.get(url + "/report?start=2026-11-01&end=2026-11-03").json()
    assert rep["closing"] == "800.00" and len(rep["days"]) == 3


def test_stored_balance_equals_recomputed(shop, customer, alice):
    from ledger.khata import actions

    actions.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=Decimal("10.10"))
    bill = actions.create_bill(alice, business=shop, party_id=customer.id,
                               lines=[{"description": "x", "quantity": Decimal(2), "unit_price": Decimal("9.99"),
                                       "tax_rate": Decimal(5)}])
    actions.record_payment(alice, bill=bill, amount=Decimal("5"))
    party = Party.objects.get(pk=customer.id)
    assert selectors.recomputed_totals(party) == (party.debits, party.credits, party.balance)


def test_outsider_cannot_see_any_object(clients, shop, customer, alice):
    from ledger.khata import actions

    entry = actions.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=Decimal(5))
    bill = actions.create_bill(alice, business=shop, party_id=customer.id,
                               lines=[{"description": "x", "quantity": Decimal(1), "unit_price": Decimal(5)}])
    pay = actions.record_payment(alice, bill=bill, amount=Decimal(1))
    cash = actions.record_cash(alice, business=shop, direction="in", amount=Decimal(1))
    staff = actions.create_staff(alice, business=shop, name="Raju")
    d = clients["outsider"]
    for url in [f"/api/khata/businesses/{shop.id}", f"/api/khata/parties/{customer.id}",
                f"/api/khata/entries/{entry.id}", f"/api/khata/bills/{bill.id}", f"/api/khata/cashbook/{cash.id}",
                f"/api/khata/staff/{staff.id}"]:
        assert_hidden_from(d, url)
    assert_hidden_from(d, f"/api/khata/payments/{pay.id}", methods=("get", "delete"))
    from ledger.khata.models import Membership

    member = Membership.objects.filter(business=shop).first()
    assert_hidden_from(d, f"/api/khata/members/{member.id}")
    assert_hidden_from(d, f"/api/khata/staff/{staff.id}/attendance/2026-11-01", methods=("put",))
    for url in [f"/api/khata/parties/{customer.id}/statement", f"/api/khata/staff/{staff.id}/month",
                f"/api/khata/entries/{entry.id}/revisions"]:
        assert_hidden_from(d, url, methods=("get",))
    for url in [f"/api/khata/parties/{customer.id}/restore", f"/api/khata/entries/{entry.id}/restore",
                f"/api/khata/bills/{bill.id}/issue", f"/api/khata/bills/{bill.id}/cancel",
                f"/api/khata/bills/{bill.id}/payments", f"/api/khata/staff/{staff.id}/punches"]:
        assert_hidden_from(d, url, methods=("post",))
    assert_hidden_from(d, "/api/khata/parties/not-a-uuid", methods=("get",))


def test_field_errors_name_the_field(clients, shop, customer):
    o = clients["owner"]
    r = o.post(f"/api/khata/businesses/{shop.id}/entries",
               {"party": str(customer.id), "kind": "lent", "amount": "-5"}, format="json")
    assert set(assert_error(r, 400, "invalid")["fields"]) == {"kind", "amount"}
    r = o.post(f"/api/khata/businesses/{shop.id}/entries",
               {"party": str(customer.id), "kind": "gave", "amount": "5", "balance": "1"}, format="json")
    assert assert_error(r, 400, "invalid")["fields"] == {"balance": ["Unknown field."]}
    r = o.post(f"/api/khata/businesses/{shop.id}/entries",
               {"party": str(customer.id), "kind": "gave", "amount": "1.001"}, format="json")
    assert "amount" in assert_error(r, 400)["fields"]
    r = o.post(f"/api/khata/businesses/{shop.id}/bills", {"party": str(customer.id), "lines": []}, format="json")
    assert "lines" in assert_error(r, 400)["fields"]
    r = o.post(f"/api/khata/businesses/{shop.id}/parties", {"kind": "customer", "name": "X", "phone": "12"},
               format="json")
    assert "phone" in assert_error(r, 400)["fields"]
    r = o.patch(f"/api/khata/businesses/{shop.id}", {"gstin": "nope", "default_tax_rate": "101"}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"gstin", "default_tax_rate"}
    assert dt.date.today()


def test_printable_invoice_and_statement_pages(shop, customer, alice, dave, client):
    from ledger.khata import actions

    bill = actions.create_bill(alice, business=shop, party_id=customer.id, lines=[
        {"description": "Basmati rice", "hsn": "1006", "quantity": Decimal(3), "unit_price": Decimal("33.33"),
         "tax_rate": Decimal(5)}])
    client.force_login(alice)
    page = client.get(f"/khata/print/bills/{bill.id}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "INV-0001" in html and "Basmati rice" in html and "css/print.css" in html and "CGST" in html
    statement = client.get(f"/khata/print/parties/{customer.id}/statement?start=2000-01-01")
    assert statement.status_code == 200 and "Statement of account" in statement.content.decode()
    client.force_login(dave)
    assert client.get(f"/khata/print/bills/{bill.id}").status_code == 404
    assert client.get(f"/khata/print/parties/{customer.id}/statement").status_code == 404


def test_odd_input_is_a_4xx_never_a_500(clients, shop, customer):
    o = clients["owner"]
    r = o.post(f"/api/khata/businesses/{shop.id}/parties/import", {"csv": "name\nA\x00B\n"}, format="json")
    assert r.status_code == 400
    r = o.post("/api/khata/businesses", {"name": "X", "shift_minutes": 60, "half_day_minutes": 300}, format="json")
    assert "half_day_minutes" in assert_error(r, 400)["fields"]
    r = o.post(f"/api/khata/businesses/{shop.id}/bills",
               {"party": str(customer.id), "issue_date": "9999-12-31", "lines": [line()]}, format="json")
    assert "issue_date" in assert_error(r, 400)["fields"]
    r = o.post(f"/api/khata/businesses/{shop.id}/bills",
               {"party": str(customer.id), "lines": [line("999999999", qty="1000000")]}, format="json")
    assert_error(r, 400, "amount_too_large")
    assert o.get("/api/khata/staff/nope/month?month=0000-01").status_code == 404
    assert_error(o.get(f"/api/khata/businesses/{shop.id}/cashbook/report?start=2020-01-01&end=2026-01-01"), 400)
