from ledger.finance.models.accounts import Account, AccountKind, FinanceSettings
from ledger.finance.models.budgets import Budget, BudgetAlert, Period
from ledger.finance.models.categories import Category, CategoryKind
from ledger.finance.models.imports import (
    BatchStatus,
    ImportBatch,
    ImportFormat,
    ImportRow,
    RowStatus,
)
from ledger.finance.models.rates import ExchangeRate
from ledger.finance.models.schedules import (
    Bill,
    BillRepeat,
    Recurring,
    RecurringOccurrence,
    RecurringRepeat,
)
from ledger.finance.models.transactions import Direction, Source, Transaction

__all__ = [
    "Account", "AccountKind", "BatchStatus", "Bill", "BillRepeat", "Budget", "BudgetAlert", "Category",
    "CategoryKind", "Direction", "ExchangeRate", "FinanceSettings", "ImportBatch", "ImportFormat",
    "ImportRow", "Period", "Recurring", "RecurringOccurrence", "RecurringRepeat", "RowStatus", "Source",
    "Transaction",
]
