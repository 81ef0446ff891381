from __future__ import annotations

from django.db import IntegrityError, transaction

from config.api.errors import Invalid
from ledger.finance.actions._common import lock, owned, save
from ledger.finance.models import Account, Category, CategoryKind, FinanceSettings
from realtime.feed import action, publish

DEFAULT_CATEGORIES: dict[str, dict[str, list[str]]] = {
    CategoryKind.EXPENSE: {
        "Food & Dining": ["Groceries", "Restaurants"],
        "Transport": ["Fuel", "Public transport"],
        "Housing": ["Rent", "Utilities"],
        "Bills & Subscriptions": [],
        "Shopping": [],
        "Health": [],
        "Entertainment": [],
        "Education": [],
        "Travel": [],
        "Personal care": [],
        "Gifts & Donations": [],
        "Shared expenses": [],
        "Other": [],
    },
    CategoryKind.INCOME: {
        "Salary": [],
        "Business": [],
        "Interest": [],
        "Gifts received": [],
        "Other income": [],
    },
}


def finance_ready(user) -> bool:
    return FinanceSettings.objects.filter(user_id=user.id).exists()


@action
def ensure_finance(user) -> FinanceSettings:
    """Make the user's finance settings and default categories, once: the unique user on
    the settings row is the claim, so two first requests at once seed one set."""
    existing = FinanceSettings.objects.filter(user_id=user.id).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            settings = FinanceSettings.objects.create(user_id=user.id)
    except IntegrityError:
        return FinanceSettings.objects.get(user_id=user.id)
    publish(settings, "finance_settings.created")
    # Two INSERTs (top-level categories, then their children) instead of one per category:
    # this runs inside the first finance request of every user.
    parents = {
        (kind, name): Category(owner_id=user.id, name=name, kind=kind, is_default=True)
        for kind, tops in DEFAULT_CATEGORIES.items()
        for name in tops
    }
    children = [
        Category(owner_id=user.id, name=child, kind=kind, parent=parents[kind, name], is_default=True)
        for kind, tops in DEFAULT_CATEGORIES.items()
        for name, names in tops.items()
        for child in names
    ]
    Category.objects.bulk_create(parents.values())
    Category.objects.bulk_create(children)
    for category in parents.values():
        publish(category, "category.created")
    for category in children:
        publish(category, "category.created")
    return settings


@action
def update_settings(
    user, *, post_shared_expenses: bool | None = None, shared_expense_account_id=..., expected_version: int | None = None
) -> FinanceSettings:
    settings = ensure_finance(user)
    settings = lock(FinanceSettings, settings.pk, expected_version)
    if post_shared_expenses is not None:
        settings.post_shared_expenses = post_shared_expenses
    if shared_expense_account_id is not ...:
        account = owned(Account, user.id, shared_expense_account_id, "shared_expense_account_id", "account")
        settings.shared_expense_account = account
    if settings.post_shared_expenses and settings.shared_expense_account_id is None:
        raise Invalid(
            "Choose the account your shares are posted to.", code="account_required",
            fields={"shared_expense_account_id": ["Required to post shared expenses."]},
        )
    save(settings, "finance_settings.updated")
    return settings
