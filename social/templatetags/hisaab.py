"""Template helpers for the pages: money for people, signs and simple bars."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from config import money as money_lib

register = template.Library()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def money(value: Any, currency: str = "INR") -> str:
    """1234567.5|money:"INR" -> ₹12,34,567.50 (Indian grouping for INR)."""
    amount = _decimal(value)
    if amount is None:
        return ""
    try:
        return money_lib.display(amount, currency or "INR")
    except Exception:  # an unknown currency still shows the number
        return f"{amount} {currency}"


@register.filter
def absmoney(value: Any, currency: str = "INR") -> str:
    amount = _decimal(value)
    return money(abs(amount), currency) if amount is not None else ""


@register.filter
def sign(value: Any) -> str:
    """'pos', 'neg' or 'zero': a CSS class for an amount's direction."""
    amount = _decimal(value)
    if amount is None or amount == 0:
        return "zero"
    return "pos" if amount > 0 else "neg"


@register.filter
def pct(value: Any) -> str:
    """A percentage clamped to 0..100 for a bar's width."""
    amount = _decimal(value)
    if amount is None:
        return "0"
    return str(max(Decimal(0), min(Decimal(100), amount)).quantize(Decimal("0.1")))


@register.filter
def ratio_pct(value: Any) -> str:
    """0.1234 -> '12.34' (a fraction shown as a percentage)."""
    amount = _decimal(value)
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
    a, b = _decimal(value), _decimal(other)
    return None if a is None or b is None else a - b


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag
def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    from realtime.selectors import notifications_for

    return notifications_for(user).filter(read_at=None).count()
