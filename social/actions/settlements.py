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

from config import money
from config.api.errors import Conflict, Invalid
from realtime.feed import action, publish
from social import balances, selectors
from social.actions.activity import record_activity
from social.models import IOU, Group, Settlement, Share, User


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
        currency=currency, date=date or timezone.localdate(), note=note, created_by=actor,
    )
    Share.objects.bulk_create([
        Share(settlement=settlement, group=group, user_id=payer_id, currency=currency, paid=amount, net=amount),
        Share(settlement=settlement, group=group, user_id=payee_id, currency=currency, owed=amount, net=-amount),
    ])
    balances.apply_entry(group_id=settlement.group_id, currency=currency, nets={payer_id: amount, payee_id: -amount})
    record_activity(actor, verb="settlement.recorded", entity="settlement", object_id=settlement.pk,
                    group_id=settlement.group_id,
                    summary=f"{actor} recorded a payment of {money.format_amount(amount, currency)} {currency}")
    publish(settlement, "settlement.recorded")
    return settlement


@action
def delete_settlement(actor: User, *, settlement: Settlement) -> Settlement:
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    if settlement.deleted_at is not None:
        return settlement
    balances.apply_entry(group_id=settlement.group_id, currency=settlement.currency,
                         nets={settlement.payer_id: settlement.amount, settlement.payee_id: -settlement.amount}, sign=-1)
    Share.objects.filter(settlement=settlement).update(live=False)
    settlement.deleted_at = timezone.now()
    settlement.version += 1
    settlement.save(update_fields=["deleted_at", "version", "updated_at"])
    record_activity(actor, verb="settlement.deleted", entity="settlement", object_id=settlement.pk,
                    group_id=settlement.group_id, summary=f"{actor} deleted a payment")
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
                    summary=f"{actor} recorded an IOU ({direction} {money.format_amount(amount, currency)} {currency})")
    publish(iou, "iou.created")
    return iou


@action
def settle_iou(actor: User, *, iou: IOU, amount: Decimal | None = None) -> IOU:
    iou = IOU.objects.select_for_update().get(pk=iou.pk)
    if iou.deleted_at is not None:
        raise Conflict("This IOU is deleted.", code="deleted")
    outstanding = iou.amount - iou.settled
    if outstanding == 0:
        raise Conflict("This IOU is already settled.", code="already_settled")
    amount = outstanding if amount is None else amount
    _check_amount(amount, iou.currency)
    if amount > outstanding:
        raise Invalid("More than is outstanding.", code="too_much",
                      fields={"amount": [f"At most {money.format_amount(outstanding, iou.currency)}."]})
    iou.settled += amount
    full = iou.settled == iou.amount
    if full:
        iou.settled_at = timezone.now()
    iou.version += 1
    iou.save(update_fields=["settled", "settled_at", "version", "updated_at"])
    if iou.friend_id is not None:
        balances.add_pair(a=iou.owner_id, b=iou.friend_id, currency=iou.currency, b_owes_a=-_iou_delta(iou, amount))
    event = "iou.settled" if full else "iou.partly_settled"
    record_activity(actor, verb=event, entity="iou", object_id=iou.pk,
                    summary=f"{actor} settled {money.format_amount(amount, iou.currency)} {iou.currency} of an IOU")
    publish(iou, event)
    return iou
