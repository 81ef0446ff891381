"""Funding a listing and disbursing it.

Lock order, everywhere: the invoice row first, then every account the funding may touch
(investor wallet, escrow and, when this funding completes the invoice, the seller's wallet
and the fee account), all at once in pk order. Funding refusals:
seller_cannot_fund, invalid_transition (not open), listing_expired, exceeds_remaining,
below_min_ticket, insufficient_funds.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_noop

from config import money
from config.api.errors import Conflict, NotFound, Unprocessable
from config.phrases import money_arg, say
from invoicing import notifications, pricing
from invoicing.actions.invoices import check_amount, refuse_transition, today
from invoicing.actions.journal import lock_accounts, platform_account, post
from invoicing.actions.wallets import ensure_wallet
from invoicing.models import Account, AccountKind, Investment, Invoice, InvoiceStatus, PostingKind
from invoicing.models.invoices import OPEN_STATUSES
from realtime.actions import notify
from realtime.feed import action, publish, revoke


@action
def fund_invoice(user, *, invoice_id: UUID, amount: Decimal) -> Investment:
    """Move `amount` from the investor's wallet into the invoice's escrow. When the escrow
    reaches the advance, disburse in the same transaction."""
    # The investor's wallet in the invoice's currency is found in the same read (only its id
    # is needed here: the wallet is read again when locked).
    peek = (
        Invoice.objects.filter(pk=invoice_id, deleted_at=None).only("currency", "status", "seller_id")
        .annotate(wallet_id=Subquery(
            Account.objects.filter(kind=AccountKind.WALLET, owner_id=user.pk, currency=OuterRef("currency"))
            .values("pk")[:1]
        ))
        .first()
    )
    if peek is None or (
        peek.status not in OPEN_STATUSES and peek.seller_id != user.pk
        and not Investment.objects.filter(invoice_id=invoice_id, investor=user).exists()
    ):
        raise NotFound("No such invoice.")
    # Before the invoice lock; the nested action (a savepoint) only for a first wallet.
    wallet = Account(pk=peek.wallet_id) if peek.wallet_id else ensure_wallet(user, currency=peek.currency)

    # The seller's profile (its zone decides the invoice's day) joins the read; only the invoice is locked.
    invoice = Invoice.objects.select_for_update(of=("self",)).select_related("seller__profile").get(pk=invoice_id)
    if invoice.seller_id == user.pk:
        raise Unprocessable("You cannot fund your own invoice.", code="seller_cannot_fund")
    if not invoice.can_fund():
        raise refuse_transition(invoice, gettext_noop("funded"))
    if invoice.due_date <= today(invoice.seller):
        raise Conflict("This listing's due date has passed.", code="listing_expired")
    check_amount(invoice, amount)
    remaining = invoice.remaining_amount
    if amount > remaining:
        raise Unprocessable(
            "That is more than is left to fund.",
            code="exceeds_remaining",
            fields={"amount": [f"At most {invoice.money(remaining)}."]},
        )
    completes = amount == remaining
    if amount < invoice.min_ticket and not completes:
        raise Unprocessable(
            "That is below the minimum ticket.",
            code="below_min_ticket",
            fields={"amount": [f"At least {invoice.money(invoice.min_ticket)} (or exactly the {invoice.money(remaining)} left)."]},
        )
    if completes:
        # The disbursement touches two more accounts: lock all four now, in pk order, rather
        # than two now and two later (which could deadlock against another completion).
        escrow = Account.objects.get(kind=AccountKind.ESCROW, invoice=invoice)
        locked = lock_accounts([
            wallet, escrow,
            Account.objects.get(kind=AccountKind.WALLET, owner_id=invoice.seller_id, currency=invoice.currency),
            platform_account(AccountKind.FEE, invoice.currency),
        ])
    else:
        # The investor's wallet and the escrow, found and locked in one statement, pk order.
        locked = {
            a.pk: a
            for a in Account.objects.select_for_update()
            .filter(Q(pk=wallet.pk) | Q(kind=AccountKind.ESCROW, invoice=invoice))
            .order_by("pk")
        }
        escrow = next(a for a in locked.values() if a.kind == AccountKind.ESCROW)
    post(
        kind=PostingKind.FUNDING,
        legs=[(wallet, -amount), (escrow, amount)],
        actor_id=user.pk,
        invoice=invoice,
        memo=f"Funding invoice {invoice.number}"[:200],
        locked=locked,
    )
    investment = Investment.objects.select_for_update().filter(invoice=invoice, investor=user).first()
    if investment is None:
        investment = Investment.objects.create(
            invoice=invoice, investor=user, currency=invoice.currency, amount=amount
        )
    else:
        investment.amount += amount
        investment.version += 1
        investment.save(update_fields=["amount", "version", "updated_at"])
        # The invoice locked above, not a second read of it: its feed change (status) and
        # audience (seller) read it, after it is saved below with every field as held here.
        investment.invoice = invoice
    invoice.funded_amount += amount
    invoice.version += 1
    if completes:
        invoice.save()
        publish(investment, "investment.placed")
        _disburse(invoice)
        notifications.investment_placed(user, invoice, amount=invoice.money(amount))
        investment.refresh_from_db()  # its share of the face and confirmation were just set
        return investment
    invoice.status = InvoiceStatus.PARTIALLY_FUNDED
    invoice.save(update_fields=["funded_amount", "version", "status", "updated_at"])
    publish(investment, "investment.placed")
    # Progress goes to the seller and its investors only: sending every partial funding
    # to every user on the platform made each funding lock every user's feed head (one
    # change per user) and serialised all writes. Other investors see progress through
    # GET /marketplace; listing, completion, withdrawal and expiry still reach everyone.
    publish(invoice, "invoice.funding_received", audience=invoice.participant_ids())
    notifications.investment_placed(user, invoice, amount=invoice.money(amount))
    # No refresh from the database: every field is as saved, and the answer's status is
    # read from the invoice held here (a refresh cost a read now and one after commit).
    return investment


def _disburse(invoice: Invoice) -> None:
    """Call with the invoice and its accounts locked, escrow holding the whole advance: pay
    the seller the advance less the platform fee, fix each investor's share of the face."""
    before = set(invoice.audience_ids())
    advance = invoice.advance_amount
    fee = pricing.platform_fee(advance, invoice.currency)
    escrow = Account.objects.get(kind=AccountKind.ESCROW, invoice=invoice)
    seller_wallet = Account.objects.get(kind=AccountKind.WALLET, owner_id=invoice.seller_id, currency=invoice.currency)
    post(
        kind=PostingKind.DISBURSEMENT,
        legs=[(escrow, -advance), (seller_wallet, advance - fee),
              (platform_account(AccountKind.FEE, invoice.currency), fee)],
        invoice=invoice,
        memo=f"Advance for invoice {invoice.number}"[:200],
    )
    investments = list(Investment.objects.select_for_update().filter(invoice=invoice).order_by("investor_id"))
    shares = money.allocate(invoice.face_amount, invoice.currency, {i.investor_id: i.amount for i in investments})
    now = timezone.now()
    for investment in investments:
        investment.face_share = shares[investment.investor_id]
        investment.confirmed_at = now
        investment.version += 1
        investment.updated_at = now
    Investment.objects.bulk_update(investments, ["face_share", "confirmed_at", "version", "updated_at"])
    invoice.status = InvoiceStatus.FUNDED
    invoice.fee_amount = fee
    invoice.funded_at = now
    invoice.version += 1
    invoice.save()
    publish(invoice, "invoice.funded")
    revoke([invoice], sorted(before - set(invoice.audience_ids())), "invoice.closed")
    notify(
        invoice.seller_id,
        kind="invoice.funded",
        title=say(gettext_noop("Invoice %(number)s is fully funded"), number=invoice.number),
        body=say(gettext_noop("%(net)s is in your wallet (advance %(advance)s less fee %(fee)s)."),
                 net=money_arg(advance - fee, invoice.currency), advance=money_arg(advance, invoice.currency),
                 fee=money_arg(fee, invoice.currency)),
        data={"invoice": str(invoice.pk)},
        dedupe_key=f"invoice:{invoice.pk}:funded",
    )
    for investment in investments:
        publish(investment, "investment.confirmed")
        notify(
            investment.investor_id,
            kind="investment.confirmed",
            title=say(gettext_noop("Your investment in invoice %(number)s is confirmed"), number=invoice.number),
            body=say(gettext_noop("You paid %(paid)s and will receive %(face)s on repayment."),
                     paid=money_arg(investment.amount, invoice.currency),
                     face=money_arg(investment.face_share, invoice.currency)),
            data={"invoice": str(invoice.pk), "investment": str(investment.pk)},
            dedupe_key=f"investment:{investment.pk}:confirmed",
        )

