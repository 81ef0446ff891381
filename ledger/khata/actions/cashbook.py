"""Cashbook entries, by hand or posted automatically from cash payments and cash gave/got
entries (`source`, `source_id` say which; a constraint posts each source once)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.utils import timezone

from config import money
from config.api.errors import Conflict, Invalid
from ledger.khata import selectors
from ledger.khata.models import Business, CashEntry, CashSource, Role
from realtime.feed import action, publish
from realtime.preconditions import check_version


def check_precision(business: Business, amount: Decimal, field: str = "amount") -> None:
    if not money.has_valid_precision(amount, business.currency):
        raise Invalid(
            "Too many decimal places.",
            fields={field: [f"{money.exponent(business.currency)} decimal places at most for {business.currency}."]},
        )


@action
def record_cash(actor: Any, *, business: Business, direction: str, amount: Decimal, date: dt.date | None = None,
                id: UUID | None = None, **fields: Any) -> CashEntry:
    selectors.require_role(actor, business.id, Role.MANAGER)
    if id is not None:
        existing = CashEntry.objects.filter(pk=id).first()
        if existing is not None:
            if existing.business_id != business.id:
                raise Conflict("That id is taken.", code="id_taken")
            return existing
    check_precision(business, amount)
    entry = CashEntry.objects.create(
        business=business, direction=direction, amount=amount, date=date or business.today(),
        created_by=actor, **({"id": id} if id else {}), **fields,
    )
    publish(entry, "khata.cash.recorded")
    return entry


@action
def edit_cash(actor: Any, *, entry: CashEntry, expected_version: int | None = None, **changes: Any) -> CashEntry:
    selectors.require_role(actor, entry.business_id, Role.MANAGER)
    entry = CashEntry.objects.select_for_update().select_related("business").get(pk=entry.pk)
    check_version(entry, expected_version)
    if entry.source != CashSource.MANUAL:
        raise Conflict("Edit the payment or entry this was posted from.", code="posted_entry")
    if "amount" in changes:
        check_precision(entry.business, changes["amount"])
    for key, value in changes.items():
        setattr(entry, key, value)
    entry.version += 1
    entry.save()
    publish(entry, "khata.cash.edited")
    return entry


@action
def delete_cash(actor: Any, *, entry: CashEntry, expected_version: int | None = None) -> None:
    selectors.require_role(actor, entry.business_id, Role.MANAGER)
    entry = CashEntry.objects.select_for_update().select_related("business").get(pk=entry.pk)
    check_version(entry, expected_version)
    if entry.source != CashSource.MANUAL:
        raise Conflict("Delete the payment or entry this was posted from.", code="posted_entry")
    entry.deleted_at = timezone.now()
    entry.version += 1
    entry.save()
    publish(entry, "khata.cash.deleted")


def sync_posting(
    *, business: Business, source: str, source_id: UUID, actor: Any, live: bool, direction: str,
    amount: Decimal, date: dt.date, mode: str, note: str, new: bool = False,
) -> None:
    """Make the cashbook agree with a source record: posted while it is live, in cash, and
    the business posts automatically; tombstoned otherwise. Call under the source's lock.
    `new`: the source was created in this transaction, so nothing is posted from it yet
    (postings are made here only, after their source; no lookup needed)."""
    wanted = live and mode == "cash" and business.auto_cashbook
    entry = None if new else CashEntry.objects.select_for_update().filter(source=source, source_id=source_id).first()
    if entry is None:
        if not wanted:
            return
        entry = CashEntry.objects.create(
            business=business, source=source, source_id=source_id, direction=direction, amount=amount, date=date,
            mode=mode, category="Bill payment" if source == CashSource.PAYMENT else "Khata entry", note=note[:300],
            created_by=actor,
        )
        entry.business = business
        publish(entry, "khata.cash.posted")
        return
    fields = {"direction": direction, "amount": amount, "date": date, "note": note[:300]}
    unchanged = all(getattr(entry, k) == v for k, v in fields.items())
    if wanted and entry.deleted_at is None and unchanged:
        return
    if not wanted and entry.deleted_at is not None:
        return
    for key, value in fields.items():
        setattr(entry, key, value)
    entry.deleted_at = None if wanted else timezone.now()
    entry.version += 1
    entry.save()
    entry.business = business
    publish(entry, "khata.cash.posted" if wanted else "khata.cash.unposted")
