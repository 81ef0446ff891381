"""What social's writes tell whom, and in what words.

Called by social's actions, inside their transaction (see `realtime.notifications.tell`:
never the actor, and only people whose preferences leave the kind on). Each function's name
is the kind of change; its recipients are the people the change is about."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from uuid import UUID

from django.utils.translation import gettext_noop

from config.locale import language_of
from config.phrases import Phrase, money_arg, say
from realtime.notifications import Recipient, register_kind, register_preferences, tell
from social.models import (
    IOU,
    Comment,
    Expense,
    Group,
    Invite,
    IOUPayment,
    Profile,
    Settlement,
    User,
)

EXPENSE_ADDED = "expense.added"
EXPENSE_EDITED = "expense.edited"
EXPENSE_DELETED = "expense.deleted"
PAYMENT_RECORDED = "payment.recorded"
IOU_ADDED = "iou.added"
IOU_PAYMENT = "iou.payment"
COMMENT_ADDED = "comment.added"
INVITE_RECEIVED = "invite.received"
INVITE_ACCEPTED = "invite.accepted"
GROUP_ADDED = "group.added"

for _key, _label in (
    (EXPENSE_ADDED, gettext_noop("Someone adds an expense you share")),
    (EXPENSE_EDITED, gettext_noop("Someone edits an expense you share")),
    (EXPENSE_DELETED, gettext_noop("Someone deletes an expense you share")),
    (PAYMENT_RECORDED, gettext_noop("A payment to or from you is recorded")),
    (IOU_ADDED, gettext_noop("Someone records an IOU with you")),
    (IOU_PAYMENT, gettext_noop("IOU payments: recorded, confirmed, disputed, settled")),
    (COMMENT_ADDED, gettext_noop("Someone comments on your expense")),
    (INVITE_RECEIVED, gettext_noop("Someone invites you")),
    (INVITE_ACCEPTED, gettext_noop("Someone accepts your invite")),
    (GROUP_ADDED, gettext_noop("Someone adds you to a group")),
):
    register_kind(_key, _label)


def _preferences(user_ids: list[UUID]) -> dict[UUID, Recipient]:
    """Each person's switches and language, in one read of their profiles."""
    rows = Profile.objects.filter(user_id__in=user_ids).values_list("user_id", "notification_preferences", "locale")
    return {user_id: Recipient(prefs if isinstance(prefs, dict) else {}, language_of(locale))
            for user_id, prefs, locale in rows}


register_preferences(_preferences)


# Titles and bodies are phrases (config.phrases): each recipient reads them in their own
# language, amounts through config.display.
EXPENSE_TITLES = {
    EXPENSE_ADDED: (gettext_noop("%(actor)s added “%(what)s”"), gettext_noop("%(actor)s added “%(what)s” in %(group)s")),
    EXPENSE_EDITED: (gettext_noop("%(actor)s edited “%(what)s”"), gettext_noop("%(actor)s edited “%(what)s” in %(group)s")),
    EXPENSE_DELETED: (gettext_noop("%(actor)s deleted “%(what)s”"),
                      gettext_noop("%(actor)s deleted “%(what)s” in %(group)s")),
}


def _amount(value: Decimal, currency: str) -> Phrase:
    return say("%(amount)s", amount=money_arg(value, currency))


def expense_changed(actor: User, expense: Expense, *, kind: str, people: Iterable[UUID]) -> None:
    """`people`: everyone with a share in it (before and after an edit)."""
    alone, in_group = EXPENSE_TITLES[kind]
    title = (say(in_group, actor=str(actor), what=expense.description, group=expense.group.name)
             if expense.group_id is not None else say(alone, actor=str(actor), what=expense.description))
    tell(actor.pk, people, kind=kind, title=title,
         body=_amount(expense.amount, expense.currency),
         data={"expense": str(expense.pk), "group": str(expense.group_id) if expense.group_id else None})


def payment_recorded(actor: User, settlement: Settlement) -> None:
    payer = User.objects.get(pk=settlement.payer_id)
    payee = User.objects.get(pk=settlement.payee_id)
    tell(actor.pk, [payer.pk, payee.pk], kind=PAYMENT_RECORDED,
         title=say(gettext_noop("%(actor)s recorded a payment: %(payer)s paid %(payee)s"), actor=str(actor),
                   payer=str(payer), payee=str(payee)),
         body=_amount(settlement.amount, settlement.currency),
         data={"settlement": str(settlement.pk)})


def iou_added(actor: User, iou: IOU) -> None:
    said = gettext_noop("%(actor)s lent you %(amount)s") if iou.direction == "lent" else gettext_noop(
        "%(actor)s borrowed %(amount)s from you")
    tell(actor.pk, [iou.friend_id], kind=IOU_ADDED,
         title=say(said, actor=str(actor), amount=money_arg(iou.amount, iou.currency)),
         body=iou.note, data={"iou": str(iou.pk)})


def iou_payment(actor: User, iou: IOU, *, what: str, amount: Decimal, payment: IOUPayment | None = None) -> None:
    """`what`: settled, recorded (the lender is asked to confirm), confirmed, disputed."""
    text = {
        "settled": gettext_noop("%(actor)s marked %(amount)s of your IOU repaid"),
        "recorded": gettext_noop("%(actor)s says they repaid %(amount)s: confirm or dispute"),
        "confirmed": gettext_noop("%(actor)s confirmed your payment of %(amount)s"),
        "disputed": gettext_noop("%(actor)s disputed your payment of %(amount)s"),
    }[what]
    title = say(text, actor=str(actor), amount=money_arg(amount, iou.currency))
    data = {"iou": str(iou.pk), "payment": str(payment.pk) if payment else None, "status": what}
    tell(actor.pk, iou.member_ids(), kind=IOU_PAYMENT, title=title, body=iou.note, data=data)


def comment_added(actor: User, comment: Comment, *, people: Iterable[UUID]) -> None:
    expense = comment.expense
    tell(actor.pk, people, kind=COMMENT_ADDED, title=say(gettext_noop("%(actor)s commented on “%(what)s”"), actor=str(actor),
                                                          what=expense.description),
         body=comment.text[:300], data={"expense": str(expense.pk), "comment": str(comment.pk)})


def invite_created(actor: User, invite: Invite) -> None:
    """An invite addressed (by email or phone) to someone who already has an account."""
    invitee = None
    if invite.email:
        invitee = User.objects.filter(email__iexact=invite.email).first()
    if invitee is None and invite.phone:
        invitee = User.objects.filter(phone=invite.phone).first()
    if invitee is None:
        return
    tell(actor.pk, [invitee.pk], kind=INVITE_RECEIVED, title=say(gettext_noop("%(actor)s invited you"), actor=str(actor)),
         body=say(gettext_noop("Open the invite to accept it.")),
         data={"invite": str(invite.pk), "code": invite.code, "purpose": invite.purpose})


def invite_accepted(actor: User, invite: Invite) -> None:
    tell(actor.pk, [invite.inviter_id], kind=INVITE_ACCEPTED, title=say(gettext_noop("%(actor)s accepted your invite"), actor=str(actor)),
         data={"invite": str(invite.pk), "purpose": invite.purpose})


def added_to_group(actor: User, group: Group, *, people: Iterable[UUID]) -> None:
    tell(actor.pk, people, kind=GROUP_ADDED, title=say(gettext_noop("%(actor)s added you to “%(group)s”"), actor=str(actor), group=group.name),
         data={"group": str(group.pk)})
