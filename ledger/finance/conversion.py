"""Converting amounts to one currency (the user's default) for reports and budgets.

Rules (exact, no floats):
- The rate for a transaction is the latest rate for the pair whose effective date is on or
  before the transaction's date; the user's own rate wins over an admin's rate of the same
  date. Direct rates (1 FROM = r TO) multiply; when only the opposite pair exists, the
  amount is divided by that rate, carried to 50 significant digits.
- Products are exact (Decimal multiplication with 60 digits of precision never rounds an
  amount of DECIMAL(19,4) times a rate of DECIMAL(24,10)). Sums of converted amounts are
  kept exact and each reported figure is rounded once, at the end, half-even (banker's
  rounding) to the target currency's minor unit. So a total may differ from the sum of its
  rounded parts by less than half a minor unit per part, never more.
- An amount with no rate on or before its date is not guessed: it is left out and reported
  under `missing_rates` (currency and earliest date) so the client can ask for a rate.
"""

from __future__ import annotations

import bisect
import decimal
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import Q

from config import money
from ledger.finance.models import ExchangeRate

EXACT = decimal.Context(prec=60, rounding=ROUND_HALF_EVEN)
DIVISION = decimal.Context(prec=50, rounding=ROUND_HALF_EVEN)


def round_money(amount: Decimal, currency: str) -> Decimal:
    return money.quantize(amount, currency, rounding=ROUND_HALF_EVEN)


class Converter:
    """Rates for converting `currencies` into `target`, loaded in one query."""

    def __init__(self, user_id, target: str, currencies: Iterable[str], until: date | None = None) -> None:
        self.target = target
        self.missing: dict[str, date] = {}
        sources = sorted({c for c in currencies if c != target})
        # pair -> (dates ascending, [(multiply?, rate)])
        self._timeline: dict[str, tuple[list[date], list[tuple[bool, Decimal]]]] = {}
        if not sources:
            return
        rows = ExchangeRate.objects.filter(
            Q(owner_id=user_id) | Q(owner__isnull=True),
            Q(base__in=sources, quote=target) | Q(base=target, quote__in=sources),
        )
        if until is not None:
            rows = rows.filter(effective_date__lte=until)
        # Per source currency and date, the best rate: own over admin's, direct over inverse.
        best: dict[str, dict[date, tuple[tuple[int, int], bool, Decimal]]] = {}
        for r in rows.values_list("owner_id", "base", "quote", "rate", "effective_date"):
            owner_id, base, _quote, rate, day = r
            direct = base != target
            source = base if direct else _quote
            rank = (1 if owner_id is not None else 0, 1 if direct else 0)
            slot = best.setdefault(source, {})
            if day not in slot or rank > slot[day][0]:
                slot[day] = (rank, direct, rate)
        for source, by_day in best.items():
            days = sorted(by_day)
            self._timeline[source] = (days, [(by_day[d][1], by_day[d][2]) for d in days])

    def exact(self, amount: Decimal, currency: str, day: date) -> Decimal | None:
        """`amount` of `currency` in the target currency, unrounded; None if no rate."""
        if currency == self.target:
            return amount
        timeline = self._timeline.get(currency)
        i = bisect.bisect_right(timeline[0], day) - 1 if timeline else -1
        if i < 0:
            if currency not in self.missing or day < self.missing[currency]:
                self.missing[currency] = day
            return None
        direct, rate = timeline[1][i]
        return EXACT.multiply(amount, rate) if direct else DIVISION.divide(amount, rate)

    def missing_report(self) -> list[dict[str, str]]:
        return [{"currency": c, "earliest_date": d.isoformat()} for c, d in sorted(self.missing.items())]

    def figure(self, amount: Decimal) -> str:
        return money.format_amount(round_money(amount, self.target), self.target)
