"""What rules do to a transaction (pure: no query, no write).

Every active rule whose conditions hold for the transaction *as it came in* applies, in the
rules' order; the first rule to set a field wins (a later one does not undo it); tags add up.
A rule never replaces a category the transaction already has (the user chose it), and sets
one only of the matching kind: an expense category on an expense, an income one on income,
none on a transfer or a split transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger.finance.models import Category, Rule

KIND_OF = {"expense": "expense", "income": "income"}


@dataclass(frozen=True)
class Incoming:
    """The fields rules look at and change."""

    account_id: UUID
    direction: str
    amount: Decimal
    currency: str
    payee: str
    category_id: UUID | None
    tags: tuple[str, ...] = ()
    split: bool = False  # a split transaction's categories are in its parts: rules leave them


@dataclass
class Outcome:
    changes: dict[str, Any] = field(default_factory=dict)  # category_id / payee / tags -> new value
    rules: list[UUID] = field(default_factory=list)  # the rules that changed something


def matches(rule: Rule, txn: Incoming) -> bool:
    if rule.payee_contains and rule.payee_contains.casefold() not in (txn.payee or "").casefold():
        return False
    if rule.direction and rule.direction != txn.direction:
        return False
    if rule.account_id and rule.account_id != txn.account_id:
        return False
    if rule.min_amount is not None or rule.max_amount is not None:
        if rule.currency != txn.currency:
            return False
        if rule.min_amount is not None and txn.amount < rule.min_amount:
            return False
        if rule.max_amount is not None and txn.amount > rule.max_amount:
            return False
    return True


def outcome(rules: Iterable[Rule], txn: Incoming, categories: dict[UUID, Category]) -> Outcome:
    """`categories`: the rules' target categories by id (to check their kind)."""
    result = Outcome()
    tags = list(txn.tags)
    for rule in rules:
        if not rule.active or not matches(rule, txn):
            continue
        changed = False
        target = categories.get(rule.set_category_id) if rule.set_category_id else None
        if (target is not None and txn.category_id is None and not txn.split and "category_id" not in result.changes
                and KIND_OF.get(txn.direction) == target.kind):
            result.changes["category_id"] = target.id
            changed = True
        if rule.set_payee and "payee" not in result.changes and rule.set_payee != txn.payee:
            result.changes["payee"] = rule.set_payee
            changed = True
        for tag in rule.add_tags or []:
            if tag not in tags:
                tags.append(tag)
                changed = True
        if changed:
            result.rules.append(rule.id)
    if tags != list(txn.tags):
        result.changes["tags"] = tags
    return result
