"""Pricing rules of a listing, exact (rational arithmetic, one rounding at the end).

- advance = face x (1 - rate/100 x days/365), computed exactly as a fraction and rounded
  half-up to the currency's minor unit (the paisa for INR). `days` is the number of days from
  the listing date to the due date. This is the price investors pay, in total, for the face.
- platform fee = advance x fee%/100, rounded half-up to the minor unit, taken from the
  advance when it is disbursed to the seller.
- An investor owns the fraction of the face equal to their fraction of the advance; the
  shares are split from the face by largest remainder (config.money.allocate) in investor-id
  order, so they add up to the face exactly.
- Yield (annualised, simple) = (face / advance - 1) x 365 / days, in percent.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings

from config import money

DAYS_IN_YEAR = 365


def _round_minor(value: Fraction, currency: str) -> Decimal:
    scale = 10 ** money.exponent(currency)
    scaled = value * scale
    # Half-up for non-negative values: floor(x + 1/2).
    minor = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return money.from_minor(int(minor), currency)


def advance_for(face: Decimal, currency: str, rate_percent: Decimal, days: int) -> Decimal:
    discount = Fraction(rate_percent) / 100 * Fraction(days, DAYS_IN_YEAR)
    return _round_minor(Fraction(face) * (1 - discount), currency)


def platform_fee(advance: Decimal, currency: str) -> Decimal:
    rate = Fraction(Decimal(str(settings.INVOICING_PLATFORM_FEE_PERCENT)))
    return _round_minor(Fraction(advance) * rate / 100, currency)


def annual_yield_percent(face: Decimal, advance: Decimal, days: int) -> Decimal:
    if advance <= 0 or days <= 0:
        return Decimal("0.00")
    value = (Fraction(face) / Fraction(advance) - 1) * DAYS_IN_YEAR / days * 100
    return Decimal(value.numerator) / Decimal(value.denominator)


def days_between(start: date, end: date) -> int:
    return (end - start).days


def quantize_percent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
