"""What deleting an account erases here: every personal finance record of the person (no one
else sees them). Registered with social.personal_data in the app's ready()."""

from __future__ import annotations

from config import receipts
from ledger.finance.models import (
    Account,
    Bill,
    Budget,
    Category,
    ExchangeRate,
    FinanceSettings,
    ImportBatch,
    Recurring,
    Rule,
    Transaction,
    TransactionReceipt,
)
from social import personal_data


def erase(user) -> None:
    # Receipt files go once the erasure commits (their rows go with the transactions).
    for name in TransactionReceipt.objects.filter(transaction__owner=user).values_list("file", flat=True):
        receipts.delete_file_after_commit(name)
    # In the order the foreign keys allow (PROTECT from transactions, budgets and recurring
    # items to accounts and categories; sub-categories before their parents).
    for model in (Rule, Budget, Recurring, Transaction, ImportBatch, Bill, FinanceSettings):
        model.objects.filter(**{"user" if model is FinanceSettings else "owner": user}).delete()
    Account.objects.filter(owner=user).delete()
    Category.objects.filter(owner=user, parent__isnull=False).delete()
    Category.objects.filter(owner=user).delete()
    ExchangeRate.objects.filter(owner=user).delete()


personal_data.register("finance", erase=erase)
