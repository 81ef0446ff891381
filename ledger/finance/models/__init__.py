from ledger.finance.models.accounts import Account, AccountKind, FinanceSettings
from ledger.finance.models.budgets import Budget, BudgetAlert, Period
from ledger.finance.models.categories import Category, CategoryKind
from ledger.finance.models.imports import (
    BatchStatus,
    ImportBatch,
    ImportFormat,
    ImportRow,
    ImportSource,
    RowStatus,
)
from ledger.finance.models.rates import ExchangeRate
from ledger.finance.models.receipts import TransactionReceipt
from ledger.finance.models.rules import Rule
from ledger.finance.models.schedules import (
    Bill,
    BillRepeat,
    Recurring,
    RecurringOccurrence,
    RecurringRepeat,
)
from ledger.finance.models.transactions import Direction, Source, Transaction, TransactionPart

__all__ = [
    "Account", "AccountKind", "BatchStatus", "Bill", "BillRepeat", "Budget", "BudgetAlert", "Category",
    "CategoryKind", "Direction", "ExchangeRate", "FinanceSettings", "ImportBatch", "ImportFormat",
    "ImportRow", "ImportSource", "Period", "Recurring", "RecurringOccurrence", "RecurringRepeat", "RowStatus", "Rule", "Source",
    "Transaction", "TransactionPart", "TransactionReceipt",
]
