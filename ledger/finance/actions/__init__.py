"""The only code in finance that writes. Each action is atomic (realtime.feed.action),
takes the acting user first and the rest keyword-only, and publishes every object it
writes to the change feed."""

from ledger.finance.actions.accounts import create_account, delete_account, update_account
from ledger.finance.actions.bills import (
    create_bill,
    delete_bill,
    pay_bill,
    remind_bills,
    update_bill,
)
from ledger.finance.actions.budgets import (
    check_budget_thresholds,
    create_budget,
    delete_budget,
    sweep_budget_thresholds,
    update_budget,
)
from ledger.finance.actions.categories import create_category, delete_category, update_category
from ledger.finance.actions.imports import (
    confirm_import,
    discard_import,
    drop_stale_import_files,
    preview_import,
    reread_import,
)
from ledger.finance.actions.rates import delete_rate, set_rate
from ledger.finance.actions.receipts import (
    attach_transaction_receipt,
    purge_transaction_receipts,
    remove_transaction_receipt,
)
from ledger.finance.actions.recurring import (
    create_recurring,
    delete_recurring,
    materialise_all_recurring,
    materialise_recurring,
    update_recurring,
)
from ledger.finance.actions.rules import apply_rule, create_rule, delete_rule, update_rule
from ledger.finance.actions.setup import ensure_finance, update_settings
from ledger.finance.actions.shared import post_shared_expense
from ledger.finance.actions.transactions import (
    delete_transaction,
    record_transaction,
    restore_transaction,
    update_transaction,
)

__all__ = [
    "check_budget_thresholds", "confirm_import", "create_account", "create_bill", "create_budget",
    "create_category", "create_recurring", "delete_account", "delete_bill", "delete_budget",
    "delete_category", "delete_rate", "delete_recurring", "delete_transaction", "discard_import",
    "drop_stale_import_files",
    "ensure_finance", "materialise_all_recurring", "materialise_recurring", "pay_bill",
    "post_shared_expense", "preview_import", "record_transaction", "reread_import", "remind_bills",
    "restore_transaction", "set_rate", "sweep_budget_thresholds", "update_account", "update_bill",
    "update_budget", "update_category", "update_recurring", "update_settings", "update_transaction",
    "apply_rule", "create_rule", "delete_rule", "update_rule",
    "attach_transaction_receipt", "purge_transaction_receipts", "remove_transaction_receipt",
]
