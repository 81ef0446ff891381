"""A khata bill becomes an invoice listing in one call (needs ledger.khata's bills)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

khata = pytest.importorskip("ledger.khata.actions", reason="khata bills have not landed")

from ledger.khata.models import Role  # noqa: E402
from realtime.models import Change  # noqa: E402
from tests.helpers import assert_error, client_for  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(alice, bob, carol):
    business = khata.create_business(alice, name="Sharma Traders", state_code="27")
    khata.add_member(alice, business=business, user=bob, role=Role.MANAGER)
    khata.add_member(alice, business=business, user=carol, role=Role.CLERK)
    return business


@pytest.fixture
def bill(shop, alice):
    party = khata.create_party(alice, business=shop, kind="customer", name="Tata Steel Ltd",
                               gstin="27AAPFU0939F1ZV", state_code="27")
    today = timezone.localdate()
    return khata.create_bill(alice, business=shop, party_id=party.id, issue_date=today,
                             due_date=today + timedelta(days=45),
                             lines=[{"description": "Steel coils", "quantity": Decimal("10"), "unit_price": Decimal("10000.00"),
                                     "tax_rate": Decimal("18")}])


def _post(user, **body):
    return client_for(user).post("/api/invoicing/invoices/from-bill", body, format="json")


def test_a_bill_becomes_a_listing_in_one_call(alice, dave, bill):
    response = _post(alice, bill=str(bill.id), discount_rate="12")
    assert response.status_code == 201, response.content
    invoice = response.json()
    assert invoice["status"] == "listed" and invoice["source_bill_id"] == str(bill.id)
    assert invoice["number"] == bill.number and invoice["buyer_name"] == "Tata Steel Ltd"
    assert Decimal(invoice["face_amount"]) == bill.total and invoice["due_date"] == str(bill.due_date)
    assert Decimal(invoice["min_ticket"]) == (bill.total / 10).quantize(Decimal("0.01"))
    assert Change.objects.filter(user_id=dave.pk, event="invoice.listed", object_id=invoice["id"]).exists()
    assert_error(_post(alice, bill=str(bill.id), discount_rate="12"), 409, "bill_already_listed")


def test_a_manager_may_list_a_clerk_may_not_an_outsider_sees_nothing(bob, carol, dave, bill):
    assert_error(_post(dave, bill=str(bill.id), discount_rate="12"), 404, "not_found")
    assert_error(_post(carol, bill=str(bill.id), discount_rate="12"), 403, "not_bill_manager")
    assert _post(bob, bill=str(bill.id), discount_rate="12").status_code == 201


def test_a_cancelled_bill_cannot_be_listed(alice, bill):
    khata.cancel_bill(alice, bill=bill)
    assert_error(_post(alice, bill=str(bill.id), discount_rate="12"), 422, "bill_not_issued")
