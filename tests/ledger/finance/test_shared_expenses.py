"""Opt-in posting of a shared expense share. social's Expense is stood in for by a plain
object with the fields social publishes (description, date, currency, category, amount,
deleted_at, group_id) and `social.selectors.expense_shares` by a dict lookup, so the
handler is tested on its own; tests/ledger/finance/test_shared_expenses_social.py runs the
real path once social's expenses exist."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

import social.selectors
from ledger.finance import actions
from ledger.finance.models import Transaction
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


@dataclass
class FakeExpense:
    shares: dict
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    description: str = "Dinner"
    date: date = date(2026, 1, 10)
    currency: str = "INR"
    category: str = "Restaurants"
    amount: Decimal = Decimal("900")
    deleted_at: object = None
    group_id: uuid.UUID = field(default_factory=uuid.uuid4)


@pytest.fixture(autouse=True)
def shares_from_fake(monkeypatch):
    monkeypatch.setattr(social.selectors, "expense_shares", lambda e: e.shares, raising=False)


def _opt_in(user, currency="INR"):
    acc = actions.create_account(user, name="Main", kind="bank", currency=currency)
    actions.update_settings(user, post_shared_expenses=True, shared_expense_account_id=acc.id)
    return acc


def test_only_opted_in_participants_get_their_share_posted(alice, bob, carol):
    acc = _opt_in(alice)
    actions.ensure_finance(bob)  # bob uses finance but did not opt in
    e = FakeExpense(shares={alice.id: Decimal("300.00"), bob.id: Decimal("300.00"), carol.id: Decimal("300.00")})
    actions.post_shared_expense(expense=e, event="expense.created")
    txns = list(Transaction.objects.filter(shared_expense_id=e.id))
    assert [(t.owner_id, t.account_id, t.amount, t.direction, t.payee, t.category.name) for t in txns] == [
        (alice.id, acc.id, Decimal("300.00"), "expense", "Dinner", "Restaurants")]


def test_update_delete_and_restore_follow_the_expense(alice, bob):
    _opt_in(alice)
    _opt_in(bob)
    e = FakeExpense(shares={alice.id: Decimal("450"), bob.id: Decimal("450")})
    actions.post_shared_expense(expense=e, event="expense.created")
    e.shares, e.description = {alice.id: Decimal("900")}, "Dinner (bob left)"
    actions.post_shared_expense(expense=e, event="expense.updated")
    a, b = (Transaction.objects.get(shared_expense_id=e.id, owner=u) for u in (alice, bob))
    assert (a.amount, a.payee, a.version, a.deleted_at) == (Decimal("900"), "Dinner (bob left)", 2, None)
    assert b.deleted_at is not None
    e.deleted_at = timezone.now()
    actions.post_shared_expense(expense=e, event="expense.deleted")
    assert Transaction.objects.filter(shared_expense_id=e.id, deleted_at__isnull=True).count() == 0
    e.deleted_at = None
    actions.post_shared_expense(expense=e, event="expense.restored")
    assert list(Transaction.objects.filter(shared_expense_id=e.id, deleted_at__isnull=True).values_list("owner_id", flat=True)) == [alice.id]
    assert Transaction.objects.filter(shared_expense_id=e.id).count() == 2  # never a second row per person


def test_share_in_another_currency_is_not_posted(alice):
    _opt_in(alice, currency="USD")
    e = FakeExpense(shares={alice.id: Decimal("1")})
    actions.post_shared_expense(expense=e, event="expense.created")
    assert not Transaction.objects.filter(shared_expense_id=e.id).exists()


def test_opting_in_needs_an_account(alice_client):
    r = alice_client.patch("/api/finance/settings", {"post_shared_expenses": True}, format="json")
    assert assert_error(r, 400, "account_required")["fields"] == {"shared_expense_account_id": ["Required to post shared expenses."]}
    r = alice_client.patch("/api/finance/settings", {"shared_expense_account_id": str(uuid.uuid4())}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"shared_expense_account_id"}
