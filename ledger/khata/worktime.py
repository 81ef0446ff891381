"""Hours, overtime and implied salary from punches, by the business's shift rules (pure).

Rules: punches of a day are sorted by time; each check-in pairs with the next check-out
(a repeated check-in from another device is ignored while already in; an unmatched
check-out is ignored). Worked minutes are the sum of the pairs. Overtime is the time beyond
the shift, counted only when it exceeds the grace minutes. Without a status set by hand the
day is present when worked >= shift - grace, half day when worked >= the half-day
threshold, absent otherwise. Salary: monthly = amount x payable days / days in month,
payable = present + leave + holiday + half of half days; daily = amount x (present + half
of half days); hourly = amount x worked hours (overtime included).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from config import money

SIXTY = Decimal(60)


@dataclass(frozen=True)
class ShiftRules:
    shift_minutes: int
    half_day_minutes: int
    grace_minutes: int


@dataclass(frozen=True)
class DayFigures:
    date: dt.date
    worked_minutes: int
    overtime_minutes: int
    status: str | None
    punches: int
    open_check_in: bool


def worked_minutes(punches: Iterable[tuple[str, dt.datetime]]) -> tuple[int, bool]:
    """(minutes worked, still checked in) for one day's (kind, at) punches."""
    seconds = 0
    started: dt.datetime | None = None
    for kind, at in sorted(punches, key=lambda p: p[1]):
        if kind == "in":
            if started is None:
                started = at
        elif started is not None:
            seconds += int((at - started).total_seconds())
            started = None
    return seconds // 60, started is not None


def day_figures(
    date: dt.date, punches: list[tuple[str, dt.datetime]], manual_status: str | None, rules: ShiftRules
) -> DayFigures:
    minutes, open_in = worked_minutes(punches)
    over = minutes - rules.shift_minutes
    overtime = over if over > rules.grace_minutes else 0
    status = manual_status
    if status is None and punches:
        if minutes >= rules.shift_minutes - rules.grace_minutes:
            status = "present"
        elif minutes >= rules.half_day_minutes:
            status = "half_day"
        elif not open_in:
            status = "absent"
    return DayFigures(date, minutes, overtime, status, len(punches), open_in)


def month_sheet(
    *,
    year: int,
    month: int,
    punches: Iterable[tuple[dt.date, str, dt.datetime]],
    statuses: dict[dt.date, str],
    rules: ShiftRules,
    salary_type: str,
    salary_amount: Decimal,
    currency: str,
) -> dict:
    by_day: dict[dt.date, list[tuple[str, dt.datetime]]] = defaultdict(list)
    for date, kind, at in punches:
        by_day[date].append((kind, at))
    days_in_month = calendar.monthrange(year, month)[1]
    rows = []
    counts = {"present": 0, "half_day": 0, "absent": 0, "leave": 0, "holiday": 0}
    total_minutes = total_overtime = 0
    for d in range(1, days_in_month + 1):
        date = dt.date(year, month, d)
        fig = day_figures(date, by_day.get(date, []), statuses.get(date), rules)
        if fig.status in counts:
            counts[fig.status] += 1
        total_minutes += fig.worked_minutes
        total_overtime += fig.overtime_minutes
        rows.append(
            {"date": date.isoformat(), "status": fig.status, "worked_minutes": fig.worked_minutes,
             "overtime_minutes": fig.overtime_minutes, "punches": fig.punches, "checked_in": fig.open_check_in}
        )
    half = Decimal(counts["half_day"]) / 2
    if salary_type == "monthly":
        payable = Decimal(counts["present"] + counts["leave"] + counts["holiday"]) + half
        salary = salary_amount * payable / days_in_month
    elif salary_type == "daily":
        payable = Decimal(counts["present"]) + half
        salary = salary_amount * payable
    else:
        payable = Decimal(total_minutes) / SIXTY
        salary = salary_amount * payable
    return {
        "year": year, "month": month, "days": rows, "counts": counts,
        "worked_minutes": total_minutes, "overtime_minutes": total_overtime,
        "salary_type": salary_type, "salary_amount": money.format_amount(salary_amount, currency),
        "payable_units": str(payable.quantize(Decimal("0.01"))),
        "implied_salary": money.format_amount(salary, currency), "currency": currency,
    }
