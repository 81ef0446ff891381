"""Template helpers for the pages: money, dates and states for people (config.display),
signs and simple bars."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from config import display

register = template.Library()


@register.filter
def money(value: Any, currency: str = "INR") -> str:
    """1234567.5|money:"INR" -> ₹12,34,567.50 (config.display: Indian grouping for INR)."""
    return display.money(value, currency)


@register.filter
def absmoney(value: Any, currency: str = "INR") -> str:
    return display.money_abs(value, currency)


@register.filter
def left_or_over(value: Any, currency: str = "INR") -> str:
    """-150|left_or_over:"INR" -> "₹150.00 over"; 150 -> "₹150.00 left"."""
    return display.left_or_over(value, currency)


@register.filter
def number(value: Any) -> str:
    return display.number(value)


@register.filter
def day(value: Any) -> str:
    """A date as people read it: 4 Dec 2026 (hi: 4 दिस॰ 2026)."""
    return display.date(value)


@register.filter
def daymonth(value: Any) -> str:
    """4 Dec."""
    return display.day_month(value)


@register.filter
def month(value: Any) -> str:
    """A date or "2026-07" -> Jul 2026."""
    return display.month(value)


@register.filter
def when(value: Any, tz: Any = None) -> str:
    """A moment in the viewer's time zone (or the zone given, e.g. a business's)."""
    return display.when(value, tz)


@register.filter
def isotime(value: Any, tz: Any = None) -> str:
    return display.iso(value, tz)


@register.filter
def state(value: Any) -> str:
    """partially_funded -> "partly funded" (translated): no internal names on pages."""
    return display.state(value)


@register.filter
def ago(value: Any) -> str:
    """A moment as "3 hours ago" in the page's language."""
    return display.ago(value)


@register.filter
def until(value: Any, now: Any = None) -> str:
    """The time left until a date ("2 months, 4 weeks")."""
    return display.until(value, now)


@register.filter
def sign(value: Any) -> str:
    """'pos', 'neg' or 'zero': a CSS class for an amount's direction."""
    amount = display.decimal_or_none(value)
    if amount is None or amount == 0:
        return "zero"
    return "pos" if amount > 0 else "neg"


@register.filter
def pct(value: Any) -> str:
    """A percentage clamped to 0..100 for a bar's width."""
    amount = display.decimal_or_none(value)
    if amount is None:
        return "0"
    return str(max(Decimal(0), min(Decimal(100), amount)).quantize(Decimal("0.1")))


@register.filter
def ratio_pct(value: Any) -> str:
    """0.1234 -> '12.34' (a fraction shown as a percentage)."""
    amount = display.decimal_or_none(value)
    return "" if amount is None else str((amount * 100).quantize(Decimal("0.01")))


@register.filter
def hours(minutes: Any) -> str:
    """485 -> '8h 05m'."""
    try:
        m = int(minutes or 0)
    except (TypeError, ValueError):
        return ""
    return f"{m // 60}h {m % 60:02d}m"


@register.filter
def minus(value: Any, other: Any) -> Decimal | None:
    a, b = display.decimal_or_none(value), display.decimal_or_none(other)
    return None if a is None or b is None else a - b


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag
def fresh_notifications(user: Any) -> list[dict[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    from realtime.selectors import fresh_notifications as fresh

    return fresh(user)


@register.simple_tag
def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    from realtime.selectors import notifications_for

    return notifications_for(user).filter(read_at=None).count()


@register.simple_tag
def js_locale() -> str:
    """The page's locale for the browser's Intl (static/js/pages.js): "en-IN" or "hi-IN"."""
    return display.js_locale()


@register.simple_tag
def websocket_port() -> int | str:
    """The socket server's port when it is not the page's own origin (make run), else ""."""
    from django.conf import settings

    return settings.WEBSOCKET_PORT or ""


@register.simple_tag
def avatar(user: Any) -> str:
    """A person's picture beside their name: their avatar (an https URL they chose, served from
    elsewhere, so no referrer goes with it) or, without one, their initial. Decorative: the
    name next to it says who it is. Pass users fetched with their profile (no query per row)."""
    from django.core.exceptions import ObjectDoesNotExist
    from django.utils.html import format_html

    try:
        profile = user.profile
    except (AttributeError, ObjectDoesNotExist):
        profile = None
    url = profile.avatar_url if profile is not None else ""
    if url.startswith("https://"):
        return format_html('<img class="avatar" src="{}" alt="" width="24" height="24" loading="lazy" '
                           'referrerpolicy="no-referrer">', url)
    initial = (str(profile or user).strip()[:1] or "?").upper()
    return format_html('<span class="avatar" aria-hidden="true">{}</span>', initial)
