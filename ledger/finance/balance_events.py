"""An account's balance is an event too: every write that moves it (a transaction created,
edited, deleted or restored, from any path: API, page, import, a shared expense, recurring)
puts `account.balance_changed` in the same batch, with the account as the API returns it,
once per account per batch, after the batch's last write."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from realtime.feed import before_flush, publish

EVENTS = ("transaction.created", "transaction.updated", "transaction.deleted", "transaction.restored")


def accounts_moved(account_ids: Iterable[UUID | None]) -> None:
    for account_id in {a for a in account_ids if a is not None}:
        before_flush(("account_balance", account_id), lambda account_id=account_id: _publish(account_id))


def on_transaction(txn: Any, event: str) -> None:
    """Subscribed to every transaction event (see ledger.finance.sync)."""
    accounts_moved([txn.account_id, txn.transfer_account_id])


def _publish(account_id: UUID) -> None:
    from ledger.finance.models import Account
    from ledger.finance.selectors import balances

    account = Account.objects.filter(pk=account_id, deleted_at__isnull=True).first()
    if account is None:
        return
    account.balance = balances([account.pk])[account.pk]
    publish(account, "account.balance_changed")
