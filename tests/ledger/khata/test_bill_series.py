"""Bill series: a new series (a new financial year) starts at 1; numbers stay unique and
gap-free per business and series."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from ledger.khata import actions
from ledger.khata.models import Bill
from tests.helpers import assert_error
from tests.ledger.khata.conftest import line

pytestmark = pytest.mark.django_db


def _issue(client, shop, customer):
    r = client.post(f"/api/khata/businesses/{shop.id}/bills",
                    {"party": str(customer.id), "issue_date": "2026-11-01", "lines": [line()], "issue": True},
                    format="json")
    assert r.status_code == 201, r.content
    return r.json()["number"]


def test_a_new_series_starts_at_one_and_an_old_one_continues(clients, shop, customer):
    o = clients["owner"]
    assert [_issue(o, shop, customer) for _ in range(2)] == ["INV-0001", "INV-0002"]
    r = o.patch(f"/api/khata/businesses/{shop.id}", {"invoice_prefix": "SK/26-27/"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["next_invoice_number"] == 1
    assert [_issue(o, shop, customer) for _ in range(2)] == ["SK/26-27/0001", "SK/26-27/0002"]
    # Back to the old series: it continues after its last bill and cannot go back.
    assert_error(o.patch(f"/api/khata/businesses/{shop.id}", {"invoice_prefix": "INV-", "next_invoice_number": 2},
                         format="json"), 400, "invoice_number_backwards")
    o.patch(f"/api/khata/businesses/{shop.id}", {"invoice_prefix": "INV-"}, format="json")
    assert _issue(o, shop, customer) == "INV-0003"
    assert sorted(Bill.objects.values_list("series", "seq")) == [
        ("INV-", 1), ("INV-", 2), ("INV-", 3), ("SK/26-27/", 1), ("SK/26-27/", 2)]


def test_the_database_keeps_a_number_once_per_series(alice, shop, customer):
    lines = [{"description": "x", "quantity": Decimal(1), "unit_price": Decimal(10)}]
    bill = actions.create_bill(alice, business=shop, party_id=customer.id, lines=lines)
    draft = actions.create_bill(alice, business=shop, party_id=customer.id, lines=lines, issue=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bill.objects.filter(pk=draft.pk).update(state="issued", series=bill.series, seq=bill.seq)
