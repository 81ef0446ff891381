"""A khata bill becomes an invoice listing in one call (ledger knows nothing of invoicing;
invoicing reads the bill through ledger.khata.selectors)."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from uuid import UUID

from django.db.models import Q

from config import money
from config.api.errors import Conflict, Forbidden, NotFound, Unprocessable
from invoicing.actions.invoices import create_invoice, list_invoice
from invoicing.models import Invoice, InvoiceStatus
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
    id: UUID | None = None,
) -> Invoice:
    """Create an invoice from an issued bill (buyer = the bill's party, face = what is still
    outstanding on it, same number, currency and dates) and list it, in one transaction. One
    live listing per bill. `min_ticket` defaults to a tenth of the face."""
    try:
        from ledger.khata.selectors import can_manage_bill, get_bill_for
    except ImportError:  # khata's bills are built in parallel; until they land there is none
        raise NotFound("No such bill.", fields={"bill": ["No such bill."]})

    bill = get_bill_for(user, bill_id)  # NotFound for a bill of a business the user is not in
    if not can_manage_bill(user, bill):
        raise Forbidden("Only the business's owner or a manager can list its bills.", code="not_bill_manager")
    state = getattr(bill, "state", "issued")
    if state != "issued" or not bill.number:
        raise Unprocessable("Only an issued bill can be listed.", code="bill_not_issued",
                            fields={"bill": [f"The bill is {state}."]})
    if bill.due_date is None:
        raise Unprocessable("The bill has no due date.", code="bill_without_due_date",
                            fields={"bill": ["Set a due date on the bill first."]})
    if Invoice.objects.filter(source_bill_id=bill.pk, deleted_at=None).filter(~Q(status=InvoiceStatus.WITHDRAWN)).exists():
        raise Conflict("This bill is already listed.", code="bill_already_listed", fields={"bill": ["Already listed."]})
    # What the buyer still owes is what can be financed: the total less any payment received.
    total = Decimal(bill.total) - Decimal(getattr(bill, "paid", 0) or 0)
    if total <= 0:
        raise Unprocessable("Nothing is outstanding on this bill.", code="bill_nothing_outstanding",
                            fields={"bill": ["Already paid."]})
    if min_ticket is None:
        min_ticket = max(money.quantize(total / 10, bill.currency, ROUND_FLOOR), money.quantum(bill.currency))
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
        due_date=bill.due_date,
        discount_rate=discount_rate,
        min_ticket=min_ticket,
        document_url=document_url,
    )
    return list_invoice(user, invoice_id=invoice.pk)
