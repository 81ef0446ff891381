"""A khata bill becomes an invoice listing in one call (needs ledger.khata's bills)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

khata = pytest.importorskip("ledger.khata.actions", reason="khata bills have not landed")

from config.api.errors import Conflict  # noqa: E402
from invoicing import actions  # noqa: E402
from invoicing.models import Invoice  # noqa: E402
from ledger.khata.models import Bill, CashEntry, Party, Payment, Role  # noqa: E402
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


def test_only_the_owner_lists_and_is_the_seller(alice, bob, carol, dave, bill):
    assert_error(_post(dave, bill=str(bill.id), discount_rate="12"), 404, "not_found")
    assert_error(_post(carol, bill=str(bill.id), discount_rate="12"), 403, "not_bill_owner")
    assert_error(_post(bob, bill=str(bill.id), discount_rate="12"), 403, "not_bill_owner")
    assert not Invoice.objects.exists()
    invoice = _post(alice, bill=str(bill.id), discount_rate="12").json()
    assert Invoice.objects.get(pk=invoice["id"]).seller_id == alice.pk


def _listed(alice, bill) -> Invoice:
    response = _post(alice, bill=str(bill.id), discount_rate="12")
    assert response.status_code == 201, response.content
    return Invoice.objects.get(pk=response.json()["id"])


def _pay_in_khata(user, bill, amount="100.00"):
    return client_for(user).post(f"/api/khata/bills/{bill.id}/payments", {"amount": amount, "mode": "cash"},
                                 format="json")


def test_a_listed_bill_is_paid_only_through_its_invoice_until_withdrawn(alice, bob, bill):
    invoice = _listed(alice, bill)
    bill.refresh_from_db()
    assert bill.financed_by == invoice.pk
    assert_error(_pay_in_khata(bob, bill), 409, "bill_financed")
    assert_error(client_for(alice).post(f"/api/khata/bills/{bill.id}/cancel"), 409, "bill_financed")
    assert not Payment.objects.exists()
    page = Client()
    page.force_login(alice)
    html = page.get(f"/khata/bills/{bill.id}/").content.decode()
    assert 'id="bill-financed"' in html and "Record payment" not in html
    actions.withdraw_invoice(alice, invoice_id=invoice.pk)
    bill.refresh_from_db()
    assert bill.financed_by is None
    assert _pay_in_khata(bob, bill).status_code == 201


def test_repaying_the_invoice_pays_the_bill_in_the_same_transaction(alice, bob, carol, bill):
    invoice = _listed(alice, bill)
    actions.fund_invoice(bob, invoice_id=invoice.pk, amount=invoice.advance_amount)
    party_before = Party.objects.get(pk=bill.party_id).balance
    actions.repay_invoice(alice, invoice_id=invoice.pk, amount=Decimal("40000.00"))
    bill.refresh_from_db()
    assert bill.paid == Decimal("40000.00") and bill.financed_by == invoice.pk
    [payment] = Payment.objects.filter(bill=bill)
    assert payment.amount == Decimal("40000.00") and invoice.number in payment.note
    assert Party.objects.get(pk=bill.party_id).balance == party_before - Decimal("40000.00")
    assert not CashEntry.objects.filter(source_id=payment.id).exists()  # wallet money, not the till
    assert_error(_pay_in_khata(alice, bill), 409, "bill_financed")
    # One transaction: when the bill cannot take the payment, the repayment does not happen either.
    Bill.objects.filter(pk=bill.pk).update(financed_by=None)
    with pytest.raises(Conflict):
        actions.repay_invoice(alice, invoice_id=invoice.pk, amount=Decimal("1.00"))
    invoice.refresh_from_db()
    assert invoice.repaid_amount == Decimal("40000.00")
    Bill.objects.filter(pk=bill.pk).update(financed_by=invoice.pk)
    actions.top_up_wallet(alice, amount=bill.total, currency="INR")
    actions.repay_invoice(alice, invoice_id=invoice.pk, amount=bill.outstanding)
    bill.refresh_from_db()
    assert bill.paid == bill.total and bill.status == "paid"


def test_an_expired_listing_frees_the_bill(alice, bob, bill):
    from invoicing.actions import expire_listing

    invoice = _listed(alice, bill)
    assert expire_listing(invoice_id=invoice.pk, on=invoice.due_date)
    bill.refresh_from_db()
    assert bill.financed_by is None
    assert _pay_in_khata(bob, bill).status_code == 201


def test_a_cancelled_bill_cannot_be_listed(alice, bill):
    khata.cancel_bill(alice, bill=bill)
    assert_error(_post(alice, bill=str(bill.id), discount_rate="12"), 422, "bill_not_issued")


def test_the_admin_shows_which_bills_are_financed_and_by_which_invoice(alice, bob, bill):
    from social.models import User

    root = User.objects.create_superuser("root@example.com", "a-strong-admin-password", name="Root")
    admin = Client()
    admin.force_login(root)
    other = khata.create_bill(alice, business=bill.business, party_id=bill.party_id, due_date=bill.due_date,
                              lines=[{"description": "Nails", "quantity": Decimal(1), "unit_price": Decimal(5)}])
    invoice = _listed(alice, bill)
    financed = admin.get("/admin/khata/bill/?financed_by__isempty=0").content.decode()
    assert str(invoice.pk) in financed and bill.number in financed and other.number not in financed
    free = admin.get("/admin/khata/bill/?financed_by__isempty=1").content.decode()
    assert other.number in free and f">{bill.number}<" not in free
    invoices = admin.get("/admin/invoicing/invoice/?source_bill_id__isempty=0").content.decode()
    assert str(bill.pk) in invoices


def test_the_party_and_business_of_a_financed_bill_cannot_be_deleted(alice, bob, bill):
    """Deleting them would hide a debt investors are financing: 409 until the listing ends."""
    from ledger.khata.models import Business

    invoice = _listed(alice, bill)
    party_url, shop_url = f"/api/khata/parties/{bill.party_id}", f"/api/khata/businesses/{bill.business_id}"
    refused = client_for(bob).delete(party_url)
    assert_error(refused, 409, "bill_financed")
    assert refused.json()["error"]["fields"] == {"bills": [bill.number]}
    assert_error(client_for(alice).delete(shop_url), 409, "bill_financed")
    assert Party.objects.get(pk=bill.party_id).deleted_at is None
    assert Business.objects.get(pk=bill.business_id).deleted_at is None
    actions.withdraw_invoice(alice, invoice_id=invoice.pk)
    assert client_for(bob).delete(party_url).status_code in (200, 204)
    assert client_for(alice).delete(shop_url).status_code in (200, 204)


def test_a_bill_whose_listing_expired_unfunded_is_listed_again_and_the_expiry_stays_as_history(
        alice, bob, bill, monkeypatch):
    import datetime as dt

    from django.db import IntegrityError, transaction

    from invoicing.tasks import mark_overdue_and_defaulted

    first = _listed(alice, bill)
    actions.top_up_wallet(bob, amount=first.min_ticket, currency="INR")
    actions.fund_invoice(bob, invoice_id=first.pk, amount=first.min_ticket)
    # Noon in India on the bill's due date: the hourly beat expires the listing and refunds bob.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime.combine(bill.due_date, dt.time(6, 30), tzinfo=dt.UTC))
    assert mark_overdue_and_defaulted()["expired"] == 1
    first.refresh_from_db()
    bill.refresh_from_db()
    assert first.status == "expired" and bill.financed_by is None
    # The bill's own date has come: a listing needs a later one, which the buyer agreed to.
    assert_error(_post(alice, bill=str(bill.id), discount_rate="9"), 422, "due_date_too_soon")
    earlier = str(bill.due_date - timedelta(days=1))
    assert_error(_post(alice, bill=str(bill.id), discount_rate="9", due_date=earlier), 422, "due_before_bill")
    later = bill.due_date + timedelta(days=60)
    response = _post(alice, bill=str(bill.id), discount_rate="9", min_ticket="5000.00", due_date=str(later))
    assert response.status_code == 201, response.content
    again = response.json()
    assert again["status"] == "listed" and again["id"] != str(first.pk)
    assert again["number"] == first.number == bill.number and again["source_bill_id"] == str(bill.id)
    assert again["due_date"] == str(later) and again["discount_rate"] == "9.0000" and again["min_ticket"] == "5000.00"
    assert again["days_to_due"] == 60 and again["priced_days"] == 60
    bill.refresh_from_db()
    assert str(bill.financed_by) == again["id"] and bill.due_date == first.due_date  # the bill keeps its date
    assert_error(_pay_in_khata(bob, bill), 409, "bill_financed")
    # The expired listing is history, unchanged; one live listing per bill still holds.
    first_again = Invoice.objects.get(pk=first.pk)
    assert (first_again.status, first_again.version, first_again.due_date) == ("expired", first.version, first.due_date)
    assert sorted(Invoice.objects.filter(source_bill_id=bill.id).values_list("status", flat=True)) == ["expired", "listed"]
    assert_error(_post(alice, bill=str(bill.id), discount_rate="9", due_date=str(later)), 409, "bill_already_listed")
    live = Invoice.objects.get(pk=again["id"])
    for clash in ({"number": "OTHER-1"}, {"source_bill_id": None}):  # the bill, then the number
        twin = Invoice(seller=alice, buyer_name=live.buyer_name, number=live.number, face_amount=live.face_amount,
                       currency=live.currency, issue_date=live.issue_date, due_date=live.due_date,
                       discount_rate=live.discount_rate, min_ticket=live.min_ticket, source_bill_id=bill.id)
        for name, value in clash.items():
            setattr(twin, name, value)
        with pytest.raises(IntegrityError), transaction.atomic():
            twin.save(force_insert=True)
    assert Invoice.objects.filter(source_bill_id=bill.id).count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_relistings_of_an_expired_bill_leave_exactly_one_live(alice, bill):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    first = _listed(alice, bill)
    assert actions.expire_listing(invoice_id=first.pk, on=first.due_date)  # a replayed beat day
    workers = 8
    barrier = Barrier(workers)
    client = client_for(alice)

    def relist(rate: int):
        try:
            barrier.wait()
            response = client_for(alice).post("/api/invoicing/invoices/from-bill",
                                              {"bill": str(bill.id), "discount_rate": str(rate)}, format="json")
            return response.status_code, response.json().get("error", {}).get("code")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = sorted(pool.map(relist, range(8, 8 + workers)), key=lambda a: a[0])
    assert answers[0][0] == 201 and answers[1:] == [(409, "bill_already_listed")] * (workers - 1), answers
    live = Invoice.objects.filter(source_bill_id=bill.id).exclude(pk=first.pk)
    assert [i.status for i in live] == ["listed"] and Invoice.objects.get(pk=first.pk).status == "expired"
    bill.refresh_from_db()
    assert bill.financed_by == live.get().pk
    assert client.get(f"/api/invoicing/invoices/{live.get().pk}").json()["number"] == bill.number
