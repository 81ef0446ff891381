"""finance's reads, with access checks built in: everything belongs to exactly one user,
so someone else's object is simply not found."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet, Sum

from config.api.errors import NotFound
from ledger.finance.models import (
    Account,
    Bill,
    Budget,
    BudgetAlert,
    Category,
    Direction,
    ExchangeRate,
    FinanceSettings,
    ImportBatch,
    Recurring,
    Rule,
    Transaction,
    TransactionReceipt,
)


def _get(qs: QuerySet, pk: UUID | str, what: str):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound(f"No such {what}.")


# --- accounts ---------------------------------------------------------------------------
def accounts_of(user, *, include_archived: bool = True) -> QuerySet[Account]:
    qs = Account.objects.filter(owner=user, deleted_at__isnull=True)
    if not include_archived:
        qs = qs.filter(archived=False)
    return qs.order_by("name", "id")


def get_account_for(user, account_id: UUID | str, *, live: bool = True) -> Account:
    qs = Account.objects.filter(owner=user)
    if live:
        qs = qs.filter(deleted_at__isnull=True)
    return _get(qs, account_id, "account")


def balances(account_ids: list[UUID], *, until: date | None = None) -> dict[UUID, Decimal]:
    """Balance of each account (in its own currency), from its records: opening balance +
    income − expenses − transfers out + transfers in, live transactions only."""
    result: dict[UUID, Decimal] = {
        a: ob for a, ob in Account.objects.filter(id__in=account_ids).values_list("id", "opening_balance")
    }
    live = Transaction.objects.filter(deleted_at__isnull=True)
    if until is not None:
        live = live.filter(date__lte=until)
    out = (
        live.filter(account_id__in=account_ids)
        .values("account_id")
        .annotate(
            inc=Sum("amount", filter=Q(direction=Direction.INCOME)),
            dec=Sum("amount", filter=~Q(direction=Direction.INCOME)),
        )
    )
    for row in out:
        result[row["account_id"]] += (row["inc"] or 0) - (row["dec"] or 0)
    incoming = (
        live.filter(transfer_account_id__in=account_ids).values("transfer_account_id").annotate(s=Sum("transfer_amount"))
    )
    for row in incoming:
        result[row["transfer_account_id"]] += row["s"] or 0
    return result


def with_balances(accounts: list[Account]) -> list[Account]:
    sums = balances([a.id for a in accounts])
    for a in accounts:
        a.balance = sums.get(a.id, a.opening_balance)
    return accounts


# --- categories ----------------------------------------------------------------------------
def categories_of(user) -> QuerySet[Category]:
    return Category.objects.filter(owner=user, deleted_at__isnull=True).order_by("kind", "name", "id")


def get_category_for(user, category_id: UUID | str) -> Category:
    return _get(Category.objects.filter(owner=user, deleted_at__isnull=True), category_id, "category")


def category_family(category: Category) -> list[UUID]:
    """The category and its sub-categories (a budget on Food covers Groceries)."""
    return [category.id, *Category.objects.filter(parent=category).values_list("id", flat=True)]


# --- transactions --------------------------------------------------------------------------
def transactions_of(user, *, include_deleted: bool = False) -> QuerySet[Transaction]:
    qs = Transaction.objects.filter(owner=user)
    if not include_deleted:
        qs = qs.filter(deleted_at__isnull=True)
    return qs.prefetch_related("parts__category").order_by("-date", "-created_at", "id")


def get_transaction_for(user, transaction_id: UUID | str, *, live: bool = True) -> Transaction:
    qs = Transaction.objects.filter(owner=user)
    if live:
        qs = qs.filter(deleted_at__isnull=True)
    return _get(qs.prefetch_related("parts"), transaction_id, "transaction")


# --- budgets, bills, recurring, rates, imports ---------------------------------------------
def budgets_of(user) -> QuerySet[Budget]:
    return Budget.objects.filter(owner=user, deleted_at__isnull=True).select_related("category").order_by("name", "id")


def get_budget_for(user, budget_id: UUID | str) -> Budget:
    return _get(budgets_of(user), budget_id, "budget")


def budgets_touching(user_id: UUID, category: Category | None) -> list[Budget]:
    """Budgets a new expense in `category` counts towards: the overall ones, its category's
    and its parent's."""
    cats = Q(category__isnull=True)
    if category is not None:
        cats |= Q(category_id=category.id)
        if category.parent_id:
            cats |= Q(category_id=category.parent_id)
    return list(Budget.objects.filter(cats, owner_id=user_id, deleted_at__isnull=True).order_by("id"))


def alerts_of(user) -> QuerySet[BudgetAlert]:
    return BudgetAlert.objects.filter(owner=user).order_by("-period_start", "threshold", "id")


def bills_of(user) -> QuerySet[Bill]:
    return Bill.objects.filter(owner=user, deleted_at__isnull=True).order_by("next_due", "name", "id")


def get_bill_for(user, bill_id: UUID | str) -> Bill:
    return _get(bills_of(user), bill_id, "bill")


def recurring_of(user) -> QuerySet[Recurring]:
    return Recurring.objects.filter(owner=user, deleted_at__isnull=True).order_by("next_date", "id")


def get_recurring_for(user, recurring_id: UUID | str) -> Recurring:
    return _get(recurring_of(user), recurring_id, "recurring transaction")


def rates_visible_to(user) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.filter(Q(owner=user) | Q(owner__isnull=True)).order_by(
        "base", "quote", "-effective_date", "id"
    )


def get_own_rate_for(user, rate_id: int | str) -> ExchangeRate:
    return _get(ExchangeRate.objects.filter(owner=user), rate_id, "exchange rate")


def imports_of(user) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(owner=user).select_related("account").order_by("-created_at", "id")


def get_import_for(user, batch_id: UUID | str) -> ImportBatch:
    return _get(imports_of(user), batch_id, "import")


def settings_of(user) -> FinanceSettings | None:
    return FinanceSettings.objects.filter(user=user).first()


def users_with_recent_expenses(since: date) -> list[UUID]:
    return list(
        Transaction.objects.filter(direction=Direction.EXPENSE, date__gte=since, deleted_at__isnull=True)
        .values_list("owner_id", flat=True)
        .distinct()
    )


# --- rules ----------------------------------------------------------------------------------
def rules_of(user) -> QuerySet[Rule]:
    return Rule.objects.filter(owner=user, deleted_at__isnull=True).select_related("set_category", "account") \
        .order_by("position", "created_at", "id")


def get_rule_for(user, rule_id: UUID | str) -> Rule:
    return _get(rules_of(user), rule_id, "rule")


def rule_candidates(rule: Rule) -> QuerySet[Transaction]:
    """The owner's live transactions the rule's conditions may hold for (narrowed in SQL; the
    exact test is ledger.finance.rules.matches)."""
    qs = Transaction.objects.filter(owner_id=rule.owner_id, deleted_at__isnull=True)
    if rule.payee_contains:
        qs = qs.filter(payee__icontains=rule.payee_contains)
    if rule.direction:
        qs = qs.filter(direction=rule.direction)
    if rule.account_id:
        qs = qs.filter(account_id=rule.account_id)
    if rule.min_amount is not None or rule.max_amount is not None:
        qs = qs.filter(currency=rule.currency)
        if rule.min_amount is not None:
            qs = qs.filter(amount__gte=rule.min_amount)
        if rule.max_amount is not None:
            qs = qs.filter(amount__lte=rule.max_amount)
    return qs.prefetch_related("parts__category").order_by("-date", "-created_at", "id")


# --- receipts -------------------------------------------------------------------------------
def receipts_of(txn: Transaction) -> QuerySet[TransactionReceipt]:
    return TransactionReceipt.objects.filter(transaction=txn, deleted_at__isnull=True).order_by("created_at", "id")


def get_receipt_for(user, receipt_id: UUID | str) -> TransactionReceipt:
    """A receipt of the user's own transaction (a deleted one's too, as it can be read)."""
    qs = TransactionReceipt.objects.filter(transaction__owner=user, deleted_at__isnull=True)
    return _get(qs.select_related("transaction"), receipt_id, "receipt")
