"""Beat jobs: mark funded invoices overdue after their due date and defaulted
INVOICING_DEFAULT_AFTER_DAYS later; expire listings still not fully funded on their due date
(refunding their investors). Each invoice is moved by an action that re-checks its state
under a row lock, and notifications carry dedupe keys, so a second beat or a rerun acts once."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from invoicing.actions import expire_listing, mark_invoice_defaulted, mark_invoice_overdue
from invoicing.models import Invoice, InvoiceStatus
from invoicing.models.invoices import OPEN_STATUSES


@shared_task
def mark_overdue_and_defaulted(on: str | None = None) -> dict[str, int]:
    day = date.fromisoformat(on) if on else timezone.localdate()
    overdue = Invoice.objects.filter(status=InvoiceStatus.FUNDED, due_date__lt=day).values_list("id", flat=True)
    moved_overdue = sum(mark_invoice_overdue(invoice_id=i, on=day) for i in list(overdue))
    limit = day - timedelta(days=settings.INVOICING_DEFAULT_AFTER_DAYS)
    late = Invoice.objects.filter(status=InvoiceStatus.OVERDUE, due_date__lt=limit).values_list("id", flat=True)
    moved_defaulted = sum(mark_invoice_defaulted(invoice_id=i, on=day) for i in list(late))
    lapsed = Invoice.objects.filter(status__in=OPEN_STATUSES, due_date__lte=day).values_list("id", flat=True)
    expired = sum(expire_listing(invoice_id=i, on=day) for i in list(lapsed))
    return {"overdue": moved_overdue, "defaulted": moved_defaulted, "expired": expired}
