"""invoicing's writes. Other apps (and this app's API, admin, tasks) call these."""

from invoicing.actions.bills import list_bill
from invoicing.actions.funding import fund_invoice
from invoicing.actions.invoices import (
    create_invoice,
    list_invoice,
    update_invoice,
    withdraw_invoice,
)
from invoicing.actions.repayment import (
    expire_listing,
    mark_invoice_defaulted,
    mark_invoice_overdue,
    repay_invoice,
)
from invoicing.actions.support import declare_invoice_defaulted, record_repayment_for_seller
from invoicing.actions.wallets import ensure_wallet, top_up_wallet, withdraw_from_wallet

__all__ = [
    "create_invoice", "ensure_wallet", "expire_listing", "fund_invoice", "list_bill", "list_invoice", "mark_invoice_defaulted",
    "mark_invoice_overdue", "repay_invoice", "top_up_wallet", "update_invoice", "withdraw_from_wallet",
    "withdraw_invoice", "declare_invoice_defaulted", "record_repayment_for_seller",
]
