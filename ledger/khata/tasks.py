"""Khata's beat jobs (hourly; each business on its own clock). They take ids/dates and call
actions; each unit of work is claimed by the action (a unique row or a conditional update), so running twice acts once."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from ledger.khata.actions.reminders import (
    mark_bill_overdue,
    overdue_bills,
    parties_due_for_reminder,
    remind_party,
)


def _day(day: str | None) -> dt.date | None:
    """An explicit day (replays, tests); None: each business's own today."""
    return dt.date.fromisoformat(day) if day else None


@shared_task(name="ledger.khata.tasks.send_payment_reminders")
def send_payment_reminders(day: str | None = None) -> int:
    return sum(1 for party_id, today in parties_due_for_reminder(_day(day)) if remind_party(party_id, day=today))


@shared_task(name="ledger.khata.tasks.flag_overdue_bills")
def flag_overdue_bills(day: str | None = None) -> int:
    return sum(1 for bill_id, today in overdue_bills(_day(day)) if mark_bill_overdue(bill_id, today=today))


@shared_task(name="ledger.khata.tasks.purge_receipts")
def purge_receipts() -> int:
    """Receipts of entries deleted longer ago than RECEIPT_RETENTION_DAYS: files and rows go."""
    from ledger.khata.actions import purge_entry_receipts

    return purge_entry_receipts()
