"""invoicing's tables, one module per aggregate: the journal (accounts, postings, legs),
invoices, and investments."""

from invoicing.models.investments import Investment
from invoicing.models.invoices import Invoice, InvoiceStatus
from invoicing.models.journal import Account, AccountKind, Leg, Posting, PostingKind

__all__ = [
    "Account", "AccountKind", "Investment", "Invoice", "InvoiceStatus", "Leg", "Posting", "PostingKind",
]
