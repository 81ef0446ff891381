"""Credit is not cash: an entry is on credit unless it names a payment method, and only a
payment in cash moves the cashbook (API, page, day summary and range report follow)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from ledger.khata import actions
from ledger.khata.models import CashEntry, Entry, Party
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def _entry(client, shop, customer, **body):
    return client.post(f"/api/khata/businesses/{shop.id}/entries",
                       {"party": str(customer.id), "date": "2026-11-10", **body}, format="json")


def test_goods_on_credit_move_the_balance_not_the_cashbook(clients, shop, customer):
    o = clients["owner"]
    r = _entry(o, shop, customer, kind="gave", amount="2500.50")
    assert r.status_code == 201, r.content
    assert (r.json()["settlement"], r.json()["mode"]) == ("credit", "")
    assert Party.objects.get(pk=customer.id).balance == Decimal("2500.50")
    assert not CashEntry.objects.filter(business=shop).exists()
    day = o.get(f"/api/khata/businesses/{shop.id}/cashbook/day?date=2026-11-10").json()
    assert (day["cash_in"], day["cash_out"], day["closing"]) == ("0.00", "0.00", "0.00")


def test_only_a_cash_payment_posts_in_the_direction_the_money_moved(clients, shop, customer):
    o = clients["owner"]
    got_cash = _entry(o, shop, customer, kind="got", amount="500", settlement="payment", mode="cash").json()
    gave_cash = _entry(o, shop, customer, kind="gave", amount="200", settlement="payment", mode="cash").json()
    for mode in ("upi", "bank", "card", "cheque"):
        assert _entry(o, shop, customer, kind="got", amount="7", settlement="payment", mode=mode).status_code == 201
    posted = {str(c.source_id): (c.direction, c.amount) for c in CashEntry.objects.filter(deleted_at=None)}
    assert posted == {got_cash["id"]: ("in", Decimal(500)), gave_cash["id"]: ("out", Decimal(200))}
    report = o.get(f"/api/khata/businesses/{shop.id}/cashbook/report?start=2026-11-01&end=2026-11-30").json()
    assert (report["cash_in"], report["cash_out"], report["closing"]) == ("500.00", "200.00", "300.00")


def test_a_method_alone_means_a_payment_and_bad_pairs_are_field_errors(clients, shop, customer):
    o = clients["owner"]
    legacy = _entry(o, shop, customer, kind="got", amount="10", mode="cash").json()
    assert (legacy["settlement"], legacy["mode"]) == ("payment", "cash")
    error = assert_error(_entry(o, shop, customer, kind="got", amount="10", settlement="payment"), 400)
    assert "mode" in error["fields"]
    error = assert_error(_entry(o, shop, customer, kind="got", amount="10", settlement="credit", mode="upi"), 400)
    assert "mode" in error["fields"]
    assert Entry.objects.count() == 1


def test_editing_the_settlement_posts_and_unposts(clients, shop, customer):
    o = clients["owner"]
    e = _entry(o, shop, customer, kind="got", amount="80").json()
    assert not CashEntry.objects.filter(source_id=e["id"]).exists()
    r = o.patch(f"/api/khata/entries/{e['id']}", {"settlement": "payment", "mode": "cash"}, format="json")
    assert r.status_code == 200, r.content
    assert CashEntry.objects.get(source_id=e["id"], deleted_at=None).direction == "in"
    r = o.patch(f"/api/khata/entries/{e['id']}", {"settlement": "credit"}, format="json")
    assert (r.json()["settlement"], r.json()["mode"]) == ("credit", "")
    assert CashEntry.objects.get(source_id=e["id"]).deleted_at is not None


def test_the_api_schema_documents_settlement(clients):
    schema = clients["owner"].get("/api/schema/?format=json").json()
    entry_in = schema["components"]["schemas"]["EntryInRequest"]["properties"]
    assert "credit" in entry_in["settlement"]["description"] and "cashbook" in entry_in["settlement"]["description"]
    assert "mode" in entry_in and "settlement" in schema["components"]["schemas"]["EntryOut"]["properties"]


def test_the_entry_form_preselects_credit_and_cash_posts(alice, shop, customer):
    client = Client()
    client.force_login(alice)
    html = client.get(f"/khata/parties/{customer.pk}/").content.decode()
    credit = html.split('value="credit"')[0].rsplit("<input", 1)[1] + html.split('value="credit"')[1].split(">")[0]
    assert "checked" in credit and 'value="cheque"' in html
    client.post(f"/khata/parties/{customer.pk}/", {"kind": "gave", "amount": "100", "date": "2026-11-20",
                                                   "settled": "credit"})
    client.post(f"/khata/parties/{customer.pk}/", {"kind": "got", "amount": "60", "date": "2026-11-21",
                                                   "settled": "cash"})
    entries = {e.kind: (e.settlement, e.mode) for e in Entry.objects.filter(party=customer)}
    assert entries == {"gave": ("credit", ""), "got": ("payment", "cash")}
    assert [(c.direction, c.amount) for c in CashEntry.objects.filter(deleted_at=None)] == [("in", Decimal(60))]


def test_actions_default_to_credit(alice, shop, customer):
    entry = actions.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=Decimal(5))
    assert (entry.settlement, entry.mode) == ("credit", "")
    assert not CashEntry.objects.exists()
