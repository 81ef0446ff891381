"""Recurring group expenses: create, edit, stop, and the beat job that makes each period's
expense exactly once (`config.repeats`: a claim row unique on (item, date) under the
item's row lock, with catch-up after missed beats).

Each occurrence is an ordinary expense recorded by `record_expense` as the person who set
the repeat up, so balances, activity, the change feed and the finance mirror follow as
for any expense. When one cannot be recorded any more (a participant or its author left
the group, the group was deleted) the repeat stops with the reason, and its author is
told; nothing half-made stays."""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from config import money, repeats
from config.api.errors import Conflict, DomainError, Invalid
from config.phrases import say
from realtime.actions import notify
from realtime.feed import action, publish
from realtime.preconditions import check_version
from social.actions.activity import record_activity
from social.actions.expenses import _normalize_split, compute, record_expense
from social.models import Group, RecurringExpense, RecurringExpenseOccurrence, User

log = logging.getLogger(__name__)
EDITABLE = ("description", "amount", "category", "notes", "paid_by", "split", "end_date")


def _payers(paid_by: list[dict[str, Any]]) -> list[dict[str, str]]:
    return sorted(({"user": str(p["user"]), "amount": str(p["amount"])} for p in paid_by), key=lambda p: p["user"])


def stored_split(item: RecurringExpense) -> dict[str, Any]:
    """The split as `compute` takes it (ids as UUIDs)."""
    raw, method = item.split, item.split_method
    if method == "equal":
        return {"method": method, "between": [UUID(u) for u in raw["between"]]}
    key = {"exact": "amounts", "percent": "percents", "shares": "shares"}[method]
    return {"method": method, key: {UUID(u): v for u, v in raw[key].items()}}


def stored_payers(item: RecurringExpense) -> list[dict[str, Any]]:
    return [{"user": UUID(p["user"]), "amount": Decimal(p["amount"])} for p in item.paid_by]


def _summary(item: RecurringExpense) -> str:
    return f"{item.description!r} ({money.format_amount(item.amount, item.currency)} {item.currency}, {item.repeat})"


@action
def create_recurring_expense(
    actor: User, *, group: Group, description: str, amount: Decimal, currency: str,
    paid_by: list[dict[str, Any]], split: dict[str, Any], repeat: str, start_date: datetime.date,
    end_date: datetime.date | None = None, category: str = "", notes: str = "", id: UUID | None = None,
) -> RecurringExpense:
    """Set a repeat up; the periods already due (from `start_date` to today) are made at once."""
    if id is not None:
        existing = RecurringExpense.objects.filter(pk=id, created_by=actor).first()
        if existing is not None:
            return existing  # a replayed create
    if end_date is not None and end_date < start_date:
        raise Invalid("It ends before it starts.", fields={"end_date": ["Must be on or after start_date."]})
    compute(actor, group=group, amount=amount, currency=currency, paid_by=paid_by, split=split)
    item = RecurringExpense(
        group=group, created_by=actor, description=description, amount=amount, currency=currency,
        category=category, notes=notes, paid_by=_payers(paid_by), split_method=split["method"],
        split=_normalize_split(split), repeat=repeat, start_date=start_date, end_date=end_date,
        next_index=0, next_date=start_date,
    )
    if id is not None:
        item.id = id
    item.save(force_insert=True)
    record_activity(actor, verb="recurring_expense.created", entity="recurring_expense", object_id=item.pk,
                    group_id=group.pk, summary=f"{actor} set up {_summary(item)} from {start_date}")
    publish(item, "recurring_expense.created")
    _catch_up(item, today=repeats.today_for(actor))
    return item


def _locked(item: RecurringExpense) -> RecurringExpense:
    return RecurringExpense.objects.select_for_update(of=("self",)).select_related("group", "created_by").get(
        pk=item.pk)


def _save(item: RecurringExpense, event: str, fields: list[str] | None = None) -> None:
    item.version += 1
    item.save(update_fields=[*fields, "version", "updated_at"] if fields else None)
    publish(item, event)


@action
def edit_recurring_expense(
    actor: User, *, recurring: RecurringExpense, changes: dict[str, Any], expected_version: int | None = None,
) -> RecurringExpense:
    """Changes apply to the periods not yet made; made expenses are edited as expenses."""
    item = _locked(recurring)
    check_version(item, expected_version)
    if item.deleted_at is not None:
        raise Conflict("This repeat is stopped.", code="stopped")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise Invalid("These cannot be changed.", fields={k: ["Cannot be changed."] for k in sorted(unknown)})
    amount = changes.get("amount", item.amount)
    paid_by = changes.get("paid_by") or stored_payers(item)
    split = changes.get("split") or stored_split(item)
    if "amount" in changes and "paid_by" not in changes and len(paid_by) == 1:
        paid_by = [{"user": paid_by[0]["user"], "amount": amount}]  # one payer pays the new amount
    compute(actor, group=item.group, amount=amount, currency=item.currency, paid_by=paid_by, split=split)
    end_date = changes.get("end_date", item.end_date)
    if end_date is not None and end_date < item.start_date:
        raise Invalid("It ends before it starts.", fields={"end_date": ["Must be on or after start_date."]})
    for field in ("description", "category", "notes"):
        if field in changes:
            setattr(item, field, changes[field])
    item.amount, item.end_date = amount, end_date
    item.paid_by, item.split_method, item.split = _payers(paid_by), split["method"], _normalize_split(split)
    # The next period not yet made; an edit also resumes a repeat beat had to stop (its cause fixed).
    following = repeats.nth(item.start_date, item.repeat, item.next_index)
    item.next_date = following if item.end_date is None or following <= item.end_date else None
    item.stopped_reason = ""
    _save(item, "recurring_expense.updated")
    record_activity(actor, verb="recurring_expense.updated", entity="recurring_expense", object_id=item.pk,
                    group_id=item.group_id, summary=f"{actor} changed the repeat {_summary(item)}",
                    changes={k: str(v) for k, v in changes.items() if k in ("description", "amount", "end_date")})
    _catch_up(item, today=repeats.today_for(item.created_by))
    return item


@action
def stop_recurring_expense(
    actor: User, *, recurring: RecurringExpense, expected_version: int | None = None,
) -> RecurringExpense:
    """No further period is made (those made stay, as expenses)."""
    item = _locked(recurring)
    check_version(item, expected_version)
    if item.deleted_at is not None:
        return item
    item.deleted_at, item.next_date = timezone.now(), None
    _save(item, "recurring_expense.deleted", ["deleted_at", "next_date"])
    record_activity(actor, verb="recurring_expense.deleted", entity="recurring_expense", object_id=item.pk,
                    group_id=item.group_id, summary=f"{actor} stopped the repeat {_summary(item)}")
    return item


def _catch_up(item: RecurringExpense, *, today: datetime.date) -> int:
    """Make the periods due; call with the item locked (or just created) inside an action."""
    author = item.created_by
    before = (item.next_index, item.next_date)

    def occur(day: datetime.date) -> bool:
        claimed = repeats.claim(RecurringExpenseOccurrence, recurring=item, date=day)
        if claimed is None:
            return False  # made by an earlier (or the other) beat
        try:
            with transaction.atomic():  # a refusal undoes this period only
                if item.group.deleted_at is not None:
                    raise Conflict("The group was deleted.", code="group_deleted")
                expense = record_expense(
                    author, group=item.group, description=item.description, amount=item.amount,
                    currency=item.currency, date=day, paid_by=stored_payers(item), split=stored_split(item),
                    category=item.category, notes=item.notes,
                )
        except DomainError as exc:
            claimed.delete()
            _stop_for(item, reason=exc.message, day=day)
            raise repeats.Stop from exc
        claimed.expense = expense
        claimed.save(update_fields=["expense"])
        return True

    made = repeats.catch_up(item, today=today, occur=occur)
    if item.stopped_reason:
        item.next_date = None
    if (item.next_index, item.next_date) != before or item.stopped_reason:
        _save(item, "recurring_expense.updated", ["next_index", "next_date", "stopped_reason"])
    return made


def _stop_for(item: RecurringExpense, *, reason: str, day: datetime.date) -> None:
    item.stopped_reason = f"Stopped on {day}: {reason}"[:300]
    notify(item.created_by_id, kind="recurring_expense.stopped", title=say(gettext_noop("“%(what)s” no longer repeats"), what=item.description),
           body=item.stopped_reason, data={"recurring_expense": str(item.pk), "group": str(item.group_id)},
           dedupe_key=f"recurring_expense.stopped:{item.pk}:{day}")


@action
def materialise_recurring_expense(*, recurring_id: UUID, today: datetime.date) -> int:
    """Every period of one repeat due on or before `today` not yet made; returns how many."""
    item = RecurringExpense.objects.select_for_update(of=("self",)).select_related("group", "created_by").filter(
        pk=recurring_id, deleted_at=None).first()
    if item is None:
        return 0
    return _catch_up(item, today=today)


def materialise_all_recurring_expenses(*, today: datetime.date | None = None) -> int:
    """The beat job: every repeat with a period due (on its author's calendar)."""
    horizon = (today or datetime.date.today()) + datetime.timedelta(days=1)
    due = RecurringExpense.objects.filter(deleted_at=None, next_date__lte=horizon).select_related("created_by__profile")
    made = 0
    for item in list(due):
        try:
            made += materialise_recurring_expense(recurring_id=item.pk,
                                                  today=today or repeats.today_for(item.created_by))
        except DomainError:  # never one repeat's problem for the others
            log.exception("recurring expense %s could not be made", item.pk)
    return made
