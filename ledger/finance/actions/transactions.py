"""Recording, editing, deleting and restoring transactions (money rules in
`ledger.finance.models.transactions`). An expense that lands in a budget's current period
checks that budget's thresholds in the same transaction (see actions.budgets)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from config.api.errors import Conflict, Invalid
from config.money import has_valid_precision
from ledger.finance import balance_events
from ledger.finance.actions._common import clean_tags, lock, owned, save, tombstone
from ledger.finance.actions.parts import check_parts, stored_parts, write_parts
from ledger.finance.actions.rules import RuleBook
from ledger.finance.models import Account, Category, CategoryKind, Direction, Source, Transaction
from realtime.feed import action, publish

FIELDS = ("account_id", "direction", "amount", "transfer_account_id", "transfer_amount", "category_id",
          "payee", "date", "notes", "tags")


def _fail(field: str, message: str, code: str = "invalid") -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})


def resolve(user_id: UUID, values: dict[str, Any], *, allow_archived: bool = False) -> dict[str, Any]:
    """Check a transaction's (or a recurring template's) fields against the user's accounts
    and categories; return model field values."""
    account: Account = owned(Account, user_id, values["account_id"], "account_id", "account")
    if account.archived and not allow_archived:
        raise _fail("account_id", "This account is archived.", "account_archived")
    amount: Decimal = values["amount"]
    if not has_valid_precision(amount, account.currency):
        raise _fail("amount", f"Too many decimal places for {account.currency}.")
    direction = values["direction"]
    target = None
    transfer_amount = None
    if direction == Direction.TRANSFER:
        if values.get("transfer_account_id") is None:
            raise _fail("transfer_account_id", "A transfer needs the account it goes to.")
        target = owned(Account, user_id, values["transfer_account_id"], "transfer_account_id", "account")
        if target.id == account.id:
            raise _fail("transfer_account_id", "A transfer goes to another account.")
        transfer_amount = values.get("transfer_amount")
        if target.currency == account.currency:
            if transfer_amount is not None and transfer_amount != amount:
                raise _fail("transfer_amount", "Between accounts of one currency the amount arrives unchanged.")
            transfer_amount = amount
        elif transfer_amount is None:
            raise _fail("transfer_amount", f"Say how much arrives in {target.currency}.")
        elif not has_valid_precision(transfer_amount, target.currency):
            raise _fail("transfer_amount", f"Too many decimal places for {target.currency}.")
    elif values.get("transfer_account_id") is not None or values.get("transfer_amount") is not None:
        raise _fail("transfer_account_id", "Only transfers have a target account.")
    category = owned(Category, user_id, values.get("category_id"), "category_id", "category")
    if category is not None:
        wanted = {Direction.EXPENSE: CategoryKind.EXPENSE, Direction.INCOME: CategoryKind.INCOME}.get(direction)
        if wanted is None:
            raise _fail("category_id", "Transfers have no category.")
        if category.kind != wanted:
            raise _fail("category_id", f"Use an {wanted} category for an {direction}.")
    return {
        "account": account, "direction": direction, "amount": amount, "currency": account.currency,
        "transfer_account": target, "transfer_amount": transfer_amount, "category": category,
        "payee": (values.get("payee") or "").strip(), "notes": values.get("notes") or "",
        "tags": clean_tags(values.get("tags")),
    }


def _after_write(user_id: UUID, txn: Transaction) -> None:
    if txn.direction == Direction.EXPENSE and txn.deleted_at is None:
        from ledger.finance.actions.budgets import check_budget_thresholds

        if not txn.split:
            check_budget_thresholds(user_id, category=txn.category, day=txn.date)
            return
        for category in {p.category_id: p.category for p in txn.parts.all()}.values():
            check_budget_thresholds(user_id, category=category, day=txn.date)


@action
def record_transaction(
    user, *, account_id: UUID, direction: str, amount: Decimal, date: date,
    transfer_account_id: UUID | None = None, transfer_amount: Decimal | None = None,
    category_id: UUID | None = None, payee: str = "", notes: str = "", tags: list[str] | None = None,
    id: UUID | None = None, source: str = Source.MANUAL, fitid: str | None = None,
    shared_expense_id: UUID | None = None, allow_archived: bool = False, parts: list[dict[str, Any]] | None = None,
    apply_rules: bool = True,
) -> Transaction:
    """`apply_rules=False`: recorded as given (a restore brings back what was recorded)."""
    if id is not None:
        existing = Transaction.objects.filter(pk=id).first()
        if existing is not None:
            if existing.owner_id != user.id:
                raise Conflict("That id is taken.", code="id_taken", fields={"id": ["Already used."]})
            return existing  # an offline create replayed
    values = resolve(user.id, {
        "account_id": account_id, "direction": direction, "amount": amount,
        "transfer_account_id": transfer_account_id, "transfer_amount": transfer_amount,
        "category_id": category_id, "payee": payee, "notes": notes, "tags": tags,
    }, allow_archived=allow_archived)
    split = check_parts(user.id, direction=direction, amount=values["amount"], currency=values["currency"],
                        category=values["category"], parts=parts) if parts else None
    txn = Transaction(owner_id=user.id, date=date, source=source, fitid=fitid,
                      shared_expense_id=shared_expense_id, split=bool(split), **values)
    if apply_rules:
        RuleBook(user.id).apply_to(txn)  # the user's rules fill in category, payee, tags
    if id is not None:
        txn.id = id
    txn.save(force_insert=True)
    if split:
        write_parts(txn, split, replace=False)
    publish(txn, "transaction.created")
    _after_write(user.id, txn)
    return txn


@action
def update_transaction(user, *, transaction: Transaction, expected_version: int | None = None, **changes) -> Transaction:
    txn = lock(Transaction, transaction.pk, expected_version)
    if txn.deleted_at is not None:
        raise Conflict("Restore this transaction before editing it.", code="deleted")
    balance_events.accounts_moved([txn.account_id, txn.transfer_account_id])  # moved off them, maybe
    current = {
        "account_id": txn.account_id, "direction": txn.direction, "amount": txn.amount,
        "transfer_account_id": txn.transfer_account_id, "transfer_amount": txn.transfer_amount,
        "category_id": txn.category_id, "payee": txn.payee, "notes": txn.notes, "tags": txn.tags,
    }
    if changes.get("direction", txn.direction) != Direction.TRANSFER:
        current["transfer_account_id"] = current["transfer_amount"] = None
    elif "amount" in changes and "transfer_amount" not in changes:
        current["transfer_amount"] = None  # recomputed (same currency) or asked for again
    if "direction" in changes and changes["direction"] != txn.direction and "category_id" not in changes:
        current["category_id"] = None
    merged = {**current, **{k: v for k, v in changes.items() if k in FIELDS and k != "date"}}
    values = resolve(user.id, merged, allow_archived=txn.account_id == merged["account_id"])
    # A split stays split (its parts re-checked against the new amount) unless new parts are
    # given; `parts: []` (or null) joins it back into one.
    parts = changes["parts"] if "parts" in changes else (stored_parts(txn) if txn.split else None)
    split = check_parts(user.id, direction=values["direction"], amount=values["amount"], currency=values["currency"],
                        category=values["category"], parts=parts) if parts else None
    was_split = txn.split
    for field, value in values.items():
        setattr(txn, field, value)
    if "date" in changes:
        txn.date = changes["date"]
    txn.split = bool(split)
    if split or was_split:
        write_parts(txn, split, replace=True)  # before save(): the change sent carries them
    save(txn, "transaction.updated")
    _after_write(user.id, txn)
    return txn


@action
def delete_transaction(user, *, transaction: Transaction, expected_version: int | None = None) -> Transaction:
    txn = lock(Transaction, transaction.pk, expected_version)
    if txn.deleted_at is None:
        tombstone(txn, "transaction.deleted")
    return txn


@action
def restore_transaction(user, *, transaction: Transaction, expected_version: int | None = None) -> Transaction:
    txn = lock(Transaction, transaction.pk, expected_version)
    if txn.deleted_at is not None:
        for acc in {txn.account_id, txn.transfer_account_id} - {None}:
            if Account.objects.filter(pk=acc, deleted_at__isnull=False).exists():
                raise Conflict("Its account was deleted.", code="account_deleted")
        txn.deleted_at = None
        save(txn, "transaction.restored", ["deleted_at"])
        _after_write(user.id, txn)
    return txn


