"""The one place a party's stored balance changes.

Call inside an action, after locking the record being written (entry, bill, payment): it
locks the party row, moves its debit/credit totals and balance together (a database
constraint holds balance = opening + debits - credits) and publishes the party.

Credit limit: a write that raises what the party owes above its `credit_limit` (a gave
entry, an edit that raises one, an issued bill) is refused with 409 `credit_limit_exceeded`
unless it says `override` and its author is a manager or an owner (a clerk's override is
403 `insufficient_role`). The check runs under the party's row lock, so two entries that
each fit cannot together pass the limit. Writes that lower the balance are never refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from config import money
from config.api.errors import Conflict
from ledger.khata.models import Party, Role
from realtime.feed import publish

ZERO = Decimal(0)


@dataclass(frozen=True)
class LimitCheck:
    """Hold the party to its credit limit for this write (who writes, and whether they
    explicitly override the limit)."""

    actor: Any
    override: bool = False


def post(
    party_id: UUID, *, debit: Decimal = ZERO, credit: Decimal = ZERO, on: dt.date | None = None,
    locked: Party | None = None, limit: LimitCheck | None = None, readers: list[UUID] | None = None,
) -> Party:
    """`locked`: the party row, already locked by the caller in this transaction; `limit`:
    refuse the write if it takes the party over its credit limit (module docstring);
    `readers`: the party's audience, when the caller has just read it (else read here)."""
    party = locked or Party.objects.select_for_update().select_related("business").get(pk=party_id)
    if not debit and not credit:
        return party
    if limit is not None:
        _hold_to_limit(party, party.balance + debit - credit, limit)
    was_owed = party.balance > 0
    party.debits += debit
    party.credits += credit
    party.balance = party.opening_balance + party.debits - party.credits
    _track_owed_since(party, was_owed, on)
    party.version += 1
    party.save(update_fields=["debits", "credits", "balance", "owed_since", "version", "updated_at"])
    publish(party, "khata.party.balance_changed", audience=readers)
    return party


def _track_owed_since(party: Party, was_owed: bool, on: dt.date | None) -> None:
    if party.balance <= 0:
        party.owed_since = None
    elif not was_owed or party.owed_since is None:
        today = party.business.today()
        party.owed_since = min(on or today, today)


def _hold_to_limit(party: Party, after: Decimal, limit: LimitCheck) -> None:
    if party.credit_limit is None or after <= party.balance or after <= party.credit_limit:
        return
    if limit.override:
        from ledger.khata import selectors

        selectors.require_role(limit.actor, party.business_id, Role.MANAGER)
        return
    currency = party.business.currency
    shown = money.format_amount(party.credit_limit, currency)
    raise Conflict(
        f"This takes {party.name} to {money.format_amount(after, currency)}, over the credit limit of {shown}."
        " A manager or owner may override it.",
        code="credit_limit_exceeded",
        fields={"amount": [f"Over the credit limit of {shown}."]},
        extra={"credit_limit": shown, "balance": money.format_amount(party.balance, currency),
               "balance_after": money.format_amount(after, currency)},
    )
