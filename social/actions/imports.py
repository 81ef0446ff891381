"""Importing a Splitwise CSV export into a group, all or nothing.

Each row becomes an expense whose nets are exactly the row's: people with a negative net
owe that much; the rest of the cost is owed by the people with a positive net (split
equally), who paid their net plus their own part. "Payment" rows become settlements.

Importing the same export again adds nothing: a row is a duplicate when the group already
holds as many live entries with its date, cost, currency and per-person nets as the file has
up to and including that row (so two identical rows import twice, once each, and a third
import of the file adds none). The group row is locked first, so two imports of one file
at the same moment cannot both add it."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.utils.translation import gettext_noop

from config import money
from config.api.errors import Invalid
from config.phrases import phrase_arg, sentence
from realtime.feed import action
from social.actions.expenses import record_expense
from social.actions.settlements import record_settlement
from social.exchange import ImportError_, Row, parse_splitwise
from social.models import Group, Share, User

Signature = tuple[Any, ...]


def _signature(day, cost: Decimal, currency: str, nets: dict[UUID, Decimal]) -> Signature:
    return (day, cost.normalize(), currency, frozenset((u, v.normalize()) for u, v in nets.items() if v))


def _existing(group: Group, rows: list[Row]) -> Counter:
    """How many live entries of the group have each signature, on the file's dates."""
    days = {r.date for r in rows}
    entries: dict[tuple[str, int | UUID], dict[str, Any]] = {}
    shares = (Share.objects.filter(group=group, live=True)
              .filter(Q(expense__date__in=days, expense__deleted_at=None)
                      | Q(settlement__date__in=days, settlement__deleted_at=None))
              .values_list("expense_id", "settlement_id", "user_id", "net", "expense__date", "expense__amount",
                           "expense__currency", "settlement__date", "settlement__amount", "settlement__currency"))
    for e_id, s_id, user_id, net, e_date, e_amount, e_cur, s_date, s_amount, s_cur in shares:
        key = ("e", e_id) if e_id else ("s", s_id)
        entry = entries.setdefault(key, {"day": e_date or s_date, "cost": e_amount if e_id else s_amount,
                                         "currency": e_cur if e_id else s_cur, "nets": {}})
        entry["nets"][user_id] = net
    return Counter(_signature(e["day"], e["cost"], e["currency"], e["nets"]) for e in entries.values())


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
    """{"imported", "skipped" (rows with no one's money), "duplicates" (already in the group)}."""
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
    Group.objects.select_for_update().filter(pk=group.pk).first()  # one import into a group at a time
    existing = _existing(group, rows)
    seen: Counter = Counter()
    imported = skipped = duplicates = 0
    try:
        for row in rows:
            nets = {columns[p]: v for p, v in row.nets.items() if v}
            if not nets:
                skipped += 1
                continue
            payment = row.category.lower() == "payment" and len(nets) == 2
            signature = _signature(row.date, max(nets.values()) if payment else row.cost, row.currency, nets)
            seen[signature] += 1
            if seen[signature] <= existing[signature]:
                duplicates += 1
                continue
            if payment:
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
        details = " ".join(str(m) for ms in exc.fields.values() if isinstance(ms, list) for m in ms)
        raise Invalid(sentence(gettext_noop("Line %(line)s: %(why)s"), line=row.line, why=phrase_arg(exc.message)), code="bad_csv",
                      fields={"csv": [f"Line {row.line}: {exc.message} {details}".strip()]})
    return {"imported": imported, "skipped": skipped, "duplicates": duplicates}
