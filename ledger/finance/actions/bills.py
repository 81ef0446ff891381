"""Bills to pay. Reminders are notifications keyed per bill, kind and due date, so the
daily job (run twice, or late) reminds once per occurrence. Paying records the expense
and moves the bill to its next occurrence, under the bill's row lock."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.utils.translation import gettext_noop

from config.api.errors import Conflict, Invalid
from config.money import has_valid_precision, quantize
from config.phrases import date_arg, money_arg, say
from config.repeats import index_of
from ledger.finance.actions._common import lock, owned, save, tombstone
from ledger.finance.actions.transactions import record_transaction
from ledger.finance.dates import nth, today_for
from ledger.finance.models import (
    Account,
    Bill,
    BillRepeat,
    Category,
    CategoryKind,
    Direction,
    Source,
    Transaction,
)
from realtime.actions import notify
from realtime.feed import action, publish

log = logging.getLogger(__name__)


def _check(user, values: dict, currency: str) -> None:
    for f in ("amount", "amount_max"):
        if values.get(f) is not None and not has_valid_precision(values[f], currency):
            raise Invalid(f"Too many decimals for {currency}.", fields={f: [f"Too many decimal places for {currency}."]})
    if values.get("amount_max") is not None and values["amount_max"] < values["amount"]:
        raise Invalid("The range ends below its start.", fields={"amount_max": ["Must be at least the amount."]})


def _links(user, values: dict) -> dict:
    out = {}
    if "account_id" in values:
        out["account"] = owned(Account, user.id, values["account_id"], "account_id", "account")
    if "category_id" in values:
        cat = owned(Category, user.id, values["category_id"], "category_id", "category")
        if cat is not None and cat.kind != CategoryKind.EXPENSE:
            raise Invalid("Bills use expense categories.", fields={"category_id": ["Not an expense category."]})
        out["category"] = cat
    return out


def _paid_so_far(repeat: str, due_date: date | None, anchor_date: date | None,
                 last_paid_on: date | None) -> tuple[date, int]:
    """The anchor and the occurrence index `due_date` is (create_bill's restore arguments)."""
    if anchor_date is None:
        if due_date is None:
            raise Invalid("Say when the bill is due.", fields={"due_date": ["Required."]})
        return due_date, 0
    if due_date is None:
        if repeat != BillRepeat.NONE or last_paid_on is None:
            raise Invalid("Only a one-off bill already paid has no due date.", fields={"due_date": ["Required."]})
        return anchor_date, 0
    occurrence = index_of(anchor_date, repeat, due_date) if repeat != BillRepeat.NONE else (
        0 if due_date == anchor_date else None)
    if occurrence is None:
        raise Invalid("The due date is not one of the bill's dates.",
                      fields={"due_date": ["Not an occurrence of anchor_date's repeat."]})
    return anchor_date, occurrence


@action
def create_bill(
    user, *, name: str, amount: Decimal, due_date: date | None, amount_max: Decimal | None = None,
    currency: str | None = None, account_id: UUID | None = None, category_id: UUID | None = None,
    payee: str = "", repeat: str = BillRepeat.MONTHLY, remind_days: int = 3, id: UUID | None = None,
    anchor_date: date | None = None, last_paid_on: date | None = None,
) -> Bill:
    """A new bill first due on `due_date`. A restore (ledger.finance.restore) brings one back
    as far as it was paid: `anchor_date` its first due date, `due_date` the next one unpaid
    (an occurrence of the anchor's repeat; None for a one-off already paid) and
    `last_paid_on`, so no reminder fires again for what was paid."""
    if id is not None:
        existing = Bill.objects.filter(pk=id, owner_id=user.id).first()
        if existing is not None:
            return existing
    links = _links(user, {"account_id": account_id, "category_id": category_id})
    account = links["account"]
    currency = currency or (account.currency if account else user.profile.default_currency)
    if account is not None and account.currency != currency:
        raise Invalid("The bill's currency differs from its account's.", fields={"currency": [f"The account is in {account.currency}."]})
    _check(user, {"amount": amount, "amount_max": amount_max}, currency)
    anchor, occurrence = _paid_so_far(repeat, due_date, anchor_date, last_paid_on)
    bill = Bill(owner_id=user.id, name=name.strip(), amount=amount, amount_max=amount_max, currency=currency,
                payee=payee.strip(), repeat=repeat, anchor_date=anchor, occurrence=occurrence, next_due=due_date,
                remind_days=remind_days, last_paid_on=last_paid_on, **links)
    if id is not None:
        bill.id = id
    bill.save(force_insert=True)
    publish(bill, "bill.created")
    return bill


@action
def update_bill(user, *, bill: Bill, expected_version: int | None = None, **changes) -> Bill:
    bill = lock(Bill, bill.pk, expected_version)
    links = _links(user, changes)
    if links.get("account") is not None and links["account"].currency != bill.currency:
        raise Invalid("The account's currency differs from the bill's.", fields={"account_id": [f"Use a {bill.currency} account."]})
    merged = {"amount": changes.get("amount", bill.amount), "amount_max": changes.get("amount_max", bill.amount_max)}
    _check(user, merged, bill.currency)
    for f in ("name", "amount", "amount_max", "payee", "remind_days"):
        if f in changes:
            setattr(bill, f, changes[f].strip() if isinstance(changes[f], str) else changes[f])
    for f, v in links.items():
        setattr(bill, f, v)
    save(bill, "bill.updated")
    return bill


@action
def delete_bill(user, *, bill: Bill, expected_version: int | None = None) -> Bill:
    bill = lock(Bill, bill.pk, expected_version)
    tombstone(bill, "bill.deleted")
    return bill


@action
def pay_bill(
    user, *, bill: Bill, amount: Decimal | None = None, account_id: UUID | None = None,
    on: date | None = None, expected_version: int | None = None,
) -> tuple[Bill, Transaction]:
    """Record the payment of the bill's next occurrence and move it to the one after."""
    bill = lock(Bill, bill.pk, expected_version)
    if bill.next_due is None:
        raise Conflict("This bill has no occurrence left to pay.", code="bill_settled")
    account_id = account_id or bill.account_id
    if account_id is None:
        raise Invalid("Say which account pays it.", code="account_required", fields={"account_id": ["Required: the bill has no account."]})
    account = owned(Account, user.id, account_id, "account_id", "account")
    if account.currency != bill.currency:
        raise Invalid("The account's currency differs from the bill's.", fields={"account_id": [f"Use a {bill.currency} account."]})
    paid_on = on or today_for(user)
    txn = record_transaction(
        user, account_id=account.id, direction=Direction.EXPENSE, amount=amount or bill.amount, date=paid_on,
        category_id=bill.category_id, payee=bill.payee or bill.name,
        notes=f"{bill.name} due {bill.next_due.isoformat()}", source=Source.BILL,
    )
    bill.last_paid_on = paid_on
    if bill.repeat == BillRepeat.NONE:
        bill.next_due = None
    else:
        bill.occurrence += 1
        bill.next_due = nth(bill.anchor_date, bill.repeat, bill.occurrence)
    save(bill, "bill.paid")
    return bill, txn


@action
def remind_bill(*, bill_id: UUID, today: date | None = None) -> list[str]:
    """Due-soon and overdue notifications for one bill's current occurrence; the dedupe key
    (bill, kind, due date) makes each happen once however often this runs."""
    bill = Bill.objects.select_related("owner__profile").filter(pk=bill_id, deleted_at__isnull=True).first()
    if bill is None or bill.next_due is None:
        return []
    today = today or today_for(bill.owner)
    due = bill.next_due
    data = {"bill_id": str(bill.id), "due_date": due.isoformat(), "amount": str(quantize(bill.amount, bill.currency)),
            "currency": bill.currency, "days_until_due": (due - today).days}
    sent = []
    if today > due:
        kind, title = "bill.overdue", say(gettext_noop("%(bill)s is overdue (was due %(due)s)"), bill=bill.name,
                                          due=date_arg(due))
    elif due - timedelta(days=bill.remind_days) <= today:
        kind, title = "bill.due_soon", (say(gettext_noop("%(bill)s is due today"), bill=bill.name) if due == today
                                        else say(gettext_noop("%(bill)s is due %(due)s"), bill=bill.name, due=date_arg(due)))
    else:
        return sent
    body = say(gettext_noop("%(amount)s to %(payee)s."), amount=money_arg(bill.amount, bill.currency),
               payee=bill.payee or bill.name)
    note = notify(bill.owner_id, kind=kind, title=title, body=body,
                  data=data, dedupe_key=f"bill:{bill.id}:{kind.split('.')[1]}:{due.isoformat()}")
    if note is not None:
        sent.append(kind)
    return sent


def remind_bills(*, today: date | None = None) -> int:
    """The daily job: every bill whose reminder window has opened (in any time zone)."""
    horizon = (today or date.today()) + timedelta(days=91)
    count = 0
    for bill_id in Bill.objects.filter(deleted_at__isnull=True, next_due__lte=horizon).values_list("id", flat=True):
        try:
            count += len(remind_bill(bill_id=bill_id, today=today))
        except Exception:  # one bad row must not stop everyone's reminders
            log.exception("bill reminder failed for %s", bill_id)
    return count
