"""Funding a listing, disbursement, repayment, overdue and default."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from invoicing import actions, pricing
from invoicing.models import Account, AccountKind, Investment, InvoiceStatus
from invoicing.tasks import mark_overdue_and_defaulted
from realtime.models import Change, Notification
from tests.helpers import assert_error, client_for
from tests.invoicing.conftest import assert_journal_consistent, balance, make_listed, wallet

pytestmark = pytest.mark.django_db


def _fund(user, invoice, amount: str):
    return client_for(user).post(f"/api/invoicing/invoices/{invoice.pk}/fund", {"amount": amount}, format="json")


def test_partial_funding_moves_money_into_escrow(alice, bob, listed):
    response = _fund(bob, listed, "10000.00")
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "10000.00" and response.json()["status"] == "partially_funded"
    assert balance(bob) == Decimal("990000.00")
    assert Account.objects.get(kind=AccountKind.ESCROW, invoice=listed).balance == Decimal("10000.00")
    listed.refresh_from_db()
    assert listed.status == InvoiceStatus.PARTIALLY_FUNDED and listed.funded_amount == Decimal("10000.00")
    assert_journal_consistent()


def test_full_funding_disburses_advance_less_fee_and_confirms_everyone(alice, bob, carol, listed):
    seller_before = balance(alice)
    _fund(bob, listed, "30000.00")
    _fund(bob, listed, "10000.00")  # a second ticket adds to bob's position
    remaining = listed.advance_amount - Decimal("40000.00")
    response = _fund(carol, listed, str(remaining))
    assert response.status_code == 201, response.content
    listed.refresh_from_db()
    fee = pricing.platform_fee(listed.advance_amount, "INR")
    assert listed.status == InvoiceStatus.FUNDED and listed.fee_amount == fee
    assert balance(alice) == seller_before + listed.advance_amount - fee
    assert Account.objects.get(kind=AccountKind.ESCROW, invoice=listed).balance == 0
    assert Account.objects.get(kind=AccountKind.FEE, currency="INR").balance == fee
    shares = {i.investor_id: i.face_share for i in Investment.objects.filter(invoice=listed)}
    assert sum(shares.values()) == listed.face_amount
    # each owns the fraction of the face equal to their fraction of the advance (to the paisa)
    assert abs(shares[bob.pk] - listed.face_amount * 40000 / listed.advance_amount) < Decimal("0.01")
    assert Notification.objects.filter(user=alice, kind="invoice.funded").count() == 1
    assert set(Notification.objects.filter(kind="investment.confirmed").values_list("user_id", flat=True)) == {
        bob.pk, carol.pk}
    assert Change.objects.filter(user_id=alice.pk, event="invoice.funded").exists()
    assert Change.objects.filter(user_id=bob.pk, event="investment.confirmed").exists()
    assert_journal_consistent()


def test_a_funded_invoice_leaves_the_marketplace_for_outsiders(alice, bob, dave, listed):
    _fund(bob, listed, str(listed.advance_amount))
    assert Change.objects.filter(user_id=dave.pk, object_id=listed.pk, op="delete").exists()
    assert_error(client_for(dave).get(f"/api/invoicing/invoices/{listed.pk}"), 404)
    assert client_for(bob).get(f"/api/invoicing/invoices/{listed.pk}").status_code == 200


def test_funding_refusals(alice, bob, carol, listed):
    assert_error(_fund(alice, listed, "5000.00"), 422, "seller_cannot_fund")
    error = assert_error(_fund(bob, listed, str(listed.advance_amount + Decimal("0.01"))), 422, "exceeds_remaining")
    assert "amount" in error["fields"]
    assert_error(_fund(bob, listed, "999.99"), 422, "below_min_ticket")
    actions.withdraw_from_wallet(carol, amount=Decimal("999000.00"), currency="INR")
    assert_error(_fund(carol, listed, "1000.01"), 422, "insufficient_funds")
    for bad in ("0", "-1", "1.001", "x"):
        assert "amount" in assert_error(_fund(bob, listed, bad), 400)["fields"]
    assert "amount" in assert_error(client_for(bob).post(
        f"/api/invoicing/invoices/{listed.pk}/fund", {}, format="json"), 400)["fields"]
    assert wallet(bob).balance == Decimal("1000000.00")
    assert_journal_consistent()


def test_below_min_ticket_is_allowed_when_it_completes_the_invoice(alice, bob, carol, listed):
    _fund(bob, listed, str(listed.advance_amount - Decimal("500.00")))
    assert _fund(carol, listed, "500.00").status_code == 201
    listed.refresh_from_db()
    assert listed.status == InvoiceStatus.FUNDED


def test_funding_a_funded_invoice_is_a_conflict(alice, bob, carol, listed):
    _fund(bob, listed, str(listed.advance_amount))
    # carol no longer sees it at all; bob (an investor) is told it is not open
    assert_error(_fund(carol, listed, "1000.00"), 404)
    assert_error(_fund(bob, listed, "1000.00"), 409, "invalid_transition")


def _funded(alice, bob, carol, bob_share: str = "40000.00"):
    invoice = make_listed(alice)
    actions.fund_invoice(bob, invoice_id=invoice.pk, amount=Decimal(bob_share))
    actions.fund_invoice(carol, invoice_id=invoice.pk, amount=invoice.advance_amount - Decimal(bob_share))
    invoice.refresh_from_db()
    return invoice


def test_full_repayment_pays_each_investor_their_share_of_the_face(alice, bob, carol):
    invoice = _funded(alice, bob, carol)
    bob_before, carol_before = balance(bob), balance(carol)
    response = client_for(alice).post(f"/api/invoicing/invoices/{invoice.pk}/repay",
                                      {"amount": str(invoice.face_amount)}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "repaid"
    shares = {i.investor_id: i for i in Investment.objects.filter(invoice=invoice)}
    assert balance(bob) - bob_before == shares[bob.pk].face_share
    assert balance(carol) - carol_before == shares[carol.pk].face_share
    assert all(i.repaid_amount == i.face_share for i in shares.values())
    assert Change.objects.filter(user_id=bob.pk, event="investment.repaid").exists()
    assert Notification.objects.filter(user=carol, kind="investment.repaid").exists()
    assert_error(client_for(alice).post(f"/api/invoicing/invoices/{invoice.pk}/repay", {"amount": "1.00"},
                                        format="json"), 409, "invalid_transition")
    assert_journal_consistent()


def test_partial_repayments_split_by_largest_remainder_and_settle_exactly(alice, bob, carol, dave):
    invoice = make_listed(alice, face_amount=Decimal("1000.00"), min_ticket=Decimal("1.00"))
    third = (invoice.advance_amount / 3).quantize(Decimal("0.01"))
    actions.fund_invoice(bob, invoice_id=invoice.pk, amount=third)
    actions.fund_invoice(carol, invoice_id=invoice.pk, amount=third)
    actions.fund_invoice(dave, invoice_id=invoice.pk, amount=invoice.advance_amount - 2 * third)
    for part in ("0.01", "333.33", "0.05", "100.00"):
        actions.repay_invoice(alice, invoice_id=invoice.pk, amount=Decimal(part))
        assert_journal_consistent()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.FUNDED
    repaid = Investment.objects.filter(invoice=invoice)
    assert sum(i.repaid_amount for i in repaid) == Decimal("433.39")
    assert all(i.repaid_amount <= i.face_share for i in repaid)
    error = assert_error(client_for(alice).post(f"/api/invoicing/invoices/{invoice.pk}/repay",
                                                {"amount": "566.62"}, format="json"), 422, "exceeds_outstanding")
    assert "amount" in error["fields"]
    actions.repay_invoice(alice, invoice_id=invoice.pk, amount=Decimal("566.61"))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.REPAID
    assert all(i.repaid_amount == i.face_share for i in Investment.objects.filter(invoice=invoice))
    assert_journal_consistent()


def test_overdue_then_default_notify_investors_once(alice, bob, carol, settings):
    settings.INVOICING_DEFAULT_AFTER_DAYS = 10
    invoice = _funded(alice, bob, carol)
    due = invoice.due_date
    assert mark_overdue_and_defaulted(str(due)) == {"overdue": 0, "defaulted": 0, "expired": 0}
    assert mark_overdue_and_defaulted(str(due + timedelta(days=1))) == {"overdue": 1, "defaulted": 0, "expired": 0}
    assert mark_overdue_and_defaulted(str(due + timedelta(days=2))) == {"overdue": 0, "defaulted": 0, "expired": 0}
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.OVERDUE
    assert Notification.objects.filter(kind="invoice.overdue", user__in=[bob, carol]).count() == 2
    assert mark_overdue_and_defaulted(str(due + timedelta(days=10))) == {"overdue": 0, "defaulted": 0, "expired": 0}
    assert mark_overdue_and_defaulted(str(due + timedelta(days=11))) == {"overdue": 0, "defaulted": 1, "expired": 0}
    assert mark_overdue_and_defaulted(str(due + timedelta(days=12))) == {"overdue": 0, "defaulted": 0, "expired": 0}
    assert Notification.objects.filter(kind="invoice.defaulted", user__in=[bob, carol]).count() == 2
    assert Change.objects.filter(user_id=bob.pk, event="invoice.defaulted").count() == 1
    # a late repayment still settles a defaulted invoice
    actions.repay_invoice(alice, invoice_id=invoice.pk, amount=invoice.face_amount)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.REPAID
    assert_journal_consistent()


def test_a_listing_past_its_due_date_cannot_be_funded(alice, bob, listed):
    listed.due_date = timezone.localdate()
    listed.save(update_fields=["due_date"])
    assert_error(_fund(bob, listed, "1000.00"), 409, "listing_expired")


def test_wallets_exist_only_once_per_currency(alice):
    wallet(alice)
    wallet(alice)
    assert Account.objects.filter(owner=alice).count() == 1


def test_funding_with_an_idempotency_key_happens_once(alice, bob, listed):
    client = client_for(bob)
    url = f"/api/invoicing/invoices/{listed.pk}/fund"
    first = client.post(url, {"amount": "5000.00"}, format="json", HTTP_IDEMPOTENCY_KEY="fund-abc-1")
    again = client.post(url, {"amount": "5000.00"}, format="json", HTTP_IDEMPOTENCY_KEY="fund-abc-1")
    assert first.status_code == again.status_code == 201, (first.content, again.content)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert balance(bob) == Decimal("995000.00")
    assert Investment.objects.get(invoice=listed, investor=bob).amount == Decimal("5000.00")
    other = client.post(url, {"amount": "6000.00"}, format="json", HTTP_IDEMPOTENCY_KEY="fund-abc-1")
    assert_error(other, 422, "idempotency_key_reused")
    fresh = client.post(url, {"amount": "5000.00"}, format="json", HTTP_IDEMPOTENCY_KEY="fund-abc-2")
    assert fresh.status_code == 201 and balance(bob) == Decimal("990000.00")
    assert_journal_consistent()


def test_a_refused_funding_is_replayed_as_refused(alice, bob, listed):
    client = client_for(bob)
    url = f"/api/invoicing/invoices/{listed.pk}/fund"
    first = client.post(url, {"amount": "10.00"}, format="json", HTTP_IDEMPOTENCY_KEY="small-1")
    again = client.post(url, {"amount": "10.00"}, format="json", HTTP_IDEMPOTENCY_KEY="small-1")
    assert_error(first, 422, "below_min_ticket")
    assert again.status_code == 422 and again.json() == first.json()


def test_a_listing_unfunded_by_its_due_date_expires_and_refunds_investors(alice, bob, carol, dave):
    invoice = make_listed(alice)
    actions.fund_invoice(bob, invoice_id=invoice.pk, amount=Decimal("7000.00"))
    actions.fund_invoice(carol, invoice_id=invoice.pk, amount=Decimal("3000.50"))
    untouched = make_listed(alice, due_date=invoice.due_date + timedelta(days=1))
    assert mark_overdue_and_defaulted(str(invoice.due_date - timedelta(days=1)))["expired"] == 0
    assert mark_overdue_and_defaulted(str(invoice.due_date)) == {"overdue": 0, "defaulted": 0, "expired": 1}
    assert mark_overdue_and_defaulted(str(invoice.due_date))["expired"] == 0
    invoice.refresh_from_db()
    untouched.refresh_from_db()
    assert invoice.status == InvoiceStatus.EXPIRED and untouched.status == InvoiceStatus.LISTED
    assert balance(bob) == balance(carol) == Decimal("1000000.00")
    assert Account.objects.get(kind=AccountKind.ESCROW, invoice=invoice).balance == 0
    assert Notification.objects.filter(kind="invoice.expired", user__in=[bob, carol]).count() == 2
    assert Change.objects.filter(user_id=dave.pk, object_id=invoice.pk, op="delete").exists()
    body = client_for(bob).get("/api/invoicing/portfolio").json()
    assert body["results"][0]["investment"]["refunded_at"] is not None
    assert body["results"][0]["expected_return"] == "0.00" and body["totals"] == []
    assert_journal_consistent()


def test_database_refuses_overfunding_an_invoice(listed):
    from django.db import IntegrityError, transaction
    from django.db.models import F

    from invoicing.models import Invoice

    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=listed.pk).update(funded_amount=F("advance_amount") + Decimal("0.01"))


def test_a_seller_without_the_money_cannot_repay(alice, bob, carol):
    invoice = _funded(alice, bob, carol)
    actions.withdraw_from_wallet(alice, amount=balance(alice) - Decimal("10.00"), currency="INR")
    response = client_for(alice).post(f"/api/invoicing/invoices/{invoice.pk}/repay", {"amount": "10.01"},
                                      format="json")
    assert_error(response, 422, "insufficient_funds")
    invoice.refresh_from_db()
    assert invoice.repaid_amount == 0 and balance(alice) == Decimal("10.00")
    assert_journal_consistent()
