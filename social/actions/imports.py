"""Importing a Splitwise CSV export into a group, all or nothing.

Each row becomes an expense whose nets are exactly the row's: people with a negative net
owe that much; the rest of the cost is owed by the people with a positive net (split
equally), who paid their net plus their own part. "Payment" rows become settlements."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from config import money
from config.api.errors import Invalid
from realtime.feed import action
from social.actions.expenses import record_expense
from social.actions.settlements import record_settlement
from social.exchange import ImportError_, Row, parse_splitwise
from social.models import Group, User


def _expense_parts(row: Row, ids: dict[str, UUID]) -> tuple[list[dict[str, Any]], dict[UUID, Decimal]]:
    nets = {ids[p]: v for p, v in row.nets.items() if v}
    positive = sorted(u for u, v in nets.items() if v > 0)
    owed = {u: -v for u, v in nets.items() if v < 0}
    rest = row.cost - sum(nets[u] for u in positive)
    if rest < 0 or not positive:
        raise ImportError_([f"Line {row.line}: the cost is smaller than what was paid."])
    extra = money.allocate(rest, row.currency, {u: 1 for u in positive}) if rest else {u: Decimal(0) for u in positive}
    for u in positive:
        if extra[u]:
            owed[u] = extra[u]
    paid = [{"user": u, "amount": nets[u] + extra[u]} for u in positive]
    return paid, owed


@action
def import_splitwise_csv(actor: User, *, group: Group, text: str, columns: dict[str, UUID]) -> dict[str, int]:
    try:
        people, rows = parse_splitwise(text)
    except ImportError_ as exc:
        raise Invalid("The CSV could not be imported.", code="bad_csv", fields={"csv": exc.messages})
    missing = [p for p in people if p not in columns]
    unknown = [c for c in columns if c not in people]
    members = set(group.member_ids())
    strangers = [c for c, u in columns.items() if u not in members]
    if missing or unknown or strangers:
        raise Invalid("Map every person column to a group member.", code="bad_mapping", fields={"members": [
            *(f"No member for column {p!r}." for p in missing),
            *(f"No column {c!r} in the CSV." for c in unknown),
            *(f"Column {c!r}: not a member of this group." for c in strangers),
        ]})
    imported = skipped = 0
    try:
        for row in rows:
            nets = {columns[p]: v for p, v in row.nets.items() if v}
            if not nets:
                skipped += 1
                continue
            if row.category.lower() == "payment" and len(nets) == 2:
                payer = next(u for u, v in nets.items() if v > 0)
                payee = next(u for u, v in nets.items() if v < 0)
                record_settlement(actor, group=group, payer_id=payer, payee_id=payee, amount=nets[payer],
                                  currency=row.currency, date=row.date, note=row.description)
            else:
                paid, owed = _expense_parts(row, columns)
                record_expense(actor, group=group, description=row.description, amount=row.cost,
                               currency=row.currency, date=row.date, category=row.category, paid_by=paid,
                               split={"method": "exact", "amounts": owed})
            imported += 1
    except ImportError_ as exc:
        raise Invalid("The CSV could not be imported.", code="bad_csv", fields={"csv": exc.messages})
    except Invalid as exc:
        raise Invalid(f"Line {row.line}: {exc.message}", code="bad_csv",
                      fields={"csv": [f"Line {row.line}: {exc.message} {exc.fields}"]})
    return {"imported": imported, "skipped": skipped}
