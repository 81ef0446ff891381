"""Money rules, in one place for every app.

- Never a float: amounts are `Decimal`, always paired with an ISO 4217 currency and held at
  that currency's precision (INR 2, JPY 0, KWD 3).
- Adding or comparing two currencies is an error, not a conversion.
- Splitting a total (shares of an expense, pro-rata payouts) uses the largest-remainder
  method over minor units, with ties broken by the order of the keys given: the parts
  always add up to the total exactly.
- The database stores amounts as DECIMAL(19, 4) (see `amount_field`), enough for every
  ISO currency's minor unit.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import TypeVar

from babel import Locale
from babel.numbers import format_currency, get_currency_precision, get_territory_currencies
from django.db import models

MAX_DIGITS = 19
DECIMAL_PLACES = 4
# Largest amount accepted anywhere: keeps every sum inside DECIMAL(19, 4).
MAX_AMOUNT = Decimal("1000000000000")  # 10^12

K = TypeVar("K", bound=Hashable)


class CurrencyError(ValueError):
    pass


# What an amount may look like as text: ASCII digits with at most one point, an optional
# leading minus where negatives are allowed. Python's Decimal also takes "１２３", "٣٤٥",
# "1_000" and " 10.00"; those are refused here, before Decimal sees them.
AMOUNT_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")


class AmountSyntaxError(ValueError):
    pass


def parse_amount(text: str) -> Decimal:
    """The Decimal of an amount written in plain ASCII ("1234.50", "-3"), else AmountSyntaxError."""
    if not isinstance(text, str) or not AMOUNT_TEXT.match(text):
        raise AmountSyntaxError("Write amounts with the digits 0-9 and at most one decimal point, e.g. 1234.50.")
    return Decimal(text)


@lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    """ISO 4217 currencies in circulation: legal tender of some territory today (CLDR).
    Historic ones (DEM), funds, precious metals (XAU) and the test and "no currency" codes
    (XTS, XXX) are not money anyone can owe."""
    today = datetime.date.today()
    found: set[str] = set()
    for territory in Locale("en").territories:
        if territory.isalpha():  # regions like "001" (world) name no currency
            found.update(get_territory_currencies(territory, today, tender=True))
    return frozenset(found)


def is_currency(code: str) -> bool:
    return isinstance(code, str) and len(code) == 3 and code in currencies()


@lru_cache(maxsize=512)
def exponent(currency: str) -> int:
    """Digits after the decimal point for `currency` (INR 2, JPY 0, KWD 3)."""
    if not is_currency(currency):
        raise CurrencyError(f"Unknown currency {currency!r}.")
    return get_currency_precision(currency)


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-exponent(currency))


def has_valid_precision(amount: Decimal, currency: str) -> bool:
    """True when `amount` has no more decimals than the currency allows."""
    try:
        return amount == amount.quantize(quantum(currency))
    except InvalidOperation:
        return False


def quantize(amount: Decimal, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    return amount.quantize(quantum(currency), rounding=rounding)


def to_minor(amount: Decimal, currency: str) -> int:
    minor = amount.scaleb(exponent(currency))
    if minor != minor.to_integral_value():
        raise CurrencyError(f"{amount} has more decimals than {currency} allows.")
    return int(minor)


def from_minor(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-exponent(currency)).quantize(quantum(currency))


def format_amount(amount: Decimal, currency: str) -> str:
    """The canonical JSON form: a decimal string at the currency's precision ("1234.50")."""
    return str(quantize(Decimal(amount), currency))


def display(amount: Decimal, currency: str, locale: str = "en_IN") -> str:
    """For people: symbol and digit grouping of the locale (₹1,00,000.00 for en_IN)."""
    return format_currency(amount, currency, locale=locale)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money amounts are Decimal, never float.")
        exponent(self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise CurrencyError(f"Cannot combine {self.currency} with {getattr(other, 'currency', other)!r}.")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __str__(self) -> str:
        return f"{format_amount(self.amount, self.currency)} {self.currency}"

    def as_json(self) -> dict[str, str]:
        return {"amount": format_amount(self.amount, self.currency), "currency": self.currency}


def allocate(total: Decimal, currency: str, weights: Mapping[K, Decimal | int]) -> dict[K, Decimal]:
    """Split `total` in proportion to `weights`, exactly, by largest remainder over minor units.

    Ties in the remainder go to the key that comes first in `weights`' order, so callers make
    the result deterministic by passing keys in a stable order (for example sorted ids).
    Negative totals are split as their absolute value and negated.
    """
    if not weights:
        raise ValueError("Nothing to split between.")
    if any(Decimal(w) < 0 for w in weights.values()):
        raise ValueError("Weights cannot be negative.")
    weight_sum = sum(Decimal(w) for w in weights.values())
    if weight_sum <= 0:
        raise ValueError("Weights must add up to more than zero.")
    sign = -1 if total < 0 else 1
    minor_total = to_minor(abs(total), currency)
    keys: Sequence[K] = list(weights)
    exact = {k: Decimal(minor_total) * Decimal(weights[k]) / weight_sum for k in keys}
    floors = {k: int(exact[k]) for k in keys}
    left = minor_total - sum(floors.values())
    # Largest fractional part first; stable sort keeps the callers' order among equals.
    order = sorted(range(len(keys)), key=lambda i: exact[keys[i]] - floors[keys[i]], reverse=True)
    for i in order[:left]:
        floors[keys[i]] += 1
    return {k: sign * from_minor(floors[k], currency) for k in keys}


def amount_field(**kwargs) -> models.DecimalField:
    """The model field every stored amount uses."""
    return models.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, **kwargs)


def currency_field(**kwargs) -> models.CharField:
    return models.CharField(max_length=3, **kwargs)
