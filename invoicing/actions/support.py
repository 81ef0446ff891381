"""What support staff do for sellers and investors from the admin, each audited (an activity
naming the staff member, with the note) and reaching every device concerned."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from django.utils.translation import gettext_noop

from invoicing.actions.invoices import refuse_transition
from invoicing.actions.repayment import declare_default, repay_invoice
from invoicing.models import Invoice
from realtime.feed import action
from social.actions import record_activity


@action
def declare_invoice_defaulted(staff, *, invoice_id: UUID, note: str) -> Invoice:
    """An overdue invoice declared defaulted before the beat job would (the buyer has said
    they will not pay, say)."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
    if not invoice.can_default():
        raise refuse_transition(invoice, gettext_noop("defaulted"))
    declare_default(invoice)
    record_activity(staff, verb="invoice.defaulted", entity="invoice", object_id=invoice.pk,
                    summary=f"{staff} declared invoice {invoice.number} defaulted: {note}"[:300],
                    changes={"note": note})
    return invoice


@action
def record_repayment_for_seller(staff, *, invoice_id: UUID, amount: Decimal, note: str) -> Invoice:
    """The seller's repayment, recorded on their request (from their wallet, as if they had
    repaid themselves: investors are paid out, a repaid-in-full invoice is marked repaid)."""
    invoice = Invoice.objects.select_related("seller").get(pk=invoice_id)
    invoice = repay_invoice(invoice.seller, invoice_id=invoice.pk, amount=amount)
    record_activity(staff, verb="invoice.repayment_recorded", entity="invoice", object_id=invoice.pk,
                    summary=f"{staff} recorded a repayment of {invoice.money(amount)} on invoice {invoice.number} "
                            f"for its seller: {note}"[:300],
                    changes={"note": note, "amount": str(amount)})
    return invoice
