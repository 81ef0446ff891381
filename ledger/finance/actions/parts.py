"""Split transactions: the parts' rules, checked and written inside the transaction actions.

A split transaction is an expense or income in at least two parts; each part has an amount
above zero at the account currency's precision and an optional category of the right kind;
the parts add up to the transaction's amount exactly (no rounding: the user gives each part).
The transaction itself then has no category."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django.utils.translation import gettext_noop

from config.api.errors import Invalid
from config.money import exponent, has_valid_precision
from config.phrases import Sentence, sentence, sums_differ
from ledger.finance.actions._common import owned
from ledger.finance.models import Category, CategoryKind, Direction, Transaction, TransactionPart

MAX_PARTS = 50
KIND = {Direction.EXPENSE: CategoryKind.EXPENSE, Direction.INCOME: CategoryKind.INCOME}
PART_KIND = {Direction.EXPENSE: gettext_noop("Part %(part)s: use an expense category for an expense."),
             Direction.INCOME: gettext_noop("Part %(part)s: use an income category for an income.")}


def _fail(text: str, **details: Any) -> Invalid:
    message = text if isinstance(text, Sentence) else sentence(text, **details)
    return Invalid(message, code="invalid_parts", fields={"parts": [message]})


def check_parts(user_id: UUID, *, direction: str, amount: Decimal, currency: str, category: Category | None,
                parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parts as they will be stored ({category, amount, note}), or a field error."""
    if direction not in KIND:
        raise _fail(gettext_noop("Only an expense or an income can be split."))
    if category is not None:
        raise Invalid("A split transaction has its categories in its parts.", code="invalid_parts",
                      fields={"category_id": ["Leave it empty: each part has its category."]})
    if not 2 <= len(parts) <= MAX_PARTS:
        raise _fail(gettext_noop("Split into 2 to %(parts)s parts."), parts=MAX_PARTS)
    cleaned = []
    for i, part in enumerate(parts):
        value = part["amount"]
        if value <= 0 or not has_valid_precision(value, currency):
            raise _fail(gettext_noop("Part %(part)s: above zero, with at most %(decimals)s decimals."), part=i + 1,
                            decimals=exponent(currency))
        cat = owned(Category, user_id, part.get("category_id"), "parts", "category")
        if cat is not None and cat.kind != KIND[direction]:
            raise _fail(PART_KIND[direction], part=i + 1)
        cleaned.append({"category": cat, "amount": value, "note": (part.get("note") or "").strip()})
    total = sum((p["amount"] for p in cleaned), Decimal(0))
    if total != amount:
        raise _fail(sums_differ(gettext_noop("The parts add up to %(total)s, not %(amount)s."), total, amount, currency))
    return cleaned


def write_parts(txn: Transaction, parts: list[dict[str, Any]] | None, *, replace: bool) -> None:
    """Write the transaction's parts (none: not split) after it is saved; `replace` drops
    those it had."""
    if replace:
        TransactionPart.objects.filter(transaction=txn).delete()
    rows = [TransactionPart(transaction=txn, currency=txn.currency, date=txn.date, direction=txn.direction, **p)
            for p in parts or []]
    if rows:
        TransactionPart.objects.bulk_create(rows)
    txn._prefetched_objects_cache = {**getattr(txn, "_prefetched_objects_cache", {}), "parts": rows}


def stored_parts(txn: Transaction) -> list[dict[str, Any]]:
    """The transaction's parts in check_parts' input shape (to re-check them after an edit)."""
    return [{"category_id": p.category_id, "amount": p.amount, "note": p.note}
            for p in TransactionPart.objects.filter(transaction=txn).order_by("id")]
