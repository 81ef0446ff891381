"""Budgets and their threshold alerts.

Exactly once per budget, threshold and period, even when two devices record at once:
1. the expense is inserted first; then the budgets it counts towards are locked (ordered by
   id, so writers never deadlock). A second writer waits here, and once the first commits
   its next statement (READ COMMITTED) sees the first one's expense in the sum, so a
   crossing made by the two together is seen by the second;
2. the crossing is claimed by inserting a BudgetAlert (unique budget+threshold+period):
   whoever inserts it publishes `budget.threshold_crossed` and notifies (the notification
   carries the same key as its dedupe_key, a second guard).
Only the current period (today in the user's time zone) alerts: back-dated history does
not wake anyone up. The beat sweep runs the same check for every budget, for whatever an
import, a rate or a lowered budget made cross without a recorded expense.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from config.api.errors import Invalid
from config.money import has_valid_precision, quantize
from config.phrases import date_arg, money_arg, say
from ledger.finance.actions._common import lock, owned, save, tombstone
from ledger.finance.conversion import EXACT, round_money
from ledger.finance.dates import period_bounds, today_for
from ledger.finance.models import Budget, BudgetAlert, Category, CategoryKind
from realtime.actions import notify
from realtime.feed import action, publish


def _thresholds(values: list[int] | None) -> list[int]:
    return sorted(set(values or [80, 100]))


def _check_amount(amount: Decimal, currency: str) -> None:
    if not has_valid_precision(amount, currency):
        raise Invalid(f"Too many decimals for {currency}.", fields={"amount": [f"Too many decimal places for {currency}."]})


@action
def create_budget(
    user, *, name: str, amount: Decimal, category_id: UUID | None = None, period: str = "month",
    currency: str | None = None, thresholds: list[int] | None = None, id: UUID | None = None,
) -> Budget:
    if id is not None:
        existing = Budget.objects.filter(pk=id, owner_id=user.id).first()
        if existing is not None:
            return existing
    category = owned(Category, user.id, category_id, "category_id", "category")
    if category is not None and category.kind != CategoryKind.EXPENSE:
        raise Invalid("Budgets are for expense categories.", fields={"category_id": ["Not an expense category."]})
    currency = currency or user.profile.default_currency
    _check_amount(amount, currency)
    budget = Budget(owner_id=user.id, name=name.strip(), amount=amount, category=category, period=period,
                    currency=currency, thresholds=_thresholds(thresholds))
    if id is not None:
        budget.id = id
    budget.save(force_insert=True)
    publish(budget, "budget.created")
    check_budget(user, budget)
    return budget


@action
def update_budget(user, *, budget: Budget, expected_version: int | None = None, **changes) -> Budget:
    budget = lock(Budget, budget.pk, expected_version)
    if "name" in changes:
        budget.name = changes["name"].strip()
    if "amount" in changes:
        _check_amount(changes["amount"], budget.currency)
        budget.amount = changes["amount"]
    if "thresholds" in changes:
        budget.thresholds = _thresholds(changes["thresholds"])
    save(budget, "budget.updated")
    check_budget(user, budget)
    return budget


@action
def delete_budget(user, *, budget: Budget, expected_version: int | None = None) -> Budget:
    budget = lock(Budget, budget.pk, expected_version)
    tombstone(budget, "budget.deleted")
    return budget


def check_budget(user, budget: Budget, *, today: date | None = None) -> list[BudgetAlert]:
    """Claim every threshold of `budget` its current period has reached. Call while
    holding the budget's row lock (see the module docstring)."""
    from ledger.finance.reports import spent_in_period
    from ledger.finance.selectors import category_family

    today = today or today_for(user)
    start, end = period_bounds(budget.period, today)
    family = category_family(budget.category) if budget.category_id else None
    spent = spent_in_period(user.id, budget, start, end, family)
    with localcontext(EXACT):  # compared without rounding: spent/amount >= threshold/100
        reached = [t for t in _thresholds(budget.thresholds) if spent * 100 >= budget.amount * t]
        pct = spent * 100 / budget.amount
    alerts = []
    for threshold in reached:
        try:
            with transaction.atomic():
                alert = BudgetAlert.objects.create(
                    owner_id=user.id, budget=budget, threshold=threshold, period_start=start, period_end=end,
                    spent=round_money(spent, budget.currency), currency=budget.currency,
                    percentage=pct.quantize(Decimal("0.01")),
                )
        except IntegrityError:
            continue  # already claimed for this period
        publish(alert, "budget.threshold_crossed")
        spent_str = quantize(alert.spent, budget.currency)
        notify(
            user.id, kind="budget.threshold_crossed",
            title=say(gettext_noop("%(budget)s: %(threshold)s%% of budget reached"), budget=budget.name,
                      threshold=threshold),
            body=say(gettext_noop("Spent %(spent)s of %(total)s (%(percentage)s%%) for %(start)s – %(end)s."),
                     spent=money_arg(spent_str, budget.currency), total=money_arg(budget.amount, budget.currency),
                     percentage=str(alert.percentage), start=date_arg(start), end=date_arg(end)),
            data={"budget_id": str(budget.id), "threshold": threshold, "percentage": str(alert.percentage),
                  "spent": str(spent_str), "currency": budget.currency, "period_start": start.isoformat()},
            dedupe_key=f"budget:{budget.id}:{threshold}:{start.isoformat()}",
        )
        alerts.append(alert)
    return alerts


@action
def check_budget_thresholds(user_id: UUID, *, category: Category | None, day: date) -> list[BudgetAlert]:
    """After an expense in `category` on `day`: lock the budgets it counts towards and
    claim what they crossed in their current period."""
    from ledger.finance.selectors import budgets_touching
    from social.selectors import get_user

    candidates = budgets_touching(user_id, category)
    if not candidates:
        return []
    user = get_user(user_id)
    today = today_for(user)
    wanted = [b.id for b in candidates if period_bounds(b.period, today)[0] <= day <= period_bounds(b.period, today)[1]]
    if not wanted:
        return []
    alerts = []
    for budget in Budget.objects.select_for_update().filter(id__in=wanted, deleted_at__isnull=True).order_by("id"):
        alerts += check_budget(user, budget, today=today)
    return alerts


@action
def sweep_budget_thresholds(*, budget_id: UUID) -> list[BudgetAlert]:
    """The beat's catch-up for one budget (locks it like a recording does)."""
    from social.selectors import get_user

    budget = Budget.objects.select_for_update().filter(pk=budget_id, deleted_at__isnull=True).first()
    if budget is None:
        return []
    return check_budget(get_user(budget.owner_id), budget)
