"""A khata bill becomes an invoice listing in one call (ledger knows nothing of invoicing;
invoicing reads the bill through ledger.khata.selectors). Only the owner lists; the listed
bill is linked to its invoice (ledger.khata.actions.financing) until the listing is
withdrawn or expires, and each repayment is paid on the bill."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, Decimal
from uuid import UUID

from config import money
from config.api.errors import Conflict, Forbidden, Invalid, Unprocessable
from invoicing.actions.invoices import create_invoice, list_invoice
from invoicing.models import Invoice
from invoicing.models.invoices import RELEASED_STATUSES
from realtime.feed import action


@action
def list_bill(
    user,
    *,
    bill_id: UUID,
    discount_rate: Decimal,
    min_ticket: Decimal | None = None,
    buyer_gstin: str | None = None,
    document_url: str = "",
    due_date: date | None = None,
    id: UUID | None = None,
) -> Invoice:
    """Create an invoice from an issued bill (buyer = the bill's party, face = what is still
    outstanding on it, same number, currency and dates) and list it, in one transaction. One
    live listing per bill: a listing withdrawn or expired unfunded stays as history and the
    bill can be listed again, on new terms. `min_ticket` defaults to a tenth of the face.
    `due_date` defaults to the bill's; a later one (terms the buyer agreed to, e.g. after a
    listing expired on the bill's date) may be given, never an earlier one. The khata bill
    keeps its printed due date."""
    from ledger.khata.actions import link_bill
    from ledger.khata.selectors import get_bill_for, is_owner

    bill = get_bill_for(user, bill_id)  # NotFound for a bill of a business the user is not in
    if not is_owner(user, bill.business_id):
        # The seller is whoever lists, and the advance reaches the seller's wallet: the owner's.
        raise Forbidden("Only the business's owner can list its bills.", code="not_bill_owner")
    state = getattr(bill, "state", "issued")
    if state != "issued" or not bill.number:
        raise Unprocessable("Only an issued bill can be listed.", code="bill_not_issued",
                            fields={"bill": [f"The bill is {state}."]})
    if bill.due_date is None:
        raise Unprocessable("The bill has no due date.", code="bill_without_due_date",
                            fields={"bill": ["Set a due date on the bill first."]})
    if due_date is not None and due_date < bill.due_date:
        raise Unprocessable("The listing cannot be due before the bill.", code="due_before_bill",
                            fields={"due_date": [f"On or after the bill's due date, {bill.due_date.isoformat()}."]})
    # An earlier listing that was withdrawn or expired unfunded stays as history; any other is live.
    if _live_listing_of(bill.pk):
        raise _already_listed()
    # What the buyer still owes is what can be financed: the total less any payment received.
    total = Decimal(bill.total) - Decimal(getattr(bill, "paid", 0) or 0)
    if total <= 0:
        raise Unprocessable("Nothing is outstanding on this bill.", code="bill_nothing_outstanding",
                            fields={"bill": ["Already paid."]})
    if min_ticket is None:
        min_ticket = max(money.quantize(total / 10, bill.currency, ROUND_FLOOR), money.quantum(bill.currency))
    try:
        invoice = create_invoice(
            user,
            id=id,
            source_bill_id=bill.pk,
            buyer_name=(bill.party.name or "")[:200],
            buyer_gstin=buyer_gstin if buyer_gstin is not None else (getattr(bill.party, "gstin", "") or ""),
            number=str(bill.number)[:64],
            face_amount=total,
            currency=bill.currency,
            issue_date=bill.issue_date,
            due_date=due_date or bill.due_date,
            discount_rate=discount_rate,
            min_ticket=min_ticket,
            document_url=document_url,
        )
    except Invalid as exc:
        # Another listing of this bill committed while this one waited on the unique index.
        if exc.code == "duplicate_number" and _live_listing_of(bill.pk):
            raise _already_listed() from exc
        raise
    invoice = list_invoice(user, invoice_id=invoice.pk)
    link_bill(user, bill=bill, invoice_id=invoice.pk, face=total)  # khata payments now go through the invoice
    return invoice


def _live_listing_of(bill_id: UUID) -> bool:
    """An earlier listing withdrawn or expired unfunded is history; any other is live."""
    return Invoice.objects.filter(source_bill_id=bill_id, deleted_at=None).exclude(status__in=RELEASED_STATUSES).exists()


def _already_listed() -> Conflict:
    return Conflict("This bill is already listed.", code="bill_already_listed", fields={"bill": ["Already listed."]})
