"""Gave/got entries. Each write locks the entry (when it exists), then the party, moves
the party's balance (actions.balances.post), keeps a revision of what was there before,
and keeps the cashbook posting in step.

Credit is not cash: an entry is settled on credit (the default: only the party's balance
moves) or by a payment with a method; only a payment in cash posts to the cashbook (got:
cash in, gave: cash out)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.utils import timezone

from config.api.errors import Conflict, Invalid, NotFound
from ledger.khata import selectors
from ledger.khata.actions import balances
from ledger.khata.actions.cashbook import check_precision, sync_posting
from ledger.khata.models import (
    Business,
    CashSource,
    Entry,
    EntryKind,
    EntryRevision,
    Party,
    Role,
    Settlement,
)
from realtime.feed import action, publish
from realtime.preconditions import check_version

ZERO = Decimal(0)


def _effect(kind: str, amount: Decimal) -> tuple[Decimal, Decimal]:
    """(debit, credit) of an entry: gave raises what the party owes, got lowers it."""
    return (amount, ZERO) if kind == EntryKind.GAVE else (ZERO, amount)


def settled(settlement: str | None, mode: str | None) -> tuple[str, str]:
    """(settlement, mode) of an entry from what a caller gave: a method alone means a payment
    by it (older clients send only `mode`); nothing means credit."""
    if settlement is None:
        settlement = Settlement.PAYMENT if mode else Settlement.CREDIT
    if settlement == Settlement.CREDIT:
        if mode:
            raise Invalid("Credit has no payment method.",
                          fields={"mode": ["Leave it out for credit, or choose settlement \"payment\"."]})
        return Settlement.CREDIT, ""
    if not mode:
        raise Invalid("A payment needs its method.", fields={"mode": ["Choose cash, upi, bank, card or cheque."]})
    return Settlement.PAYMENT, mode


def _post_cash(entry: Entry, actor: Any, *, new: bool = False) -> None:
    sync_posting(
        business=entry.business, source=CashSource.ENTRY, source_id=entry.id, actor=actor,
        live=entry.deleted_at is None and entry.moves_cash, direction="in" if entry.kind == EntryKind.GOT else "out",
        amount=entry.amount, date=entry.date, mode="cash", note=entry.note or entry.party.name, new=new,
    )


def _revision(entry: Entry, actor: Any) -> None:
    EntryRevision.objects.create(
        entry=entry, version=entry.version, kind=entry.kind, amount=entry.amount, date=entry.date,
        note=entry.note, deleted=entry.deleted_at is not None, changed_by=actor,
    )


@action
def record_entry(
    actor: Any, *, business: Business, party_id: UUID, kind: str, amount: Decimal, date: dt.date | None = None,
    id: UUID | None = None, note: str = "", attachment_url: str = "", settlement: str | None = None,
    mode: str | None = None, override_credit_limit: bool = False,
) -> Entry:
    """Clerks and above. A replay with the same client-chosen id returns the first entry.
    Over the party's credit limit: 409 unless a manager or owner overrides (balances)."""
    selectors.require_role(actor, business.id, Role.CLERK)
    check_precision(business, amount)
    settlement, mode = settled(settlement, mode)
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
    date = date or business.today()
    debit, credit = _effect(kind, amount)
    # The party's change and the entry's go to the same readers: read them once for both.
    readers = selectors.member_ids(business.id, at_least=selectors.read_role(Entry))
    party_readers = readers if selectors.read_role(Party) == selectors.read_role(Entry) else None
    party = balances.post(party_id, debit=debit, credit=credit, on=date, locked=party,
                          limit=balances.LimitCheck(actor, override_credit_limit), readers=party_readers)
    entry = Entry.objects.create(
        business=business, party=party, kind=kind, amount=amount, date=date, note=note,
        attachment_url=attachment_url, settlement=settlement, mode=mode, created_by=actor, **({"id": id} if id else {}),
    )
    entry.business = business
    publish(entry, "khata.entry.recorded", audience=readers)
    _post_cash(entry, actor, new=True)
    return entry


def _locked(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("business", "party").get(pk=entry.pk)


@action
def edit_entry(
    actor: Any, *, entry: Entry, expected_version: int | None = None, override_credit_limit: bool = False,
    **changes: Any,
) -> Entry:
    selectors.require_role(actor, entry.business_id, Role.MANAGER)
    entry = _locked(entry)
    check_version(entry, expected_version)
    if entry.deleted_at is not None:
        raise Conflict("Restore the entry before editing it.", code="entry_deleted")
    if "amount" in changes:
        check_precision(entry.business, changes["amount"])
    if "settlement" in changes or "mode" in changes:
        settlement, mode = changes.get("settlement"), changes.get("mode")
        if settlement == Settlement.PAYMENT and mode is None:
            mode = entry.mode or None  # a payment keeps its method unless a new one is given
        changes["settlement"], changes["mode"] = settled(settlement, mode)
    _revision(entry, actor)
    old_debit, old_credit = _effect(entry.kind, entry.amount)
    for key, value in changes.items():
        setattr(entry, key, value)
    new_debit, new_credit = _effect(entry.kind, entry.amount)
    entry.version += 1
    entry.save()
    balances.post(entry.party_id, debit=new_debit - old_debit, credit=new_credit - old_credit, on=entry.date,
                  limit=balances.LimitCheck(actor, override_credit_limit))
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
