"""Repayment (the seller pays the face value on the buyer's behalf), overdue and default.

Each repayment, full or partial, is split among investors in proportion to what each is
still owed (face share less repaid), by largest remainder in investor-id order: the parts
add up to the payment exactly and no investor is ever paid beyond their share, so the last
payment settles everyone exactly.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from config import money
from config.api.errors import Unprocessable
from config.phrases import Phrase, date_arg, money_arg, say
from invoicing.actions.invoices import (
    check_amount,
    lock_own_invoice,
    refuse_transition,
    unlink_source_bill,
)
from invoicing.actions.journal import lock_accounts, post
from invoicing.models import Account, AccountKind, Investment, Invoice, InvoiceStatus, PostingKind
from realtime.actions import notify
from realtime.feed import action, publish, revoke


@action
def repay_invoice(user, *, invoice_id: UUID, amount: Decimal) -> Invoice:
    invoice = lock_own_invoice(user, invoice_id)
    if not invoice.can_repay():
        raise refuse_transition(invoice, gettext_noop("repaid"))
    check_amount(invoice, amount)
    if amount > invoice.outstanding_amount:
        raise Unprocessable(
            "That is more than is outstanding.",
            code="exceeds_outstanding",
            fields={"amount": [f"At most {invoice.money(invoice.outstanding_amount)}."]},
        )
    investments = list(Investment.objects.select_for_update().filter(invoice=invoice).order_by("investor_id"))
    owed = {i.investor_id: i.face_share - i.repaid_amount for i in investments}
    payouts = money.allocate(amount, invoice.currency, owed)
    wallets = {
        w.owner_id: w
        for w in Account.objects.filter(
            kind=AccountKind.WALLET, currency=invoice.currency, owner_id__in=[*owed, invoice.seller_id]
        )
    }
    lock_accounts(wallets.values())
    posting = post(
        kind=PostingKind.REPAYMENT,
        legs=[(wallets[invoice.seller_id], -amount)]
        + [(wallets[investor], payout) for investor, payout in payouts.items()],
        actor_id=user.pk,
        invoice=invoice,
        memo=f"Repayment of invoice {invoice.number}"[:200],
    )
    now = timezone.now()
    invoice.repaid_amount += amount
    full = invoice.repaid_amount == invoice.face_amount
    for investment in investments:
        payout = payouts[investment.investor_id]
        if not payout:
            continue
        investment.repaid_amount += payout
        investment.version += 1
        investment.save(update_fields=["repaid_amount", "version", "updated_at"])
        notify(
            investment.investor_id,
            kind="investment.repaid",
            title=say(gettext_noop("Invoice %(number)s repaid in full") if full
                      else gettext_noop("Invoice %(number)s repaid in part"), number=invoice.number),
            body=say(gettext_noop("%(amount)s has reached your wallet."), amount=money_arg(payout, invoice.currency)),
            data={"invoice": str(invoice.pk), "investment": str(investment.pk), "amount": invoice.money(payout)},
            dedupe_key=f"investment:{investment.pk}:repaid:{posting.pk}",
        )
    if full:
        invoice.status = InvoiceStatus.REPAID
        invoice.repaid_at = now
    invoice.version += 1
    invoice.save()
    publish(invoice, "invoice.repaid" if full else "invoice.repayment_received")
    # After the invoice's save: an investment reads its status from the invoice (repaid).
    _republish([i for i in investments if payouts[i.investor_id]], invoice, "investment.repaid")
    if invoice.source_bill_id is not None:
        from ledger.khata.actions import record_financed_payment

        # The buyer's debt on the bill shrinks by what was repaid, in this transaction.
        record_financed_payment(bill_id=invoice.source_bill_id, invoice_id=invoice.pk, amount=amount,
                                number=invoice.number)
    return invoice


def _republish(investments, invoice: Invoice, event: str) -> None:
    """Investments show their invoice's status: each goes out again, reading `invoice` as
    saved (its investor and the seller then read on the feed what the API says)."""
    for investment in investments:
        investment.invoice = invoice
        publish(investment, event)


def _investments_of(invoice: Invoice) -> list:
    return list(Investment.objects.filter(invoice=invoice).order_by("investor_id"))


def _notify_all(invoice: Invoice, *, kind: str, title: Phrase, body: Phrase) -> None:
    recipients = sorted({invoice.seller_id, *invoice.investments.values_list("investor_id", flat=True)})
    for user_id in recipients:
        notify(user_id, kind=kind, title=title, body=body, data={"invoice": str(invoice.pk)},
               dedupe_key=f"invoice:{invoice.pk}:{kind}")


@action
def mark_invoice_overdue(*, invoice_id: UUID, on: date) -> bool:
    """System action (beat): a funded invoice whose due date has passed. Idempotent."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
    if not invoice.can_mark_overdue() or invoice.due_date >= on:
        return False
    invoice.status = InvoiceStatus.OVERDUE
    invoice.overdue_at = timezone.now()
    invoice.version += 1
    invoice.save()
    publish(invoice, "invoice.overdue")
    _republish(_investments_of(invoice), invoice, "investment.invoice_overdue")
    _notify_all(
        invoice, kind="invoice.overdue", title=say(gettext_noop("Invoice %(number)s is overdue"), number=invoice.number),
        body=say(gettext_noop("It was due on %(due)s; %(amount)s is outstanding."), due=date_arg(invoice.due_date),
                 amount=money_arg(invoice.outstanding_amount, invoice.currency)),
    )
    return True


@action
def mark_invoice_defaulted(*, invoice_id: UUID, on: date) -> bool:
    """System action (beat): overdue for more than INVOICING_DEFAULT_AFTER_DAYS. Idempotent."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
    limit = invoice.due_date + timedelta(days=settings.INVOICING_DEFAULT_AFTER_DAYS)
    if not invoice.can_default() or on <= limit:
        return False
    declare_default(invoice)
    return True


def declare_default(invoice: Invoice) -> None:
    """Call with the invoice locked and can_default() true: it is defaulted, live to its seller
    and investors, each notified."""
    invoice.status = InvoiceStatus.DEFAULTED
    invoice.defaulted_at = timezone.now()
    invoice.version += 1
    invoice.save()
    publish(invoice, "invoice.defaulted")
    _republish(_investments_of(invoice), invoice, "investment.invoice_defaulted")
    _notify_all(
        invoice, kind="invoice.defaulted", title=say(gettext_noop("Invoice %(number)s has defaulted"),
                                                     number=invoice.number),
        body=say(gettext_noop("Unpaid %(days)s days after its due date; %(amount)s is outstanding."),
                 days=settings.INVOICING_DEFAULT_AFTER_DAYS,
                 amount=money_arg(invoice.outstanding_amount, invoice.currency)),
    )



@action
def expire_listing(*, invoice_id: UUID, on: date) -> bool:
    """System action (beat): a listing not fully funded by its due date can no longer be
    funded (fund_invoice refuses from the due date on), so its escrow goes back to its
    investors, each their own amount, and the listing ends `expired`. Idempotent."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
    if not invoice.can_expire() or invoice.due_date > on:
        return False
    before = set(invoice.audience_ids())
    investments = list(Investment.objects.select_for_update().filter(invoice=invoice).order_by("investor_id"))
    if investments:
        escrow = Account.objects.get(kind=AccountKind.ESCROW, invoice=invoice)
        wallets = {
            w.owner_id: w
            for w in Account.objects.filter(
                kind=AccountKind.WALLET, currency=invoice.currency, owner_id__in=[i.investor_id for i in investments]
            )
        }
        lock_accounts([escrow, *wallets.values()])
        post(
            kind=PostingKind.REFUND,
            legs=[(escrow, -invoice.funded_amount)] + [(wallets[i.investor_id], i.amount) for i in investments],
            invoice=invoice,
            memo=f"Refund: invoice {invoice.number} was not fully funded"[:200],
        )
    now = timezone.now()
    for investment in investments:
        investment.refunded_at = now
        investment.version += 1
        investment.save(update_fields=["refunded_at", "version", "updated_at"])
    invoice.status = InvoiceStatus.EXPIRED
    invoice.expired_at = now
    invoice.version += 1
    invoice.save()
    publish(invoice, "invoice.expired")
    _republish(investments, invoice, "investment.refunded")  # after the save: they read "expired"
    revoke([invoice], sorted(before - set(invoice.audience_ids())), "invoice.expired")
    unlink_source_bill(invoice)
    _notify_all(
        invoice, kind="invoice.expired", title=say(gettext_noop("Invoice %(number)s expired unfunded"),
                                                   number=invoice.number),
        body=say(gettext_noop("It was not fully funded by its due date; every investor's amount is back in their wallet.")),
    )
    return True
