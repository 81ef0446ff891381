from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from config.api.errors import Conflict, Invalid
from config.money import has_valid_precision
from ledger.finance.actions._common import lock, save, tombstone
from ledger.finance.models import Account, AccountKind, Transaction
from realtime.feed import action, publish


def _check_precision(amount: Decimal, currency: str, field: str) -> None:
    if not has_valid_precision(amount, currency):
        raise Invalid(f"Too many decimals for {currency}.", fields={field: [f"Too many decimal places for {currency}."]})


def _check_kind(kind: str) -> None:
    """The API's serializer refuses other kinds; every other path (pages, admin, a restore,
    code) comes through here."""
    if kind not in AccountKind.values:
        raise Invalid("Not a kind of account.", fields={"kind": [f"One of {', '.join(AccountKind.values)}."]})


@action
def create_account(
    user, *, name: str, kind: str, currency: str, opening_balance: Decimal = Decimal(0),
    archived: bool = False, id: UUID | None = None,
) -> Account:
    if id is not None:
        existing = Account.objects.filter(pk=id).first()
        if existing is not None:
            if existing.owner_id != user.id:
                raise Conflict("That id is taken.", code="id_taken", fields={"id": ["Already used."]})
            return existing  # an offline create replayed
    _check_kind(kind)
    _check_precision(opening_balance, currency, "opening_balance")
    account = Account(
        owner_id=user.id, name=name.strip(), kind=kind, currency=currency,
        opening_balance=opening_balance, archived=archived,
    )
    if id is not None:
        account.id = id
    account.save(force_insert=True)
    publish(account, "account.created")
    return account


@action
def update_account(user, *, account: Account, expected_version: int | None = None, **changes) -> Account:
    account = lock(Account, account.pk, expected_version)
    if "opening_balance" in changes:
        _check_precision(changes["opening_balance"], account.currency, "opening_balance")
    if "kind" in changes:
        _check_kind(changes["kind"])
    for field in ("name", "kind", "opening_balance", "archived"):
        if field in changes:
            setattr(account, field, changes[field])
    save(account, "account.updated")
    return account


@action
def delete_account(user, *, account: Account, expected_version: int | None = None) -> Account:
    account = lock(Account, account.pk, expected_version)
    in_use = Transaction.objects.filter(deleted_at__isnull=True).filter(account=account).exists() or (
        Transaction.objects.filter(deleted_at__isnull=True, transfer_account=account).exists()
    )
    if in_use:
        raise Conflict(
            "This account has transactions: archive it instead, or delete them first.", code="account_in_use"
        )
    tombstone(account, "account.deleted")
    return account
