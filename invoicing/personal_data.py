"""What deleting an account means for invoicing: an invoice still open (listed, being funded,
funded and not repaid) or money invested in one ties others to the person, so it must end
first; what is left in the person's wallets is withdrawn (a posting like any withdrawal)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from config.phrases import Sentence, say, state_arg
from invoicing.actions.wallets import withdraw_from_wallet
from invoicing.models import Account, AccountKind, Investment, Invoice
from invoicing.models.invoices import OPEN_STATUSES, REPAYABLE_STATUSES
from social import personal_data

LIVE = (*OPEN_STATUSES, *REPAYABLE_STATUSES)


def blockers(user) -> list[str]:
    reasons = [Sentence(say(gettext_noop("Your invoice %(invoice)s is %(state)s: withdraw it or let it be repaid first."),
                            invoice=i.number or str(i.pk), state=state_arg(i.status)))
               for i in Invoice.objects.filter(seller=user, status__in=LIVE, deleted_at=None)
               if i.status in OPEN_STATUSES or i.can_repay()]
    invested = (Investment.objects.filter(investor=user, refunded_at=None, invoice__status__in=LIVE)
                .select_related("invoice"))
    reasons += [Sentence(say(gettext_noop("You have invested in invoice %(invoice)s (%(state)s): wait until it is repaid."),
                             invoice=i.invoice.number or str(i.invoice.pk), state=state_arg(i.invoice.status)))
                for i in invested]
    return reasons


def erase(user) -> None:
    for wallet in Account.objects.filter(kind=AccountKind.WALLET, owner=user, balance__gt=0):
        withdraw_from_wallet(user, amount=wallet.balance, currency=wallet.currency)


personal_data.register("invoicing", blockers=blockers, erase=erase)
