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

from config import money
from config.api.errors import Unprocessable
from invoicing.actions.invoices import check_amount, lock_own_invoice, refuse_transition
from invoicing.actions.journal import lock_accounts, post
from invoicing.models import Account, AccountKind, Investment, Invoice, InvoiceStatus, PostingKind
from realtime.actions import notify
from realtime.feed import action, publish, revoke


@action
def repay_invoice(user, *, invoice_id: UUID, amount: Decimal) -> Invoice:
    invoice = lock_own_invoice(user, invoice_id)
    if not invoice.can_repay():
        raise refuse_transition(invoice, "repaid")
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
        publish(investment, "investment.repaid")
        notify(
            investment.investor_id,
            kind="investment.repaid",
            title=f"Invoice {invoice.number} repaid {'in full' if full else 'in part'}",
            body=f"{invoice.money(payout)} {invoice.currency} has reached your wallet.",
            data={"invoice": str(invoice.pk), "investment": str(investment.pk), "amount": invoice.money(payout)},
            dedupe_key=f"investment:{investment.pk}:repaid:{posting.pk}",
        )
    if full:
        invoice.status = InvoiceStatus.REPAID
        invoice.repaid_at = now
    invoice.version += 1
    invoice.save()
    publish(invoice, "invoice.repaid" if full else "invoice.repayment_received")
    return invoice


def _notify_all(invoice: Invoice, *, kind: str, title: str, body: str) -> None:
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
    _notify_all(
        invoice, kind="invoice.overdue", title=f"Invoice {invoice.number} is overdue",
        body=f"It was due on {invoice.due_date.isoformat()}; "
             f"{invoice.money(invoice.outstanding_amount)} {invoice.currency} is outstanding.",
    )
    return True


@action
def mark_invoice_defaulted(*, invoice_id: UUID, on: date) -> bool:
    """System action (beat): overdue for more than INVOICING_DEFAULT_AFTER_DAYS. Idempotent."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
    limit = invoice.due_date + timedelta(days=settings.INVOICING_DEFAULT_AFTER_DAYS)
    if not invoice.can_default() or on <= limit:
        return False
    invoice.status = InvoiceStatus.DEFAULTED
    invoice.defaulted_at = timezone.now()
    invoice.version += 1
    invoice.save()
    publish(invoice, "invoice.defaulted")
    _notify_all(
        invoice, kind="invoice.defaulted", title=f"Invoice {invoice.number} has defaulted",
        body=f"Unpaid {settings.INVOICING_DEFAULT_AFTER_DAYS} days after its due date; "
             f"{invoice.money(invoice.outstanding_amount)} {invoice.currency} is outstanding.",
    )
    return True



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
        publish(investment, "investment.refunded")
    invoice.status = InvoiceStatus.EXPIRED
    invoice.expired_at = now
    invoice.version += 1
    invoice.save()
    publish(invoice, "invoice.expired")
    revoke([invoice], sorted(before - set(invoice.audience_ids())), "invoice.expired")
    _notify_all(
        invoice, kind="invoice.expired", title=f"Invoice {invoice.number} expired unfunded",
        body="It was not fully funded by its due date; every investor's amount is back in their wallet.",
    )
    return True
