"""Calendar arithmetic for periods (budgets). Repeats (bills, recurring items) are
`config.repeats`, shared with the recurring group expenses; re-exported here."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from config.repeats import Repeat, add_months, nth, today_for

__all__ = ["Repeat", "add_months", "as_date", "month_starts", "nth", "period_bounds", "today_for"]


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


def month_starts(start: date, end: date) -> list[date]:
    out, cur = [], start.replace(day=1)
    while cur <= end:
        out.append(cur)
        cur = add_months(cur, 1)
    return out


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
