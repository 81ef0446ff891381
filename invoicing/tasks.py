"""Beat jobs: mark funded invoices overdue after their due date and defaulted
INVOICING_DEFAULT_AFTER_DAYS later; expire listings still not fully funded on their due date
(refunding their investors). Each invoice's day is its seller's (hourly: each seller's
midnight is caught within the hour). Each invoice is moved by an action that re-checks its state
under a row lock, and notifications carry dedupe keys, so a second beat or a rerun acts once."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from config import clock
from invoicing.actions import expire_listing, mark_invoice_defaulted, mark_invoice_overdue
from invoicing.models import Invoice, InvoiceStatus
from invoicing.models.invoices import OPEN_STATUSES


def _due(candidates, explicit: date | None, is_due) -> list:
    """The ids among `candidates` (a queryset) due on their day: `explicit` when given (replays,
    tests), else their seller's own today (config.clock)."""
    out = []
    for invoice_id, due_date, zone in candidates.order_by("id").values_list("id", "due_date", "seller__profile__time_zone"):
        day = explicit or clock.today_in(zone or clock.DEFAULT_ZONE)
        if is_due(due_date, day):
            out.append((invoice_id, day))
    return out


@shared_task
def mark_overdue_and_defaulted(on: str | None = None) -> dict[str, int]:
    explicit = date.fromisoformat(on) if on else None
    # No zone is a day ahead of UTC: an invoice due before tomorrow (UTC) is a candidate.
    horizon = explicit or timezone.now().date() + timedelta(days=1)
    grace = timedelta(days=settings.INVOICING_DEFAULT_AFTER_DAYS)
    overdue = _due(Invoice.objects.filter(status=InvoiceStatus.FUNDED, due_date__lt=horizon), explicit,
                   lambda due, day: due < day)
    moved_overdue = sum(mark_invoice_overdue(invoice_id=i, on=day) for i, day in overdue)
    late = _due(Invoice.objects.filter(status=InvoiceStatus.OVERDUE, due_date__lt=horizon - grace), explicit,
                lambda due, day: due < day - grace)
    moved_defaulted = sum(mark_invoice_defaulted(invoice_id=i, on=day) for i, day in late)
    lapsed = _due(Invoice.objects.filter(status__in=OPEN_STATUSES, due_date__lte=horizon), explicit,
                  lambda due, day: due <= day)
    expired = sum(expire_listing(invoice_id=i, on=day) for i, day in lapsed)
    return {"overdue": moved_overdue, "defaulted": moved_defaulted, "expired": expired}
