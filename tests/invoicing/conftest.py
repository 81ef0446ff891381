"""Helpers for invoicing tests: invoices made and listed through the actions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.db.models import Sum
from django.utils import timezone

from invoicing import actions
from invoicing.models import Account, AccountKind, Invoice, Leg

_numbers = count(1)


def invoice_fields(**overrides) -> dict:
    today = timezone.localdate()
    fields = {
        "buyer_name": "Tata Steel Ltd",
        "buyer_gstin": "27AAPFU0939F1ZV",
        "number": f"INV-{next(_numbers):05d}",
        "face_amount": Decimal("100000.00"),
        "currency": "INR",
        "issue_date": today - timedelta(days=5),
        "due_date": today + timedelta(days=60),
        "discount_rate": Decimal("12"),
        "min_ticket": Decimal("1000.00"),
    }
    fields.update(overrides)
    return fields


def make_draft(seller, **overrides) -> Invoice:
    return actions.create_invoice(seller, **invoice_fields(**overrides))


def make_listed(seller, **overrides) -> Invoice:
    draft = make_draft(seller, **overrides)
    return actions.list_invoice(seller, invoice_id=draft.pk)


def wallet(user, currency: str = "INR") -> Account:
    return actions.ensure_wallet(user, currency=currency)


def balance(user, currency: str = "INR") -> Decimal:
    return Account.objects.get(kind=AccountKind.WALLET, owner=user, currency=currency).balance


def assert_journal_consistent() -> None:
    """Every posting balances, every cached balance equals the sum of its legs, no account
    but the treasury is negative, and all balances together sum to zero."""
    unbalanced = Leg.objects.values("posting_id").annotate(total=Sum("amount")).exclude(total=0)
    assert not unbalanced.exists(), list(unbalanced[:5])
    sums = {row["account_id"]: row["total"] for row in Leg.objects.values("account_id").annotate(total=Sum("amount"))}
    for account in Account.objects.all():
        assert account.balance == sums.get(account.pk, Decimal(0)), account
        if account.kind != AccountKind.TREASURY:
            assert account.balance >= 0, account
    assert sum((a.balance for a in Account.objects.all()), Decimal(0)) == 0
    for invoice in Invoice.objects.exclude(advance_amount=None):
        assert invoice.funded_amount <= invoice.advance_amount


@pytest.fixture
def listed(alice) -> Invoice:
    return make_listed(alice)
