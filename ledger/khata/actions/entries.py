"""Gave/got entries. Each write locks the entry (when it exists), then the party, moves
the party's balance (actions.balances.post), keeps a revision of what was there before,
and keeps the cashbook posting in step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.utils import timezone

from config.api.errors import Conflict, NotFound
from ledger.khata import selectors
from ledger.khata.actions import balances
from ledger.khata.actions.cashbook import check_precision, sync_posting
from ledger.khata.models import Business, CashSource, Entry, EntryKind, EntryRevision, Party, Role
from realtime.feed import action, publish
from realtime.preconditions import check_version

ZERO = Decimal(0)


def _effect(kind: str, amount: Decimal) -> tuple[Decimal, Decimal]:
    """(debit, credit) of an entry: gave raises what the party owes, got lowers it."""
    return (amount, ZERO) if kind == EntryKind.GAVE else (ZERO, amount)


def _post_cash(entry: Entry, actor: Any) -> None:
    sync_posting(
        business=entry.business, source=CashSource.ENTRY, source_id=entry.id, actor=actor,
        live=entry.deleted_at is None, direction="in" if entry.kind == EntryKind.GOT else "out",
        amount=entry.amount, date=entry.date, mode=entry.mode, note=entry.note or entry.party.name,
    )


def _revision(entry: Entry, actor: Any) -> None:
    EntryRevision.objects.create(
        entry=entry, version=entry.version, kind=entry.kind, amount=entry.amount, date=entry.date,
        note=entry.note, deleted=entry.deleted_at is not None, changed_by=actor,
    )


@action
def record_entry(
    actor: Any, *, business: Business, party_id: UUID, kind: str, amount: Decimal, date: dt.date | None = None,
    id: UUID | None = None, note: str = "", attachment_url: str = "", mode: str = "cash",
) -> Entry:
    """Clerks and above. A replay with the same client-chosen id returns the first entry."""
    selectors.require_role(actor, business.id, Role.CLERK)
    check_precision(business, amount)
    # The party's lock comes first: it also serializes two replays of one client id.
    party = Party.objects.select_for_update().filter(pk=party_id, business=business, deleted_at=None).first()
    if party is None:
        raise NotFound("No such party.", fields={"party": ["No such party in this business."]})
    party.business = business
    if id is not None:
        existing = Entry.objects.filter(pk=id).select_related("business").first()
        if existing is not None:
            if existing.business_id != business.id:
                raise Conflict("That id is taken.", code="id_taken")
            return existing
    date = date or timezone.localdate()
    debit, credit = _effect(kind, amount)
    party = balances.post(party_id, debit=debit, credit=credit, on=date, locked=party)
    entry = Entry.objects.create(
        business=business, party=party, kind=kind, amount=amount, date=date, note=note,
        attachment_url=attachment_url, mode=mode, created_by=actor, **({"id": id} if id else {}),
    )
    entry.business = business
    publish(entry, "khata.entry.recorded")
    _post_cash(entry, actor)
    return entry


def _locked(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("business", "party").get(pk=entry.pk)


@action
def edit_entry(actor: Any, *, entry: Entry, expected_version: int | None = None, **changes: Any) -> Entry:
    selectors.require_role(actor, entry.business_id, Role.MANAGER)
    entry = _locked(entry)
    check_version(entry, expected_version)
    if entry.deleted_at is not None:
        raise Conflict("Restore the entry before editing it.", code="entry_deleted")
    if "amount" in changes:
        check_precision(entry.business, changes["amount"])
    _revision(entry, actor)
    old_debit, old_credit = _effect(entry.kind, entry.amount)
    for key, value in changes.items():
        setattr(entry, key, value)
    new_debit, new_credit = _effect(entry.kind, entry.amount)
    entry.version += 1
    entry.save()
    balances.post(entry.party_id, debit=new_debit - old_debit, credit=new_credit - old_credit, on=entry.date)
    publish(entry, "khata.entry.edited")
    _post_cash(entry, actor)
    return entry


@action
def delete_entry(actor: Any, *, entry: Entry, expected_version: int | None = None) -> Entry:
    """A tombstone: the entry stops counting and can be restored."""
    selectors.require_role(actor, entry.business_id, Role.MANAGER)
    entry = _locked(entry)
    check_version(entry, expected_version)
    if entry.deleted_at is not None:
        return entry
    _revision(entry, actor)
    debit, credit = _effect(entry.kind, entry.amount)
    entry.deleted_at = timezone.now()
    entry.version += 1
    entry.save()
    balances.post(entry.party_id, debit=-debit, credit=-credit, on=entry.date)
    publish(entry, "khata.entry.deleted")
    _post_cash(entry, actor)
    return entry


@action
def restore_entry(actor: Any, *, entry: Entry) -> Entry:
    selectors.require_role(actor, entry.business_id, Role.MANAGER)
    entry = _locked(entry)
    if entry.deleted_at is None:
        return entry
    if entry.party.deleted_at is not None:
        raise Conflict("Restore the party first.", code="party_deleted")
    _revision(entry, actor)
    debit, credit = _effect(entry.kind, entry.amount)
    entry.deleted_at = None
    entry.version += 1
    entry.save()
    balances.post(entry.party_id, debit=debit, credit=credit, on=entry.date)
    publish(entry, "khata.entry.restored")
    _post_cash(entry, actor)
    return entry
