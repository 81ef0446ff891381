"""Posting to the journal: the only code that changes an account's balance.

Call `post` inside an action. It locks the accounts it touches in pk order (so two postings
can never deadlock on each other), checks that the legs balance and that no account but the
treasury goes below zero, writes the posting and its legs and moves the cached balances.
Callers that lock an invoice do so first, then the accounts (see `lock_accounts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from config import money
from config.api.errors import Unprocessable
from invoicing.models import Account, AccountKind, Invoice, Leg, Posting
from realtime.feed import publish


def lock_accounts(accounts: Iterable[Account]) -> dict:
    """Row-lock `accounts` in pk order; returns fresh copies by pk."""
    ids = sorted({a.pk for a in accounts})
    return {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def platform_account(kind: str, currency: str) -> Account:
    """The platform's fee or treasury account in `currency`, made on first use."""
    found = Account.objects.filter(kind=kind, currency=currency).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(kind=kind, currency=currency)
    except IntegrityError:  # made concurrently
        return Account.objects.get(kind=kind, currency=currency)


def post(
    *,
    kind: str,
    legs: Sequence[tuple[Account, Decimal]],
    actor_id=None,
    invoice: Invoice | None = None,
    memo: str = "",
    reference: str | None = None,
    locked: dict | None = None,
) -> Posting:
    """Write one balanced posting. Raises Unprocessable(insufficient_funds) when a wallet
    (or escrow/fee account) would go below zero; nothing is written then. `locked`: the
    caller already holds the row locks of these accounts (fresh copies by pk, as
    `lock_accounts` returns them), so they are not read again."""
    merged: dict = {}
    for account, amount in legs:
        if amount:
            merged[account.pk] = merged.get(account.pk, Decimal(0)) + amount
    merged = {pk: amount for pk, amount in merged.items() if amount}
    if sum(merged.values(), Decimal(0)) != 0:
        raise ValueError("The legs of a posting must sum to zero.")
    if len(merged) < 2:
        raise ValueError("A posting moves money between at least two accounts.")
    if locked is None or not set(merged) <= set(locked):
        locked = lock_accounts(Account(pk=pk) for pk in merged)
    else:
        locked = {pk: locked[pk] for pk in merged}
    currencies = {a.currency for a in locked.values()}
    if len(currencies) != 1:
        raise ValueError("A posting's accounts must share one currency.")
    currency = currencies.pop()
    for amount in merged.values():
        if not money.has_valid_precision(amount, currency):
            raise ValueError(f"{amount} is not a whole number of {currency} minor units.")

    posting = Posting.objects.create(
        kind=kind, memo=memo[:200], actor_id=actor_id, invoice=invoice, reference=reference
    )
    now = timezone.now()
    rows = []
    for pk in sorted(merged):
        account = locked[pk]
        account.balance += merged[pk]
        if account.balance < 0 and account.kind != AccountKind.TREASURY:
            raise Unprocessable(
                "Not enough money in the wallet for this.",
                code="insufficient_funds",
                fields={"amount": [f"Available: {money.format_amount(account.balance - merged[pk], currency)}."]},
            )
        account.version += 1
        account.updated_at = now
        rows.append(Leg(posting=posting, account=account, amount=merged[pk], balance_after=account.balance))
    Leg.objects.bulk_create(rows)
    _save_balances(list(locked.values()), now)
    for account in locked.values():
        if account.kind == AccountKind.WALLET:
            publish(account, "wallet.balance_changed")
    return posting


def _save_balances(accounts: list[Account], now) -> None:
    """Write the accounts' new balances and versions in one UPDATE over unnested arrays:
    `bulk_update` builds a CASE per column and account, which cost more CPU than the rest of
    the posting's statements together. Call with the accounts locked."""
    table = Account._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{table}" AS a SET "balance" = v.balance, "version" = v.version, "updated_at" = %s '
            "FROM unnest(%s::uuid[], %s::numeric[], %s::int[]) AS v(id, balance, version) WHERE a.id = v.id",
            [now, [a.pk for a in accounts], [a.balance for a in accounts], [a.version for a in accounts]],
        )
