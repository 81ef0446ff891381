"""Payment reminders and overdue bills (run by the hourly beat jobs in tasks.py, each business on its own clock).

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
from django.utils.translation import gettext_noop

from config import clock, money
from config.phrases import date_arg, money_arg, say
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
            user_id, kind="khata.reminder", title=say(gettext_noop("Remind %(party)s"), party=party.name),
            body=say(gettext_noop("%(amount)s due from %(party)s."), amount=money_arg(party.balance, business.currency),
                     party=party.name),
            data={"business": str(business.id), "party": str(party.id), "reminder": str(reminder.id),
                  "message": reminder.message},
            dedupe_key=f"khata-reminder:{party.id}:{day.isoformat()}",
        )
    return reminder


# Reminders go out in these hours of the shop's own day (the beat runs hourly), never in its
# night: a customer in India is not messaged at 01:00 because the server keeps UTC.
REMIND_HOURS = range(9, 21)


def parties_due_for_reminder(today: dt.date | None = None) -> list[tuple]:
    """(party id, day) of customers who owe, past their business's schedule, not reminded
    within its interval. The day is `today` when given (replays: any hour), else the
    business's own today while its clock is within REMIND_HOURS (the schedule runs on each
    shop's calendar and hours, whatever the server's zone)."""
    from ledger.khata.models import Business

    due: list = []
    now = timezone.now()
    for business in Business.objects.filter(deleted_at=None, reminders_enabled=True).order_by("id"):
        if today is None:
            local = now.astimezone(clock.zone(business.time_zone))
            if local.hour not in REMIND_HOURS:
                continue
        day = today or business.today()
        recent = Reminder.objects.filter(
            party=OuterRef("pk"), day__gt=day - dt.timedelta(days=business.reminder_every_days)
        )
        due += [
            (party_id, day)
            for party_id in Party.objects.filter(
                business=business, deleted_at=None, kind="customer", balance__gt=0,
                owed_since__lte=day - dt.timedelta(days=business.reminder_after_days),
            )
            .exclude(Exists(recent))
            .order_by("id")
            .values_list("id", flat=True)
        ]
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
    if bill.outstanding <= 0:
        return False
    bill.version += 1
    bill.save(update_fields=["version", "updated_at"])
    publish(bill, "bill.overdue")
    for user_id in _managers(bill.business_id):
        notify(
            user_id, kind="khata.bill_overdue", title=say(gettext_noop("Bill %(number)s is overdue"), number=bill.number),
            body=say(gettext_noop("%(amount)s from %(party)s was due %(due)s."),
                     amount=money_arg(bill.outstanding, bill.currency), party=bill.party.name, due=date_arg(bill.due_date)),
            data={"business": str(bill.business_id), "bill": str(bill.id)},
            dedupe_key=f"bill-overdue:{bill.id}",
        )
    return True


def overdue_bills(today: dt.date | None = None) -> list[tuple]:
    """(bill id, day) of issued, unpaid bills due before `today`, or, without it, before
    their business's own today (a bill due on the 5th is overdue from the shop's 6th)."""
    # No zone is more than a day ahead of UTC: bills due before tomorrow (UTC) are candidates.
    horizon = today or timezone.now().date() + dt.timedelta(days=1)
    candidates = (
        Bill.objects.filter(state=BillState.ISSUED, due_date__lt=horizon, overdue_notified_at=None, deleted_at=None,
                            kind="sale", paid__lt=F("total") - F("credited"), business__deleted_at=None)
        .order_by("id")
        .values_list("id", "due_date", "business__time_zone")
    )
    out = []
    for bill_id, due, zone in candidates:
        day = today or clock.today_in(zone)
        if due < day:
            out.append((bill_id, day))
    return out


