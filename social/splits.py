"""Money rules of shared expenses, as pure functions (no database), so they can be
property-tested on their own.

- An expense's `owed` shares add up to its amount exactly: every method ends in
  `config.money.allocate` over minor units, keys in sorted-id order (ties go to the smaller id).
- Payers' amounts must add up to the amount exactly; nothing is rounded silently.
- An entry (expense or settlement) is reduced to per-user nets (paid - owed), which sum to zero.
- Pairwise debts of one entry are found by matching debtors to creditors in id order: exact,
  deterministic, and every user's pairwise total equals their net.
- Settle-up ("simplify debts") matches debtors to creditors in a fixed order (user id), not by
  size: at most n-1 transfers, recording any one suggested transfer leaves the others as they
  were, and recording all of them zeroes every balance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.utils.translation import gettext_noop

from config import money
from config.phrases import Sentence, say, sums_differ

METHODS = ("equal", "exact", "percent", "shares")
HUNDRED = Decimal(100)


class SplitError(ValueError):
    """Input that cannot be split; `fields` maps field names to messages."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items()))
        self.fields = fields


def owed_shares(amount: Decimal, currency: str, split: Mapping) -> dict[UUID, Decimal]:
    """Each participant's owed share for a validated split spec (see the API for its shape)."""
    method = split["method"]
    if method == "equal":
        people = sorted(set(split["between"]))
        if not people:
            raise SplitError({"split": ["Name at least one person to split between."]})
        return money.allocate(amount, currency, {u: 1 for u in people})
    if method == "exact":
        amounts = {u: Decimal(v) for u, v in split["amounts"].items()}
        if not amounts:
            raise SplitError({"split": ["Give at least one amount."]})
        bad = [str(u) for u, v in amounts.items() if v < 0 or not money.has_valid_precision(v, currency)]
        if bad:
            raise SplitError({"split": [f"Amounts must be zero or more, at most {money.exponent(currency)} decimals."]})
        total = sum(amounts.values(), Decimal(0))
        if total != amount:
            raise SplitError({"split": [sums_differ(gettext_noop("Exact amounts add up to %(total)s, not %(amount)s."),
                                                    total, amount, currency)]})
        return {u: money.quantize(amounts[u], currency) for u in sorted(amounts)}
    if method == "percent":
        percents = {u: Decimal(v) for u, v in split["percents"].items()}
        if not percents:
            raise SplitError({"split": ["Give at least one percentage."]})
        if any(p < 0 for p in percents.values()):
            raise SplitError({"split": ["Percentages cannot be negative."]})
        total = sum(percents.values(), Decimal(0))
        if total != HUNDRED:
            raise SplitError({"split": [Sentence(say(gettext_noop("Percentages add up to %(total)s, not 100."), total=total))]})
        return money.allocate(amount, currency, {u: percents[u] for u in sorted(percents)})
    if method == "shares":
        shares = {u: int(v) for u, v in split["shares"].items()}
        if not shares:
            raise SplitError({"split": ["Give at least one share."]})
        if any(s < 0 for s in shares.values()) or sum(shares.values()) <= 0:
            raise SplitError({"split": ["Shares are whole numbers >= 0 and at least one above 0."]})
        return money.allocate(amount, currency, {u: shares[u] for u in sorted(shares)})
    raise SplitError({"split": [f"Unknown method {method!r} (one of {', '.join(METHODS)})."]})


def nets(paid: Mapping[UUID, Decimal], owed: Mapping[UUID, Decimal]) -> dict[UUID, Decimal]:
    """paid - owed per user (sorted by id); sums to zero when paid and owed have equal totals."""
    users = sorted(set(paid) | set(owed))
    return {u: paid.get(u, Decimal(0)) - owed.get(u, Decimal(0)) for u in users}


@dataclass(frozen=True, slots=True)
class Transfer:
    """`debtor` pays `creditor` `amount` (positive)."""

    debtor: UUID
    creditor: UUID
    amount: Decimal


def match(balances: Mapping[UUID, Decimal]) -> list[Transfer]:
    """Debtors (negative) paired with creditors (positive), both in user-id order, each pair
    taking what is left of the smaller side: a "northwest corner" plan. At most
    (#debtors + #creditors - 1) transfers; exact; independent of the size ordering, which is
    what makes it stable when one transfer is recorded."""
    debtors = [[u, -v] for u, v in sorted(balances.items()) if v < 0]
    creditors = [[u, v] for u, v in sorted(balances.items()) if v > 0]
    out: list[Transfer] = []
    i = j = 0
    while i < len(debtors) and j < len(creditors):
        take = min(debtors[i][1], creditors[j][1])
        out.append(Transfer(debtors[i][0], creditors[j][0], take))
        debtors[i][1] -= take
        creditors[j][1] -= take
        if debtors[i][1] == 0:
            i += 1
        if creditors[j][1] == 0:
            j += 1
    return out


def pair_deltas(entry_nets: Mapping[UUID, Decimal]) -> dict[tuple[UUID, UUID], Decimal]:
    """One entry's effect on pairwise balances: {(low, high): amount high owes low}."""
    out: dict[tuple[UUID, UUID], Decimal] = {}
    for t in match(entry_nets):
        low, high = sorted((t.debtor, t.creditor))
        # debtor owes creditor: positive when the debtor is `high`.
        delta = t.amount if t.debtor == high else -t.amount
        out[(low, high)] = out.get((low, high), Decimal(0)) + delta
    return out
