"""Statement dates as banks write them, and which way round a file writes them.

A file is read in one order: `dmy` (day first), `mdy` (month first); year-first and
textual-month dates are unambiguous and read the same in both. `detect_order` looks at
every date of the file: a first number above 12 means day-first, a second above 12
month-first; a file that shows neither is ambiguous and read in the caller's default, with
a warning, so the person can choose the other order in the preview. A date that does not
fit the file's order (or the calendar: 13/45/2026) is an error on that row, never swapped
silently.
"""

from __future__ import annotations

import re
from datetime import date, datetime

ORDERS: dict[str, str] = {"dmy": "day first (DD/MM/YYYY)", "mdy": "month first (MM/DD/YYYY)"}

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# 05/01/2026, 5.1.26, 5-1-2026, QIF's 1/ 5'26 (an apostrophe before a year of the 2000s),
# optionally followed by a time.
_NUMERIC = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*([-/.']?)\s*(\d{2}|\d{4})(?:[ T]\d.*)?$")
_TEXT_FORMATS = ("%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%d %b %y", "%d/%b/%Y", "%d %B %Y", "%b %d, %Y",
                 "%B %d, %Y", "%b %d %Y", "%d.%b.%Y")


def _year(text: str, separator: str) -> int:
    year = int(text)
    if len(text) == 2:  # QIF's apostrophe marks 20xx; otherwise Python's %y pivot (69 -> 1969)
        year += 2000 if separator == "'" or year < 69 else 1900
    return year


def numbers(value: str) -> tuple[int, int] | None:
    """The first two numbers of a numeric date whose order is in question, else None."""
    m = _NUMERIC.match(value.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def parse_day(value: str, order: str) -> date:
    """The date `value` in the file's `order`; ValueError saying why not."""
    v = value.strip()
    if m := _ISO.match(v) or _COMPACT.match(v):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _NUMERIC.match(v):
        a, b, year = int(m.group(1)), int(m.group(2)), _year(m.group(4), m.group(3))
        day, month = (a, b) if order == "dmy" else (b, a)
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"date {value!r} is not a date read {ORDERS[order].split(' (')[0]}")
    for fmt in _TEXT_FORMATS:
        try:
            return datetime.strptime(v, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date {value!r} is not a date")


def choose_order(values: list[str], chosen: str | None, default: str) -> tuple[str, list[str]]:
    """The order to read a file in (`chosen` when given, else what its dates show, else
    `default`), and a warning when the file did not settle it."""
    if chosen in ORDERS:
        return chosen, []
    # A pair impossible either way round (13/45) says nothing about the order; its row fails.
    pairs = [(v.strip(), p) for v in values if (p := numbers(v)) and min(p) <= 12]
    possible = {"dmy", "mdy"}
    for _, (first, second) in pairs:
        if first > 12:
            possible.discard("mdy")
        if second > 12:
            possible.discard("dmy")
    if not pairs or len(possible) == 1:
        return (possible.pop() if pairs else default), []
    if not possible:
        return default, [f"The file mixes day-first and month-first dates; it was read {ORDERS[default]} and "
                         "the dates that do not fit are skipped."]
    return default, [f"Dates such as {pairs[0][0]} could be day first or month first; they were read "
                     f"{ORDERS[default]}. Choose the other order if that is wrong."]
