"""Posting a user's share of a shared expense to their personal finance (opt-in).

Runs inside social's action (a realtime.feed subscriber), so the posting commits or rolls
back with the expense. For each participant who opted in (FinanceSettings with an
account): the linked transaction (unique per user and expense) is created, updated to the
new share, tombstoned when the expense is deleted or their share goes away, and restored
with the expense. A share in another currency than the chosen account's is not posted
(no guessed conversion); everything else follows the expense.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from ledger.finance.actions._common import save
from ledger.finance.models import (
    Account,
    Category,
    CategoryKind,
    Direction,
    FinanceSettings,
    Source,
    Transaction,
)
from realtime.feed import action, publish


def _category_for(user_id, label: Any) -> Category | None:
    label = str(label or "").strip()
    qs = Category.objects.filter(owner_id=user_id, kind=CategoryKind.EXPENSE, deleted_at__isnull=True)
    return (qs.filter(name__iexact=label).first() if label else None) or qs.filter(name="Shared expenses").first()


def post_shared_expense(*, expense: Any, event: str) -> list[Transaction]:
    """Called for every shared expense's event: most people have not opted in, so the common
    case (a new expense that nobody posts) costs one read and no savepoint."""
    from social.selectors import expense_shares

    gone = event == "expense.deleted" or getattr(expense, "deleted_at", None) is not None
    shares: dict = {} if gone else {u: Decimal(v) for u, v in expense_shares(expense).items() if Decimal(v) > 0}
    if event == "expense.created":  # nothing can be linked to an expense made in this batch
        opted = _opted(set(shares))
        return _post_new(expense=expense, shares=shares, opted=opted) if opted else []
    return _post_locked(expense=expense, shares=shares)


def _opted(user_ids: set) -> dict:
    return {
        s.user_id: s
        for s in FinanceSettings.objects.filter(user_id__in=user_ids, post_shared_expenses=True)
        .select_related("shared_expense_account")
    }


@action
def _post_locked(*, expense: Any, shares: dict) -> list[Transaction]:
    linked = {t.owner_id: t for t in Transaction.objects.select_for_update().filter(shared_expense_id=expense.id).order_by("id")}
    return _post(expense, shares, linked, _opted(set(shares) | set(linked)))


@action
def _post_new(*, expense: Any, shares: dict, opted: dict) -> list[Transaction]:
    return _post(expense, shares, {}, opted)


def _post(expense: Any, shares: dict, linked: dict, opted: dict) -> list[Transaction]:
    """Inside one of the actions above."""
    touched = []
    for user_id in sorted(set(shares) | set(linked)):
        txn = linked.get(user_id)
        share = shares.get(user_id)
        setting = opted.get(user_id)
        account: Account | None = setting.shared_expense_account if setting else None
        if share is None or account is None or account.deleted_at is not None:
            if txn is not None and txn.deleted_at is None and (share is None or txn.source == Source.SHARED):
                txn.deleted_at = timezone.now()
                save(txn, "transaction.deleted", ["deleted_at"])
                touched.append(txn)
            continue
        if account.currency != expense.currency:
            continue
        fields = {
            "amount": share, "date": expense.date, "payee": str(expense.description or "")[:200],
            "notes": "Your share of a shared expense",
        }
        if txn is None:
            cat = _category_for(user_id, getattr(expense, "category", ""))
            txn = Transaction(
                owner_id=user_id, account=account, direction=Direction.EXPENSE, currency=account.currency,
                category=cat, source=Source.SHARED, shared_expense_id=expense.id, **fields,
            )
            txn.save(force_insert=True)
            publish(txn, "transaction.created")
        else:
            was_deleted = txn.deleted_at is not None
            for k, v in fields.items():
                setattr(txn, k, v)
            txn.deleted_at = None
            save(txn, "transaction.restored" if was_deleted else "transaction.updated")
        touched.append(txn)
        from ledger.finance.actions.budgets import check_budget_thresholds

        check_budget_thresholds(user_id, category=txn.category, day=txn.date)
    return touched
