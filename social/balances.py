"""Balances: applying an entry's nets to the stored totals, reading them, settle-up plans,
and rebuilding the totals from the shares (GROUP BY) to check or repair them.

Positive amounts mean "is owed". Call `apply_entry` only from an action, inside its
transaction: the upserts lock the affected total rows in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from urllib.parse import quote, urlencode
from uuid import UUID

from django.db import connection
from django.db.models import Q, Sum

from config import money
from social import balance_events
from social.models import NO_GROUP, GroupBalance, PairBalance, Share
from social.splits import Transfer, match, pair_deltas

ZERO = Decimal(0)


def _id(value: UUID) -> object:
    """A uuid as the raw-SQL parameter the ORM would send (uuid on PostgreSQL, hex on SQLite)."""
    return value if connection.vendor == "postgresql" else UUID(str(value)).hex


def apply_entry(*, group_id: UUID | None, currency: str, nets: Mapping[UUID, Decimal], sign: int = 1) -> None:
    """Add (sign=1) or take back (sign=-1) one entry's per-user nets."""
    nets = {u: v * sign for u, v in nets.items() if v}
    if not nets:
        return
    if group_id is not None:
        balance_events.group_moved(group_id)
    with connection.cursor() as cur:
        if group_id is not None:
            rows = sorted(nets.items())
            values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
            params: list = []
            for user, net in rows:
                params += [_id(group_id), _id(user), currency, net]
            cur.execute(
                f"INSERT INTO social_groupbalance (group_id, user_id, currency, net) VALUES {values} "
                "ON CONFLICT (group_id, user_id, currency) DO UPDATE SET net = social_groupbalance.net + EXCLUDED.net",
                params,
            )
        add_pairs(scope=group_id or NO_GROUP, currency=currency, deltas=pair_deltas(nets), cursor=cur)


def add_pairs(*, scope: UUID, currency: str, deltas: Mapping[tuple[UUID, UUID], Decimal], cursor=None) -> None:
    rows = sorted((k, v) for k, v in deltas.items() if v)
    if not rows:
        return
    for (low, high), _ in rows:
        balance_events.pair_moved(low, high)
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    params: list = []
    for (low, high), amount in rows:
        params += [_id(scope), _id(low), _id(high), currency, amount]
    sql = (
        f"INSERT INTO social_pairbalance (scope, user_low_id, user_high_id, currency, amount) VALUES {values} "
        "ON CONFLICT (scope, user_low_id, user_high_id, currency) "
        "DO UPDATE SET amount = social_pairbalance.amount + EXCLUDED.amount"
    )
    if cursor is not None:
        cursor.execute(sql, params)
    else:
        with connection.cursor() as cur:
            cur.execute(sql, params)


def add_pair(*, a: UUID, b: UUID, currency: str, b_owes_a: Decimal) -> None:
    """One direct debt between two people (IOUs)."""
    low, high = sorted((a, b))
    add_pairs(scope=NO_GROUP, currency=currency, deltas={(low, high): b_owes_a if low == a else -b_owes_a})


# --- reads --------------------------------------------------------------------------------


def group_balances(group_id: UUID) -> dict[str, dict[UUID, Decimal]]:
    """{currency: {user: net}} for the group, zero rows left out."""
    out: dict[str, dict[UUID, Decimal]] = defaultdict(dict)
    rows = GroupBalance.objects.filter(group_id=group_id).exclude(net=0).order_by("currency", "user_id")
    for user_id, currency, net in rows.values_list("user_id", "currency", "net"):
        out[currency][user_id] = money.quantize(net, currency)
    return dict(out)


def group_pairs(group_id: UUID) -> dict[str, list[Transfer]]:
    """The group's unsimplified debts, pair by pair (for groups with simplify_debts off)."""
    out: dict[str, list[Transfer]] = defaultdict(list)
    rows = PairBalance.objects.filter(scope=group_id).exclude(amount=0).order_by("currency", "user_low", "user_high")
    for low, high, currency, amount in rows.values_list("user_low_id", "user_high_id", "currency", "amount"):
        amount = money.quantize(amount, currency)
        out[currency].append(Transfer(high, low, amount) if amount > 0 else Transfer(low, high, -amount))
    return dict(out)


def settle_up(group_id: UUID, *, simplify: bool) -> dict[str, list[Transfer]]:
    if not simplify:
        return group_pairs(group_id)
    return {currency: match(nets) for currency, nets in group_balances(group_id).items()}


def people_balances(user_id: UUID) -> list[tuple[UUID, str, Decimal]]:
    """(other user, currency, amount) of everything between `user_id` and each person, over
    every group, direct expenses, settlements and IOUs; positive: the other owes the user."""
    rows = (
        PairBalance.objects.filter(Q(user_low=user_id) | Q(user_high=user_id))
        .values("user_low", "user_high", "currency")
        .annotate(total=Sum("amount"))
    )
    out: dict[tuple[UUID, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        if row["user_low"] == user_id:
            out[(row["user_high"], row["currency"])] += row["total"]
        else:
            out[(row["user_low"], row["currency"])] -= row["total"]
    return sorted(
        (other, currency, money.quantize(v, currency)) for (other, currency), v in out.items() if v
    )


def pair_balances(user_id: UUID, other_id: UUID) -> list[tuple[str, Decimal]]:
    """(currency, amount) of everything between the two, as `people_balances` gives it for
    `other_id` (positive: the other owes the user), reading only their pair's rows."""
    low, high = sorted((user_id, other_id))
    sign = 1 if low == user_id else -1
    rows = (PairBalance.objects.filter(user_low=low, user_high=high).values("currency")
            .annotate(total=Sum("amount")).order_by("currency"))
    return [(row["currency"], money.quantize(sign * row["total"], row["currency"])) for row in rows if row["total"]]


def open_between(a: UUID, b: UUID) -> bool:
    low, high = sorted((a, b))
    return PairBalance.objects.filter(user_low=low, user_high=high).exclude(amount=0).values("currency").annotate(
        total=Sum("amount")
    ).exclude(total=0).exists()


def member_has_open_balance(group_id: UUID, user_id: UUID) -> bool:
    return GroupBalance.objects.filter(group_id=group_id, user_id=user_id).exclude(net=0).exists()


# --- checks and repair --------------------------------------------------------------------


def recompute_group_balances(group_id: UUID) -> dict[str, dict[UUID, Decimal]]:
    """The group's balances straight from the live shares, with GROUP BY (the truth that the
    stored totals cache)."""
    out: dict[str, dict[UUID, Decimal]] = defaultdict(dict)
    rows = (
        Share.objects.filter(group_id=group_id, live=True)
        .values("currency", "user_id")
        .annotate(total=Sum("net"))
        .order_by("currency", "user_id")
    )
    for row in rows:
        if row["total"]:
            out[row["currency"]][row["user_id"]] = money.quantize(row["total"], row["currency"])
    return dict(out)


def rebuild_group_totals(group_ids: Iterable[UUID]) -> None:
    """Replace the stored group totals by the GROUP BY of the shares (repair, bulk seeding)."""
    group_ids = list(group_ids)
    GroupBalance.objects.filter(group_id__in=group_ids).delete()
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO social_groupbalance (group_id, user_id, currency, net) "
            "SELECT group_id, user_id, currency, SUM(net) FROM social_share "
            "WHERE live AND group_id = ANY(%s) GROUP BY group_id, user_id, currency",
            [group_ids],
        )


# --- UPI ----------------------------------------------------------------------------------


def upi_link(*, vpa: str, name: str, amount: Decimal, note: str = "") -> str:
    """A `upi://pay` deep link (NPCI's linking spec: pa, pn, am, cu, tn)."""
    params = {"pa": vpa, "pn": name, "am": money.format_amount(amount, "INR"), "cu": "INR"}
    if note:
        params["tn"] = note[:50]
    return "upi://pay?" + urlencode(params, quote_via=quote)
