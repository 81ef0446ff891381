"""Funding an invoice moves the seller's open page, live."""

from __future__ import annotations

import pytest

pytest.importorskip("invoicing.actions", reason="the area has not landed yet")

import datetime
from decimal import Decimal

from django.utils import timezone

from invoicing import actions
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online


def test_funding_moves_the_sellers_page(new_page, alice, bob):
    today = timezone.localdate()
    inv = actions.create_invoice(
        alice, buyer_name="Tata Steel", number="INV-42", face_amount=Decimal("100000"), currency="INR",
        issue_date=today, due_date=today + datetime.timedelta(days=60), discount_rate=Decimal("12"),
        min_ticket=Decimal("1000"))
    inv = actions.list_invoice(alice, invoice_id=inv.pk)

    seller = new_page()
    log_in(seller, "alice@example.com", PASSWORD)
    seller.goto(f"/market/invoices/{inv.pk}/")
    wait_online(seller)
    assert seller.inner_text("#funding-progress .funded-pct") == "0%"

    investor = new_page(390, 820)
    log_in(investor, "bob@example.com", PASSWORD)
    investor.goto(f"/market/invoices/{inv.pk}/")
    investor.click("text=Fund…")
    # Half the advance, to the paisa (an odd advance halves to three places, which the form refuses).
    half = (inv.advance_amount / 2).quantize(Decimal("0.01"))
    investor.fill("#id_fund-amount", str(half))
    shot(investor, "fund-dialog-phone")
    investor.click("text=Confirm funding")
    investor.wait_for_selector("text=your investment is in")

    seller.wait_for_selector("#funding-progress .funded-pct:has-text('50%')", timeout=5000)
    assert "Bob" in seller.inner_text("#invoice-summary")
    shot(seller, "invoice-seller-live")
    investor.goto("/market/portfolio/")
    shot(investor, "portfolio")
    investor.goto("/market/")
    shot(investor, "marketplace")
