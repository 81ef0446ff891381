"""A khata bill put on the marketplace from its page (issue 15: a listed bill is tied to its
invoice). Only the owner sees and may use "List on marketplace"; the listed bill then shows
that it is paid through its invoice, and the seller's invoice page links back to the bill."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from invoicing.models import Invoice
from ledger.khata import actions
from ledger.khata.models import Role

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def shop(alice, bob, carol):
    business = actions.create_business(alice, name="Sharma Traders", state_code="27")
    actions.add_member(alice, business=business, user=bob, role=Role.MANAGER)
    actions.add_member(alice, business=business, user=carol, role=Role.CLERK)
    return business


def _bill(alice, shop, *, due_in: int = 45):
    party = actions.create_party(alice, business=shop, kind="customer", name="Tata Steel Ltd")
    today = shop.today()
    return actions.create_bill(alice, business=shop, party_id=party.id, issue_date=today,
                               due_date=today + dt.timedelta(days=due_in),
                               lines=[{"description": "Steel coils", "quantity": Decimal(10),
                                       "unit_price": Decimal("10000.00")}])


@pytest.fixture
def bill(alice, shop):
    return _bill(alice, shop)


def test_only_the_owner_is_offered_the_listing_and_only_the_owner_may_list(alice, bob, carol, bill):
    assert 'id="bill-list"' in login(alice).get(f"/khata/bills/{bill.pk}/").content.decode()
    for user in (bob, carol):
        html = login(user).get(f"/khata/bills/{bill.pk}/").content.decode()
        assert 'id="bill-list"' not in html
        # Posting anyway: refused, nothing listed, the bill untouched (the advance would reach the lister).
        assert login(user).post(f"/market/bills/{bill.pk}/list/", {"discount_rate": "12"}).status_code == 403
    assert not Invoice.objects.exists()
    bill.refresh_from_db()
    assert bill.financed_by is None


def test_an_outsider_gets_404(dave, bill):
    assert login(dave).post(f"/market/bills/{bill.pk}/list/", {"discount_rate": "12"}).status_code == 404
    assert not Invoice.objects.exists()


def test_the_owner_lists_the_bill_and_both_pages_show_the_link(alice, bill):
    client = login(alice)
    response = client.post(f"/market/bills/{bill.pk}/list/", {"discount_rate": "12", "min_ticket": "5000"})
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/market/invoices/{invoice.pk}/"
    assert invoice.status == "listed" and invoice.seller_id == alice.pk and invoice.source_bill_id == bill.pk
    assert invoice.face_amount == bill.total and invoice.min_ticket == Decimal("5000")
    bill.refresh_from_db()
    assert bill.financed_by == invoice.pk
    html = client.get(f"/khata/bills/{bill.pk}/").content.decode()
    assert 'id="bill-financed"' in html and 'id="bill-list"' not in html and "Record payment" not in html
    market = client.get(f"/market/invoices/{invoice.pk}/").content.decode()
    assert f'href="/khata/bills/{bill.pk}/"' in market
    bills = client.get(f"/khata/{bill.business_id}/bills/").content.decode()
    assert bills.count("On the marketplace") == 1
    # A second post is refused with the reason on the bill page; still one listing.
    again = client.post(f"/market/bills/{bill.pk}/list/", {"discount_rate": "12"}, follow=True)
    assert "already listed" in again.content.decode() and Invoice.objects.count() == 1


@pytest.mark.parametrize("body, words", [
    ({"discount_rate": "0"}, "greater than or equal to 0.0001"),
    ({"discount_rate": "abc"}, "Enter a number"),
    ({"discount_rate": "12", "min_ticket": "0"}, "Must be more than zero"),
    ({"discount_rate": "12", "min_ticket": "999999999"}, "Cannot exceed the face amount"),
])
def test_bad_terms_go_back_to_the_bill_with_the_reason(alice, bill, body, words):
    response = login(alice).post(f"/market/bills/{bill.pk}/list/", body, follow=True)
    assert response.redirect_chain[-1][0] == f"/khata/bills/{bill.pk}/"
    assert words in response.content.decode()
    assert not Invoice.objects.exists()
    bill.refresh_from_db()
    assert bill.financed_by is None


def test_a_bill_due_too_soon_is_refused_with_the_reason(alice, shop):
    soon = _bill(alice, shop, due_in=5)
    response = login(alice).post(f"/market/bills/{soon.pk}/list/", {"discount_rate": "12"}, follow=True)
    assert "at least 15 days ahead" in response.content.decode()
    assert not Invoice.objects.exists()


def test_a_zero_rate_invoice_is_a_field_error_not_a_duplicate_number(alice):
    """The page's invoice form let 0 % through and the database's check was reported as
    "You already have an invoice with this number"."""
    today = dt.date.today()
    html = login(alice).post("/market/mine/", {
        "buyer_name": "Tata Steel", "buyer_gstin": "", "number": "INV-1", "face_amount": "100000",
        "currency": "INR", "issue_date": today.isoformat(), "due_date": (today + dt.timedelta(days=60)).isoformat(),
        "discount_rate": "0", "min_ticket": "1000", "document_url": ""}).content.decode()
    assert 'id="id_discount_rate_error"' in html and "already have an invoice" not in html
    assert not Invoice.objects.exists()


def test_a_bill_repaid_through_its_invoice_says_so_in_english_and_hindi(alice, bob, bill):
    from invoicing import actions as market

    client = login(alice)
    client.post(f"/market/bills/{bill.pk}/list/", {"discount_rate": "12"})
    invoice = Invoice.objects.get()
    html = client.get(f"/khata/bills/{bill.pk}/").content.decode()
    assert "record the buyer" in html and "Paid through" not in html
    market.top_up_wallet(bob, amount=invoice.advance_amount, currency="INR")
    market.fund_invoice(bob, invoice_id=invoice.pk, amount=invoice.advance_amount)
    market.top_up_wallet(alice, amount=invoice.face_amount, currency="INR")
    market.repay_invoice(alice, invoice_id=invoice.pk, amount=invoice.face_amount)
    html = client.get(f"/khata/bills/{bill.pk}/").content.decode()
    assert "Paid through" in html and "record the buyer" not in html
    alice.profile.locale = "hi_IN"
    alice.profile.save()
    hindi = client.get(f"/khata/bills/{bill.pk}/").content.decode()
    assert "इनवॉइस</a> से चुकाया गया" in hindi
    assert "मार्केटप्लेस पर" in client.get(f"/khata/{bill.business_id}/bills/").content.decode()


def test_after_its_listing_expired_the_owner_lists_the_bill_again_with_a_later_due_date(alice, bill):
    from invoicing.actions import expire_listing, withdraw_invoice

    client = login(alice)
    client.post(f"/market/bills/{bill.pk}/list/", {"discount_rate": "12"})
    first = Invoice.objects.get()
    assert expire_listing(invoice_id=first.pk, on=first.due_date)
    html = client.get(f"/khata/bills/{bill.pk}/").content.decode()
    assert 'id="bill-list"' in html and 'name="due_date"' in html and f'min="{bill.due_date.isoformat()}"' in html
    later = bill.due_date + dt.timedelta(days=30)
    response = client.post(f"/market/bills/{bill.pk}/list/", {"discount_rate": "10", "due_date": later.isoformat()})
    again = Invoice.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/market/invoices/{again.pk}/"
    assert again.status == "listed" and again.due_date == later and again.number == first.number
    assert Invoice.objects.get(pk=first.pk).status == "expired"
    # Hindi page: the new field's help is translated.
    alice.profile.locale = "hi_IN"
    alice.profile.save()
    withdraw_invoice(alice, invoice_id=again.pk)  # the listing form shows again
    hindi = client.get(f"/khata/bills/{bill.pk}/").content.decode()
    assert "बिल की देय तारीख" in hindi
