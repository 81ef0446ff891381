"""Invites and friendships.

Invites are generic (`purpose`, `payload`): accepting one marks it used and publishes
`invite.accepted` (other apps subscribe); a "friend" invite also makes the two friends.
The invite row is locked while accepting, so two people racing for one code cannot both win.
An invite that names an email or a phone is for that person only: the accepter's account must
have that email (confirmed) or that phone (`not_for`)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.utils import timezone

from config.api.errors import Conflict, DomainError, Forbidden, Gone, NotFound, Unprocessable
from realtime import presence
from realtime.feed import action, publish, revoke
from social import balance_events, balances, notifications
from social.actions import people
from social.models import IOU, Friendship, Invite, User


@action
def create_invite(
    actor: User, *, purpose: str = "friend", payload: dict[str, Any] | None = None,
    name: str | None = None, email: str | None = None, phone: str | None = None,
    ttl: timedelta = timedelta(days=7),
) -> Invite:
    invite = Invite.objects.create(
        inviter=actor, code=secrets.token_urlsafe(24), purpose=purpose, payload=payload or {},
        name=(name or "").strip(), email=(email or "").strip().lower(), phone=phone or "",
        expires_at=timezone.now() + ttl,
    )
    publish(invite, "invite.created")
    notifications.invite_created(actor, invite)
    return invite


@action
def accept_invite(actor: User, *, code: str) -> Invite:
    invite = Invite.objects.select_for_update().filter(code=code, deleted_at=None).first()
    if invite is None:
        raise NotFound("No such invite.", code="invite_not_found")
    if invite.inviter_id == actor.pk:
        raise Unprocessable("This is your own invite.", code="own_invite")
    if invite.is_used:
        raise Conflict("This invite has already been used.", code="invite_used")
    if invite.expires_at <= timezone.now():
        raise Gone("This invite has expired.", code="invite_expired")
    refusal = not_for(invite, User.objects.get(pk=actor.pk))  # fresh: a just-confirmed email counts
    if refusal is not None:
        raise refusal
    invite.accepted_by = actor
    invite.accepted_at = timezone.now()
    invite.version += 1
    invite.save(update_fields=["accepted_by", "accepted_at", "version", "updated_at"])
    if invite.purpose == "friend":
        inviter = User.objects.get(pk=invite.inviter_id)
        befriend(inviter, other=actor)
        _link_contacts(invite, actor)
    publish(invite, "invite.accepted")
    notifications.invite_accepted(actor, invite)
    return invite


@action
def cancel_invite(actor: User, *, invite: Invite) -> Invite:
    """The inviter withdraws an invite nobody has used yet: it is tombstoned (its link then
    answers "no such invite") and goes out as a delete. `invite` comes from a selector."""
    invite = Invite.objects.select_for_update().get(pk=invite.pk)
    if invite.inviter_id != actor.pk:  # the accepter sees it, but it is not theirs to cancel
        raise NotFound("No such invite.")
    if invite.deleted_at is not None:
        return invite
    if invite.is_used:
        raise Conflict("This invite has already been used.", code="invite_used")
    invite.deleted_at = timezone.now()
    invite.version += 1
    invite.save(update_fields=["deleted_at", "version", "updated_at"])
    publish(invite, "invite.cancelled")
    return invite


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}•••{phone[-3:]}"


def meant_for(invite: Invite) -> str:
    """Who the invite is for, masked for whoever holds the link ("" when it is for anyone)."""
    named = [mask_email(invite.email)] if invite.email else []
    named += [mask_phone(invite.phone)] if invite.phone else []
    return " or ".join(named)


def not_for(invite: Invite, user: User) -> DomainError | None:
    """Why `user` may not accept this targeted invite; None when they may (or it names no one)."""
    if not invite.email and not invite.phone:
        return None
    if invite.phone and user.phone and user.phone == invite.phone:
        return None
    if invite.email and user.email.lower() == invite.email.lower():
        if user.email_verified_at is not None:
            return None
        return Forbidden("Confirm your email address first: open the link we mailed to it, then accept again.",
                         code="email_unconfirmed")
    return Forbidden(f"This invite is for {meant_for(invite)}; only that person can accept it.",
                     code="invite_not_for_you")


@action
def befriend(actor: User, *, other: User) -> Friendship:
    """Make the two friends (restoring a removed friendship); a no-op if they already are."""
    low, high = sorted((actor.pk, other.pk))
    friendship, created = Friendship.objects.select_for_update().get_or_create(user_low_id=low, user_high_id=high)
    if not created and friendship.deleted_at is None:
        return friendship
    if not created:
        friendship.deleted_at = None
        friendship.version += 1
        friendship.save(update_fields=["deleted_at", "version", "updated_at"])
    publish(friendship, "friend.added")
    people.introduce([low], to=[high])
    presence.introduce(low, high)
    return friendship


def _link_contacts(invite: Invite, joiner: User) -> None:
    """IOUs the inviter kept with a contact who was not a user become IOUs with the person who
    just accepted: same name (any case) or same phone as the invite named."""
    match = Q()
    if invite.name:
        match |= Q(contact_name__iexact=invite.name)
    if invite.phone:
        match |= Q(contact_phone=invite.phone)
    if invite.payload.get("iou_ids"):
        match |= Q(id__in=[i for i in invite.payload["iou_ids"] if isinstance(i, str)])
    if not match:
        return
    ious = IOU.objects.select_for_update().filter(match, owner_id=invite.inviter_id, friend=None, deleted_at=None)
    for iou in ious.order_by("id"):
        iou.friend = joiner
        iou.version += 1
        iou.save(update_fields=["friend", "version", "updated_at"])
        owed = iou.amount - iou.settled
        if owed:
            balances.add_pair(
                a=iou.owner_id, b=joiner.pk, currency=iou.currency,
                b_owes_a=owed if iou.direction == "lent" else -owed,
            )
        publish(iou, "iou.linked")


@action
def remove_friend(actor: User, *, friend_id: UUID) -> Friendship:
    low, high = sorted((actor.pk, UUID(str(friend_id))))
    friendship = Friendship.objects.select_for_update().filter(
        user_low_id=low, user_high_id=high, deleted_at=None
    ).first()
    if friendship is None:
        raise NotFound("No such friend.")
    if balances.open_between(low, high):
        raise Conflict("Settle up first: there is an open balance with this friend.", code="open_balance")
    friendship.deleted_at = timezone.now()
    friendship.version += 1
    friendship.save(update_fields=["deleted_at", "version", "updated_at"])
    publish(friendship, "friend.removed")
    # Where each stood with the other goes from both sides' devices (as from the snapshot).
    revoke([balance_events.FriendPosition(friendship, low)], [low, high], "friend.removed")
    presence.separate(low, high)
    return friendship
