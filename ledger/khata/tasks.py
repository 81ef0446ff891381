"""Khata's daily beat jobs. They take ids/dates and call actions; each unit of work is
claimed by the action (a unique row or a conditional update), so running twice acts once."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from ledger.khata.actions.reminders import (
    mark_bill_overdue,
    overdue_bill_ids,
    parties_due_for_reminder,
    remind_party,
)


def _day(day: str | None) -> dt.date:
    return dt.date.fromisoformat(day) if day else timezone.localdate()


@shared_task(name="ledger.khata.tasks.send_payment_reminders")
def send_payment_reminders(day: str | None = None) -> int:
    today = _day(day)
    return sum(1 for party_id in parties_due_for_reminder(today) if remind_party(party_id, day=today))


@shared_task(name="ledger.khata.tasks.flag_overdue_bills")
def flag_overdue_bills(day: str | None = None) -> int:
    today = _day(day)
    return sum(1 for bill_id in list(overdue_bill_ids(today)) if mark_bill_overdue(bill_id, today=today))
