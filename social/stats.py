"""Group statistics (as ihatemoney's and Spliit's): per member what they paid, their share
and the balance; spending per category and per month. Per currency, exact: sums of the
stored Decimal amounts, grouped in SQL (a few queries whatever the number of expenses),
formatted at the currency's precision, never through a float.

Only live entries count (deleted expenses and settlements do not). `paid` and `share` are
over expenses; `settled` is what a member paid (+) or received (-) in settlements;
`balance` = paid - share + settled, which over all time is the group balance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from config import money
from social.models import Expense, Group, Share

ZERO = Decimal(0)


@dataclass
class MemberStats:
    user: UUID
    paid: Decimal = ZERO
    share: Decimal = ZERO
    settled: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.paid - self.share + self.settled


@dataclass
class CurrencyStats:
    currency: str
    total: Decimal = ZERO
    count: int = 0
    members: dict[UUID, MemberStats] = field(default_factory=dict)
    categories: list[tuple[str, Decimal, int]] = field(default_factory=list)
    months: list[tuple[str, Decimal, int]] = field(default_factory=list)


def group_stats(group: Group, *, start: dt.date | None = None, end: dt.date | None = None,
                members: Iterable[UUID] = ()) -> list[CurrencyStats]:
    """Statistics of a group's live entries dated in [start, end], one block per currency;
    each of `members` has a row in every block (zeros when they took no part)."""
    expenses = Expense.objects.filter(group=group, deleted_at=None)
    shares = Share.objects.filter(group=group, live=True)
    if start:
        expenses = expenses.filter(date__gte=start)
        shares = shares.filter(Q(expense__date__gte=start) | Q(settlement__date__gte=start))
    if end:
        expenses = expenses.filter(date__lte=end)
        shares = shares.filter(Q(expense__date__lte=end) | Q(settlement__date__lte=end))

    blocks: dict[str, CurrencyStats] = {}

    def block(currency: str) -> CurrencyStats:
        return blocks.setdefault(currency, CurrencyStats(currency))

    per_member = (shares.values("currency", "user_id")
                  .annotate(paid=Sum("paid", filter=Q(expense__isnull=False)),
                            share=Sum("owed", filter=Q(expense__isnull=False)),
                            settled=Sum("net", filter=Q(settlement__isnull=False)))
                  .order_by("currency", "user_id"))
    for row in per_member:
        b = block(row["currency"])
        b.members[row["user_id"]] = MemberStats(row["user_id"], row["paid"] or ZERO, row["share"] or ZERO,
                                                row["settled"] or ZERO)
    per_category = (expenses.values("currency", "category").annotate(total=Sum("amount"), n=Count("id"))
                    .order_by("currency", "-total", "category"))
    for row in per_category:
        b = block(row["currency"])
        b.categories.append((row["category"], row["total"], row["n"]))
        b.total += row["total"]
        b.count += row["n"]
    per_month = (expenses.annotate(month=TruncMonth("date")).values("currency", "month")
                 .annotate(total=Sum("amount"), n=Count("id")).order_by("currency", "month"))
    for row in per_month:
        block(row["currency"]).months.append((row["month"].strftime("%Y-%m"), row["total"], row["n"]))
    for b in blocks.values():
        for member in members:
            b.members.setdefault(member, MemberStats(member))
    return [blocks[c] for c in sorted(blocks)]


def as_json(blocks: list[CurrencyStats], names: dict[UUID, str]) -> list[dict]:
    """The API's shape: amounts as decimal strings at the currency's precision."""
    def amt(value: Decimal, currency: str) -> str:
        return money.format_amount(value, currency)

    return [{
        "currency": b.currency,
        "total": amt(b.total, b.currency),
        "expenses": b.count,
        "members": [{"user": str(m.user), "name": names.get(m.user, "Former member"),
                     "paid": amt(m.paid, b.currency), "share": amt(m.share, b.currency),
                     "settled": amt(m.settled, b.currency), "balance": amt(m.balance, b.currency)}
                    for m in sorted(b.members.values(), key=lambda m: (names.get(m.user, ""), str(m.user)))],
        "categories": [{"category": c, "total": amt(t, b.currency), "expenses": n} for c, t, n in b.categories],
        "months": [{"month": m, "total": amt(t, b.currency), "expenses": n} for m, t, n in b.months],
    } for b in blocks]
