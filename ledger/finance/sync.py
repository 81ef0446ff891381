"""Registration of this app's models with realtime's change feed, and the subscription to
social's shared-expense events (posting a participant's share, opt-in)."""

from ledger.finance import balance_events, rate_events
from ledger.finance.api import serializers as s
from ledger.finance.models import (
    Account,
    Bill,
    Budget,
    BudgetAlert,
    Category,
    FinanceSettings,
    Recurring,
    Rule,
    Transaction,
    TransactionReceipt,
)
from realtime import feed, registry


def _owned(model, owner_field: str = "owner"):
    def visible(user):
        qs = model.objects.filter(**{owner_field: user, "deleted_at__isnull": True})
        return qs.select_related("transfer_account").prefetch_related("parts") if model is Transaction else qs

    def audience(obj):
        return [getattr(obj, f"{owner_field}_id")]

    return audience, visible


for model, entity, serializer, owner in [
    (Account, "finance_account", s.AccountOut, "owner"),
    (Category, "finance_category", s.CategoryOut, "owner"),
    (Transaction, "finance_transaction", s.TransactionFeedOut, "owner"),
    (Budget, "finance_budget", s.BudgetOut, "owner"),
    (BudgetAlert, "finance_budget_alert", s.BudgetAlertOut, "owner"),
    (Bill, "finance_bill", s.BillOut, "owner"),
    (Recurring, "finance_recurring", s.RecurringOut, "owner"),
    (Rule, "finance_rule", s.RuleOut, "owner"),
    (FinanceSettings, "finance_settings", s.SettingsOut, "user"),
]:
    audience, visible = _owned(model, owner)
    registry.register(model, entity=entity, serializer=serializer, audience=audience, visible=visible)

registry.register(
    TransactionReceipt, entity="finance_receipt", serializer=s.TransactionReceiptOut,
    audience=lambda r: [r.transaction.owner_id],
    visible=lambda user: TransactionReceipt.objects.filter(transaction__owner=user, deleted_at__isnull=True),
)
registry.register(
    rate_events.RateChange, entity="exchange_rate", serializer=s.ExchangeRateFeedOut,
    audience=rate_events.audience, visible=rate_events.visible,
    event=True,
)


def _on_expense(expense, event: str) -> None:
    from ledger.finance.actions.shared import post_shared_expense

    post_shared_expense(expense=expense, event=event)


for _event in ("expense.created", "expense.updated", "expense.deleted", "expense.restored"):
    feed.subscribe(_event, _on_expense)


for _event in balance_events.EVENTS:
    feed.subscribe(_event, balance_events.on_transaction)
