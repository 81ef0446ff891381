"""Recurring transactions. Each occurrence is claimed by a RecurringOccurrence row
(unique recurring+date) in the same transaction that records it, under the item's row
lock (`config.repeats`, shared with recurring group expenses): beat running twice, or two
beats at once, or a late beat catching up on missed days, materialise every date exactly once."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from config import repeats
from config.api.errors import DomainError, Invalid
from ledger.finance.actions._common import lock, save, tombstone
from ledger.finance.actions.transactions import record_transaction, resolve
from ledger.finance.dates import today_for
from ledger.finance.models import Recurring, RecurringOccurrence, Source
from realtime.feed import action, publish

log = logging.getLogger(__name__)


def _resumed(repeat: str, start_date: date, end_date: date | None, resume_at: date | None,
             finished: bool) -> tuple[int, date | None]:
    """(next_index, next_date) of a new item (create_recurring's restore arguments)."""
    if finished:
        return 0, None
    if resume_at is None:
        return 0, start_date
    index = repeats.index_of(start_date, repeat, resume_at)
    if index is None:
        raise Invalid("The next date is not one of the item's dates.",
                      fields={"next_date": ["Not an occurrence of start_date's repeat."]})
    if end_date is not None and resume_at > end_date:
        return index, None
    return index, resume_at


@action
def create_recurring(
    user, *, account_id: UUID, direction: str, amount: Decimal, repeat: str, start_date: date,
    end_date: date | None = None, transfer_account_id: UUID | None = None,
    transfer_amount: Decimal | None = None, category_id: UUID | None = None, payee: str = "",
    notes: str = "", tags: list[str] | None = None, id: UUID | None = None,
    resume_at: date | None = None, finished: bool = False,
) -> Recurring:
    """A new recurring item from `start_date`. A restore (ledger.finance.restore) brings one
    back where it had got to: `resume_at`, the next occurrence not yet recorded (the ones
    before it are among the restored transactions, so none is recorded again), or
    `finished` when every occurrence was recorded."""
    if id is not None:
        existing = Recurring.objects.filter(pk=id, owner_id=user.id).first()
        if existing is not None:
            return existing
    if end_date is not None and end_date < start_date:
        raise Invalid("It ends before it starts.", fields={"end_date": ["Must be on or after start_date."]})
    values = resolve(user.id, {
        "account_id": account_id, "direction": direction, "amount": amount,
        "transfer_account_id": transfer_account_id, "transfer_amount": transfer_amount,
        "category_id": category_id, "payee": payee, "notes": notes, "tags": tags,
    })
    next_index, next_date = _resumed(repeat, start_date, end_date, resume_at, finished)
    item = Recurring(owner_id=user.id, repeat=repeat, start_date=start_date, end_date=end_date,
                     next_index=next_index, next_date=next_date, **values)
    if id is not None:
        item.id = id
    item.save(force_insert=True)
    publish(item, "recurring.created")
    materialise_recurring(recurring_id=item.id, today=today_for(user))
    item.refresh_from_db()
    return item


@action
def update_recurring(user, *, recurring: Recurring, expected_version: int | None = None, **changes) -> Recurring:
    """Changes apply to occurrences not yet recorded."""
    item = lock(Recurring, recurring.pk, expected_version)
    values = resolve(user.id, {
        "account_id": item.account_id, "direction": item.direction,
        "amount": changes.get("amount", item.amount), "transfer_account_id": item.transfer_account_id,
        "transfer_amount": item.transfer_amount if "amount" not in changes else None,
        "category_id": changes.get("category_id", item.category_id), "payee": changes.get("payee", item.payee),
        "notes": changes.get("notes", item.notes), "tags": item.tags,
    }, allow_archived=True)
    for f in ("amount", "transfer_amount", "category", "payee", "notes"):
        setattr(item, f, values[f])
    if "end_date" in changes:
        if changes["end_date"] is not None and changes["end_date"] < item.start_date:
            raise Invalid("It ends before it starts.", fields={"end_date": ["Must be on or after start_date."]})
        item.end_date = changes["end_date"]
        if item.next_date and item.end_date and item.next_date > item.end_date:
            item.next_date = None
    save(item, "recurring.updated")
    return item


@action
def delete_recurring(user, *, recurring: Recurring, expected_version: int | None = None) -> Recurring:
    item = lock(Recurring, recurring.pk, expected_version)
    tombstone(item, "recurring.deleted")
    return item


@action
def materialise_recurring(*, recurring_id: UUID, today: date) -> int:
    """Record every occurrence due on or before `today` not yet recorded; returns how many."""
    item = Recurring.objects.select_for_update().select_related("owner").filter(
        pk=recurring_id, deleted_at__isnull=True
    ).first()
    if item is None:
        return 0

    def occur(day: date) -> bool:
        occ = repeats.claim(RecurringOccurrence, recurring=item, date=day)
        if occ is None:
            return False  # already recorded by an earlier run
        occ.transaction = record_transaction(
            item.owner, account_id=item.account_id, direction=item.direction, amount=item.amount,
            transfer_account_id=item.transfer_account_id, transfer_amount=item.transfer_amount,
            category_id=item.category_id, payee=item.payee, notes=item.notes, tags=item.tags,
            date=day, source=Source.RECURRING, allow_archived=True,
        )
        occ.save(update_fields=["transaction"])
        return True

    made = repeats.catch_up(item, today=today, occur=occur)
    if made or item.next_date != Recurring.objects.values_list("next_date", flat=True).get(pk=item.pk):
        save(item, "recurring.updated", ["next_index", "next_date"])
    return made


def materialise_all_recurring(*, today: date | None = None) -> int:
    """The beat job: every item with an occurrence due (in its owner's time zone)."""
    horizon = (today or date.today()) + timedelta(days=1)
    made = 0
    ids = Recurring.objects.filter(deleted_at__isnull=True, next_date__lte=horizon).values_list("id", "owner_id")
    for item_id, _owner in list(ids):
        try:
            item_today = today
            if item_today is None:
                from social.selectors import get_user

                item_today = today_for(get_user(_owner))
            made += materialise_recurring(recurring_id=item_id, today=item_today)
        except DomainError:  # its account was deleted, a category gone …: skip, keep the rest
            log.exception("recurring %s could not be materialised", item_id)
    return made
