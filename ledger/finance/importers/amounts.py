"""Amounts as statements write them: `1,234.56`, `1.234,56`, `12,50`, `(12.00)`, `12.00-`,
`- $10.00`, `+ ₹25`, `500.00 DR`. Exact (Decimal), never rounded: a value with more
decimals than the account's currency is skipped at preview, per row.

The decimal separator: with `decimal_comma` given, `,` (True) or `.` (False); else per
value: when both appear the last one is the decimal point, and a lone comma is a thousands
separator only in digit groups (`1,200`, `1,00,000`), else the decimal point (`12,50`)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_GROUPS = re.compile(r"^\d{1,3}((,\d{2})*,\d{3}|(,\d{3})+)$")  # 1,234,567 and 12,34,567
_SYMBOLS = re.compile(r"[₹$€£¥\s\u00a0']|^[A-Za-z]{3}(?=[\d(+-])|(?<=[\d)])[A-Za-z]{3}$")


def parse_amount(value: str, decimal_comma: bool | None = None) -> Decimal:
    """The signed amount; ValueError saying why not."""
    v = value.strip()
    negative = False
    if m := re.search(r"\s*\b(DR|CR)\.?$", v, re.IGNORECASE):
        negative, v = m.group(1).upper() == "DR", v[: m.start()]
    v = _SYMBOLS.sub("", v)
    if v.startswith("(") and v.endswith(")"):
        negative, v = not negative, v[1:-1]
    if v.endswith("-"):
        negative, v = not negative, v[:-1]
    if v[:1] in "+-" and v:
        negative, v = negative != (v[0] == "-"), v[1:]
    v = _normalise(v, decimal_comma)
    if not _NUMBER.match(v):
        raise ValueError(f"amount {value.strip()!r} is not a number" if value.strip() else "no amount")
    try:
        amount = Decimal(v)
    except InvalidOperation:  # the pattern admits only plain numbers; kept for safety
        raise ValueError(f"amount {value.strip()!r} is not a number")
    return -amount if negative else amount


def _normalise(v: str, decimal_comma: bool | None) -> str:
    if decimal_comma is True:
        return v.replace(".", "").replace(",", ".")
    if decimal_comma is False or "," not in v:
        return v.replace(",", "")
    if "." in v:  # both: the last one is the decimal point
        return v.replace(".", "").replace(",", ".") if v.rfind(",") > v.rfind(".") else v.replace(",", "")
    return v.replace(",", "") if _GROUPS.match(v) else v.replace(",", ".")
