"""Export a group (CSV in Splitwise's layout, or JSON) and parse Splitwise CSV exports.

Splitwise's CSV: "Date, Description, Category, Cost, Currency, <one column per person>",
each person's cell being their net for that row (paid - owed); settlements have the
category "Payment"; a trailing "Total balance" row is a summary, not an entry."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from config import money
from config.csv_export import SafeWriter
from config.csv_import import UnreadableRow, numbered
from social import selectors
from social.api.serializers import ExpenseOut, GroupOut, PersonOut, SettlementOut
from social.models import Expense, Group, Settlement, Share

FIXED = ["Date", "Description", "Category", "Cost", "Currency"]


def export_csv(group: Group) -> str:
    members = list(selectors.active_members(group))
    # Former members who appear in entries get a column too.
    seen = set(Share.objects.filter(group=group, live=True).values_list("user_id", flat=True).distinct())
    extra = [u for u in selectors.User.objects.filter(id__in=seen - {m.pk for m in members}).order_by("name", "id")]
    people = members + extra
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(FIXED + [p.name or p.email for p in people])
    expenses = Expense.objects.filter(group=group, deleted_at=None).prefetch_related("shares").order_by("date", "created_at", "id")
    for e in expenses.iterator(chunk_size=2000):
        nets = {s.user_id: s.net for s in e.shares.all()}
        writer.writerow([e.date.isoformat(), e.description, e.category or "General",
                         money.format_amount(e.amount, e.currency), e.currency]
                        + [money.format_amount(nets.get(p.pk, Decimal(0)), e.currency) for p in people])
    for s in Settlement.objects.filter(group=group, deleted_at=None).order_by("date", "created_at", "id"):
        nets = {s.payer_id: s.amount, s.payee_id: -s.amount}
        writer.writerow([s.date.isoformat(), s.note or "Payment", "Payment",
                         money.format_amount(s.amount, s.currency), s.currency]
                        + [money.format_amount(nets.get(p.pk, Decimal(0)), s.currency) for p in people])
    return out.getvalue()


def export_json(group: Group) -> dict[str, Any]:
    expenses = Expense.objects.filter(group=group, deleted_at=None).prefetch_related("shares").order_by("date", "created_at", "id")
    settlements = Settlement.objects.filter(group=group, deleted_at=None).order_by("date", "created_at", "id")
    return {
        "group": GroupOut(group).data,
        "members": PersonOut(selectors.active_members(group), many=True).data,
        "expenses": ExpenseOut(expenses, many=True).data,
        "settlements": SettlementOut(settlements, many=True).data,
    }


@dataclass(frozen=True)
class Row:
    line: int
    date: datetime.date
    description: str
    category: str
    cost: Decimal
    currency: str
    nets: dict[str, Decimal]  # column name -> net


class ImportError_(ValueError):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def parse_splitwise(text: str) -> tuple[list[str], list[Row]]:
    """(person columns, rows) of a Splitwise CSV export; raises ImportError_ with line numbers."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _parse_rows(reader)
    except csv.Error as exc:  # the header itself unreadable
        raise ImportError_([f"Line 1: {exc}."])
    except UnreadableRow as exc:
        raise ImportError_([str(exc).replace("Row", "Line", 1)])


def _parse_rows(reader: Any) -> tuple[list[str], list[Row]]:
    header = next(reader, None)
    if not header or [h.strip() for h in header[:5]] != FIXED or len(header) < 6:
        raise ImportError_(["Line 1: expected the header Date, Description, Category, Cost, Currency, <people>."])
    people = [h.strip() for h in header[5:]]
    if len(set(people)) != len(people) or any(not p for p in people):
        raise ImportError_(["Line 1: person columns must have distinct, non-empty names."])
    rows: list[Row] = []
    errors: list[str] = []
    for line, cells in numbered(reader):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > 1 and cells[1].strip().lower() == "total balance":
            continue
        if len(cells) != len(header):
            errors.append(f"Line {line}: {len(cells)} cells, expected {len(header)}.")
            continue
        try:
            date = datetime.date.fromisoformat(cells[0].strip()[:10])
            currency = cells[4].strip().upper()
            money.exponent(currency)
            cost = Decimal(cells[3].strip())
            nets = {p: Decimal(c.strip() or "0") for p, c in zip(people, cells[5:], strict=True)}
        except (ValueError, InvalidOperation, money.CurrencyError) as exc:
            errors.append(f"Line {line}: {exc}")
            continue
        if not cost.is_finite() or cost <= 0 or cost > money.MAX_AMOUNT or not money.has_valid_precision(cost, currency):
            errors.append(f"Line {line}: bad cost {cells[3]!r}.")
            continue
        if any(not v.is_finite() or not money.has_valid_precision(v, currency) for v in nets.values()):
            errors.append(f"Line {line}: a person's amount has too many decimals.")
            continue
        if sum(nets.values(), Decimal(0)) != 0:
            errors.append(f"Line {line}: the people's amounts do not sum to zero.")
            continue
        rows.append(Row(line, date, cells[1].strip()[:200] or "Imported", cells[2].strip()[:50], cost, currency, nets))
        if len(rows) > 20000:
            raise ImportError_(["Too many rows (20,000 at most per import)."])
    if errors:
        raise ImportError_(errors[:50])
    return people, rows
