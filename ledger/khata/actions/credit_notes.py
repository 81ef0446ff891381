"""Credit notes against sale bills (sales returns and price corrections).

A credit note names one issued sale bill; its lines are taxed the bill's way (the bill's
tax mode, gst.compute's per-line rounding and whole-rupee total), so its tax reverses the
bill's exactly. It may take off at most what is still creditable (the bill's total minus its
live credit notes), checked under the bill's row lock so two notes cannot together pass it.
It credits the customer (balances.post, as a payment does) and lowers the bill's
outstanding; cancelling it reverses both. Numbers come from the business row locked FOR
UPDATE, the next after the business's highest, so the series has no gap (a rolled-back
note gives its number back with the transaction; a cancelled one keeps it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Max

from config import money
from config.api.errors import Conflict, Invalid
from ledger.khata import gst, selectors
from ledger.khata.actions import balances
from ledger.khata.actions.bills import _lines_input, store_amounts
from ledger.khata.actions.financing import refuse_if_financed
from ledger.khata.models import (
    Bill,
    BillState,
    Business,
    CreditNote,
    CreditNoteLine,
    CreditNoteState,
    Role,
)
from realtime.feed import action, publish
from realtime.preconditions import check_version

PREFIX = "CN-"


def _locked_bill(bill: Bill) -> Bill:
    return Bill.objects.select_for_update().select_related("business", "party").get(pk=bill.pk)


@action
def issue_credit_note(
    actor: Any, *, bill: Bill, lines: list[dict[str, Any]], reason: str, date: dt.date | None = None,
    id: UUID | None = None,
) -> CreditNote:
    """Managers and owners (as for bills). 409 `credit_note_exceeds_bill` past what is
    creditable, `bill_financed` on a financed bill, `bill_not_issued` on a draft or a
    cancelled bill, `not_a_sale_bill` on a purchase bill."""
    selectors.require_role(actor, bill.business_id, Role.MANAGER)
    bill = _locked_bill(bill)
    if id is not None:
        existing = CreditNote.objects.filter(pk=id).first()
        if existing is not None:
            if existing.bill_id != bill.id:
                raise Conflict("That id is taken.", code="id_taken")
            return existing
    if bill.is_purchase:
        raise Conflict("Credit notes are issued against sale bills.", code="not_a_sale_bill")
    if bill.state != BillState.ISSUED:
        raise Conflict("Credit notes are issued against issued bills only.", code="bill_not_issued")
    refuse_if_financed(bill)
    business = bill.business
    note = CreditNote(
        business=business, bill=bill, party=bill.party, currency=bill.currency, tax_mode=bill.tax_mode,
        date=date or business.today(), reason=reason.strip(), seq=0, number="", **({"id": id} if id else {}),
    )
    if note.date < bill.issue_date:
        raise Invalid("A credit note cannot be dated before its bill.", fields={"date": ["Before the bill's date."]})
    parsed = _lines_input(lines, business)
    # Computed before numbering: an invalid line takes no number and writes nothing that stays.
    amounts = gst.compute(parsed, discount=Decimal(0), currency=bill.currency, inter_state=bill.tax_mode == "inter")
    if amounts.total > bill.creditable:
        left = money.format_amount(bill.creditable, bill.currency)
        raise Conflict(
            f"This credit note ({money.format_amount(amounts.total, bill.currency)}) is more than is left to credit"
            f" on bill {bill.number} ({left}).",
            code="credit_note_exceeds_bill", fields={"lines": [f"At most {left} in all."]},
            extra={"creditable": left, "total": money.format_amount(amounts.total, bill.currency)},
        )
    if amounts.total <= 0:
        raise Conflict("A credit note must credit something.", code="credit_note_empty",
                       fields={"lines": ["The total is nothing."]})
    locked = Business.objects.select_for_update().get(pk=business.pk)  # the numbering lock
    last = CreditNote.objects.filter(business=locked).aggregate(m=Max("seq"))["m"] or 0
    note.seq = last + 1
    note.number = f"{PREFIX}{note.seq:04d}"
    store_amounts(note, parsed, discount=Decimal(0), line_model=CreditNoteLine, parent="note")
    bill.credited += note.total
    bill.version += 1
    bill.save(update_fields=["credited", "version", "updated_at"])
    balances.post(bill.party_id, credit=note.total, on=note.date)
    publish(note, "khata.credit_note.issued")
    publish(bill, "khata.bill.credited")
    return note


@action
def cancel_credit_note(actor: Any, *, note: CreditNote, expected_version: int | None = None) -> CreditNote:
    """The note keeps its number; the bill and the customer owe again what it took off."""
    selectors.require_role(actor, note.business_id, Role.MANAGER)
    bill = _locked_bill(note.bill)
    note = CreditNote.objects.select_for_update().select_related("business", "party").get(pk=note.pk)
    check_version(note, expected_version)
    if note.state == CreditNoteState.CANCELLED:
        return note
    refuse_if_financed(bill)
    note.state = CreditNoteState.CANCELLED
    note.version += 1
    note.save(update_fields=["state", "version", "updated_at"])
    bill.credited -= note.total
    bill.version += 1
    bill.save(update_fields=["credited", "version", "updated_at"])
    balances.post(bill.party_id, credit=-note.total, on=note.date)
    publish(note, "khata.credit_note.cancelled")
    publish(bill, "khata.bill.credit_cancelled")
    return note
