"""Balances are events too: when a write moves a group's balances or the position between two
friends, the same batch carries the aggregate as it stands after the batch's last write, once
per batch however many entries moved it (`realtime.feed.before_flush`):

- `group.balances_changed`, entity `group_balances` (id: the group's), to the members: the
  group's balances and settle-up plan as GET /api/groups/<id>/balances returns them;
- `friend.balance_changed`, entity `friend_balance` (id: the friendship's), to each of the two:
  where they stand with the other, as GET /api/friends/<id> returns it in `balances`.

Neither is a table: the classes below are what the change feed's registry keys them by."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.db import connection
from django.db.models import Q, Sum

from config import money
from realtime.feed import before_flush, collect, publish
from social.models import Friendship, Group, PairBalance


@dataclass(frozen=True)
class GroupBalanceSheet:
    group: Group
    # Its members, read once for both the audience and the sheet (otherwise each reads them).
    members: tuple[UUID, ...] | None = None

    @property
    def pk(self) -> UUID:
        return self.group.pk

    @property
    def version(self) -> int:
        return self.group.version


@dataclass(frozen=True)
class FriendPosition:
    friendship: Friendship
    viewer: UUID
    # [{currency, amount}] as the viewer sees it, when already computed (a batch's pairs are
    # read in one query); otherwise the serializer reads it.
    balances: list | None = None

    @property
    def pk(self) -> UUID:
        return self.friendship.pk

    @property
    def version(self) -> int:
        return self.friendship.version


def group_moved(group_id: UUID) -> None:
    """Call inside the action whose write moved the group's balances."""
    before_flush(("group_balances", group_id), lambda: _publish_group(group_id))


def pair_moved(low: UUID, high: UUID) -> None:
    """Call inside the action whose write moved what `high` owes `low` (in any scope)."""
    collect("friend_balance", (low, high), _publish_pairs)


def _publish_group(group_id: UUID) -> None:
    group = Group.objects.filter(pk=group_id, deleted_at=None).first()
    if group is not None:
        publish(GroupBalanceSheet(group, tuple(group.member_ids())), "group.balances_changed")


Pairs = dict[tuple[UUID, UUID], Friendship]
Totals = dict[tuple[UUID, UUID], list[tuple[str, Decimal]]]

# PostgreSQL: the friendships of the moved pairs with their totals per currency, in one
# statement (a balance event is part of every expense, payment and IOU: the two ORM queries
# this replaces cost about 1.5 ms of CPU to build, more than the rest of the event).
_FRIENDS_WITH_TOTALS = f"""
SELECT f.*, p."currency" AS pair_currency, SUM(p."amount") AS pair_total
FROM "{Friendship._meta.db_table}" f
LEFT JOIN "{PairBalance._meta.db_table}" p ON p."user_low_id" = f."user_low_id" AND p."user_high_id" = f."user_high_id"
WHERE f."deleted_at" IS NULL
AND (f."user_low_id", f."user_high_id") IN (SELECT * FROM unnest(%s::uuid[], %s::uuid[]))
GROUP BY f."id", p."currency"
ORDER BY f."user_low_id", f."user_high_id", p."currency"
"""


def _friends_with_totals(pairs: list[tuple[UUID, UUID]]) -> tuple[Pairs, Totals]:
    friendships: Pairs = {}
    totals: Totals = defaultdict(list)
    if connection.vendor == "postgresql":
        rows = Friendship.objects.raw(_FRIENDS_WITH_TOTALS, [[low for low, _ in pairs], [high for _, high in pairs]])
        for row in rows:
            key = (row.user_low_id, row.user_high_id)
            friendships.setdefault(key, row)
            if row.pair_total:
                totals[key].append((row.pair_currency, row.pair_total))
        return friendships, totals
    match = Q()
    for low, high in pairs:
        match |= Q(user_low_id=low, user_high_id=high)
    friendships = {(f.user_low_id, f.user_high_id): f
                   for f in Friendship.objects.filter(match, deleted_at=None).order_by("user_low", "user_high")}
    if friendships:
        rows = (PairBalance.objects.filter(match).values("user_low", "user_high", "currency")
                .annotate(total=Sum("amount")).order_by("user_low", "user_high", "currency"))
        for row in rows:
            if row["total"]:
                totals[(row["user_low"], row["user_high"])].append((row["currency"], row["total"]))
    return friendships, totals


def _publish_pairs(pairs: set[tuple[UUID, UUID]]) -> None:
    """The batch's moved pairs that are friends, each side's position: one query in all."""
    # Pairs that are not friends (fellow group members) get none: the group's balances say it.
    friendships, totals = _friends_with_totals(sorted(pairs))
    for key, friendship in friendships.items():
        for viewer, sign in ((key[0], 1), (key[1], -1)):
            balances = [{"currency": c, "amount": money.format_amount(sign * t, c)} for c, t in totals[key]]
            publish(FriendPosition(friendship, viewer, balances), "friend.balance_changed", audience=[viewer])
