"""Converting amounts to one currency (the user's default) for reports and budgets.

Rules (exact, no floats):
- The rate for a transaction is the latest rate for the pair whose effective date is on or
  before the transaction's date; the user's own rate wins over an admin's rate of the same
  date. Direct rates (1 FROM = r TO) multiply; when only the opposite pair exists, the
  amount is multiplied by the reciprocal of that rate taken to 50 significant digits.
- Products are exact: in PostgreSQL (numeric arithmetic is exact) and in Python, where sums
  and products run in a 100-digit context (`EXACT`), more than any amount of
  DECIMAL(19,4) times a 50-digit multiplier needs. Sums of converted amounts are
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

from django.db.models import (
    Case,
    DecimalField,
    Expression,
    ExpressionWrapper,
    F,
    Min,
    Q,
    Value,
    When,
)

from config import money
from ledger.finance.models import ExchangeRate

EXACT = decimal.Context(prec=100, rounding=ROUND_HALF_EVEN)
DIVISION = decimal.Context(prec=50, rounding=ROUND_HALF_EVEN)


def round_money(amount: Decimal, currency: str) -> Decimal:
    return money.quantize(amount, currency, rounding=ROUND_HALF_EVEN)


class Converter:
    """Rates for converting `currencies` into `target`, loaded in one query."""

    def __init__(self, user_id, target: str, currencies: Iterable[str], until: date | None = None) -> None:
        self.target = target
        self.missing: dict[str, date] = {}
        self.sources = sources = sorted({c for c in currencies if c != target})
        # source currency -> (effective dates ascending, multipliers)
        self._timeline: dict[str, tuple[list[date], list[Decimal]]] = {}
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
            # Every rate as a multiplier (an inverse pair's reciprocal, 50 significant digits).
            self._timeline[source] = (
                days, [by_day[d][2] if by_day[d][1] else DIVISION.divide(Decimal(1), by_day[d][2]) for d in days]
            )

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
        return EXACT.multiply(amount, timeline[1][i])

    def missing_report(self) -> list[dict[str, str]]:
        return [{"currency": c, "earliest_date": d.isoformat()} for c, d in sorted(self.missing.items())]

    def figure(self, amount: Decimal) -> str:
        return money.format_amount(round_money(amount, self.target), self.target)

    # --- the same conversion, done by PostgreSQL over many rows -------------------------------
    def sql_amount(self, lo: date, hi: date, amount: str = "amount") -> Expression:
        """`amount` of each row in the target currency, as an SQL expression: the target's
        own rows as they are, others times the multiplier in effect on the row's date (a
        CASE over the rates effective in [lo, hi]); NULL (left out) without a rate.
        Numeric multiplication in PostgreSQL is exact, so sums equal `exact()`'s."""
        out = DecimalField(max_digits=65, decimal_places=30)
        whens = [When(currency=self.target, then=F(amount))]
        for cur in self.sources:
            days, rates = self._timeline.get(cur, ([], []))
            first = max(bisect.bisect_right(days, lo) - 1, 0)
            last = bisect.bisect_right(days, hi)
            segments = [
                When(date__gte=days[i], then=Value(rates[i], output_field=out)) for i in range(last - 1, first - 1, -1)
            ]
            if segments:
                rate = Case(*segments, default=None, output_field=out)
                whens.append(When(currency=cur, then=ExpressionWrapper(F(amount) * rate, output_field=out)))
        return Case(*whens, default=None, output_field=out)

    def sql_missing(self) -> dict[str, Min]:
        """Aggregates giving, per source currency, the earliest date with no rate."""
        aggs = {}
        for i, cur in enumerate(self.sources):
            days = self._timeline.get(cur, ([], []))[0]
            cond = Q(currency=cur, date__lt=days[0]) if days else Q(currency=cur)
            aggs[f"missing_rate_{i}"] = Min("date", filter=cond)
        return aggs

    def note_missing(self, row: dict) -> None:
        for i, cur in enumerate(self.sources):
            d = row.get(f"missing_rate_{i}")
            if d is not None and (cur not in self.missing or d < self.missing[cur]):
                self.missing[cur] = d
