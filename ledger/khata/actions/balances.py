"""The one place a party's stored balance changes.

Call inside an action, after locking the record being written (entry, bill, payment): it
locks the party row, moves its debit/credit totals and balance together (a database
constraint holds balance = opening + debits - credits) and publishes the party."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

from django.utils import timezone

from ledger.khata.models import Party
from realtime.feed import publish

ZERO = Decimal(0)


def post(
    party_id: UUID, *, debit: Decimal = ZERO, credit: Decimal = ZERO, on: dt.date | None = None,
    locked: Party | None = None,
) -> Party:
    """`locked`: the party row, already locked by the caller in this transaction."""
    party = locked or Party.objects.select_for_update().select_related("business").get(pk=party_id)
    if not debit and not credit:
        return party
    was_owed = party.balance > 0
    party.debits += debit
    party.credits += credit
    party.balance = party.opening_balance + party.debits - party.credits
    _track_owed_since(party, was_owed, on)
    party.version += 1
    party.save(update_fields=["debits", "credits", "balance", "owed_since", "version", "updated_at"])
    publish(party, "khata.party.balance_changed")
    return party


def _track_owed_since(party: Party, was_owed: bool, on: dt.date | None) -> None:
    if party.balance <= 0:
        party.owed_since = None
    elif not was_owed or party.owed_since is None:
        party.owed_since = min(on or timezone.localdate(), timezone.localdate())
