"""Property tests of the money rules: owed sums to the amount, nets sum to zero, settling the
suggestions zeroes everything, and recording one suggestion leaves the rest unchanged."""

from __future__ import annotations

import uuid
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from config import money
from social.splits import match, nets, owed_shares, pair_deltas

USERS = [uuid.UUID(int=i * 7919 + 1) for i in range(12)]
CURRENCIES = ["INR", "JPY", "KWD", "USD"]


@st.composite
def expenses(draw):
    currency = draw(st.sampled_from(CURRENCIES))
    minor = draw(st.integers(min_value=1, max_value=10**9))
    amount = money.from_minor(minor, currency)
    people = draw(st.lists(st.sampled_from(USERS), min_size=1, max_size=10, unique=True))
    method = draw(st.sampled_from(["equal", "exact", "percent", "shares"]))
    if method == "equal":
        split = {"method": "equal", "between": people}
    elif method == "shares":
        weights = draw(st.lists(st.integers(0, 50), min_size=len(people), max_size=len(people)).filter(lambda w: sum(w) > 0))
        split = {"method": "shares", "shares": dict(zip(people, weights, strict=True))}
    elif method == "percent":
        weights = draw(st.lists(st.integers(1, 1000), min_size=len(people), max_size=len(people)))
        parts = money.allocate(Decimal(100), "KWD", dict(zip(people, weights, strict=True)))  # 3 decimals, sums to 100
        split = {"method": "percent", "percents": parts}
    else:
        weights = draw(st.lists(st.integers(1, 1000), min_size=len(people), max_size=len(people)))
        split = {"method": "exact", "amounts": money.allocate(amount, currency, dict(zip(people, weights, strict=True)))}
    payers = draw(st.lists(st.sampled_from(USERS), min_size=1, max_size=4, unique=True))
    pay_weights = draw(st.lists(st.integers(1, 100), min_size=len(payers), max_size=len(payers)))
    paid = money.allocate(amount, currency, dict(zip(sorted(payers), pay_weights, strict=True)))
    return currency, amount, paid, split


@settings(max_examples=300, deadline=None)
@given(expenses())
def test_owed_always_sums_to_the_amount_and_nets_to_zero(expense):
    currency, amount, paid, split = expense
    owed = owed_shares(amount, currency, split)
    assert sum(owed.values()) == amount
    assert all(money.has_valid_precision(v, currency) and v >= 0 for v in owed.values())
    entry = nets(paid, owed)
    assert sum(entry.values()) == 0
    # Pairwise debts of one entry give each user exactly their net.
    per_user = dict.fromkeys(entry, Decimal(0))
    for (low, high), owes in pair_deltas(entry).items():
        per_user[low] += owes
        per_user[high] -= owes
    assert per_user == entry


@settings(max_examples=150, deadline=None)
@given(st.lists(expenses(), min_size=1, max_size=15))
def test_settling_the_suggestions_zeroes_every_balance(entries):
    totals: dict[str, dict] = {}
    for currency, amount, paid, split in entries:
        for user, net in nets(paid, owed_shares(amount, currency, split)).items():
            bucket = totals.setdefault(currency, {})
            bucket[user] = bucket.get(user, Decimal(0)) + net
    for balances in totals.values():
        assert sum(balances.values()) == 0
        plan = match(balances)
        assert len(plan) <= max(len([v for v in balances.values() if v]) - 1, 0)
        after = dict(balances)
        for t in plan:
            assert t.amount > 0
            after[t.debtor] += t.amount
            after[t.creditor] -= t.amount
        assert all(v == 0 for v in after.values())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-10**6, 10**6), min_size=2, max_size=10),
    st.data(),
)
def test_recording_one_suggestion_removes_just_that_one(values, data):
    values[-1] = -sum(values[:-1])
    balances = {USERS[i]: Decimal(v) for i, v in enumerate(values)}
    plan = match(balances)
    if not plan:
        return
    chosen = data.draw(st.sampled_from(plan))
    balances[chosen.debtor] += chosen.amount
    balances[chosen.creditor] -= chosen.amount
    rest = list(plan)
    rest.remove(chosen)
    assert match(balances) == rest
