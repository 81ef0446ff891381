"""Reports and budget progress (reads). Figures are in one currency — the user's default
(profile.default_currency) for reports, the budget's own for budgets — converted at the
rate of each transaction's date with the rules in `ledger.finance.conversion`.

Sums are grouped in SQL by (currency, date[, category]) so a report reads a few hundred
rows, not every transaction; the rate is constant per currency and date, and products are
exact, so grouping first changes nothing in the result.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal, localcontext

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from ledger.finance.conversion import EXACT, Converter
from ledger.finance.dates import month_starts, period_bounds, today_for
from ledger.finance.models import Account, Budget, Category, Direction, Transaction, TransactionPart


def default_currency(user) -> str:
    return getattr(getattr(user, "profile", None), "default_currency", None) or "INR"


def _live(user_id) -> Q:
    return Q(owner_id=user_id, deleted_at__isnull=True)


def converter_for(user_id, target: str, until: date) -> Converter:
    """Rates from every currency the user's accounts hold into `target`."""
    currencies = set(Account.objects.filter(owner_id=user_id).order_by().values_list("currency", flat=True).distinct())
    return Converter(user_id, target, currencies, until=until)


def by_parts(qs) -> list:
    """What counts per category: the transactions of `qs` that are not split, and the parts
    of those that are (a part has the amount, currency, date, direction and category fields
    reports group and convert by)."""
    return [qs.filter(split=False), TransactionPart.objects.filter(transaction__in=qs.filter(split=True).values("pk"))]


def converted_sums(user_id, qs, keys: list[str], target: str, lo: date, hi: date) -> tuple[dict, Converter]:
    """Exact sums of `amount` in `target` per `keys`, converted row by row by the database at
    each row's date (Converter.sql_amount) in one grouped pass (per queryset, when `qs` is a
    list of them, such as by_parts'). Returns (sums, converter)."""
    conv = converter_for(user_id, target, hi)
    sums: dict = defaultdict(Decimal)
    for one in qs if isinstance(qs, list) else [qs]:
        rows = one.values(*keys).annotate(s=Sum(conv.sql_amount(lo, hi)), **conv.sql_missing()).order_by()
        with localcontext(EXACT):
            for row in rows:
                conv.note_missing(row)
                if row["s"] is not None:
                    sums[tuple(row[k] for k in keys)] += row["s"]
    return sums, conv


def _family_map(user_id) -> dict:
    """category id -> ids it covers (itself and children)."""
    fam: dict = defaultdict(set)
    for cid, parent in Category.objects.filter(owner_id=user_id).values_list("id", "parent_id"):
        fam[cid].add(cid)
        if parent:
            fam[parent].add(cid)
    return fam


def budget_progress(user, budgets: list[Budget], *, day: date | None = None) -> list[dict]:
    """Spent, remaining and percentage of each budget for the period holding `day` (today in
    the user's time zone by default). One grouped query per budget currency: converted
    expenses per category, with one filtered SUM per distinct period (week, month, year);
    each budget then adds up its categories (its own and its sub-categories, or all)."""
    if not budgets:
        return []
    day = day or today_for(user)
    bounds = {b.id: period_bounds(b.period, day) for b in budgets}
    fam = _family_map(user.id) if any(b.category_id for b in budgets) else {}
    results: dict = {}
    for currency in sorted({b.currency for b in budgets}):
        mine = [b for b in budgets if b.currency == currency]
        periods = sorted({bounds[b.id] for b in mine})
        lo, hi = min(p[0] for p in periods), max(p[1] for p in periods)
        conv = converter_for(user.id, currency, hi)
        # Rows already in the budget's currency are summed as they are; only the others go
        # through the rate CASE (a FILTER is applied before the aggregate's argument).
        sums = {}
        for i, (start, end) in enumerate(periods):
            sums[f"p{i}"] = Sum("amount", filter=Q(date__range=(start, end), currency=currency))
            if conv.sources:
                sums[f"q{i}"] = Sum(conv.sql_amount(start, end), filter=Q(date__range=(start, end)) & ~Q(currency=currency))
        spent = Transaction.objects.filter(_live(user.id), direction=Direction.EXPENSE, date__range=(lo, hi))
        rows = [row for one in by_parts(spent)
                for row in one.values("category_id").annotate(**sums, **conv.sql_missing()).order_by()]
        with localcontext(EXACT):
            for row in rows:
                conv.note_missing(row)
            for b in mine:
                i = periods.index(bounds[b.id])
                cover = fam.get(b.category_id, {b.category_id}) if b.category_id else None
                spent = sum(
                    ((r[f"p{i}"] or 0) + (r.get(f"q{i}") or 0) for r in rows if cover is None or r["category_id"] in cover),
                    Decimal(0),
                )
                results[b.id] = _progress(b, *bounds[b.id], spent, conv)
    return [results[b.id] for b in budgets]


def _progress(b: Budget, start: date, end: date, spent: Decimal, conv: Converter) -> dict:
    from ledger.finance.conversion import round_money

    spent_r = round_money(spent, b.currency)
    pct = (spent * 100 / b.amount).quantize(Decimal("0.01")) if b.amount else Decimal(0)
    return {
        "period_start": start,
        "period_end": end,
        "spent": spent_r,
        "remaining": b.amount - spent_r,
        "percentage": pct,
        "missing_rates": conv.missing_report(),
    }


def spent_in_period(user_id, budget: Budget, start: date, end: date, family: list | None) -> Decimal:
    """Exact (unrounded) spending counted by `budget` in [start, end]."""
    qs = Transaction.objects.filter(_live(user_id), direction=Direction.EXPENSE, date__range=(start, end))
    conv = converter_for(user_id, budget.currency, end)
    total = Decimal(0)
    for one in by_parts(qs):
        if family is not None:
            one = one.filter(category_id__in=family)
        with localcontext(EXACT):
            total += one.aggregate(s=Sum(conv.sql_amount(start, end)))["s"] or Decimal(0)
    return total


# --- reports ---------------------------------------------------------------------------------
def spending_by_category(user, *, start: date, end: date, account_ids: list | None = None) -> dict:
    target = default_currency(user)
    qs = Transaction.objects.filter(_live(user.id), direction=Direction.EXPENSE, date__range=(start, end))
    if account_ids:
        qs = qs.filter(account_id__in=account_ids)
    sums, conv = converted_sums(user.id, by_parts(qs), ["category_id"], target, start, end)
    cats = {c.id: c for c in Category.objects.filter(owner=user)}
    per: dict = defaultdict(Decimal)
    for (cat,), v in sums.items():
        # Sub-categories roll up into their top-level category for the chart.
        c = cats.get(cat)
        per[c.parent_id if c is not None and c.parent_id else cat] += v
    total = sum(per.values(), Decimal(0))
    items = _category_items(per, cats, total, conv)
    return {
        "currency": target, "from": start, "to": end, "total": conv.figure(total),
        "categories": items,
        "labels": [i["name"] for i in items], "series": [i["amount"] for i in items],
        "missing_rates": conv.missing_report(),
    }


def _category_items(per: dict, cats: dict, total: Decimal, conv: Converter) -> list[dict]:
    items = []
    for cat_id, v in sorted(per.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        c = cats.get(cat_id)
        items.append({
            "category_id": cat_id,
            "name": c.name if c else "Uncategorised",
            "amount": conv.figure(v),
            "share": str((v * 100 / total).quantize(Decimal("0.01")) if total else Decimal("0.00")),
        })
    return items


def income_vs_expense(user, *, start: date, end: date) -> dict:
    target = default_currency(user)
    qs = (
        Transaction.objects.filter(_live(user.id), date__range=(start, end))
        .exclude(direction=Direction.TRANSFER)
        .annotate(month=TruncMonth("date"))
    )
    sums, conv = converted_sums(user.id, qs, ["direction", "month"], target, start, end)
    months = month_starts(start, end)
    inc: dict = defaultdict(Decimal)
    exp: dict = defaultdict(Decimal)
    for (direction, month), v in sums.items():
        (inc if direction == Direction.INCOME else exp)[month] += v
    items = [
        {
            "month": m.strftime("%Y-%m"),
            "income": conv.figure(inc[m]),
            "expense": conv.figure(exp[m]),
            "net": conv.figure(inc[m] - exp[m]),
        }
        for m in months
    ]
    return {
        "currency": target, "from": start, "to": end, "months": items,
        "total_income": conv.figure(sum(inc.values(), Decimal(0))),
        "total_expense": conv.figure(sum(exp.values(), Decimal(0))),
        "labels": [i["month"] for i in items],
        "income_series": [i["income"] for i in items],
        "expense_series": [i["expense"] for i in items],
        "missing_rates": conv.missing_report(),
    }


def monthly(user, *, month: date) -> dict:
    """One month: income, expense, net and spending by top-level category, from one
    grouped pass (the same figures as the two range reports for that month)."""
    start, end = period_bounds("month", month)
    target = default_currency(user)
    qs = Transaction.objects.filter(_live(user.id), date__range=(start, end)).exclude(direction=Direction.TRANSFER)
    sums, conv = converted_sums(user.id, by_parts(qs), ["direction", "category_id"], target, start, end)
    cats = {c.id: c for c in Category.objects.filter(owner=user)}
    income, expense = Decimal(0), Decimal(0)
    per: dict = defaultdict(Decimal)
    for (direction, cat), v in sums.items():
        if direction == Direction.INCOME:
            income += v
            continue
        expense += v
        c = cats.get(cat)
        per[c.parent_id if c is not None and c.parent_id else cat] += v
    return {
        "month": start.strftime("%Y-%m"), "currency": target,
        "income": conv.figure(income), "expense": conv.figure(expense), "net": conv.figure(income - expense),
        "categories": _category_items(per, cats, expense, conv),
        "missing_rates": conv.missing_report(),
    }


def net_worth(user, *, start: date, end: date) -> dict:
    with localcontext(EXACT):
        return _net_worth(user, start=start, end=end)


def _net_worth(user, *, start: date, end: date) -> dict:
    """Sum of all live accounts' balances at each month end in [start, end] (and at `end`),
    each account converted at the rate of that day."""
    target = default_currency(user)
    accounts = list(Account.objects.filter(owner=user, deleted_at__isnull=True).values_list("id", "currency", "opening_balance"))
    points = [min(_month_end(m), end) for m in month_starts(start, end)]
    ids = [a[0] for a in accounts]
    base = {a[0]: a[2] for a in accounts}
    # Everything before the first point, then month by month.
    live = Transaction.objects.filter(deleted_at__isnull=True, date__lte=end)
    deltas: dict = defaultdict(Decimal)  # (account, month start or None) -> change
    first = points[0].replace(day=1) if points else end

    def bucket(d: date):
        return None if d < first else d.replace(day=1)

    for acc, direction, m, s in (
        live.filter(account_id__in=ids).annotate(m=TruncMonth("date"))
        .values_list("account_id", "direction", "m").annotate(s=Sum("amount")).order_by()
    ):
        deltas[(acc, bucket(m))] += s if direction == Direction.INCOME else -s
    for acc, m, s in (
        live.filter(transfer_account_id__in=ids).annotate(m=TruncMonth("date"))
        .values_list("transfer_account_id", "m").annotate(s=Sum("transfer_amount")).order_by()
    ):
        deltas[(acc, bucket(m))] += s
    conv = Converter(user.id, target, {a[1] for a in accounts}, until=end)
    running = {a: base[a] + deltas.get((a, None), Decimal(0)) for a in ids}
    items = []
    for p in points:
        total = Decimal(0)
        for acc, cur, _ob in accounts:
            running[acc] += deltas.get((acc, p.replace(day=1)), Decimal(0))
            v = conv.exact(running[acc], cur, p)
            if v is not None:
                total += v
        items.append({"date": p, "amount": conv.figure(total)})
    return {
        "currency": target, "from": start, "to": end, "points": items,
        "labels": [i["date"].isoformat() for i in items], "series": [i["amount"] for i in items],
        "missing_rates": conv.missing_report(),
    }


def _month_end(m: date) -> date:
    return period_bounds("month", m)[1]
