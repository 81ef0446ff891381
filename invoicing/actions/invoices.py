"""A seller's invoices: create and edit drafts, list them on the marketplace (priced then),
withdraw them before any funding. Transitions are checked with `Invoice.can_*` on the locked
row; an illegal one is a 409 `invalid_transition`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from config import clock, money
from config.api.errors import Conflict, Invalid, NotFound, Unprocessable
from config.phrases import phrase_arg, sentence, state_arg
from invoicing import pricing
from invoicing.actions.wallets import ensure_wallet
from invoicing.models import Account, AccountKind, Invoice, InvoiceStatus
from realtime.feed import action, publish, revoke
from realtime.preconditions import check_version

EDITABLE = (
    "buyer_name", "buyer_gstin", "number", "face_amount", "currency", "issue_date", "due_date",
    "discount_rate", "min_ticket", "document_url",
)


def today(seller: Any) -> date:
    """An invoice's calendar day is its seller's (the profile's zone, Asia/Kolkata unless set):
    listing terms, "due date passed" for investors and the overdue/expiry schedule agree on
    it, whoever acts and whatever zone the server keeps."""
    return clock.user_today(seller)


def refuse_transition(invoice: Invoice, verb: str) -> Conflict:
    return Conflict(
        sentence(gettext_noop("An invoice that is %(state)s cannot be %(verb)s."), state=state_arg(invoice.status),
                 verb=phrase_arg(verb)),
        code="invalid_transition",
        fields={"status": [invoice.status]},
    )


def lock_own_invoice(user, invoice_id: UUID) -> Invoice:
    """The seller's invoice, row-locked; someone else's is not found."""
    try:
        return Invoice.objects.select_for_update().get(pk=invoice_id, seller=user, deleted_at=None)
    except Invoice.DoesNotExist:
        raise NotFound("No such invoice.")


def _validate(invoice: Invoice) -> None:
    fields: dict[str, list[str]] = {}
    if invoice.due_date <= invoice.issue_date:
        fields["due_date"] = ["Must be after the issue date."]
    if invoice.min_ticket > invoice.face_amount:
        fields["min_ticket"] = ["Cannot exceed the face amount."]
    if invoice.face_amount <= 0:
        fields["face_amount"] = ["Must be more than zero."]
    if invoice.min_ticket <= 0:
        fields["min_ticket"] = ["Must be more than zero."]
    if not 0 < invoice.discount_rate < 100:
        fields["discount_rate"] = ["More than 0 and less than 100."]
    for name in ("face_amount", "min_ticket"):
        if not money.has_valid_precision(getattr(invoice, name), invoice.currency):
            fields[name] = [f"{money.exponent(invoice.currency)} decimal places at most for {invoice.currency}."]
    if fields:
        raise Invalid("The invoice is not valid.", fields=fields)


def _save_unique(invoice: Invoice, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            invoice.save(**kwargs)
    except IntegrityError:
        raise Invalid(
            "You already have an invoice with this number.",
            code="duplicate_number",
            fields={"number": ["Already used by another of your invoices."]},
        )


@action
def create_invoice(user, *, id: UUID | None = None, source_bill_id: UUID | None = None, **fields: Any) -> Invoice:
    """A draft. With a client-chosen `id` a replay returns the invoice already made."""
    if id is not None:
        existing = Invoice.objects.filter(pk=id).first()
        if existing is not None:
            if existing.seller_id != user.pk:
                raise Conflict("That id is taken.", code="id_taken", fields={"id": ["Taken."]})
            return existing
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown invoice fields: {sorted(unknown)}")
    fields.setdefault("buyer_gstin", "")
    fields.setdefault("document_url", "")
    invoice = Invoice(seller=user, source_bill_id=source_bill_id, **fields)
    if id is not None:
        invoice.id = id
    _validate(invoice)
    _save_unique(invoice, force_insert=True)
    publish(invoice, "invoice.created")
    return invoice


@action
def update_invoice(user, *, invoice_id: UUID, changes: dict[str, Any], expected_version: int | None = None) -> Invoice:
    invoice = lock_own_invoice(user, invoice_id)
    check_version(invoice, expected_version)
    if not invoice.can_edit():
        raise refuse_transition(invoice, gettext_noop("edited"))
    for name, value in changes.items():
        if name not in EDITABLE:
            raise TypeError(f"{name} is not editable")
        setattr(invoice, name, value)
    _validate(invoice)
    invoice.version += 1
    _save_unique(invoice)
    publish(invoice, "invoice.updated")
    return invoice


@action
def list_invoice(user, *, invoice_id: UUID, expected_version: int | None = None, on: date | None = None) -> Invoice:
    """Price the draft and open it to every investor (`invoice.listed` reaches all active
    users). The due date must be at least INVOICING_MIN_DAYS_TO_DUE days ahead."""
    on = on or today(user)
    peek = Invoice.objects.filter(pk=invoice_id, seller=user, deleted_at=None).only("currency").first()
    if peek is None:
        raise NotFound("No such invoice.")
    # The seller's wallet must exist before disbursement; make it before any invoice lock.
    ensure_wallet(user, currency=peek.currency)
    invoice = lock_own_invoice(user, invoice_id)
    check_version(invoice, expected_version)
    if not invoice.can_list():
        raise refuse_transition(invoice, gettext_noop("listed"))
    days = pricing.days_between(on, invoice.due_date)
    if days < settings.INVOICING_MIN_DAYS_TO_DUE:
        raise Unprocessable(
            f"The due date must be at least {settings.INVOICING_MIN_DAYS_TO_DUE} days ahead to list.",
            code="due_date_too_soon",
            fields={"due_date": [f"At least {settings.INVOICING_MIN_DAYS_TO_DUE} days ahead."]},
        )
    if days > settings.INVOICING_MAX_DAYS_TO_DUE:
        raise Unprocessable(
            f"The due date can be at most {settings.INVOICING_MAX_DAYS_TO_DUE} days ahead.",
            code="due_date_too_far",
            fields={"due_date": [f"At most {settings.INVOICING_MAX_DAYS_TO_DUE} days ahead."]},
        )
    advance = pricing.advance_for(invoice.face_amount, invoice.currency, invoice.discount_rate, days)
    if advance <= 0 or invoice.min_ticket > advance:
        raise Unprocessable(
            "At this rate and term the advance is too small to list.",
            code="advance_too_small",
            fields={"discount_rate": ["Too high for this term."]},
        )
    invoice.advance_amount = advance
    invoice.priced_days = days
    invoice.status = InvoiceStatus.LISTED
    invoice.listed_at = timezone.now()
    invoice.version += 1
    invoice.save()
    Account.objects.create(kind=AccountKind.ESCROW, invoice=invoice, currency=invoice.currency)
    publish(invoice, "invoice.listed")
    return invoice


@action
def withdraw_invoice(user, *, invoice_id: UUID, expected_version: int | None = None) -> Invoice:
    """Take a draft, or a listing nobody has funded yet, off the market."""
    invoice = lock_own_invoice(user, invoice_id)
    check_version(invoice, expected_version)
    if not invoice.can_withdraw():
        raise refuse_transition(invoice, gettext_noop("withdrawn"))
    before = set(invoice.audience_ids())
    invoice.status = InvoiceStatus.WITHDRAWN
    invoice.withdrawn_at = timezone.now()
    invoice.version += 1
    invoice.save()
    publish(invoice, "invoice.withdrawn")
    unlink_source_bill(invoice)
    revoke([invoice], sorted(before - set(invoice.audience_ids())), "invoice.withdrawn")
    return invoice


def unlink_source_bill(invoice: Invoice) -> None:
    """The listing ended without financing (withdrawn, expired): its khata bill is free."""
    if invoice.source_bill_id is not None:
        from ledger.khata.actions import unlink_bill

        unlink_bill(bill_id=invoice.source_bill_id, invoice_id=invoice.pk)


def check_amount(invoice: Invoice, amount: Decimal) -> None:
    if amount <= 0:
        raise Invalid("The amount must be positive.", fields={"amount": ["Must be more than zero."]})
    if not money.has_valid_precision(amount, invoice.currency):
        raise Invalid(
            f"{invoice.currency} amounts have {money.exponent(invoice.currency)} decimal places at most.",
            fields={"amount": [f"{money.exponent(invoice.currency)} decimal places at most."]},
        )
