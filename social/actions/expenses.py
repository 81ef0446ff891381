"""Expenses: record, edit (with version), delete (tombstone) and restore; comments.

Money rules (see social.splits): payers add up to the amount, owed shares add up to the
amount (largest remainder, sorted ids), each user's net = paid - owed goes into `Share`
rows, and the stored balance totals change in the same transaction. Everyone in an expense
must be a member of its group, or, outside a group, a friend of the person recording it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext_noop

from config import money
from config.api.errors import Conflict, Invalid
from config.phrases import fields_arg, money_arg, say, sums_differ
from realtime.feed import action, publish
from realtime.preconditions import check_version
from social import balances, notifications, selectors
from social.actions.activity import record_activity
from social.models import Comment, Expense, Group, Share, User
from social.splits import SplitError, owed_shares

EDITABLE = ("description", "amount", "currency", "date", "category", "notes", "paid_by", "split")


def _normalize_split(split: dict[str, Any]) -> dict[str, Any]:
    """The split as stored: string ids, amounts as strings, keys sorted."""
    method = split["method"]
    if method == "equal":
        return {"between": sorted(str(u) for u in split["between"])}
    key = {"exact": "amounts", "percent": "percents", "shares": "shares"}[method]
    values = split[key]
    return {key: {str(u): (int(v) if method == "shares" else str(v)) for u, v in sorted(values.items(), key=lambda kv: str(kv[0]))}}


def _stored_split(expense: Expense) -> dict[str, Any]:
    raw = expense.split
    method = expense.split_method
    if method == "equal":
        return {"method": method, "between": [UUID(u) for u in raw["between"]]}
    key = {"exact": "amounts", "percent": "percents", "shares": "shares"}[method]
    return {"method": method, key: {UUID(u): v for u, v in raw[key].items()}}


def compute(
    actor: User, *, group: Group | None, amount: Decimal, currency: str,
    paid_by: list[dict[str, Any]], split: dict[str, Any], members: list[UUID] | None = None,
) -> tuple[dict[UUID, Decimal], dict[UUID, Decimal]]:
    """Validate an expense's money and people; return (paid, owed) per user. `members`: the
    group's members, when the caller has just read them."""
    errors: dict[str, list[str]] = {}
    if not money.has_valid_precision(amount, currency):
        errors["amount"] = [f"{money.exponent(currency)} decimal places at most for {currency}."]
    paid: dict[UUID, Decimal] = {}
    for payer in paid_by:
        value = Decimal(payer["amount"])
        if value <= 0 or not money.has_valid_precision(value, currency):
            errors["paid_by"] = [f"Each payer's amount must be above zero with at most {money.exponent(currency)} decimals."]
            break
        paid[payer["user"]] = paid.get(payer["user"], Decimal(0)) + value
    if "paid_by" not in errors and "amount" not in errors and sum(paid.values(), Decimal(0)) != amount:
        errors["paid_by"] = [sums_differ(gettext_noop("Payers add up to %(total)s, not %(amount)s."),
                                         sum(paid.values(), Decimal(0)), amount, currency)]
    owed: dict[UUID, Decimal] = {}
    if "amount" not in errors:
        try:
            owed = owed_shares(amount, currency, split)
        except SplitError as exc:
            errors.update(exc.fields)
    if errors:
        raise Invalid("The expense does not add up.", code="invalid_expense", fields=errors)
    people = set(paid) | set(owed)
    if group is not None:
        members = set(group.member_ids() if members is None else members)
        outsiders = sorted(str(u) for u in people if u not in members)
        if outsiders:
            raise Invalid("Everyone in a group expense must be a member of the group.", code="not_members",
                          fields={_field_of(outsiders, paid): [f"Not in this group: {', '.join(outsiders)}."]})
    else:
        friends = set(selectors.friend_ids(actor.pk))
        strangers = sorted(str(u) for u in people if u != actor.pk and u not in friends)
        if strangers:
            raise Invalid("Outside a group, an expense is between friends only.", code="not_friends",
                          fields={_field_of(strangers, paid): [f"Not your friend: {', '.join(strangers)}."]})
    return {u: paid[u] for u in sorted(paid)}, owed


def _field_of(ids: list[str], paid: dict[UUID, Decimal]) -> str:
    return "paid_by" if any(UUID(u) in paid for u in ids) else "split"


def _share_rows(expense: Expense, paid: dict[UUID, Decimal], owed: dict[UUID, Decimal]) -> list[Share]:
    users = sorted(set(paid) | set(owed))
    return [
        Share(
            expense=expense, group_id=expense.group_id, user_id=u, currency=expense.currency,
            paid=paid.get(u, Decimal(0)), owed=owed.get(u, Decimal(0)),
            net=paid.get(u, Decimal(0)) - owed.get(u, Decimal(0)),
        )
        for u in users
    ]


def _nets(rows: list[Share]) -> dict[UUID, Decimal]:
    return {s.user_id: s.net for s in rows}


def _cache_shares(expense: Expense, rows: list[Share]) -> None:
    expense._prefetched_objects_cache = {"shares": rows}


@action
def record_expense(
    actor: User, *, group: Group | None, description: str, amount: Decimal, currency: str,
    date: datetime.date, paid_by: list[dict[str, Any]], split: dict[str, Any], category: str = "",
    notes: str = "", id: UUID | None = None,
) -> Expense:
    if id is not None and Expense.objects.filter(pk=id).exists():
        raise Conflict("That id is taken.", code="id_taken")
    # The members are read once: who may be in the expense, and who is told of it (a group
    # expense's audience is its group's members; nothing below changes them).
    members = group.member_ids() if group is not None else None
    paid, owed = compute(actor, group=group, amount=amount, currency=currency, paid_by=paid_by, split=split,
                         members=members)
    expense = Expense.objects.create(
        **({"id": id} if id else {}), group=group, created_by=actor, description=description, amount=amount,
        currency=currency, date=date, category=category, notes=notes, split_method=split["method"],
        split=_normalize_split(split),
    )
    rows = Share.objects.bulk_create(_share_rows(expense, paid, owed))
    balances.apply_entry(group_id=expense.group_id, currency=currency, nets=_nets(rows))
    _cache_shares(expense, rows)
    record_activity(actor, verb="expense.created", entity="expense", object_id=expense.pk, group_id=expense.group_id,
                    summary=say(gettext_noop("%(actor)s added “%(what)s” (%(amount)s)"), actor=str(actor), what=description,
                                amount=money_arg(amount, currency)))
    publish(expense, "expense.created", audience=members)
    notifications.expense_changed(actor, expense, kind=notifications.EXPENSE_ADDED, people=_nets(rows))
    return expense


def _locked(expense: Expense) -> Expense:
    locked = Expense.objects.select_for_update(of=("self",)).select_related("group").get(pk=expense.pk)
    _cache_shares(locked, list(Share.objects.filter(expense=locked).order_by("user_id")))
    return locked


def _snapshot(expense: Expense) -> dict[str, Any]:
    from social.api.serializers import ExpenseOut

    data = ExpenseOut(expense).data
    return {k: data[k] for k in (*EDITABLE, "owed")}


@action
def edit_expense(actor: User, *, expense: Expense, changes: dict[str, Any], expected_version: int | None = None) -> Expense:
    expense = _locked(expense)
    check_version(expense, expected_version)
    if expense.deleted_at is not None:
        raise Conflict("This expense is deleted: restore it first.", code="deleted")
    before = _snapshot(expense)
    people = {s.user_id for s in expense.shares.all()}
    for field in ("description", "date", "category", "notes"):
        if field in changes:
            setattr(expense, field, changes[field])
    money_keys = {"amount", "currency", "paid_by", "split"} & set(changes)
    if money_keys:
        amount = changes.get("amount", expense.amount)
        currency = changes.get("currency", expense.currency)
        old_rows = list(expense.shares.all())
        paid_by = changes.get("paid_by") or [{"user": s.user_id, "amount": s.paid} for s in old_rows if s.paid]
        split = changes.get("split") or _stored_split(expense)
        paid, owed = compute(actor, group=expense.group, amount=amount, currency=currency, paid_by=paid_by, split=split)
        balances.apply_entry(group_id=expense.group_id, currency=expense.currency, nets=_nets(old_rows), sign=-1)
        Share.objects.filter(expense=expense).delete()
        expense.amount, expense.currency = amount, currency
        expense.split_method, expense.split = split["method"], _normalize_split(split)
        rows = Share.objects.bulk_create(_share_rows(expense, paid, owed))
        balances.apply_entry(group_id=expense.group_id, currency=currency, nets=_nets(rows))
        _cache_shares(expense, rows)
    after = _snapshot(expense)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not diff:
        return expense
    expense.version += 1
    expense.save()
    record_activity(actor, verb="expense.updated", entity="expense", object_id=expense.pk, group_id=expense.group_id,
                    summary=say(gettext_noop("%(actor)s changed %(fields)s of “%(what)s”"), actor=str(actor),
                                fields=fields_arg(diff), what=expense.description), changes=diff)
    publish(expense, "expense.updated")
    people |= {s.user_id for s in expense.shares.all()}
    notifications.expense_changed(actor, expense, kind=notifications.EXPENSE_EDITED, people=people)
    return expense


@action
def delete_expense(actor: User, *, expense: Expense, expected_version: int | None = None) -> Expense:
    expense = _locked(expense)
    check_version(expense, expected_version)
    if expense.deleted_at is not None:
        return expense
    rows = list(expense.shares.all())
    balances.apply_entry(group_id=expense.group_id, currency=expense.currency, nets=_nets(rows), sign=-1)
    Share.objects.filter(expense=expense).update(live=False)
    expense.deleted_at = timezone.now()
    expense.version += 1
    expense.save(update_fields=["deleted_at", "version", "updated_at"])
    record_activity(actor, verb="expense.deleted", entity="expense", object_id=expense.pk, group_id=expense.group_id,
                    summary=say(gettext_noop("%(actor)s deleted “%(what)s”"), actor=str(actor), what=expense.description))
    publish(expense, "expense.deleted")
    notifications.expense_changed(actor, expense, kind=notifications.EXPENSE_DELETED, people=_nets(rows))
    return expense


@action
def restore_expense(actor: User, *, expense: Expense, expected_version: int | None = None) -> Expense:
    expense = _locked(expense)
    check_version(expense, expected_version)
    if expense.deleted_at is None:
        return expense
    rows = list(expense.shares.all())
    if expense.group_id is not None:
        members = set(expense.group.member_ids())
        gone = sorted(str(s.user_id) for s in rows if s.user_id not in members)
        if gone:
            raise Conflict("Someone in this expense has left the group.", code="participant_left",
                           fields={"split": [f"Not in this group any more: {', '.join(gone)}."]})
    Share.objects.filter(expense=expense).update(live=True)
    balances.apply_entry(group_id=expense.group_id, currency=expense.currency, nets=_nets(rows))
    expense.deleted_at = None
    expense.version += 1
    expense.save(update_fields=["deleted_at", "version", "updated_at"])
    record_activity(actor, verb="expense.restored", entity="expense", object_id=expense.pk, group_id=expense.group_id,
                    summary=say(gettext_noop("%(actor)s restored “%(what)s”"), actor=str(actor), what=expense.description))
    publish(expense, "expense.restored")
    return expense


@action
def add_comment(actor: User, *, expense: Expense, text: str, id: UUID | None = None) -> Comment:
    if id is not None and Comment.objects.filter(pk=id).exists():
        raise Conflict("That id is taken.", code="id_taken")
    comment = Comment.objects.create(**({"id": id} if id else {}), expense=expense, author=actor, text=text)
    record_activity(actor, verb="comment.added", entity="comment", object_id=expense.pk, group_id=expense.group_id,
                    summary=say(gettext_noop("%(actor)s commented on “%(what)s”"), actor=str(actor), what=expense.description),
                    changes={"comment": str(comment.pk)})
    publish(comment, "comment.added")
    people = {s.user_id for s in expense.shares.all()} | {expense.created_by_id}
    notifications.comment_added(actor, comment, people=people)
    return comment
