"""Receipts on expenses: attach, remove, and purge those of expenses deleted long ago.

Anyone who can see an expense may attach a receipt to it or remove one (as anyone in it may
edit it); each step is in the expense's history and reaches everyone who sees the expense.
File rules (type, size, storage) are config/receipts.py's."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from config import receipts
from config.api.errors import Conflict
from config.phrases import say
from realtime.feed import action, publish
from social.actions.activity import record_activity
from social.models import Expense, Receipt, User


@action
def attach_receipt(actor: User, *, expense: Expense, upload: Any, id: UUID | None = None) -> Receipt:
    """`expense` comes from a selector (the actor can see it)."""
    checked = receipts.check_upload(upload)
    if id is not None and Receipt.objects.filter(pk=id).exists():
        raise Conflict("That id is taken.", code="id_taken")
    # The expense row lock serialises attachments, so the per-expense limit holds.
    expense = Expense.objects.select_for_update(of=("self",)).get(pk=expense.pk)
    if expense.deleted_at is not None:
        raise Conflict("This expense is deleted: restore it first.", code="deleted")
    receipts.check_room(Receipt.objects.filter(expense=expense, deleted_at=None).count())
    receipt = Receipt(**({"id": id} if id else {}), expense=expense, uploaded_by=actor, name=checked.name,
                      content_type=checked.content_type, size=checked.size, sha256=checked.sha256)

    def then() -> None:
        record_activity(actor, verb="receipt.attached", entity="receipt", object_id=expense.pk, group_id=expense.group_id,
                        summary=say(gettext_noop("%(actor)s attached a receipt to “%(what)s”"), actor=str(actor),
                                    what=expense.description), changes={"receipt": str(receipt.pk)})
        publish(receipt, "receipt.attached")

    receipts.save_with_file(receipt, checked, kind="expense", then=then)
    return receipt


@action
def remove_receipt(actor: User, *, receipt: Receipt) -> Receipt:
    """`receipt` comes from a selector. The row is tombstoned, the file deleted after commit."""
    receipt = Receipt.objects.select_for_update(of=("self",)).select_related("expense").get(pk=receipt.pk)
    if receipt.deleted_at is not None:
        return receipt
    receipts.tombstone(receipt, "receipt.removed")
    expense = receipt.expense
    record_activity(actor, verb="receipt.removed", entity="receipt", object_id=expense.pk, group_id=expense.group_id,
                    summary=say(gettext_noop("%(actor)s removed a receipt from “%(what)s”"), actor=str(actor),
                                what=expense.description), changes={"receipt": str(receipt.pk)})
    return receipt


@action
def purge_receipts_of_deleted_expenses(*, now: datetime | None = None) -> int:
    """Receipts of expenses deleted more than RECEIPT_RETENTION_DAYS ago: rows tombstoned,
    files deleted (a system action, run by beat; an expense restored in time keeps them)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.RECEIPT_RETENTION_DAYS)
    due = list(
        Receipt.objects.select_for_update(of=("self",), skip_locked=True).select_related("expense")
        .filter(deleted_at=None, expense__deleted_at__lt=cutoff).order_by("pk")[:500]
    )
    for receipt in due:
        receipts.tombstone(receipt, "receipt.purged")
    return len(due)
