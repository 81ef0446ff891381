"""Payment reminders and overdue bills (run by the daily beat jobs in tasks.py).

A reminder is claimed by inserting its (party, day) row: the unique constraint lets one
run win, so a beat that fires twice, or two workers, remind once. `bill.overdue` is claimed
by a conditional UPDATE of `overdue_notified_at` (only the run that flips it from NULL
publishes)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from config import money
from ledger.khata.models import Bill, BillState, Membership, Party, Reminder, Role
from realtime.actions import notify
from realtime.feed import action, publish


def upi_link(*, upi_id: str, payee: str, amount, currency: str, note: str) -> str:
    """A UPI deep link (NPCI's `upi://pay` URL) any UPI app opens pre-filled."""
    if not upi_id:
        return ""
    params = {"pa": upi_id, "pn": payee, "am": money.format_amount(amount, currency), "cu": currency, "tn": note}
    return "upi://pay?" + urlencode(params)


def reminder_text(party: Party, link: str) -> str:
    business = party.business
    amount = money.display(party.balance, business.currency)
    text = f"Dear {party.name}, {amount} is due to {business.name}."
    if link:
        text += f" Pay by UPI: {link}"
    if business.phone:
        text += f" Questions: {business.phone}."
    return text + " Thank you!"


def _managers(business_id) -> list:
    return list(
        Membership.objects.filter(business_id=business_id, deleted_at=None, role__in=[Role.OWNER, Role.MANAGER])
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


@action
def remind_party(party_id, *, day: dt.date) -> Reminder | None:
    """Create today's reminder for the party, once. None when already reminded (or no longer due)."""
    party = Party.objects.select_related("business").get(pk=party_id)
    business = party.business
    if party.deleted_at or business.deleted_at or party.balance <= 0:
        return None
    link = upi_link(upi_id=business.upi_id, payee=business.name, amount=party.balance, currency=business.currency,
                    note=f"Payment to {business.name}")
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                business=business, party=party, day=day, amount=party.balance, message=reminder_text(party, link),
                upi_link=link,
            )
    except IntegrityError:
        return None
    reminder.business = business
    publish(reminder, "khata.reminder.created")
    for user_id in _managers(business.id):
        notify(
            user_id, kind="khata.reminder", title=f"Remind {party.name}",
            body=f"{money.display(party.balance, business.currency)} due from {party.name}.",
            data={"business": str(business.id), "party": str(party.id), "reminder": str(reminder.id),
                  "message": reminder.message},
            dedupe_key=f"khata-reminder:{party.id}:{day.isoformat()}",
        )
    return reminder


def parties_due_for_reminder(today: dt.date) -> list:
    """Customers who owe, past their business's schedule, not reminded within its interval."""
    from ledger.khata.models import Business

    due: list = []
    for business in Business.objects.filter(deleted_at=None, reminders_enabled=True).order_by("id"):
        recent = Reminder.objects.filter(
            party=OuterRef("pk"), day__gt=today - dt.timedelta(days=business.reminder_every_days)
        )
        due += list(
            Party.objects.filter(
                business=business, deleted_at=None, kind="customer", balance__gt=0,
                owed_since__lte=today - dt.timedelta(days=business.reminder_after_days),
            )
            .exclude(Exists(recent))
            .order_by("id")
            .values_list("id", flat=True)
        )
    return due


@action
def mark_bill_overdue(bill_id, *, today: dt.date) -> bool:
    """Publish `bill.overdue` once per bill; True when this call did it."""
    claimed = Bill.objects.filter(
        pk=bill_id, state=BillState.ISSUED, due_date__lt=today, overdue_notified_at=None, deleted_at=None
    ).update(overdue_notified_at=timezone.now())
    if not claimed:
        return False
    bill = Bill.objects.select_for_update().select_related("business", "party").get(pk=bill_id)
    if bill.paid >= bill.total:
        return False
    bill.version += 1
    bill.save(update_fields=["version", "updated_at"])
    publish(bill, "bill.overdue")
    for user_id in _managers(bill.business_id):
        notify(
            user_id, kind="khata.bill_overdue", title=f"Bill {bill.number} is overdue",
            body=f"{money.display(bill.outstanding, bill.currency)} from {bill.party.name} was due {bill.due_date}.",
            data={"business": str(bill.business_id), "bill": str(bill.id)},
            dedupe_key=f"bill-overdue:{bill.id}",
        )
    return True


def overdue_bill_ids(today: dt.date):
    return (
        Bill.objects.filter(state=BillState.ISSUED, due_date__lt=today, overdue_notified_at=None, deleted_at=None,
                            paid__lt=F("total"), business__deleted_at=None)
        .order_by("id")
        .values_list("id", flat=True)
    )


