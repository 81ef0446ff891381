"""invoicing's models as they reach devices: registered with realtime's change feed.

Audiences: a wallet reaches its owner; an invoice reaches its seller and investors, and while
it is open for funding every active user (every user is an investor on this platform);
an investment reaches its investor and the invoice's seller."""

from invoicing import selectors
from invoicing.api.serializers import InvestmentOut, InvoiceOut, WalletOut
from invoicing.models import Account, AccountKind, Investment, Invoice
from realtime.registry import register

register(
    Account,
    entity="wallet",
    serializer=WalletOut,
    audience=lambda account: [account.owner_id] if account.kind == AccountKind.WALLET else [],
    visible=selectors.wallets_for,
)
register(
    Invoice,
    entity="invoice",
    serializer=InvoiceOut,
    audience=lambda invoice: invoice.audience_ids(),
    visible=selectors.invoices_visible_to,
)
register(
    Investment,
    entity="investment",
    serializer=InvestmentOut,
    audience=lambda investment: investment.audience_ids(),
    visible=selectors.investments_visible_to,
)
