"""The real path: social records, edits, deletes and restores a shared expense; finance's
subscriber posts each opted-in participant's share in the same transaction. Skipped
until social's expenses are on this branch (they are built in parallel)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import social.actions
import social.selectors
from ledger.finance import actions
from ledger.finance.models import Transaction
from realtime.models import Change

pytestmark = pytest.mark.django_db


def test_shared_expense_lifecycle_reaches_opted_in_finance(alice, bob, carol):
    acc = actions.create_account(alice, name="Main", kind="bank", currency="INR")
    actions.update_settings(alice, post_shared_expenses=True, shared_expense_account_id=acc.id)
    social.actions.befriend(alice, other=bob)
    social.actions.befriend(alice, other=carol)
    group = social.actions.create_group(alice, name="Trip", currency="INR", members=[bob.id, carol.id])
    expense = social.actions.record_expense(
        alice, group=group, description="Dinner", amount=Decimal("900.00"), currency="INR",
        date=date(2026, 1, 10), paid_by=[{"user": alice.id, "amount": Decimal("900.00")}],
        split={"method": "equal", "between": [alice.id, bob.id, carol.id]}, category="Restaurants",
    )
    mine = Transaction.objects.get(owner=alice, shared_expense_id=expense.id)
    assert (mine.amount, mine.account_id, mine.direction, mine.category.name) == (Decimal("300.00"), acc.id, "expense", "Restaurants")
    assert not Transaction.objects.filter(owner__in=[bob, carol]).exists()  # they did not opt in
    assert Change.objects.filter(user=alice, object_id=mine.id, event="transaction.created").exists()

    expense = social.actions.edit_expense(alice, expense=expense, changes={
        "amount": Decimal("1200.00"), "paid_by": [{"user": alice.id, "amount": Decimal("1200.00")}],
        "split": {"method": "equal", "between": [alice.id, bob.id, carol.id]},
    })
    mine.refresh_from_db()
    assert (mine.amount, mine.version) == (Decimal("400.00"), 2)

    social.actions.delete_expense(alice, expense=expense)
    mine.refresh_from_db()
    assert mine.deleted_at is not None
    social.actions.restore_expense(alice, expense=social.selectors.get_expense_for(alice, expense.id))
    mine.refresh_from_db()
    assert mine.deleted_at is None and Transaction.objects.filter(shared_expense_id=expense.id).count() == 1
