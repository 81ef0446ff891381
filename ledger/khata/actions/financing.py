"""A bill financed on the marketplace. Ledger does not know invoicing: invoicing calls these
actions, holding the invoice's row lock (invoice first, then the bill: one lock order).

While a bill is linked to its invoice (`Bill.financed_by`, listed or funded), the debt
belongs to the financing: khata payments, payment deletions and cancellation are refused
(409 `bill_financed`); each repayment of the invoice records the matching payment on the
bill in the same transaction; withdrawal or expiry unlinks it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from config.api.errors import Conflict
from ledger.khata import selectors
from ledger.khata.actions import balances
from ledger.khata.models import Bill, BillState, Payment, PaymentMode, Role
from realtime.feed import action, publish


def refuse_if_financed(bill: Bill) -> None:
    """Call with the bill locked."""
    if bill.financed_by is not None:
        raise Conflict(
            "This bill is financed on the marketplace: it is settled through its invoice. Withdraw the listing first.",
            code="bill_financed", fields={"bill": ["Listed or funded on the marketplace."]},
        )


def refuse_if_any_financed(**bills_of: Any) -> None:
    """A party or a business whose bill is listed or funded keeps it: deleting it would hide
    a debt investors are financing (call with the party's or business's row locked)."""
    financed = Bill.objects.filter(deleted_at=None, financed_by__isnull=False, **bills_of).values_list("number", flat=True)
    numbers = sorted(n for n in financed[:5] if n)
    if numbers:
        raise Conflict(
            f"Bill {', '.join(numbers)} is financed on the marketplace: withdraw the listing or let it be repaid first.",
            code="bill_financed", fields={"bills": numbers},
        )


def _locked(bill_id: UUID) -> Bill:
    return Bill.objects.select_for_update().select_related("business", "party").get(pk=bill_id)


@action
def link_bill(actor: Any, *, bill: Bill, invoice_id: UUID, face: Decimal) -> Bill:
    """Only the owner may finance the business's bill (the advance reaches the owner's
    wallet). `face` is what the listing was priced on: the bill's outstanding now."""
    selectors.require_role(actor, bill.business_id, Role.OWNER)
    bill = _locked(bill.pk)
    refuse_if_financed(bill)
    if bill.is_purchase:
        raise Conflict("Only a sale bill can be financed.", code="not_a_sale_bill")
    if bill.state != BillState.ISSUED or bill.outstanding != face:
        raise Conflict("The bill changed while it was being listed; try again.", code="bill_changed",
                       fields={"bill": ["Changed meanwhile."]})
    bill.financed_by = invoice_id
    bill.version += 1
    bill.save(update_fields=["financed_by", "version", "updated_at"])
    publish(bill, "khata.bill.financed")
    return bill


@action
def unlink_bill(*, bill_id: UUID, invoice_id: UUID) -> None:
    """System action (the listing was withdrawn or expired): the bill is the khata's again."""
    bill = _locked(bill_id)
    if bill.financed_by != invoice_id:
        return
    bill.financed_by = None
    bill.version += 1
    bill.save(update_fields=["financed_by", "version", "updated_at"])
    publish(bill, "khata.bill.unfinanced")


@action
def record_financed_payment(*, bill_id: UUID, invoice_id: UUID, amount: Decimal, number: str,
                            date: dt.date | None = None) -> Payment:
    """System action (the invoice was repaid by `amount`): the same amount is paid on the
    bill. The money moved through the marketplace wallets, not the till: no cash posting."""
    bill = _locked(bill_id)
    if bill.financed_by != invoice_id:
        raise Conflict("The bill is not financed by this invoice.", code="bill_not_financed")
    payment = Payment.objects.create(
        business=bill.business, bill=bill, party=bill.party, amount=amount,
        date=date or bill.business.today(), mode=PaymentMode.BANK, note=f"Repaid through invoice {number}"[:300],
    )
    bill.paid += amount
    bill.version += 1
    bill.save(update_fields=["paid", "version", "updated_at"])
    balances.post(bill.party_id, credit=amount, on=payment.date)
    publish(payment, "khata.payment.recorded")
    publish(bill, "khata.bill.paid" if bill.paid == bill.total else "khata.bill.partially_paid")
    return payment
