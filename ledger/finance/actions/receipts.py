"""Receipts on personal transactions: attach, remove, and purge those of transactions deleted
longer ago than RECEIPT_RETENTION_DAYS (file rules: config/receipts.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.utils import timezone

from config import receipts
from config.api.errors import Conflict
from ledger.finance.models import Transaction, TransactionReceipt
from realtime.feed import action, publish


@action
def attach_transaction_receipt(user, *, transaction: Transaction, upload: Any, id: UUID | None = None) -> TransactionReceipt:
    """`transaction` comes from a selector (the user's own)."""
    checked = receipts.check_upload(upload)
    if id is not None and TransactionReceipt.objects.filter(pk=id).exists():
        raise Conflict("That id is taken.", code="id_taken")
    txn = Transaction.objects.select_for_update().get(pk=transaction.pk)  # serialises the count below
    if txn.deleted_at is not None:
        raise Conflict("This transaction is deleted: restore it first.", code="deleted")
    receipts.check_room(TransactionReceipt.objects.filter(transaction=txn, deleted_at=None).count())
    receipt = TransactionReceipt(**({"id": id} if id else {}), transaction=txn, uploaded_by=user, name=checked.name,
                                 content_type=checked.content_type, size=checked.size, sha256=checked.sha256)
    receipts.save_with_file(receipt, checked, kind="finance", then=lambda: publish(receipt, "receipt.attached"))
    return receipt


@action
def remove_transaction_receipt(user, *, receipt: TransactionReceipt) -> TransactionReceipt:
    receipt = TransactionReceipt.objects.select_for_update().get(pk=receipt.pk)
    if receipt.deleted_at is None:
        receipts.tombstone(receipt, "receipt.removed")
    return receipt


@action
def purge_transaction_receipts(*, now: datetime | None = None) -> int:
    """System action (beat): receipts of transactions deleted past the retention."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.RECEIPT_RETENTION_DAYS)
    due = list(TransactionReceipt.objects.select_for_update(skip_locked=True)
               .filter(deleted_at=None, transaction__deleted_at__lt=cutoff).order_by("pk")[:500])
    for receipt in due:
        receipts.tombstone(receipt, "receipt.purged")
    return len(due)
