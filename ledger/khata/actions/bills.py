"""Bills and payments.

Numbering: a bill takes its number when it is issued, from the business row locked with
SELECT ... FOR UPDATE, so two devices issuing at the same moment queue on that lock and take
consecutive numbers; a rolled-back issue gives its number back with the transaction, so the
sequence has no gap. Drafts have no number and do not count in the party's balance; an issued
bill debits the party, a payment credits it, a cancelled bill (only without payments)
reverses its debit.

A purchase bill (a supplier's bill, `record_purchase_bill`) runs the same paths the other
way round: it is recorded issued, under the supplier's own number (no series of ours), and
credits the supplier (the business owes more, as a "got goods on credit" entry would); a
payment on it debits the supplier and, in cash, is cash out of the till.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.utils import timezone

from config import money
from config.api.errors import Conflict, Invalid, NotFound
from ledger.khata import gst, selectors
from ledger.khata.actions import balances
from ledger.khata.actions.cashbook import check_precision, sync_posting
from ledger.khata.actions.financing import refuse_if_financed
from ledger.khata.models import (
    Bill,
    BillKind,
    BillLine,
    BillState,
    Business,
    CashSource,
    Party,
    PartyKind,
    Payment,
    Role,
    TaxMode,
)
from realtime.feed import action, publish
from realtime.preconditions import check_version


def _lines_input(lines: list[dict[str, Any]], business: Business) -> list[gst.LineInput]:
    out = []
    errors: dict[str, Any] = {}
    for i, line in enumerate(lines):
        for name in ("unit_price", "discount"):
            if line.get(name) is not None and not money.has_valid_precision(line[name], business.currency):
                errors.setdefault(str(i), {})[name] = [f"Too many decimal places for {business.currency}."]
        out.append(
            gst.LineInput(
                description=line["description"], quantity=line["quantity"], unit_price=line["unit_price"],
                discount=line.get("discount") or Decimal(0),
                tax_rate=line["tax_rate"] if line.get("tax_rate") is not None else business.default_tax_rate,
                hsn=line.get("hsn", ""), unit=line.get("unit", ""),
            )
        )
    if errors:
        raise Invalid("Too many decimal places.", fields={"lines": errors})
    return out


def _apply_amounts(bill: Bill, lines: list[gst.LineInput]) -> None:
    """Compute and store the bill's amounts and replace its lines. Call with the bill locked."""
    store_amounts(bill, lines, discount=bill.discount, line_model=BillLine, parent="bill")


def store_amounts(doc: Any, lines: list[gst.LineInput], *, discount: Decimal, line_model: type, parent: str) -> None:
    """Compute a bill's or a credit note's amounts (gst.compute, in its tax mode), save it and
    replace its lines (`line_model` rows pointing at it through `parent`)."""
    inter = doc.tax_mode == TaxMode.INTER
    amounts = gst.compute(lines, discount=discount, currency=doc.currency, inter_state=inter)
    for name in ("subtotal", "taxable", "cgst", "sgst", "igst", "tax_total", "round_off", "total"):
        setattr(doc, name, getattr(amounts, name))
    doc.save()
    doc.lines.all().delete()
    line_model.objects.bulk_create(
        [
            line_model(
                **{parent: doc}, position=i + 1, description=li.description, hsn=li.hsn, quantity=li.quantity,
                unit=li.unit, unit_price=li.unit_price, discount=li.discount, tax_rate=li.tax_rate,
                gross=la.gross, bill_discount=la.bill_discount, taxable=la.taxable, tax_exact=la.tax_exact,
                cgst=la.cgst, sgst=la.sgst, igst=la.igst, amount=la.amount,
            )
            for i, (li, la) in enumerate(zip(lines, amounts.lines, strict=True))
        ]
    )
    # The prefetched lines (if any) are stale now.
    getattr(doc, "_prefetched_objects_cache", {}).pop("lines", None)


def _check_dates(issue: dt.date, due: dt.date) -> None:
    if due < issue:
        raise Invalid("The due date cannot be before the issue date.", fields={"due_date": ["Before issue date."]})


@action
def create_bill(
    actor: Any, *, business: Business, party_id: UUID, lines: list[dict[str, Any]], issue_date: dt.date | None = None,
    due_date: dt.date | None = None, discount: Decimal | None = None, notes: str = "", issue: bool = True,
    id: UUID | None = None, override_credit_limit: bool = False,
) -> Bill:
    selectors.require_role(actor, business.id, Role.MANAGER)
    if id is not None:
        existing = Bill.objects.filter(pk=id).first()
        if existing is not None:
            if existing.business_id != business.id:
                raise Conflict("That id is taken.", code="id_taken")
            return existing
    party = Party.objects.filter(pk=party_id, business=business, deleted_at=None).first()
    if party is None:
        raise NotFound("No such party.", fields={"party": ["No such party in this business."]})
    discount = discount or Decimal(0)
    check_precision(business, discount, "discount")
    issue_date = issue_date or business.today()
    due_date = due_date or issue_date + dt.timedelta(days=business.default_payment_terms_days)
    _check_dates(issue_date, due_date)
    parsed = _lines_input(lines, business)
    bill = Bill(
        business=business, party=party, currency=business.currency, issue_date=issue_date, due_date=due_date,
        discount=discount, notes=notes,
        tax_mode=TaxMode.INTER if gst.is_inter_state(business.state_code, party.state_code) else TaxMode.INTRA,
        **({"id": id} if id else {}),
    )
    _apply_amounts(bill, parsed)
    if issue:
        return issue_bill(actor, bill=bill, override_credit_limit=override_credit_limit, _created=True)
    publish(bill, "khata.bill.drafted")
    return bill


@action
def update_bill(actor: Any, *, bill: Bill, expected_version: int | None = None, lines: list | None = None,
                **changes: Any) -> Bill:
    """Drafts only: an issued bill is a printed document (cancel it and issue another)."""
    selectors.require_role(actor, bill.business_id, Role.MANAGER)
    bill = Bill.objects.select_for_update().select_related("business", "party").get(pk=bill.pk)
    check_version(bill, expected_version)
    if not bill.can_edit():
        raise Conflict("Only a draft bill can be edited.", code="bill_not_draft")
    if "discount" in changes:
        check_precision(bill.business, changes["discount"], "discount")
    for key, value in changes.items():
        setattr(bill, key, value)
    _check_dates(bill.issue_date, bill.due_date)
    if lines is None:
        parsed = [
            gst.LineInput(description=x.description, quantity=x.quantity, unit_price=x.unit_price,
                          discount=x.discount, tax_rate=x.tax_rate, hsn=x.hsn, unit=x.unit)
            for x in bill.lines.order_by("position")
        ]
    else:
        parsed = _lines_input(lines, bill.business)
    bill.version += 1
    _apply_amounts(bill, parsed)
    publish(bill, "khata.bill.edited")
    return bill


@action
def issue_bill(actor: Any, *, bill: Bill, override_credit_limit: bool = False, _created: bool = False) -> Bill:
    """Number the draft and debit the party (over its credit limit: 409 unless a manager or
    owner overrides, see balances)."""
    selectors.require_role(actor, bill.business_id, Role.MANAGER)
    bill = Bill.objects.select_for_update().select_related("party").get(pk=bill.pk)
    if bill.state != BillState.DRAFT:
        raise Conflict("This bill is already issued.", code="bill_not_draft")
    # The numbering lock (see module docstring).
    business = Business.objects.select_for_update().get(pk=bill.business_id)
    bill.series = business.invoice_prefix
    bill.seq = business.next_invoice_number
    bill.number = f"{business.invoice_prefix}{bill.seq:04d}"
    business.next_invoice_number += 1
    business.version += 1
    business.save(update_fields=["next_invoice_number", "version", "updated_at"])
    bill.business = business
    bill.state = BillState.ISSUED
    if not _created:
        bill.version += 1
    bill.save()
    balances.post(bill.party_id, debit=bill.total, on=bill.issue_date,
                  limit=balances.LimitCheck(actor, override_credit_limit))
    publish(business, "khata.business.invoice_numbered")
    publish(bill, "khata.bill.issued")
    return bill


@action
def cancel_bill(actor: Any, *, bill: Bill, expected_version: int | None = None) -> Bill:
    selectors.require_role(actor, bill.business_id, Role.MANAGER)
    bill = Bill.objects.select_for_update().select_related("business", "party").get(pk=bill.pk)
    check_version(bill, expected_version)
    refuse_if_financed(bill)
    if bill.credited:
        raise Conflict("Cancel its credit notes first.", code="bill_has_credit_notes")
    if not bill.can_cancel():
        raise Conflict(
            "Only an issued bill without payments can be cancelled (delete its payments first).",
            code="bill_not_cancellable",
        )
    bill.state = BillState.CANCELLED
    bill.version += 1
    bill.save()
    balances.post(bill.party_id, **_owed(bill, -bill.total), on=bill.issue_date)
    publish(bill, "khata.bill.cancelled")
    return bill


@action
def delete_bill(actor: Any, *, bill: Bill, expected_version: int | None = None) -> None:
    """Drafts only (an issued bill keeps its number: cancel it instead)."""
    selectors.require_role(actor, bill.business_id, Role.MANAGER)
    bill = Bill.objects.select_for_update().select_related("business", "party").get(pk=bill.pk)
    check_version(bill, expected_version)
    if bill.state != BillState.DRAFT:
        raise Conflict("Only a draft can be deleted; cancel an issued bill.", code="bill_not_draft")
    bill.deleted_at = timezone.now()
    bill.version += 1
    bill.save()
    publish(bill, "khata.bill.deleted")


def _owed(bill: Bill, amount: Decimal) -> dict[str, Decimal]:
    """The party movement of `amount` more billed: a sale debits the customer, a purchase
    credits the supplier."""
    return {"credit": amount} if bill.is_purchase else {"debit": amount}


def _paid(bill: Bill, amount: Decimal) -> dict[str, Decimal]:
    """The party movement of `amount` more paid on the bill (the reverse of `_owed`)."""
    return {"debit": amount} if bill.is_purchase else {"credit": amount}


def _post_payment_cash(payment: Payment, actor: Any, business: Business, party_name: str) -> None:
    sync_posting(
        business=business, source=CashSource.PAYMENT, source_id=payment.id, actor=actor,
        live=payment.deleted_at is None, direction="out" if payment.bill.is_purchase else "in", amount=payment.amount, date=payment.date,
        mode=payment.mode, note=f"{payment.bill.number} {party_name}",
    )


@action
def record_payment(
    actor: Any, *, bill: Bill, amount: Decimal, date: dt.date | None = None, mode: str = "cash", note: str = "",
    id: UUID | None = None,
) -> Payment:
    selectors.require_role(actor, bill.business_id, Role.MANAGER)
    bill = Bill.objects.select_for_update().select_related("business", "party").get(pk=bill.pk)
    if id is not None:
        existing = Payment.objects.filter(pk=id).first()
        if existing is not None:
            if existing.bill_id != bill.id:
                raise Conflict("That id is taken.", code="id_taken")
            return existing
    if bill.state != BillState.ISSUED:
        raise Conflict("Payments are recorded against issued bills only.", code="bill_not_issued")
    refuse_if_financed(bill)
    check_precision(bill.business, amount)
    if amount > bill.outstanding:
        raise Invalid(
            f"More than the outstanding {money.format_amount(bill.outstanding, bill.currency)}.",
            code="overpayment", fields={"amount": [f"At most {money.format_amount(bill.outstanding, bill.currency)}."]},
            extra={"outstanding": money.format_amount(bill.outstanding, bill.currency)},
        )
    payment = Payment.objects.create(
        business=bill.business, bill=bill, party=bill.party, amount=amount, date=date or bill.business.today(),
        mode=mode, note=note, **({"id": id} if id else {}),
    )
    bill.paid += amount
    bill.version += 1
    bill.save(update_fields=["paid", "version", "updated_at"])
    balances.post(bill.party_id, **_paid(bill, amount), on=payment.date)
    publish(payment, "khata.payment.recorded")
    publish(bill, "khata.bill.paid" if bill.outstanding == 0 else "khata.bill.partially_paid")
    _post_payment_cash(payment, actor, bill.business, bill.party.name)
    return payment


@action
def delete_payment(actor: Any, *, payment: Payment) -> None:
    selectors.require_role(actor, payment.business_id, Role.MANAGER)
    bill = Bill.objects.select_for_update().select_related("business", "party").get(pk=payment.bill_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.deleted_at is not None:
        return
    refuse_if_financed(bill)
    payment.deleted_at = timezone.now()
    payment.version += 1
    payment.save()
    payment.bill = bill
    payment.business = bill.business
    bill.paid -= payment.amount
    bill.version += 1
    bill.save(update_fields=["paid", "version", "updated_at"])
    balances.post(bill.party_id, **_paid(bill, -payment.amount), on=payment.date)
    publish(payment, "khata.payment.deleted")
    publish(bill, "khata.bill.payment_removed")
    _post_payment_cash(payment, actor, bill.business, bill.party.name)


@action
def record_purchase_bill(
    actor: Any, *, business: Business, party_id: UUID, number: str, lines: list[dict[str, Any]],
    issue_date: dt.date | None = None, due_date: dt.date | None = None, discount: Decimal | None = None,
    notes: str = "", id: UUID | None = None,
) -> Bill:
    """A supplier's bill, as they numbered it: the business owes the supplier its total."""
    selectors.require_role(actor, business.id, Role.MANAGER)
    if id is not None:
        existing = Bill.objects.filter(pk=id).first()
        if existing is not None:
            if existing.business_id != business.id:
                raise Conflict("That id is taken.", code="id_taken")
            return existing
    # The supplier's lock serialises two recordings of one supplier's bill (the number check).
    party = Party.objects.select_for_update().filter(pk=party_id, business=business, deleted_at=None).first()
    if party is None:
        raise NotFound("No such party.", fields={"party": ["No such party in this business."]})
    if party.kind != PartyKind.SUPPLIER:
        raise Invalid("A purchase bill is from a supplier.", code="not_a_supplier",
                      fields={"party": ["Choose a supplier."]})
    number = number.strip()
    if not number:
        raise Invalid("Give the supplier's bill number.", fields={"number": ["Required."]})
    if Bill.objects.filter(business=business, party=party, number=number, kind=BillKind.PURCHASE,
                           deleted_at=None).exclude(state=BillState.CANCELLED).exists():
        raise Conflict("This supplier's bill is already recorded.", code="purchase_bill_recorded",
                       fields={"number": ["Already recorded."]})
    discount = discount or Decimal(0)
    check_precision(business, discount, "discount")
    issue_date = issue_date or business.today()
    due_date = due_date or issue_date + dt.timedelta(days=business.default_payment_terms_days)
    _check_dates(issue_date, due_date)
    parsed = _lines_input(lines, business)
    bill = Bill(
        business=business, party=party, kind=BillKind.PURCHASE, state=BillState.ISSUED, number=number,
        currency=business.currency, issue_date=issue_date, due_date=due_date, discount=discount, notes=notes,
        tax_mode=TaxMode.INTER if gst.is_inter_state(business.state_code, party.state_code) else TaxMode.INTRA,
        **({"id": id} if id else {}),
    )
    _apply_amounts(bill, parsed)
    party.business = business
    balances.post(party.id, credit=bill.total, on=issue_date, locked=party)
    publish(bill, "khata.bill.purchase_recorded")
    return bill
