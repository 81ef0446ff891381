"""Registration of khata's models with realtime's change feed: everything in a business
reaches every device of its active members; removing a member revokes (actions.business).

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
    Entry,
    Membership,
    Party,
    Payment,
    Punch,
    Reminder,
    Staff,
)
from realtime import feed, registry


def _business_audience(obj: Any):
    return selectors.member_ids(obj.business_id)


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
    (Bill, "khata.bill", out.BillOut),
    (Payment, "khata.payment", out.PaymentOut),
    (CashEntry, "khata.cash_entry", out.CashEntryOut),
    (Staff, "khata.staff", out.StaffOut),
    (Punch, "khata.punch", out.PunchOut),
    (AttendanceDay, "khata.attendance_day", out.AttendanceDayOut),
    (Reminder, "khata.reminder", out.ReminderOut),
]:
    registry.register(
        _model, entity=_entity, serializer=_serializer, audience=_business_audience, visible=_visible(_model)
    )


def _on_invite_accepted(invite: Any, event: str) -> None:
    if getattr(invite, "purpose", None) != "khata_staff":
        return
    from ledger.khata.actions import join_by_invite

    join_by_invite(invite)


feed.subscribe("invite.accepted", _on_invite_accepted)
