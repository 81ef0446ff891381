"""Rules: create, edit, delete, apply to existing transactions; and the rules' effect on a new
transaction (called by record_transaction and confirm_import). What a rule does to one
transaction is ledger.finance.rules (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.utils.translation import gettext_noop

from config import money
from config.api.errors import Conflict, Invalid
from config.phrases import sentence
from ledger.finance import rules as engine
from ledger.finance.actions._common import clean_tags, lock, owned, save, tombstone
from ledger.finance.models import Account, Category, Direction, Rule, Transaction
from realtime.feed import action, publish

CONDITIONS = ("payee_contains", "direction", "account_id", "min_amount", "max_amount")
EFFECTS = ("set_category_id", "set_payee", "add_tags")
FIELDS = ("name", "position", "active", "currency", *CONDITIONS, *EFFECTS)
RULE_KIND = {Direction.EXPENSE: gettext_noop("Use an expense category for expenses."),
             Direction.INCOME: gettext_noop("Use an income category for incomes.")}


def _fail(field: str, text: str, **details: Any) -> Invalid:
    message = sentence(text, **details)
    return Invalid(message, code="invalid_rule", fields={field: [message]})


def _clean(user_id: UUID, values: dict[str, Any]) -> dict[str, Any]:
    """The rule's fields as stored, checked against the user's accounts and categories."""
    account = owned(Account, user_id, values.get("account_id"), "account_id", "account")
    category = owned(Category, user_id, values.get("set_category_id"), "set_category_id", "category")
    low, high = values.get("min_amount"), values.get("max_amount")
    currency = (values.get("currency") or "").upper()
    if low is None and high is None:
        currency = ""
    else:
        currency = currency or (account.currency if account else "")
        if not currency:
            raise _fail("currency", gettext_noop("An amount range needs its currency (or an account)."))
        if not money.is_currency(currency):
            raise _fail("currency", gettext_noop("Unknown currency."))
        for name, value in (("min_amount", low), ("max_amount", high)):
            if value is not None and (value < 0 or not money.has_valid_precision(value, currency)):
                raise _fail(name, gettext_noop("Zero or more, with at most %(decimals)s decimals."),
                            decimals=money.exponent(currency))
        if low is not None and high is not None and low > high:
            raise _fail("max_amount", gettext_noop("The range's end is below its start."))
    if category is not None and values.get("direction") == Direction.TRANSFER:
        raise _fail("set_category_id", gettext_noop("Transfers have no category."))
    if category is not None and values.get("direction") and category.kind != values["direction"]:
        raise _fail("set_category_id", RULE_KIND[values["direction"]])
    cleaned = {
        "name": (values.get("name") or "").strip(), "position": values.get("position") or 0,
        "active": values.get("active", True), "payee_contains": (values.get("payee_contains") or "").strip(),
        "direction": values.get("direction") or "", "account": account, "currency": currency,
        "min_amount": low, "max_amount": high, "set_category": category,
        "set_payee": (values.get("set_payee") or "").strip(), "add_tags": clean_tags(values.get("add_tags")),
    }
    if not cleaned["name"]:
        raise _fail("name", gettext_noop("Name the rule."))
    if not (cleaned["payee_contains"] or cleaned["direction"] or account or low is not None or high is not None):
        raise Invalid("A rule needs at least one condition.", code="rule_without_condition",
                      fields={"payee_contains": ["Say when it applies: payee, direction, account or amount."]})
    if not (category or cleaned["set_payee"] or cleaned["add_tags"]):
        raise Invalid("A rule needs something to do.", code="rule_without_effect",
                      fields={"set_category_id": ["Set a category, a payee or tags."]})
    return cleaned


@action
def create_rule(user, *, id: UUID | None = None, **values: Any) -> Rule:
    if id is not None:
        existing = Rule.objects.filter(pk=id).first()
        if existing is not None:
            if existing.owner_id != user.id:
                raise Conflict("That id is taken.", code="id_taken", fields={"id": ["Already used."]})
            return existing  # an offline create replayed
    rule = Rule(owner_id=user.id, **_clean(user.id, values))
    if id is not None:
        rule.id = id
    rule.save(force_insert=True)
    publish(rule, "rule.created")
    return rule


def _as_values(rule: Rule) -> dict[str, Any]:
    return {
        "name": rule.name, "position": rule.position, "active": rule.active, "currency": rule.currency,
        "payee_contains": rule.payee_contains, "direction": rule.direction, "account_id": rule.account_id,
        "min_amount": rule.min_amount, "max_amount": rule.max_amount, "set_category_id": rule.set_category_id,
        "set_payee": rule.set_payee, "add_tags": rule.add_tags,
    }


@action
def update_rule(user, *, rule: Rule, expected_version: int | None = None, **changes: Any) -> Rule:
    rule = lock(Rule, rule.pk, expected_version)
    if rule.deleted_at is not None:
        raise Conflict("This rule is deleted.", code="deleted")
    merged = {**_as_values(rule), **{k: v for k, v in changes.items() if k in FIELDS}}
    for field, value in _clean(user.id, merged).items():
        setattr(rule, field, value)
    save(rule, "rule.updated")
    return rule


@action
def delete_rule(user, *, rule: Rule, expected_version: int | None = None) -> Rule:
    rule = lock(Rule, rule.pk, expected_version)
    if rule.deleted_at is None:
        tombstone(rule, "rule.deleted")
    return rule


# --- rules at work ------------------------------------------------------------------------------
class RuleBook:
    """A user's active rules and their target categories, read once per write."""

    def __init__(self, user_id: UUID, rules: Iterable[Rule] | None = None) -> None:
        if rules is None:
            rules = Rule.objects.filter(owner_id=user_id, deleted_at__isnull=True, active=True) \
                .order_by("position", "created_at", "id")
        self.rules = list(rules)
        ids = {r.set_category_id for r in self.rules if r.set_category_id}
        self.categories = {c.id: c for c in Category.objects.filter(id__in=ids, deleted_at__isnull=True)} if ids else {}

    def outcome(self, *, account_id: UUID, direction: str, amount: Decimal, currency: str, payee: str,
                category_id: UUID | None, tags: Iterable[str] = (), split: bool = False) -> engine.Outcome:
        if not self.rules:
            return engine.Outcome()
        return engine.outcome(self.rules, engine.Incoming(account_id, direction, amount, currency, payee or "",
                                                          category_id, tuple(tags), split), self.categories)

    def apply_to(self, txn: Transaction) -> bool:
        """Set the rules' changes on an unsaved transaction; True if any."""
        result = self.outcome(account_id=txn.account_id, direction=txn.direction, amount=txn.amount,
                              currency=txn.currency, payee=txn.payee, category_id=txn.category_id, tags=txn.tags,
                              split=txn.split)
        for field, value in result.changes.items():
            setattr(txn, field, value)
        return bool(result.changes)


def preview_rule(rule: Rule, transactions: Iterable[Transaction]) -> list[tuple[Transaction, dict[str, Any]]]:
    """What applying `rule` would change: (transaction, {field: [before, after]}) for each
    transaction it would change (the rule on its own, even if inactive)."""
    book = RuleBook(rule.owner_id, [_active(rule)])
    found = []
    for txn in transactions:
        result = book.outcome(account_id=txn.account_id, direction=txn.direction, amount=txn.amount,
                              currency=txn.currency, payee=txn.payee, category_id=txn.category_id, tags=txn.tags,
                              split=txn.split)
        if result.changes:
            found.append((txn, {f: [getattr(txn, f), v] for f, v in result.changes.items()}))
    return found


def _active(rule: Rule) -> Rule:
    copy = Rule(**{f.attname: getattr(rule, f.attname) for f in Rule._meta.concrete_fields})
    copy.active = True
    return copy


@action
def apply_rule(user, *, rule: Rule, transactions: Iterable[Transaction]) -> list[Transaction]:
    """Apply the rule to `transactions` (from selectors.rule_candidates): each one it changes
    is saved as an edit (version +1, live on devices); budgets are checked afterwards."""
    changed = []
    for txn, diff in preview_rule(rule, transactions):
        locked = lock(Transaction, txn.pk)
        if locked.deleted_at is not None:
            continue
        for field, (_, after) in diff.items():
            setattr(locked, field, after)
        save(locked, "transaction.updated")
        changed.append(locked)
    check_budgets_after(user.id, changed)
    return changed


def check_budgets_after(user_id: UUID, txns: list[Transaction]) -> None:
    """Each category a write put expenses in (or none), at the latest day it touched."""
    from ledger.finance.actions.budgets import check_budget_thresholds

    latest: dict[UUID | None, Any] = {}
    for t in txns:
        if t.direction == Direction.EXPENSE:
            latest[t.category_id] = max(latest.get(t.category_id, t.date), t.date)
    categories = {c.id: c for c in Category.objects.filter(id__in=[k for k in latest if k])}
    for category_id, day in latest.items():
        check_budget_thresholds(user_id, category=categories.get(category_id), day=day)
