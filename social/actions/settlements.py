"""Settlements (recorded payments that move balances) and IOUs (udhari).

A settlement from A to B of X is an entry whose nets are A +X, B -X: it moves the group's
(or the pair's) balances like any expense. An IOU is a direct debt between its owner and a
friend (or a contact who is not a user yet); its outstanding part counts in the pair's
balance, and settling it (fully or partly) takes that part back."""

from __future__ import annotations

import datetime
from decimal import Decimal
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext_noop

from config import clock, money
from config.api.errors import Conflict, Forbidden, Invalid
from config.phrases import money_arg, say, sentence, state_arg
from realtime.feed import action, publish
from realtime.preconditions import check_version
from social import balances, notifications, selectors
from social.actions.activity import record_activity
from social.models import IOU, Group, IOUPayment, PaymentStatus, Settlement, Share, User


def _check_amount(amount: Decimal, currency: str, field: str = "amount") -> None:
    if amount <= 0 or not money.has_valid_precision(amount, currency):
        raise Invalid("Bad amount.", code="invalid_amount",
                      fields={field: [f"Above zero, at most {money.exponent(currency)} decimals for {currency}."]})


@action
def record_settlement(
    actor: User, *, group: Group | None, payer_id: UUID, payee_id: UUID, amount: Decimal, currency: str,
    date: datetime.date | None = None, note: str = "", id: UUID | None = None,
) -> Settlement:
    _check_amount(amount, currency)
    if payer_id == payee_id:
        raise Invalid("Someone cannot pay themselves.", code="same_person", fields={"to": ["Must differ from 'from'."]})
    if group is not None:
        members = set(group.member_ids())
        for field, user_id in (("from", payer_id), ("to", payee_id)):
            if user_id not in members:
                raise Invalid("Both people must be members.", code="not_members", fields={field: ["Not in this group."]})
    else:
        if actor.pk not in (payer_id, payee_id):
            raise Invalid("Outside a group, record only your own payments.", code="not_party",
                          fields={"from": ["You must be the payer or the payee."]})
        other = payee_id if actor.pk == payer_id else payer_id
        if not selectors.are_friends(actor.pk, other):
            raise Invalid("Outside a group, settle only with friends.", code="not_friends",
                          fields={"to" if other == payee_id else "from": ["Not your friend."]})
    if id is not None and Settlement.objects.filter(pk=id).exists():
        raise Conflict("That id is taken.", code="id_taken")
    settlement = Settlement.objects.create(
        **({"id": id} if id else {}), group=group, payer_id=payer_id, payee_id=payee_id, amount=amount,
        currency=currency, date=date or clock.user_today(actor), note=note, created_by=actor,
    )
    Share.objects.bulk_create([
        Share(settlement=settlement, group=group, user_id=payer_id, currency=currency, paid=amount, net=amount),
        Share(settlement=settlement, group=group, user_id=payee_id, currency=currency, owed=amount, net=-amount),
    ])
    balances.apply_entry(group_id=settlement.group_id, currency=currency, nets={payer_id: amount, payee_id: -amount})
    record_activity(actor, verb="settlement.recorded", entity="settlement", object_id=settlement.pk,
                    group_id=settlement.group_id,
                    summary=say(gettext_noop("%(actor)s recorded a payment of %(amount)s"), actor=str(actor),
                                amount=money_arg(amount, currency)))
    publish(settlement, "settlement.recorded")
    notifications.payment_recorded(actor, settlement)
    return settlement


@action
def delete_settlement(actor: User, *, settlement: Settlement, expected_version: int | None = None) -> Settlement:
    """A delete naming the version it saw is refused (412, with the payment as it is now) when
    the payment changed since, like every other edit: an offline delete never wins silently."""
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    check_version(settlement, expected_version)
    if settlement.deleted_at is not None:
        return settlement
    balances.apply_entry(group_id=settlement.group_id, currency=settlement.currency,
                         nets={settlement.payer_id: settlement.amount, settlement.payee_id: -settlement.amount}, sign=-1)
    Share.objects.filter(settlement=settlement).update(live=False)
    settlement.deleted_at = timezone.now()
    settlement.version += 1
    settlement.save(update_fields=["deleted_at", "version", "updated_at"])
    record_activity(actor, verb="settlement.deleted", entity="settlement", object_id=settlement.pk,
                    group_id=settlement.group_id, summary=say(gettext_noop("%(actor)s deleted a payment"), actor=str(actor)))
    publish(settlement, "settlement.deleted")
    return settlement


def _iou_delta(iou: IOU, amount: Decimal) -> Decimal:
    """What the friend owes the owner because of `amount` of this IOU."""
    return amount if iou.direction == "lent" else -amount


@action
def record_iou(
    actor: User, *, direction: str, amount: Decimal, currency: str, date: datetime.date,
    friend_id: UUID | None = None, contact_name: str = "", contact_phone: str = "", note: str = "",
    id: UUID | None = None,
) -> IOU:
    _check_amount(amount, currency)
    if friend_id is not None and not selectors.are_friends(actor.pk, friend_id):
        raise Invalid("IOUs are with friends (or a contact by name).", code="not_friends", fields={"friend": ["Not your friend."]})
    if friend_id is None and not contact_name.strip():
        raise Invalid("Name a friend or a contact.", code="no_counterparty", fields={"friend": ["Give a friend or a contact_name."]})
    if id is not None and IOU.objects.filter(pk=id).exists():
        raise Conflict("That id is taken.", code="id_taken")
    iou = IOU.objects.create(
        **({"id": id} if id else {}), owner=actor, friend_id=friend_id, contact_name=contact_name.strip(),
        contact_phone=contact_phone, direction=direction, amount=amount, currency=currency, date=date, note=note,
    )
    if friend_id is not None:
        balances.add_pair(a=actor.pk, b=friend_id, currency=currency, b_owes_a=_iou_delta(iou, amount))
    record_activity(actor, verb="iou.created", entity="iou", object_id=iou.pk,
                    summary=say(gettext_noop("%(actor)s lent %(amount)s") if direction == "lent"
                                else gettext_noop("%(actor)s borrowed %(amount)s"), actor=str(actor),
                                amount=money_arg(amount, currency)))
    publish(iou, "iou.created")
    notifications.iou_added(actor, iou)
    return iou


IOU_EDITABLE = ("amount", "date", "note", "direction")


def _lock_own_iou(actor: User, iou: IOU, expected_version: int | None) -> IOU:
    """The IOU locked, at the version the caller saw, and the caller's own (the friend only reads it)."""
    iou = IOU.objects.select_for_update().get(pk=iou.pk)
    check_version(iou, expected_version)
    if actor.pk != iou.owner_id:
        raise Forbidden("Only the one who recorded an IOU changes or deletes it.", code="owner_changes")
    return iou


@action
def edit_iou(actor: User, *, iou: IOU, changes: dict, expected_version: int | None = None) -> IOU:
    """The owner corrects an IOU's amount, date, note or direction. Who it is with stays (delete
    it and record another). Repaid or pending parts stay counted: the amount cannot go below
    them, and the direction changes only while nothing is repaid or waiting."""
    iou = _lock_own_iou(actor, iou, expected_version)
    if iou.deleted_at is not None:
        raise Conflict("This IOU is deleted.", code="deleted")
    changes = {k: v for k, v in changes.items() if k in IOU_EDITABLE and getattr(iou, k) != v}
    if not changes:
        return iou
    amount, direction = changes.get("amount", iou.amount), changes.get("direction", iou.direction)
    _check_amount(amount, iou.currency)
    if amount < iou.settled + iou.pending:
        raise Invalid("Less than is already repaid or waiting.", code="below_repaid", fields={"amount": [
            f"At least {money.format_amount(iou.settled + iou.pending, iou.currency)}."]})
    if direction != iou.direction and (iou.settled or iou.pending):
        raise Conflict("Part of this IOU is repaid or waiting: its direction cannot change.", code="repaid",
                       fields={"direction": ["Part of it is repaid or waiting."]})
    before = _iou_delta(iou, iou.amount - iou.settled)
    for field, value in changes.items():
        setattr(iou, field, value)
    iou.settled_at = (iou.settled_at or timezone.now()) if iou.settled == iou.amount else None
    iou.version += 1
    iou.save(update_fields=[*changes, "settled_at", "version", "updated_at"])
    if iou.friend_id is not None:
        balances.add_pair(a=iou.owner_id, b=iou.friend_id, currency=iou.currency,
                          b_owes_a=_iou_delta(iou, iou.amount - iou.settled) - before)
    record_activity(actor, verb="iou.edited", entity="iou", object_id=iou.pk,
                    changes={k: str(v) for k, v in changes.items()},
                    summary=say(gettext_noop("%(actor)s changed an IOU of %(amount)s"), actor=str(actor),
                                amount=money_arg(iou.amount, iou.currency)))
    publish(iou, "iou.edited")
    return iou


@action
def delete_iou(actor: User, *, iou: IOU, expected_version: int | None = None) -> IOU:
    """The owner deletes an IOU: what was still outstanding leaves the pair's balance (the
    repaid part was already taken back). Not while a repayment waits for the lender."""
    iou = _lock_own_iou(actor, iou, expected_version)
    if iou.deleted_at is not None:
        return iou
    if iou.pending:
        raise Conflict("A repayment of this IOU waits for the lender to confirm it.", code="payment_pending")
    if iou.friend_id is not None:
        balances.add_pair(a=iou.owner_id, b=iou.friend_id, currency=iou.currency,
                          b_owes_a=-_iou_delta(iou, iou.amount - iou.settled))
    iou.deleted_at = timezone.now()
    iou.version += 1
    iou.save(update_fields=["deleted_at", "version", "updated_at"])
    record_activity(actor, verb="iou.deleted", entity="iou", object_id=iou.pk,
                    summary=say(gettext_noop("%(actor)s deleted an IOU of %(amount)s"), actor=str(actor),
                                amount=money_arg(iou.amount, iou.currency)))
    publish(iou, "iou.deleted")
    return iou


def _lock_iou(iou: IOU) -> IOU:
    iou = IOU.objects.select_for_update().get(pk=iou.pk)
    if iou.deleted_at is not None:
        raise Conflict("This IOU is deleted.", code="deleted")
    return iou


def _check_repayable(iou: IOU, amount: Decimal | None, *, room: Decimal) -> Decimal:
    """The amount to repay (all of `room` when None), checked against `room`."""
    if room == 0:
        if iou.amount == iou.settled:
            raise Conflict("This IOU is already settled.", code="already_settled")
        raise Conflict("The rest of this IOU waits for the lender to confirm a payment.", code="payment_pending")
    amount = room if amount is None else amount
    _check_amount(amount, iou.currency)
    if amount > room:
        raise Invalid("More than is outstanding.", code="too_much",
                      fields={"amount": [f"At most {money.format_amount(room, iou.currency)}."]})
    return amount


def _settle(actor: User, iou: IOU, amount: Decimal) -> IOU:
    """Take `amount` off what is owed (the caller holds the IOU's lock)."""
    iou.settled += amount
    full = iou.settled == iou.amount
    if full:
        iou.settled_at = timezone.now()
    iou.version += 1
    iou.save(update_fields=["settled", "pending", "settled_at", "version", "updated_at"])
    if iou.friend_id is not None:
        balances.add_pair(a=iou.owner_id, b=iou.friend_id, currency=iou.currency, b_owes_a=-_iou_delta(iou, amount))
    event = "iou.settled" if full else "iou.partly_settled"
    record_activity(actor, verb=event, entity="iou", object_id=iou.pk,
                    summary=say(gettext_noop("%(actor)s settled %(amount)s of an IOU") if full
                                else gettext_noop("%(actor)s paid back %(amount)s of an IOU"), actor=str(actor),
                                amount=money_arg(amount, iou.currency)))
    publish(iou, event)
    return iou


def _may_settle(actor: User, iou: IOU) -> bool:
    """The lender settles; when the lender is a contact (no account), the owner does."""
    return actor.pk == iou.lender_id or (iou.friend_id is None and actor.pk == iou.owner_id)


@action
def settle_iou(actor: User, *, iou: IOU, amount: Decimal | None = None) -> IOU:
    """The lender marks (part of) the IOU repaid. A borrower records a payment instead."""
    iou = _lock_iou(iou)
    if not _may_settle(actor, iou):
        raise Forbidden("Only the lender marks an IOU repaid: record your payment for them to confirm.",
                        code="lender_settles")
    amount = _check_repayable(iou, amount, room=iou.amount - iou.settled - iou.pending)
    _settle(actor, iou, amount)
    notifications.iou_payment(actor, iou, what="settled", amount=amount)
    return iou


@action
def record_iou_payment(
    actor: User, *, iou: IOU, amount: Decimal | None = None, note: str = "", id: UUID | None = None,
) -> IOUPayment:
    """The borrower says they repaid: pending (on both sides) until the lender decides."""
    iou = _lock_iou(iou)
    if iou.lender_id is None or actor.pk != iou.borrower_id:
        raise Forbidden("Only the borrower records a payment to the lender.", code="borrower_pays")
    amount = _check_repayable(iou, amount, room=iou.amount - iou.settled - iou.pending)
    if id is not None and IOUPayment.objects.filter(pk=id).exists():
        raise Conflict("That id is taken.", code="id_taken")
    payment = IOUPayment.objects.create(**({"id": id} if id else {}), iou=iou, amount=amount,
                                        currency=iou.currency, note=note, recorded_by=actor)
    iou.pending += amount
    iou.version += 1
    iou.save(update_fields=["pending", "version", "updated_at"])
    record_activity(actor, verb="iou.payment_recorded", entity="iou", object_id=iou.pk,
                    summary=f"{actor} recorded a payment of {money.format_amount(amount, iou.currency)} {iou.currency}")
    publish(payment, "iou.payment_recorded")
    publish(iou, "iou.payment_recorded")
    notifications.iou_payment(actor, iou, what="recorded", amount=amount, payment=payment)
    return payment


def _decide(actor: User, payment: IOUPayment, status: str, expected_version: int | None) -> tuple[IOUPayment, IOU]:
    iou = _lock_iou(payment.iou)
    payment = IOUPayment.objects.select_for_update().get(pk=payment.pk)
    check_version(payment, expected_version)
    if actor.pk != iou.lender_id:
        raise Forbidden("Only the lender confirms or disputes a payment.", code="lender_decides")
    if not payment.can_decide():
        raise Conflict(sentence(gettext_noop("This payment is already %(state)s."), state=state_arg(payment.status)),
                       code="already_decided")
    payment.status = status
    payment.decided_at = timezone.now()
    payment.version += 1
    iou.pending -= payment.amount
    return payment, iou


@action
def confirm_iou_payment(actor: User, *, payment: IOUPayment, expected_version: int | None = None) -> IOUPayment:
    payment, iou = _decide(actor, payment, PaymentStatus.CONFIRMED, expected_version)
    payment.save(update_fields=["status", "decided_at", "version", "updated_at"])
    publish(payment, "iou.payment_confirmed")
    _settle(actor, iou, payment.amount)
    notifications.iou_payment(actor, iou, what="confirmed", amount=payment.amount, payment=payment)
    return payment


@action
def dispute_iou_payment(
    actor: User, *, payment: IOUPayment, reason: str = "", expected_version: int | None = None,
) -> IOUPayment:
    payment, iou = _decide(actor, payment, PaymentStatus.DISPUTED, expected_version)
    payment.reason = reason
    payment.save(update_fields=["status", "decided_at", "reason", "version", "updated_at"])
    iou.version += 1
    iou.save(update_fields=["pending", "version", "updated_at"])
    record_activity(actor, verb="iou.payment_disputed", entity="iou", object_id=iou.pk,
                    summary=f"{actor} disputed a payment of {money.format_amount(payment.amount, iou.currency)}")
    publish(payment, "iou.payment_disputed")
    publish(iou, "iou.payment_disputed")
    notifications.iou_payment(actor, iou, what="disputed", amount=payment.amount, payment=payment)
    return payment
