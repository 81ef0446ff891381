"""Each expense row's "paid by" and "your share", from the shares the list prefetched.

Who paid is every share with `paid` > 0 (several payers are named together); the reader's
share is their `owed` on it (None when they are not part of the split)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.utils.translation import gettext as _

from social import selectors
from social.models import Expense, Settlement, User
from social.views.people import people


def with_payers_and_share(expenses: Iterable[Expense], *, me: User, known: dict[UUID, User] | None = None) -> list[Expense]:
    """The expenses, each given `payer_names` (names, "You" first) and `my_share` (what they owe of it, or None when not in it).

    `known` are names the page already holds; anyone else who paid (a former member) is
    looked up in one query for the whole list."""
    rows = list(expenses)
    names = dict(known or {})
    payers = {e.pk: [s.user_id for s in selectors.shares_of(e) if s.paid] for e in rows}
    missing = {u for ids in payers.values() for u in ids if u not in names and u != me.pk}
    names.update(people(missing))
    for e in rows:
        ids = payers[e.pk]
        shown = ([_("You")] if me.pk in ids else []) + sorted(str(names[u]) for u in ids if u != me.pk and u in names)
        e.payer_names = ", ".join(shown)
        mine = next((s for s in selectors.shares_of(e) if s.user_id == me.pk), None)
        e.my_share = mine.owed if mine is not None else None
    return rows


def with_payments(expenses: list[Expense], payments: Iterable[Settlement], *, me: User, limit: int = 100) -> list:
    """Expenses and recorded payments in one list, newest first (a group's "Expenses" table):
    each payment is given `is_payment`, `payer_name` / `payee_name` ("You" for the reader)."""
    rows: list = list(expenses)
    for p in payments:
        p.is_payment = True
        p.payer_name = _("You") if p.payer_id == me.pk else str(p.payer)
        p.payee_name = _("you") if p.payee_id == me.pk else str(p.payee)
        rows.append(p)
    rows.sort(key=lambda r: (r.date, r.created_at, str(r.pk)), reverse=True)
    return rows[:limit]
