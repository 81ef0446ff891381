"""Things that repeat (personal recurring transactions, recurring group expenses, bills):
the calendar arithmetic and the catch-up loop every app's beat job shares.

Repeats are computed from an anchor date and an occurrence index, never by adding a month
to the previous date, so an anchor on the 31st gives 31 Jan, 28/29 Feb, 31 Mar … (clamped
to the month's last day) without drifting to the 28th for good.

Exactly once: each occurrence is claimed by a row unique on (item, date) created in a
savepoint (`claim`) in the same transaction that records it, while the caller holds the
item's row lock; so two beats at once, a beat run twice or a late beat catching up on
missed periods make every occurrence once.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from django.db import IntegrityError, models, transaction
from django.utils import timezone

MAX_CATCH_UP = 400  # occurrences per item per run (over a year of daily items)


class Repeat:
    NONE = "none"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


def add_months(anchor: date, months: int) -> date:
    month0 = anchor.month - 1 + months
    year, month = anchor.year + month0 // 12, month0 % 12 + 1
    day = min(anchor.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def nth(anchor: date, repeat: str, n: int) -> date:
    """The n-th occurrence (0 = the anchor itself) of a repeat starting at `anchor`."""
    if repeat == Repeat.DAILY:
        return anchor + timedelta(days=n)
    if repeat == Repeat.WEEKLY:
        return anchor + timedelta(weeks=n)
    if repeat == Repeat.MONTHLY:
        return add_months(anchor, n)
    if repeat == Repeat.YEARLY:
        return add_months(anchor, 12 * n)
    if n == 0:
        return anchor
    raise ValueError("A one-off has no further occurrence.")


def index_of(anchor: date, repeat: str, day: date) -> int | None:
    """The n with nth(anchor, repeat, n) == day, or None when `day` is not an occurrence (a
    restore brings an item back at the occurrence it had reached)."""
    if day < anchor:
        return None
    if repeat == Repeat.DAILY:
        guess = (day - anchor).days
    elif repeat == Repeat.WEEKLY:
        guess = (day - anchor).days // 7
    elif repeat in (Repeat.MONTHLY, Repeat.YEARLY):
        months = (day.year - anchor.year) * 12 + day.month - anchor.month
        guess = months if repeat == Repeat.MONTHLY else months // 12
    else:
        guess = 0
    return guess if nth(anchor, repeat, guess) == day else None


def today_for(user: Any) -> date:
    """Today in the user's own time zone (a month ends at their midnight)."""
    tz_name = getattr(getattr(user, "profile", None), "time_zone", None) or "UTC"
    try:
        tz = ZoneInfo(tz_name)
    except Exception:
        tz = ZoneInfo("UTC")
    return timezone.now().astimezone(tz).date()


class Repeating(Protocol):
    """What the catch-up loop reads and advances on an item (a model row)."""

    repeat: str
    start_date: date
    end_date: date | None
    next_index: int
    next_date: date | None


M = TypeVar("M", bound=models.Model)


def claim(model: type[M], **unique: Any) -> M | None:
    """The claim row for one occurrence, or None when an earlier run already holds it."""
    try:
        with transaction.atomic():
            return model.objects.create(**unique)
    except IntegrityError:
        return None


class Stop(Exception):
    """Raised by `occur` when the item cannot go on: the run ends before that day."""


def catch_up(item: Repeating, *, today: date, occur: Callable[[date], bool]) -> int:
    """Call `occur(day)` for every occurrence due on or before `today` not yet passed,
    advancing `item.next_index`/`next_date` (the caller saves the item). `occur` claims the
    day and records it, returning False when the day was already claimed (or raising `Stop`).
    Call while holding the item's row lock. Returns how many were recorded."""
    made = 0
    for _ in range(MAX_CATCH_UP):
        day = item.next_date
        if day is None or day > today:
            break
        try:
            if (item.end_date is None or day <= item.end_date) and occur(day):
                made += 1
        except Stop:
            break
        item.next_index += 1
        following = nth(item.start_date, item.repeat, item.next_index)
        item.next_date = None if item.end_date and following > item.end_date else following
    return made
