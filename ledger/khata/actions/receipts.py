"""Receipts on khata entries and bills: any member who can read the record attaches or removes
one; purged with a record deleted longer ago than RECEIPT_RETENTION_DAYS (file rules:
config/receipts.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from config import receipts
from config.api.errors import Conflict
from ledger.khata.models import Bill, Entry, EntryReceipt
from realtime.feed import action, publish


@action
def attach_entry_receipt(actor: Any, *, entry: Entry, upload: Any, id: UUID | None = None) -> EntryReceipt:
    """`entry` comes from a selector (the actor is a member of its business)."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)  # serialises the count in _attach
    if entry.deleted_at is not None:
        raise Conflict("This entry is deleted: restore it first.", code="deleted")
    return _attach(actor, "entry", entry, upload, id)


@action
def attach_bill_receipt(actor: Any, *, bill: Bill, upload: Any, id: UUID | None = None) -> EntryReceipt:
    """`bill` comes from a selector (the actor is a member of its business)."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)  # serialises the count in _attach
    if bill.deleted_at is not None:
        raise Conflict("This bill is deleted.", code="deleted")
    return _attach(actor, "bill", bill, upload, id)


def _attach(actor: Any, field: str, record: Any, upload: Any, id: UUID | None) -> EntryReceipt:
    """Attach to `record` (an entry or a bill, locked by the caller)."""
    checked = receipts.check_upload(upload)
    if id is not None and EntryReceipt.objects.filter(pk=id).exists():
        raise Conflict("That id is taken.", code="id_taken")
    receipts.check_room(EntryReceipt.objects.filter(**{field: record}, deleted_at=None).count())
    receipt = EntryReceipt(**({"id": id} if id else {}), business_id=record.business_id, **{field: record},
                           uploaded_by=actor, name=checked.name, content_type=checked.content_type,
                           size=checked.size, sha256=checked.sha256)
    receipts.save_with_file(receipt, checked, kind="khata", then=lambda: publish(receipt, "receipt.attached"))
    return receipt


@action
def remove_entry_receipt(actor: Any, *, receipt: EntryReceipt) -> EntryReceipt:
    receipt = EntryReceipt.objects.select_for_update().select_related("business").get(pk=receipt.pk)
    if receipt.deleted_at is None:
        receipts.tombstone(receipt, "receipt.removed")
    return receipt


@action
def purge_entry_receipts(*, now: datetime | None = None) -> int:
    """System action (beat): receipts of entries and bills deleted past the retention."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.RECEIPT_RETENTION_DAYS)
    due = list(EntryReceipt.objects.select_for_update(skip_locked=True, of=("self",)).select_related("business")
               .filter(Q(entry__deleted_at__lt=cutoff) | Q(bill__deleted_at__lt=cutoff), deleted_at=None)
               .order_by("pk")[:500])
    for receipt in due:
        receipts.tombstone(receipt, "receipt.purged")
    return len(due)
