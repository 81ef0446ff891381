"""social's reads, with access checks built in. Someone else's object is NotFound."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet, UUIDField, Value
from django.utils import timezone

from config.api.errors import NotFound
from social.models import (
    IOU,
    Activity,
    Comment,
    Expense,
    Friendship,
    Group,
    Invite,
    IOUPayment,
    Membership,
    Profile,
    Receipt,
    RecurringExpense,
    Settlement,
    Share,
    User,
)


def get_user(user_id: UUID | str) -> User:
    try:
        return User.objects.select_related("profile").get(pk=user_id, is_active=True)
    except (User.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such user.")


def find_login_user(identifier: str) -> User | None:
    """The active user whose email (any case) or phone is `identifier`."""
    from social.phones import InvalidPhone, normalize_phone

    identifier = identifier.strip()
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier, is_active=True).first()
    try:
        phone = normalize_phone(identifier)
    except InvalidPhone:
        return None
    return User.objects.filter(phone=phone, is_active=True).first()


# --- friends --------------------------------------------------------------------------------


def _pair(a: UUID, b: UUID) -> tuple[UUID, UUID]:
    return (a, b) if str(a) < str(b) else (b, a)


def are_friends(a_id: UUID, b_id: UUID) -> bool:
    if a_id == b_id:
        return False
    low, high = _pair(a_id, b_id)
    return Friendship.objects.filter(user_low=low, user_high=high, deleted_at=None).exists()


def friend_ids(user_id: UUID) -> list[UUID]:
    rows = Friendship.objects.filter(Q(user_low=user_id) | Q(user_high=user_id), deleted_at=None)
    return sorted(h if lo == user_id else lo for lo, h in rows.values_list("user_low_id", "user_high_id"))


# Other apps add the people a user shares something with (fellow business members …).
_acquaintance_sources: list[Callable[[UUID], Iterable[UUID]]] = []


def register_acquaintances(source: Callable[[UUID], Iterable[UUID]]) -> None:
    _acquaintance_sources.append(source)


def acquaintance_ids(user_id: UUID) -> list[UUID]:
    """The user, their friends and everyone they share a group (or, through other apps, a
    business) with: who sees their name and avatar change."""
    people = {user_id, *friend_ids(user_id)}
    groups = Membership.objects.filter(user_id=user_id, left_at=None).values("group_id")
    people |= set(Membership.objects.filter(group_id__in=groups, left_at=None).values_list("user_id", flat=True))
    for source in _acquaintance_sources:
        people |= set(source(user_id))
    return sorted(people)


def people_visible_to(user: User) -> QuerySet[Profile]:
    return Profile.objects.filter(user_id__in=acquaintance_ids(user.pk)).select_related("user")


def friendships_visible_to(user: User) -> QuerySet[Friendship]:
    return Friendship.objects.filter(Q(user_low=user.pk) | Q(user_high=user.pk), deleted_at=None)


def friend_positions_of(user: User) -> QuerySet[Friendship]:
    """The user's friendships, each seen from the user's side (`viewer`): the `friend_balance`
    entity as the snapshot gives it."""
    return friendships_visible_to(user).annotate(viewer=Value(user.pk, output_field=UUIDField()))


def invites_visible_to(user: User) -> QuerySet[Invite]:
    return Invite.objects.filter(Q(inviter=user.pk) | Q(accepted_by=user.pk), deleted_at=None)


def get_invite_for(user: User, invite_id: UUID | str) -> Invite:
    try:
        return invites_visible_to(user).get(pk=invite_id)
    except (Invite.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such invite.")


def pending_invites_of(user: User) -> QuerySet[Invite]:
    """The user's friend invites nobody has accepted yet and that have not expired, newest first."""
    return invites_visible_to(user).filter(inviter=user.pk, purpose="friend", accepted_at=None,
                                           expires_at__gt=timezone.now()).order_by("-created_at", "-id")


# --- groups -------------------------------------------------------------------------------


def member_group_ids(user_id: UUID) -> QuerySet:
    return Membership.objects.filter(user_id=user_id, left_at=None).values("group_id")


def groups_visible_to(user: User) -> QuerySet[Group]:
    return Group.objects.filter(id__in=member_group_ids(user.pk), deleted_at=None).order_by("name", "id")


def get_group_for(user: User, group_id: UUID | str) -> Group:
    try:
        return groups_visible_to(user).get(pk=group_id)
    except (Group.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such group.")


def is_member(group_id: UUID, user_id: UUID) -> bool:
    return Membership.objects.filter(group_id=group_id, user_id=user_id, left_at=None).exists()


def active_members(group: Group) -> QuerySet[User]:
    return User.objects.filter(
        id__in=Membership.objects.filter(group_id=group.pk, left_at=None).values("user_id")
    ).order_by("name", "id")


# --- expenses -------------------------------------------------------------------------------


def expenses_visible_to(user: User, *, include_deleted: bool = False) -> QuerySet[Expense]:
    direct = Share.objects.filter(user_id=user.pk, expense__isnull=False, group__isnull=True).values("expense_id")
    qs = Expense.objects.filter(
        Q(group_id__in=member_group_ids(user.pk))
        | Q(group__isnull=True, id__in=direct)
        | Q(group__isnull=True, created_by=user.pk)
    )
    if not include_deleted:
        qs = qs.filter(deleted_at=None)
    return qs.prefetch_related("shares").order_by("-date", "-created_at", "-id")


def get_expense_for(user: User, expense_id: UUID | str, *, include_deleted: bool = True) -> Expense:
    try:
        return expenses_visible_to(user, include_deleted=include_deleted).get(pk=expense_id)
    except (Expense.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such expense.")


def shares_of(expense: Expense) -> list[Share]:
    return sorted(expense.shares.all(), key=lambda s: str(s.user_id))


def expense_shares(expense: Expense) -> dict[UUID, Decimal]:
    """Each participant's owed share (users who owe nothing are left out)."""
    return {s.user_id: s.owed for s in shares_of(expense) if s.owed}


def expense_audience(expense: Expense) -> list[UUID]:
    if expense.group_id is not None:
        return Membership.objects.filter(group_id=expense.group_id, left_at=None).values_list("user_id", flat=True)
    return sorted({s.user_id for s in expense.shares.all()} | {expense.created_by_id})


def receipts_visible_to(user: User) -> QuerySet[Receipt]:
    """Receipts of the expenses the user can see (a deleted expense's too, as it can be read)."""
    return Receipt.objects.filter(
        expense__in=expenses_visible_to(user, include_deleted=True), deleted_at=None,
    ).order_by("created_at", "id")


def receipts_of(expense: Expense) -> QuerySet[Receipt]:
    return Receipt.objects.filter(expense=expense, deleted_at=None).select_related("uploaded_by").order_by("created_at", "id")


def get_receipt_for(user: User, receipt_id: UUID | str) -> Receipt:
    try:
        return receipts_visible_to(user).select_related("expense").get(pk=receipt_id)
    except (Receipt.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such receipt.")


def comments_visible_to(user: User) -> QuerySet[Comment]:
    return Comment.objects.filter(expense__in=expenses_visible_to(user), deleted_at=None).order_by("created_at", "id")


def comments_of(expense: Expense) -> QuerySet[Comment]:
    return Comment.objects.filter(expense=expense, deleted_at=None).select_related("author").order_by("created_at", "id")


def group_activity(group: Group) -> QuerySet[Activity]:
    return Activity.objects.filter(group=group).select_related("actor").order_by("-at", "-id")


def object_activity(object_id: UUID) -> QuerySet[Activity]:
    return Activity.objects.filter(object_id=object_id).select_related("actor").order_by("-at", "-id")


# --- settlements and IOUs -------------------------------------------------------------------


def settlements_visible_to(user: User, *, include_deleted: bool = False) -> QuerySet[Settlement]:
    qs = Settlement.objects.filter(
        Q(group_id__in=member_group_ids(user.pk))
        | Q(group__isnull=True, payer=user.pk)
        | Q(group__isnull=True, payee=user.pk)
    )
    if not include_deleted:
        qs = qs.filter(deleted_at=None)
    return qs.order_by("-date", "-created_at", "-id")


def get_settlement_for(user: User, settlement_id: UUID | str) -> Settlement:
    try:
        return settlements_visible_to(user, include_deleted=True).get(pk=settlement_id)
    except (Settlement.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such settlement.")


def settlement_audience(s: Settlement) -> list[UUID]:
    if s.group_id is not None:
        return list(Membership.objects.filter(group_id=s.group_id, left_at=None).values_list("user_id", flat=True))
    return [s.payer_id, s.payee_id]


def ious_visible_to(user: User, *, include_deleted: bool = False) -> QuerySet[IOU]:
    qs = IOU.objects.filter(Q(owner=user.pk) | Q(friend=user.pk))
    if not include_deleted:
        qs = qs.filter(deleted_at=None)
    return qs.order_by("-date", "-created_at", "-id")


def get_iou_for(user: User, iou_id: UUID | str) -> IOU:
    try:
        return ious_visible_to(user, include_deleted=True).get(pk=iou_id)
    except (IOU.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such IOU.")


def recurring_expenses_visible_to(user: User) -> QuerySet[RecurringExpense]:
    """Repeats of the groups the user is in (stopped ones too: the feed's tombstones)."""
    return RecurringExpense.objects.filter(group_id__in=member_group_ids(user.pk)).order_by(
        "next_date", "description", "id")


def recurring_expenses_of(group: Group, *, include_stopped: bool = False) -> QuerySet[RecurringExpense]:
    qs = RecurringExpense.objects.filter(group=group)
    if not include_stopped:
        qs = qs.filter(deleted_at=None)
    return qs.order_by("next_date", "description", "id")


def get_recurring_expense_for(user: User, recurring_id: UUID | str) -> RecurringExpense:
    try:
        return recurring_expenses_visible_to(user).select_related("group").get(pk=recurring_id)
    except (RecurringExpense.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such recurring expense.")


def recurring_expense_audience(item: RecurringExpense) -> QuerySet:
    return Membership.objects.filter(group_id=item.group_id, left_at=None).values_list("user_id", flat=True)


def iou_payments_visible_to(user: User) -> QuerySet[IOUPayment]:
    return IOUPayment.objects.filter(Q(iou__owner=user.pk) | Q(iou__friend=user.pk), deleted_at=None).order_by(
        "-created_at", "-id"
    )


def pending_payments() -> Prefetch:
    """Prefetch an IOU list's payments waiting for the lender, as `pending_payments`."""
    return Prefetch("payments", queryset=IOUPayment.objects.filter(status="pending", deleted_at=None)
                    .order_by("created_at"), to_attr="pending_payments")


def get_iou_payment_for(user: User, payment_id: UUID | str) -> IOUPayment:
    try:
        return iou_payments_visible_to(user).select_related("iou").get(pk=payment_id)
    except (IOUPayment.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such payment.")


def open_invite(code: str):
    """The live invite with this code (its holder may see who it is for), or None."""
    from social.models import Invite

    return Invite.objects.filter(code=code, deleted_at=None, accepted_at=None).first()
