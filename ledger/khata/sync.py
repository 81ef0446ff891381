"""Registration of khata's models with realtime's change feed: everything in a business
reaches every device of its active members whose role may read it (selectors.READ_ROLE:
the cashbook and reminders only managers and owners; a clerk gets staff members without
their pay); removing a member or changing a role revokes or grants (actions.business).

Also subscribes to `invite.accepted` (published by social when someone accepts an invite):
an invite with purpose `khata_staff` makes the accepter a member of the business named in
its payload, with the payload's role."""

from __future__ import annotations

from typing import Any

from ledger.khata import selectors
from ledger.khata.api import serializers as out
from ledger.khata.models import (
    AttendanceDay,
    Bill,
    Business,
    CashEntry,
    CreditNote,
    Entry,
    EntryReceipt,
    Membership,
    Party,
    Payment,
    Punch,
    Reminder,
    Staff,
)
from realtime import feed, registry
from social import selectors as social_selectors


def _business_audience(obj: Any):
    return selectors.member_ids(obj.business_id, at_least=selectors.read_role(type(obj)))


def _visible(model: type):
    return lambda user: selectors.visible(model, user)


registry.register(
    Business, entity="khata.business", serializer=out.BusinessOut,
    audience=lambda b: selectors.member_ids(b.id), visible=selectors.visible_businesses,
)
registry.register(
    Membership, entity="khata.member", serializer=out.MembershipOut,
    audience=lambda m: sorted({*selectors.member_ids(m.business_id), m.user_id}),
    visible=selectors.visible_memberships,
)
for _model, _entity, _serializer in [
    (Party, "khata.party", out.PartyOut),
    (Entry, "khata.entry", out.EntryOut),
    (EntryReceipt, "khata.receipt", out.EntryReceiptOut),
    (Bill, "khata.bill", out.BillOut),
    (Payment, "khata.payment", out.PaymentOut),
    (CreditNote, "khata.credit_note", out.CreditNoteOut),
    (CashEntry, "khata.cash_entry", out.CashEntryOut),
    (Punch, "khata.punch", out.PunchOut),
    (AttendanceDay, "khata.attendance_day", out.AttendanceDayOut),
    (Reminder, "khata.reminder", out.ReminderOut),
]:
    registry.register(
        _model, entity=_entity, serializer=_serializer, audience=_business_audience, visible=_visible(_model)
    )

registry.register(
    Staff, entity="khata.staff", serializer=out.StaffOut, audience=_business_audience, visible=_visible(Staff),
    restricted=lambda staff: (selectors.pay_readers(staff), out.StaffPublicOut),
)


def _on_invite_accepted(invite: Any, event: str) -> None:
    if getattr(invite, "purpose", None) != "khata_staff":
        return
    from ledger.khata.actions import join_by_invite

    join_by_invite(invite)


feed.subscribe("invite.accepted", _on_invite_accepted)


def _fellow_members(user_id: Any) -> list:
    """Everyone in a business with the user (they see the user's name change)."""
    businesses = Membership.objects.filter(user_id=user_id, deleted_at=None).values("business_id")
    return list(Membership.objects.filter(business_id__in=businesses, deleted_at=None, business__deleted_at=None)
                .values_list("user_id", flat=True).distinct())


social_selectors.register_acquaintances(_fellow_members)
