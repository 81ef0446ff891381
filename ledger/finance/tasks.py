"""Celery tasks: thin, idempotent (the actions claim their work with unique rows)."""

from __future__ import annotations

import logging

from celery import shared_task

from ledger.finance import actions
from ledger.finance.models import Budget

log = logging.getLogger(__name__)


@shared_task(name="ledger.finance.tasks.materialise_recurring")
def materialise_recurring() -> int:
    return actions.materialise_all_recurring()


@shared_task(name="ledger.finance.tasks.remind_bills")
def remind_bills() -> int:
    return actions.remind_bills()


@shared_task(name="ledger.finance.tasks.drop_stale_import_files")
def drop_stale_import_files() -> int:
    """Uploaded files of previews left over a day: dropped (the previews stay)."""
    return actions.drop_stale_import_files()


@shared_task(name="ledger.finance.tasks.sweep_budget_thresholds")
def sweep_budget_thresholds() -> int:
    """Catch threshold crossings no recorded expense reported (imports, rates, edits)."""
    count = 0
    for budget_id in Budget.objects.filter(deleted_at__isnull=True).values_list("id", flat=True).iterator():
        try:
            count += len(actions.sweep_budget_thresholds(budget_id=budget_id))
        except Exception:
            log.exception("budget sweep failed for %s", budget_id)
    return count


@shared_task(name="ledger.finance.tasks.purge_receipts")
def purge_receipts() -> int:
    """Receipts of transactions deleted longer ago than RECEIPT_RETENTION_DAYS: files and rows go."""
    return actions.purge_transaction_receipts()
