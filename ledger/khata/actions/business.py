"""Businesses, their settings and members.

Owners change settings and members; the owner's own membership cannot be removed or
demoted (a business always has its owner). Removing a member revokes: the change feed tells
their devices to drop everything of the business."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Max
from django.utils import timezone

from config import clock
from config.api.errors import Conflict, Invalid, NotFound
from ledger.khata import gstin, notifications, selectors
from ledger.khata.actions.financing import refuse_if_any_financed
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
    Role,
    Staff,
)
from realtime.feed import action, forget, publish, revoke
from realtime.preconditions import check_version
from realtime.registry import entity_for
from social.actions import introduce_people

STAFF_INVITE = "khata_staff"
INVITE_TTL = dt.timedelta(days=7)


@action
def create_business(actor: Any, *, name: str, id: UUID | None = None, **settings: Any) -> Business:
    """A new business owned by `actor`, with `actor` as its owner member. Replaying the
    same client-chosen id returns the business made the first time."""
    if id is not None:
        existing = Business.objects.filter(pk=id).first()
        if existing is not None:
            if existing.owner_id != actor.pk:
                raise Conflict("That id is taken.", code="id_taken")
            return existing
    _derive_state(settings)
    if settings.get("half_day_minutes", 240) > settings.get("shift_minutes", 480):
        raise Invalid("The half-day threshold cannot exceed the shift.", fields={"half_day_minutes": ["Too long."]})
    business = Business.objects.create(owner=actor, name=name, **({"id": id} if id else {}), **settings)
    membership = Membership.objects.create(business=business, user=actor, role=Role.OWNER)
    publish(business, "khata.business.created")
    publish(membership, "khata.member.added")
    return business


def _derive_state(settings: dict[str, Any]) -> None:
    gstin.check_fields(settings)
    if "time_zone" in settings and not clock.is_zone(settings["time_zone"]):
        raise Invalid("Unknown time zone.", fields={"time_zone": ["Use an IANA name such as Asia/Kolkata."]})


def _next_in_series(business: Business, series: str) -> int:
    last = Bill.objects.filter(business=business, series=series, seq__isnull=False).aggregate(m=Max("seq"))["m"]
    return (last or 0) + 1


@action
def update_settings(actor: Any, *, business: Business, expected_version: int | None = None, **changes: Any) -> Business:
    selectors.require_role(actor, business.id, Role.OWNER)
    business = Business.objects.select_for_update().get(pk=business.pk)
    check_version(business, expected_version)
    if "currency" in changes and changes["currency"] != business.currency and business.parties.exists():
        raise Conflict(
            "The currency cannot change once the business has parties.", code="currency_locked",
            fields={"currency": ["Locked: the business has parties."]},
        )
    floor = business.next_invoice_number
    if changes.get("invoice_prefix", business.invoice_prefix) != business.invoice_prefix:
        # Another series (a new financial year: SK/26-27/): it continues after its last bill,
        # so a new one starts at 1.
        floor = _next_in_series(business, changes["invoice_prefix"])
        changes.setdefault("next_invoice_number", floor)
    if changes.get("next_invoice_number", floor) < floor:
        # Going back would reuse numbers already printed on bills.
        raise Invalid(
            "The next invoice number cannot go back.", code="invoice_number_backwards",
            fields={"next_invoice_number": [f"At least {floor}."]},
        )
    _derive_state(changes)
    for key, value in changes.items():
        setattr(business, key, value)
    if business.half_day_minutes > business.shift_minutes:
        raise Invalid("The half-day threshold cannot exceed the shift.", fields={"half_day_minutes": ["Too long."]})
    business.version += 1
    business.save()
    publish(business, "khata.business.updated")
    return business


@action
def delete_business(actor: Any, *, business: Business) -> None:
    selectors.require_role(actor, business.id, Role.OWNER)
    business = Business.objects.select_for_update().get(pk=business.pk)
    refuse_if_any_financed(business=business)
    audience = selectors.member_ids(business.id)
    business.deleted_at = timezone.now()
    business.version += 1
    business.save()
    publish(business, "khata.business.deleted", audience=audience)


@action
def add_member(actor: Any, *, business: Business, user: Any, role: str) -> Membership:
    """Make `user` a member with `role` (owners only). Already a member: the role changes."""
    selectors.require_role(actor, business.id, Role.OWNER)
    if role not in (Role.MANAGER, Role.CLERK):
        raise Invalid("A member is a manager or a clerk.", fields={"role": ["manager or clerk"]})
    Business.objects.select_for_update().get(pk=business.pk)  # one membership change at a time
    existing = Membership.objects.filter(business=business, user=user, deleted_at=None).first()
    if existing is not None:
        if existing.role == Role.OWNER:
            raise Conflict("The owner is already a member.", code="already_owner")
        return change_role(actor, membership=existing, role=role)
    membership = Membership.objects.create(business=business, user=user, role=role)
    publish(membership, "khata.member.added")
    # The new member's devices need the business and everything in it their role may read:
    # granted through the feed, as removal revokes through it.
    publish(business, "khata.business.joined", audience=[user.pk])
    for other in Membership.objects.filter(business=business, deleted_at=None).exclude(pk=membership.pk):
        publish(other, "khata.access.granted", audience=[user.pk])
    _follow_role(membership, before=None, after=role)
    # Fellow members get the newcomer's name and avatar, the newcomer theirs.
    introduce_people([user.pk], to=selectors.member_ids(business.id))
    notifications.added_to_business(actor, business, user_id=user.pk, role=role)
    return membership


@action
def change_role(actor: Any, *, membership: Membership, role: str) -> Membership:
    selectors.require_role(actor, membership.business_id, Role.OWNER)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.OWNER:
        raise Conflict("The owner's role cannot change.", code="owner_role_fixed")
    if role not in (Role.MANAGER, Role.CLERK):
        raise Invalid("A member is a manager or a clerk.", fields={"role": ["manager or clerk"]})
    if membership.role != role:
        before = membership.role
        membership.role = role
        membership.version += 1
        membership.save()
        publish(membership, "khata.member.role_changed")
        _follow_role(membership, before=before, after=role)
    return membership


REVOCABLE = [Party, Entry, EntryReceipt, Bill, Payment, CreditNote, CashEntry, Staff, Punch, AttendanceDay, Reminder]


def _follow_role(membership: Membership, *, before: str | None, after: str) -> None:
    """Joining (before=None) or a role change grants or revokes like removal does: the
    member's devices receive what the new role may read and drop (op delete) what it may
    not; staff members are sent again in the shape the new role reads (with or without pay)."""
    user, business = [membership.user_id], membership.business_id
    for model in REVOCABLE:
        needed = selectors.read_role(model)
        could, can = selectors.may_read(before, needed), selectors.may_read(after, needed)
        reshaped = model is Staff and (
            selectors.may_read(before, selectors.PAY_ROLE) != selectors.may_read(after, selectors.PAY_ROLE)
        )
        if could == can and not reshaped:
            continue
        objects = model.objects.filter(business_id=business, deleted_at=None).select_related("business")
        if could and not can:
            _forget_all(model, business, user)
            revoke(objects, user, "khata.access.revoked", forget_past=True)
            continue
        if reshaped and not selectors.may_read(after, selectors.PAY_ROLE):
            # What they were told of the pay goes from their feed's history too.
            from ledger.khata.api.serializers import StaffPublicOut

            _forget_all(model, business, user, keep=StaffPublicOut().fields.keys())
        for obj in objects:
            publish(obj, "khata.access.granted", audience=user)


def _forget_all(model: type, business_id: Any, users: list, keep: Any = ("id",)) -> None:
    """Redact `users`' past changes of every `model` object of the business, tombstones too
    (realtime.feed.forget): a lost right to read reaches the history, not only the present."""
    ids = list(model.objects.filter(business_id=business_id).values_list("id", flat=True))
    forget(users, entity_for(model).name, ids, keep=keep)


@action
def remove_member(actor: Any, *, membership: Membership) -> None:
    """Owners remove members; a member may also leave. Their devices drop the business."""
    membership = Membership.objects.select_for_update().select_related("business").get(pk=membership.pk)
    if membership.user_id != actor.pk:
        selectors.require_role(actor, membership.business_id, Role.OWNER)
    if membership.role == Role.OWNER:
        raise Conflict("The owner cannot be removed.", code="owner_cannot_leave")
    membership.deleted_at = timezone.now()
    membership.version += 1
    membership.save()
    publish(membership, "khata.member.removed")
    gone = [membership.user_id]
    business = membership.business
    # Dropped now, and redacted in what their feed told them before (tombstones too).
    revoke([business], gone, "khata.access.revoked", forget_past=True)
    _forget_all(Membership, business.pk, gone)
    revoke(Membership.objects.filter(business=business, deleted_at=None), gone, "khata.access.revoked",
           forget_past=True)
    for model in REVOCABLE:
        if not selectors.may_read(membership.role, selectors.read_role(model)):
            continue  # never theirs: nothing to drop, and a delete would tell them of it
        _forget_all(model, business.pk, gone)
        revoke(model.objects.filter(business=business, deleted_at=None).select_related("business"), gone,
               "khata.access.revoked", forget_past=True)


@action
def invite_staff(
    actor: Any, *, business: Business, role: str, name: str = "", email: str = "", phone: str = ""
) -> Any:
    """An invite (social's generic mechanism) that, once accepted, makes the accepter a
    member with `role` (see join_by_invite)."""
    selectors.require_role(actor, business.id, Role.OWNER)
    from social.actions import create_invite

    return create_invite(
        actor, purpose=STAFF_INVITE, payload={"business_id": str(business.id), "role": role},
        name=name or None, email=email or None, phone=phone or None, ttl=INVITE_TTL,
    )


@action
def join_by_invite(invite: Any) -> Membership | None:
    """React to an accepted `khata_staff` invite: add the accepter with the payload's role,
    on the authority of whoever created the invite (who must still be the owner)."""
    payload = invite.payload or {}
    try:
        business = Business.objects.get(pk=payload.get("business_id"), deleted_at=None)
    except (Business.DoesNotExist, ValueError, TypeError):
        raise NotFound("The business of this invite no longer exists.")
    # social's Invite names its creator `inviter` (the interface we were first given said
    # `created_by`; both are accepted).
    inviter = getattr(invite, "inviter", None) or getattr(invite, "created_by", None)
    return add_member(inviter, business=business, user=invite.accepted_by, role=payload.get("role"))
