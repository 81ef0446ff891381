"""Marketplace pages: create, list, fund (dialog), seller's view, portfolio, wallet."""

from __future__ import annotations

import pytest

pytest.importorskip("invoicing.actions", reason="the area has not landed yet")

import datetime
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from invoicing import actions, selectors

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invoice_form(**extra) -> dict:
    today = timezone.localdate()
    return {"buyer_name": "Tata Steel", "buyer_gstin": "", "number": "INV-7", "face_amount": "100000",
            "currency": "INR", "issue_date": today.isoformat(),
            "due_date": (today + datetime.timedelta(days=60)).isoformat(), "discount_rate": "12",
            "min_ticket": "1000", "document_url": "", **extra}


@pytest.fixture
def listed(alice):
    today = timezone.localdate()
    inv = actions.create_invoice(
        alice, buyer_name="Tata Steel", number="INV-7", face_amount=Decimal("100000"), currency="INR",
        issue_date=today, due_date=today + datetime.timedelta(days=60), discount_rate=Decimal("12"),
        min_ticket=Decimal("1000"))
    return actions.list_invoice(alice, invoice_id=inv.pk)


def test_seller_creates_and_lists_invoice(alice):
    client = login(alice)
    response = client.post("/market/mine/", invoice_form())
    assert response.status_code == 302
    inv = selectors.seller_invoices(alice).get()
    assert client.post(f"/market/invoices/{inv.pk}/list/").status_code == 302
    inv.refresh_from_db()
    assert inv.status == "listed"
    assert "₹1,00,000.00" in client.get("/market/mine/").content.decode()


def test_invoice_form_errors_next_to_fields(alice):
    html = login(alice).post("/market/mine/", invoice_form(face_amount="-5", currency="XYZ")).content.decode()
    assert 'id="id_face_amount_error"' in html and 'id="id_currency_error"' in html


def test_investor_funds_from_dialog_and_sees_portfolio(alice, bob, listed):
    client = login(bob)
    assert "INV-7" in client.get("/market/").content.decode()
    page = client.get(f"/market/invoices/{listed.pk}/").content.decode()
    assert 'id="fund-dialog"' in page
    response = client.post(f"/market/invoices/{listed.pk}/", {"fund-amount": "5000"})
    assert response.status_code == 302
    listed.refresh_from_db()
    assert listed.funded_amount == Decimal("5000")
    assert "INV-7" in client.get("/market/portfolio/").content.decode()
    assert "₹5,000.00" in client.get("/market/wallet/").content.decode()
    seller = login(alice).get(f"/market/invoices/{listed.pk}/").content.decode()
    assert "Bob" in seller


def test_funding_refusal_shows_in_the_dialog(alice, bob, listed):
    page = login(bob).post(f"/market/invoices/{listed.pk}/", {"fund-amount": "10"}).content.decode()
    assert 'id="id_fund-amount_error"' in page or "form-errors" in page
    assert "<dialog" in page and " open>" in page


def test_seller_cannot_fund_and_others_cannot_act_for_seller(alice, bob, listed):
    assert login(bob).post(f"/market/invoices/{listed.pk}/withdraw/").status_code == 404
    page = login(alice).get(f"/market/invoices/{listed.pk}/").content.decode()
    assert 'id="fund-dialog"' not in page


def test_wallet_top_up_and_dashboard_panel(alice):
    client = login(alice)
    assert client.post("/market/wallet/", {"amount": "500", "currency": "INR", "verb": "top_up"}).status_code == 302
    assert "Wallet" in client.get("/").content.decode()
