"""How money, dates, times and states look to people: one formatter for every page.

Built on Babel (CLDR data, the same rules the browser's Intl follows, so static/js/pages.js
renders a live value exactly as the server does):

- money: the currency's symbol and decimals, the locale's grouping (₹12,34,567.50 for
  en_IN and hi_IN), a minus sign only where the number is negative; `left_or_over` says
  "₹150.00 over" instead of "-₹150.00 left".
- dates: "4 Dec 2026", months "Jul 2026", in the language's words (hi: "4 दिस॰ 2026").
- times: in the time zone given (a business's, issue 15) or else the active one (the
  signed-in user's profile time zone, activated by config.locale.UserLocaleMiddleware).
- states: internal names (`partially_funded`, `half_day`) become words, translated.

Digits stay Western (0-9) in Hindi too, as Indian apps show them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal, get_currency_precision
from django.utils import timezone, translation
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext, ngettext_lazy, pgettext_lazy

# Django language code -> the Babel (CLDR) locale whose formats it uses.
LOCALES = {"en": "en_IN", "hi": "hi_IN"}
DEFAULT_LOCALE = "en_IN"


def babel_locale(language: str | None = None) -> str:
    """The CLDR locale for a Django language ("hi" -> "hi_IN"); the active language by default."""
    language = (language or translation.get_language() or "en").replace("-", "_")
    return LOCALES.get(language.split("_")[0].lower(), DEFAULT_LOCALE)


def js_locale(language: str | None = None) -> str:
    """The BCP 47 tag for the browser's Intl ("hi-IN"), matching `babel_locale`."""
    return babel_locale(language).replace("_", "-")


def decimal_or_none(value: Any) -> Decimal | None:
    """A Decimal of `value` (a Decimal, int or numeric string); None for blank or not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def money(amount: Any, currency: str = "INR", *, locale: str | None = None) -> str:
    """₹12,34,567.50: symbol, the currency's decimals, the locale's grouping; "" for no amount."""
    value = decimal_or_none(amount)
    if value is None:
        return ""
    try:
        return format_currency(value, currency or "INR", locale=locale or babel_locale())
    except Exception:  # an unknown currency still shows the number and its code
        return f"{format_decimal(value, locale=locale or babel_locale())} {currency}"


def money_abs(amount: Any, currency: str = "INR", *, locale: str | None = None) -> str:
    value = decimal_or_none(amount)
    return "" if value is None else money(abs(value), currency, locale=locale)


def left_or_over(remaining: Any, currency: str = "INR", *, locale: str | None = None) -> str:
    """What is left of a budget or a total: "₹150.00 left", or "₹150.00 over" when negative."""
    value = decimal_or_none(remaining)
    if value is None:
        return ""
    shown = money(abs(value), currency, locale=locale)
    if value < 0:
        return gettext("%(amount)s over") % {"amount": shown}
    return gettext("%(amount)s left") % {"amount": shown}


def amount(value: Any, currency: str = "INR", *, locale: str | None = None) -> str:
    """An amount without its symbol, at the currency's decimals (12,34,567.50): table cells
    of a printed invoice, under a column that names the currency."""
    number_ = decimal_or_none(value)
    if number_ is None:
        return ""
    loc = Locale.parse(locale or babel_locale())
    places = get_currency_precision(currency) if currency else 2
    integer_part = loc.decimal_formats[None].pattern.split(";")[0].split(".")[0]
    return format_decimal(number_, format=integer_part + ("." + "0" * places if places else ""), locale=loc)


def number(value: Any, *, locale: str | None = None) -> str:
    """A plain number with the locale's grouping (12,34,567.5)."""
    amount = decimal_or_none(value)
    return "" if amount is None else format_decimal(amount, locale=locale or babel_locale())


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return localtime(value).date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def date(value: Any, *, locale: str | None = None) -> str:
    """4 Dec 2026 (hi: 4 दिस॰ 2026)."""
    day = _as_date(value)
    return "" if day is None else format_date(day, "d MMM y", locale=locale or babel_locale())


def day_month(value: Any, *, locale: str | None = None) -> str:
    """4 Dec: for lists within one year."""
    day = _as_date(value)
    return "" if day is None else format_date(day, "d MMM", locale=locale or babel_locale())


def month(value: Any, *, locale: str | None = None) -> str:
    """Jul 2026, from a date or a "2026-07" key."""
    if isinstance(value, str) and len(value) == 7:
        value = f"{value}-01"
    day = _as_date(value)
    return "" if day is None else format_date(day, "MMM y", locale=locale or babel_locale())


def zone(tz: Any = None) -> dt.tzinfo:
    """A tzinfo from a name, a tzinfo, or None (the active time zone)."""
    if tz is None or tz == "":
        return timezone.get_current_timezone()
    if isinstance(tz, dt.tzinfo):
        return tz
    try:
        return ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def localtime(value: dt.datetime, tz: Any = None) -> dt.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value.astimezone(zone(tz))


def when(value: Any, tz: Any = None, *, locale: str | None = None) -> str:
    """4 Dec 2026, 2:05 pm: a moment in the time zone `tz` (the active one by default)."""
    if not isinstance(value, dt.datetime):
        return date(value, locale=locale)
    moment = localtime(value, tz)
    loc = locale or babel_locale()
    return f"{format_date(moment, 'd MMM y', locale=loc)}, {format_time(moment, 'short', locale=loc)}"


def time_of_day(value: Any, tz: Any = None, *, locale: str | None = None) -> str:
    if not isinstance(value, dt.datetime):
        return ""
    return format_time(localtime(value, tz), "short", locale=locale or babel_locale())


# Our own words for spans of time (Django's Hindi catalogue lacks some of them).
TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


def ago(value: Any) -> str:
    """3 hours ago (hi: 3 घंटे पहले)."""
    if not isinstance(value, dt.date):
        return ""
    return gettext("%(time)s ago") % {"time": timesince(value, time_strings=TIME_STRINGS)}


def until(value: Any, now: Any = None) -> str:
    """2 months, 4 weeks: the time from `now` (today) to `value`."""
    if not isinstance(value, dt.date):
        return ""
    return timeuntil(value, now, time_strings=TIME_STRINGS)


def iso(value: Any, tz: Any = None) -> str:
    """Machine form for <time datetime>: ISO 8601 in the zone shown."""
    if isinstance(value, dt.datetime):
        return localtime(value, tz).isoformat(timespec="seconds")
    return value.isoformat() if isinstance(value, dt.date) else ""


# Internal names of states, kinds and directions, as words. One table for every area; an
# unlisted name is shown with its underscores made spaces (never the raw enum).
STATES = {
    "lent": pgettext_lazy("state", "lent"),
    "borrowed": pgettext_lazy("state", "borrowed"),
    "equal": pgettext_lazy("state", "equally"),
    "exact": pgettext_lazy("state", "exact amounts"),
    "percent": pgettext_lazy("state", "percentages"),
    "shares": pgettext_lazy("state", "shares"),
    "pending": pgettext_lazy("state", "pending"),
    "confirmed": pgettext_lazy("state", "confirmed"),
    "disputed": pgettext_lazy("state", "disputed"),
    "accepted": pgettext_lazy("state", "accepted"),
    "cancelled": pgettext_lazy("state", "cancelled"),
    "expired": pgettext_lazy("state", "expired"),
    "settled": pgettext_lazy("state", "settled"),
    "gave": pgettext_lazy("state", "you gave"),
    "got": pgettext_lazy("state", "you got"),
    "customer": pgettext_lazy("state", "customer"),
    "supplier": pgettext_lazy("state", "supplier"),
    "in": pgettext_lazy("state", "in"),
    "out": pgettext_lazy("state", "out"),
    "credit": pgettext_lazy("state", "on credit"),
    "payment": pgettext_lazy("state", "payment"),
    "entry": pgettext_lazy("state", "khata entry"),
    "present": pgettext_lazy("state", "present"),
    "absent": pgettext_lazy("state", "absent"),
    "half_day": pgettext_lazy("state", "half day"),
    "leave": pgettext_lazy("state", "leave"),
    "holiday": pgettext_lazy("state", "holiday"),
    "active": pgettext_lazy("state", "active"),
    "inactive": pgettext_lazy("state", "inactive"),
    "on_leave": pgettext_lazy("state", "on leave"),
    "monthly": pgettext_lazy("state", "monthly"),
    "daily": pgettext_lazy("state", "daily"),
    "weekly": pgettext_lazy("state", "weekly"),
    "yearly": pgettext_lazy("state", "yearly"),
    "hourly": pgettext_lazy("state", "hourly"),
    "none": pgettext_lazy("state", "once"),
    "draft": pgettext_lazy("state", "draft"),
    "issued": pgettext_lazy("state", "issued"),
    "partially_paid": pgettext_lazy("state", "partly paid"),
    "paid": pgettext_lazy("state", "paid"),
    "credited": pgettext_lazy("state", "credited in full"),
    "overdue": pgettext_lazy("state", "overdue"),
    "owner": pgettext_lazy("state", "owner"),
    "manager": pgettext_lazy("state", "manager"),
    "clerk": pgettext_lazy("state", "clerk"),
    "cash": pgettext_lazy("state", "cash"),
    "upi": pgettext_lazy("state", "UPI"),
    "bank": pgettext_lazy("state", "bank"),
    "card": pgettext_lazy("state", "card"),
    "cheque": pgettext_lazy("state", "cheque"),
    "wallet": pgettext_lazy("state", "wallet"),
    "week": pgettext_lazy("state", "week"),
    "month": pgettext_lazy("state", "month"),
    "year": pgettext_lazy("state", "year"),
    "income": pgettext_lazy("state", "income"),
    "expense": pgettext_lazy("state", "expense"),
    "transfer": pgettext_lazy("state", "transfer"),
    "manual": pgettext_lazy("state", "manual"),
    "import": pgettext_lazy("state", "import"),
    "recurring": pgettext_lazy("state", "recurring"),
    "bill": pgettext_lazy("state", "bill"),
    "shared": pgettext_lazy("state", "shared"),
    "preview": pgettext_lazy("state", "preview"),
    "committed": pgettext_lazy("state", "imported"),
    "discarded": pgettext_lazy("state", "discarded"),
    "new": pgettext_lazy("state", "new"),
    "duplicate": pgettext_lazy("state", "already imported"),
    "invalid": pgettext_lazy("state", "not readable"),
    "imported": pgettext_lazy("state", "imported"),
    "listed": pgettext_lazy("state", "listed"),
    "partially_funded": pgettext_lazy("state", "partly funded"),
    "funded": pgettext_lazy("state", "funded"),
    "repaid": pgettext_lazy("state", "repaid"),
    "withdrawn": pgettext_lazy("state", "withdrawn"),
    "defaulted": pgettext_lazy("state", "defaulted"),
    "demo_credit": pgettext_lazy("state", "demo credit"),
    "top_up": pgettext_lazy("state", "top-up"),
    "withdrawal": pgettext_lazy("state", "withdrawal"),
    "funding": pgettext_lazy("state", "funding"),
    "disbursement": pgettext_lazy("state", "disbursement"),
    "repayment": pgettext_lazy("state", "repayment"),
    "refund": pgettext_lazy("state", "refund"),
}


def state(value: Any) -> str:
    """A state's words: "partially_funded" -> "partly funded" (translated)."""
    if value is None:
        return ""
    key = str(getattr(value, "value", value))
    label = STATES.get(key)
    return str(label) if label is not None else key.replace("_", " ")


# Field names that appear in activity lines ("Alice changed amount, split of “Villa”").
FIELD_NAMES = {
    "description": pgettext_lazy("field", "description"),
    "amount": pgettext_lazy("field", "amount"),
    "currency": pgettext_lazy("field", "currency"),
    "date": pgettext_lazy("field", "date"),
    "category": pgettext_lazy("field", "category"),
    "notes": pgettext_lazy("field", "notes"),
    "split": pgettext_lazy("field", "split"),
    "paid_by": pgettext_lazy("field", "who paid"),
    "name": pgettext_lazy("field", "name"),
    "simplify_debts": pgettext_lazy("field", "simplify debts"),
    "receipt": pgettext_lazy("field", "receipt"),
}


def field_name(name: str) -> str:
    label = FIELD_NAMES.get(name)
    return str(label) if label is not None else name.replace("_", " ")
