"""Calendar arithmetic for periods (budgets) and repeats (bills, recurring items).

Repeats are computed from an anchor date and an occurrence index, never by adding a month
to the previous date, so an anchor on the 31st gives 31 Jan, 28/29 Feb, 31 Mar … (clamped
to the month's last day) without drifting to the 28th for good.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


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


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """[start, end] (inclusive) of the week (Monday first), month or year holding `day`."""
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if period == "month":
        start = day.replace(day=1)
        return start, day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    raise ValueError(f"Unknown period {period!r}.")


def today_for(user) -> date:
    """Today in the user's own time zone (a budget month ends at their midnight)."""
    tz_name = getattr(getattr(user, "profile", None), "time_zone", None) or "UTC"
    try:
        tz = ZoneInfo(tz_name)
    except Exception:
        tz = ZoneInfo("UTC")
    return timezone.now().astimezone(tz).date()


def month_starts(start: date, end: date) -> list[date]:
    out, cur = [], start.replace(day=1)
    while cur <= end:
        out.append(cur)
        cur = add_months(cur, 1)
    return out


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
