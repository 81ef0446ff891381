"""Groups: create, rename/switch simplify-debts, add and remove members, leave.

Only members see a group and what is in it; a member who leaves or is removed is sent
deletes (`realtime.feed.revoke`) for the group and everything in it. A member with an open
balance in the group cannot leave or be removed."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext_noop

from config.api.errors import Conflict, Invalid, NotFound
from config.phrases import fields_arg, say
from realtime.feed import action, publish, revoke
from realtime.preconditions import check_version
from social import balance_events, balances, notifications, selectors
from social.actions import people
from social.actions.activity import record_activity
from social.models import Comment, Expense, Group, Membership, Settlement, User


def _check_friends(actor: User, user_ids: Iterable[UUID], field: str) -> None:
    friends = set(selectors.friend_ids(actor.pk))
    strangers = sorted(str(u) for u in user_ids if u != actor.pk and u not in friends)
    if strangers:
        raise Invalid(
            "Only your friends can be added to a group.", code="not_friends",
            fields={field: [f"Not your friend: {', '.join(strangers)}."]},
        )


@action
def create_group(
    actor: User, *, name: str, currency: str, members: list[UUID], id: UUID | None = None,
    simplify_debts: bool = True,
) -> Group:
    members = sorted(set(members) - {actor.pk})
    _check_friends(actor, members, "members")
    if id is not None and Group.objects.filter(pk=id).exists():
        raise Conflict("That id is taken.", code="id_taken")
    group = Group.objects.create(
        **({"id": id} if id else {}), name=name, currency=currency, simplify_debts=simplify_debts, created_by=actor,
    )
    Membership.objects.bulk_create(
        [Membership(group=group, user_id=u, added_by=actor) for u in sorted([actor.pk, *members])]
    )
    record_activity(actor, verb="group.created", entity="group", object_id=group.pk, group_id=group.pk,
                    summary=say(gettext_noop("%(actor)s created the group “%(name)s”"), actor=str(actor), name=name))
    publish(group, "group.created")
    people.introduce(members, to=[actor.pk])
    notifications.added_to_group(actor, group, people=members)
    return group


def _locked(group: Group) -> Group:
    return Group.objects.select_for_update().get(pk=group.pk)


@action
def update_group(actor: User, *, group: Group, changes: dict, expected_version: int | None = None) -> Group:
    group = _locked(group)
    check_version(group, expected_version)
    diff = {k: [getattr(group, k), v] for k, v in changes.items() if getattr(group, k) != v}
    if not diff:
        return group
    for key, (_, new) in diff.items():
        setattr(group, key, new)
    group.version += 1
    group.save()
    record_activity(actor, verb="group.updated", entity="group", object_id=group.pk, group_id=group.pk,
                    summary=say(gettext_noop("%(actor)s changed %(fields)s"), actor=str(actor), fields=fields_arg(diff)),
                    changes=diff)
    publish(group, "group.updated")
    balance_events.group_moved(group.pk)  # simplify-debts (and the name on UPI links) change the plan
    return group


@action
def add_member(actor: User, *, group: Group, user_id: UUID) -> Group:
    group = _locked(group)
    _check_friends(actor, [user_id], "user")
    membership, created = Membership.objects.get_or_create(group=group, user_id=user_id, defaults={"added_by": actor})
    if not created and membership.left_at is None:
        raise Conflict("Already a member.", code="already_member")
    if not created:
        membership.left_at = None
        membership.added_by = actor
        membership.save(update_fields=["left_at", "added_by"])
    group.version += 1
    group.save(update_fields=["version", "updated_at"])
    newcomer = User.objects.get(pk=user_id)
    record_activity(actor, verb="group.member_added", entity="group", object_id=group.pk, group_id=group.pk,
                    summary=say(gettext_noop("%(actor)s added %(member)s"), actor=str(actor), member=str(newcomer)),
                    changes={"member": str(user_id)})
    publish(group, "group.member_added")
    balance_events.group_moved(group.pk)  # the newcomer's row (zero) joins the balances
    # The newcomer's devices get what is already in the group.
    _share_contents(group, [user_id], "group.member_added")
    people.introduce([user_id], to=group.member_ids())
    notifications.added_to_group(actor, group, people=[user_id])
    return group


def _contents(group: Group) -> list:
    expenses = list(Expense.objects.filter(group=group).prefetch_related("shares").order_by("created_at", "id"))
    settlements = list(Settlement.objects.filter(group=group).order_by("created_at", "id"))
    comments = list(Comment.objects.filter(expense__group=group).select_related("expense").order_by("created_at", "id"))
    return [*expenses, *settlements, *comments]


def _share_contents(group: Group, users: list[UUID], event: str) -> None:
    for obj in _contents(group):
        if obj.deleted_at is None:
            publish(obj, event, audience=users)


@action
def remove_member(actor: User, *, group: Group, user_id: UUID) -> Group:
    group = _locked(group)
    membership = Membership.objects.select_for_update().filter(group=group, user_id=user_id, left_at=None).first()
    if membership is None:
        raise NotFound("No such member.")
    if balances.member_has_open_balance(group.pk, user_id):
        raise Conflict("This member has an open balance in the group: settle up first.", code="open_balance")
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    group.version += 1
    group.save(update_fields=["version", "updated_at"])
    gone = User.objects.get(pk=user_id)
    verb = "group.member_left" if user_id == actor.pk else "group.member_removed"
    record_activity(actor, verb=verb, entity="group", object_id=group.pk, group_id=group.pk,
                    summary=say(gettext_noop("%(member)s left"), member=str(gone)) if user_id == actor.pk
                    else say(gettext_noop("%(actor)s removed %(member)s"), actor=str(actor), member=str(gone)),
                    changes={"member": str(user_id)})
    publish(group, verb)
    # The group's balances too: they are in the snapshot, so they leave the member's devices.
    revoke([group, balance_events.GroupBalanceSheet(group), *_contents(group)], [user_id], verb)
    balance_events.group_moved(group.pk)
    return group


@action
def leave_group(actor: User, *, group: Group) -> Group:
    return remove_member(actor, group=group, user_id=actor.pk)
