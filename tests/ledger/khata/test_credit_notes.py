"""Credit notes against sale bills (issue 21): tax reversed the bill's way, never more than
is left to credit, the customer and the bill owe less (and again after a cancel), the
financed and role rules, the pages, the printable note and the change feed."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from ledger.khata import actions, selectors
from ledger.khata.models import Bill, CreditNote, Party
from tests.helpers import assert_error, assert_hidden_from, client_for, page_client, replay_feed

pytestmark = pytest.mark.django_db
D = Decimal


def _line(qty="3", price="33.33", rate="5"):
    return {"description": "Dal", "hsn": "0713", "quantity": qty, "unit": "kg", "unit_price": price, "tax_rate": rate}


def _bill(who, shop, party, *lines):
    r = client_for(who).post(f"/api/khata/businesses/{shop.pk}/bills",
                             {"party": str(party.pk), "issue_date": "2026-10-05", "lines": list(lines or [_line()])},
                             format="json")
    assert r.status_code == 201, r.content
    return r.json()


def _credit(who, bill_id, *lines, reason="Returned", date="2026-10-06"):
    return client_for(who).post(f"/api/khata/bills/{bill_id}/credit-notes",
                                {"reason": reason, "date": date, "lines": list(lines)}, format="json")


def test_a_credit_note_reverses_the_bills_intra_state_tax_line_by_line(alice, bob, shop, customer):
    bill = _bill(bob, shop, customer)
    # 3 x 33.33 at 5 %: CGST and SGST 2.49975 -> 2.50 each, 104.99 -> 105 (round-off 0.01)
    assert (bill["cgst"], bill["sgst"], bill["igst"], bill["total"]) == ("2.50", "2.50", "0.00", "105.00")
    r = _credit(bob, bill["id"], _line(qty="1"))
    assert r.status_code == 201, r.content
    note = r.json()
    assert note["number"] == "CN-0001" and note["bill_number"] == bill["number"] and note["tax_mode"] == "intra"
    # 1 x 33.33 at 5 %: 0.83325 -> 0.83 each, 34.99 -> 35 (the bill's per-line rounding)
    assert (note["taxable"], note["cgst"], note["sgst"], note["igst"], note["round_off"], note["total"]) == (
        "33.33", "0.83", "0.83", "0.00", "0.01", "35.00")
    assert note["lines"][0]["tax_rounding"] == "-0.0065"  # 0.83 + 0.83 - 1.6665
    after = client_for(alice).get(f"/api/khata/bills/{bill['id']}").json()
    assert (after["credited"], after["outstanding"], after["status"]) == ("35.00", "70.00", "overdue")  # due 30 days on
    customer.refresh_from_db()
    assert customer.balance == D("70.00")
    assert selectors.recomputed_totals(customer)[2] == customer.balance


def test_an_inter_state_bill_is_credited_in_igst(bob, shop):
    far = actions.create_party(bob, business=shop, kind="customer", name="Meera", state_code="29")
    bill = _bill(bob, shop, far)
    assert bill["tax_mode"] == "inter"
    note = _credit(bob, bill["id"], _line(qty="1")).json()
    # 33.33 x 5 % = 1.6665 -> 1.67; 35.00 exactly
    assert (note["tax_mode"], note["igst"], note["cgst"], note["sgst"], note["round_off"], note["total"]) == (
        "inter", "1.67", "0.00", "0.00", "0.00", "35.00")


def test_more_than_is_left_to_credit_is_refused_and_changes_nothing(bob, shop, customer):
    bill = _bill(bob, shop, customer)
    assert _credit(bob, bill["id"], _line(qty="2")).json()["total"] == "70.00"
    customer.refresh_from_db()
    before = customer.balance
    error = assert_error(_credit(bob, bill["id"], _line(qty="2")), 409, "credit_note_exceeds_bill")
    assert error["creditable"] == "35.00"
    customer.refresh_from_db()
    assert customer.balance == before and CreditNote.objects.count() == 1
    assert Bill.objects.get(pk=bill["id"]).credited == D("70.00")
    # the refused note took no number: the series stays gap-free
    assert _credit(bob, bill["id"], _line(qty="1")).json()["number"] == "CN-0002"
    assert Bill.objects.get(pk=bill["id"]).outstanding == 0
    # credited in full (all the goods came back): not "paid", and listed as such
    assert client_for(bob).get(f"/api/khata/bills/{bill['id']}").json()["status"] == "credited"
    listed = client_for(bob).get(f"/api/khata/businesses/{shop.pk}/bills", {"status": "credited"}).json()
    assert [b["id"] for b in listed["results"]] == [bill["id"]]
    paid = client_for(bob).get(f"/api/khata/businesses/{shop.pk}/bills", {"status": "paid"}).json()
    assert bill["id"] not in [b["id"] for b in paid["results"]]


def test_the_outstanding_caps_payments_after_a_credit_note(bob, shop, customer):
    bill = _bill(bob, shop, customer)
    _credit(bob, bill["id"], _line(qty="1"))
    r = client_for(bob).post(f"/api/khata/bills/{bill['id']}/payments", {"amount": "70.01"}, format="json")
    assert assert_error(r, 400, "overpayment")["outstanding"] == "70.00"
    assert client_for(bob).post(f"/api/khata/bills/{bill['id']}/payments", {"amount": "70"},
                                format="json").status_code == 201
    assert client_for(bob).get(f"/api/khata/bills/{bill['id']}").json()["status"] == "paid"


def test_cancelling_a_credit_note_puts_the_debt_back(bob, shop, customer):
    bill = _bill(bob, shop, customer)
    note = _credit(bob, bill["id"], _line(qty="1")).json()
    # a bill with a live credit note cannot be cancelled
    assert_error(client_for(bob).post(f"/api/khata/bills/{bill['id']}/cancel", {}, format="json"), 409,
                 "bill_has_credit_notes")
    r = client_for(bob).post(f"/api/khata/credit-notes/{note['id']}/cancel", {}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "cancelled" and r.json()["number"] == "CN-0001"
    again = client_for(bob).post(f"/api/khata/credit-notes/{note['id']}/cancel", {}, format="json")
    assert again.status_code == 200 and again.json()["version"] == r.json()["version"]
    customer.refresh_from_db()
    assert customer.balance == D("105.00") == selectors.recomputed_totals(customer)[2]
    b = Bill.objects.get(pk=bill["id"])
    assert (b.credited, b.outstanding) == (0, D("105.00"))
    assert client_for(bob).post(f"/api/khata/bills/{bill['id']}/cancel", {}, format="json").status_code == 200


def test_a_financed_bill_refuses_credit_notes(bob, shop, customer):
    bill = _bill(bob, shop, customer)
    Bill.objects.filter(pk=bill["id"]).update(financed_by=uuid.uuid4())
    assert_error(_credit(bob, bill["id"], _line(qty="1")), 409, "bill_financed")
    assert CreditNote.objects.count() == 0


def test_drafts_and_bad_lines_are_refused(bob, shop, customer):
    draft = client_for(bob).post(f"/api/khata/businesses/{shop.pk}/bills",
                                 {"party": str(customer.pk), "lines": [_line()], "issue": False}, format="json").json()
    assert_error(_credit(bob, draft["id"], _line(qty="1")), 409, "bill_not_issued")
    bill = _bill(bob, shop, customer)
    assert_error(_credit(bob, bill["id"]), 400)  # no lines
    assert_error(_credit(bob, bill["id"], _line(qty="-1")), 400)
    assert_error(_credit(bob, bill["id"], _line(qty="1"), reason=""), 400)
    assert_error(_credit(bob, bill["id"], _line(qty="1"), date="2026-10-01"), 400)  # before the bill
    assert_error(_credit(bob, bill["id"], _line(qty="1", price="0")), 409, "credit_note_empty")
    assert CreditNote.objects.count() == 0


def test_roles_as_for_bills(alice, bob, carol, dave, shop, customer):
    bill = _bill(bob, shop, customer)
    assert_error(_credit(carol, bill["id"], _line(qty="1")), 403, "insufficient_role")
    assert_hidden_from(client_for(dave), f"/api/khata/bills/{bill['id']}/credit-notes", methods=("get",))
    assert_hidden_from(client_for(dave), f"/api/khata/bills/{bill['id']}/credit-notes", methods=("post",),
                       body={"reason": "x", "lines": [_line(qty="1")]})
    note = _credit(alice, bill["id"], _line(qty="1")).json()
    assert client_for(carol).get(f"/api/khata/credit-notes/{note['id']}").status_code == 200  # clerks read
    assert_error(client_for(carol).post(f"/api/khata/credit-notes/{note['id']}/cancel", {}, format="json"), 403)
    assert_hidden_from(client_for(dave), f"/api/khata/credit-notes/{note['id']}", methods=("get",))
    assert_hidden_from(client_for(dave), f"/api/khata/credit-notes/{note['id']}/cancel", methods=("post",))
    listed = client_for(carol).get(f"/api/khata/businesses/{shop.pk}/credit-notes?party={customer.pk}").json()
    assert [n["id"] for n in listed["results"]] == [note["id"]]


def test_a_replayed_credit_note_is_the_same_note(bob, shop, customer):
    bill = _bill(bob, shop, customer)
    body = {"id": str(uuid.uuid4()), "reason": "Returned", "lines": [_line(qty="1")]}
    first = client_for(bob).post(f"/api/khata/bills/{bill['id']}/credit-notes", body, format="json")
    second = client_for(bob).post(f"/api/khata/bills/{bill['id']}/credit-notes", body, format="json")
    assert first.json()["id"] == second.json()["id"] and CreditNote.objects.count() == 1
    customer.refresh_from_db()
    assert customer.balance == D("70.00")


def test_the_feed_carries_the_note_and_the_credited_bill(alice, carol, dave, shop, customer):
    bill = _bill(alice, shop, customer)
    note = _credit(alice, bill["id"], _line(qty="1")).json()
    for who in (alice, carol):
        feed = replay_feed(client_for(who))
        assert feed["khata.credit_note"][note["id"]]["total"] == "35.00"
        assert feed["khata.bill"][bill["id"]]["credited"] == "35.00"
    assert "khata.credit_note" not in replay_feed(client_for(dave))


def test_the_statement_shows_the_credit_note(bob, shop, customer):
    bill = _bill(bob, shop, customer)
    _credit(bob, bill["id"], _line(qty="1"))
    rows = selectors.statement(Party.objects.get(pk=customer.pk), start=None, end=None)["movements"]
    assert [(m["type"], m["debit"], m["credit"], m["balance"]) for m in rows] == [
        ("bill", "105.00", "0.00", "105.00"), ("credit_note", "0.00", "35.00", "70.00")]


def test_the_bill_page_issues_lists_and_cancels_credit_notes(alice, shop, customer):
    bill = _bill(alice, shop, customer)
    page = page_client(alice)
    html = page.get(f"/khata/bills/{bill['id']}/").content.decode()
    assert 'id="credit-note-form"' in html and 'name="cn-0-description"' in html
    form = {"form": "credit_note", "note-reason": "Two kg came back", "note-date": "2026-10-06",
            "cn-TOTAL_FORMS": "1", "cn-INITIAL_FORMS": "0", "cn-MIN_NUM_FORMS": "0", "cn-MAX_NUM_FORMS": "50",
            "cn-0-description": "Dal", "cn-0-hsn": "0713", "cn-0-quantity": "2", "cn-0-unit": "kg",
            "cn-0-unit_price": "33.33", "cn-0-tax_rate": "5"}
    r = page.post(f"/khata/bills/{bill['id']}/", form)
    assert r.status_code == 302
    note = CreditNote.objects.get()
    assert note.total == D("70.00") and note.reason == "Two kg came back"
    html = page.get(f"/khata/bills/{bill['id']}/").content.decode()
    assert "CN-0001" in html and "Two kg came back" in html
    assert "CN-0001" in page.get(f"/khata/parties/{customer.pk}/").content.decode()
    printed = page.get(f"/khata/print/credit-notes/{note.pk}")
    assert printed.status_code == 200 and "CN-0001" in printed.content.decode()
    # too much, from the page: the form says so and nothing is written
    form["cn-0-quantity"] = "3"
    r = page.post(f"/khata/bills/{bill['id']}/", form)
    assert r.status_code == 200 and CreditNote.objects.count() == 1
    assert page.post(f"/khata/credit-notes/{note.pk}/cancel/").status_code == 302
    note.refresh_from_db()
    assert note.state == "cancelled"


def test_the_pages_hide_notes_from_outsiders(alice, dave, shop, customer):
    bill = _bill(alice, shop, customer)
    note = _credit(alice, bill["id"], _line(qty="1")).json()
    outsider = page_client(dave)
    assert outsider.get(f"/khata/print/credit-notes/{note['id']}").status_code == 404
    assert outsider.post(f"/khata/credit-notes/{note['id']}/cancel/").status_code == 404
    assert CreditNote.objects.get().state == "issued"


def test_the_pages_speak_hindi(alice, shop, customer):
    bill = _bill(alice, shop, customer)
    note = _credit(alice, bill["id"], _line(qty="1")).json()
    alice.profile.locale = "hi_IN"
    alice.profile.save()
    page = page_client(alice)
    html = page.get(f"/khata/bills/{bill['id']}/").content.decode()
    assert "क्रेडिट नोट जारी करें" in html
    assert "Issue a credit note" not in html and "Credit notes" not in html
    printed = page.get(f"/khata/print/credit-notes/{note['id']}").content.decode()
    assert "Total credited" not in printed


def test_a_bill_credited_in_full_reads_so_on_the_bills_page(alice, shop, customer):
    bill = _bill(alice, shop, customer)
    assert _credit(alice, bill["id"], _line(qty="3")).status_code == 201  # every kg came back
    page = page_client(alice)
    returned = page.get(f"/khata/{shop.pk}/bills/?status=credited").content.decode()
    assert bill["number"] in returned and "credited in full" in returned
    assert bill["number"] not in page.get(f"/khata/{shop.pk}/bills/?status=paid").content.decode()
    alice.profile.locale = "hi_IN"
    alice.profile.save()
    assert "पूरा क्रेडिट नोट से घटा" in page_client(alice).get(f"/khata/bills/{bill['id']}/").content.decode()
