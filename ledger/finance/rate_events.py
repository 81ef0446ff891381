"""Exchange rates reach devices: budgets and reports convert with them, so a rate set or
removed (by a user for themself, or by an admin for everyone) goes out as an `exchange_rate`
change (`exchange_rate.set` / `exchange_rate.deleted`) to everyone whose figures it can move:
its owner, or, for a shared rate, every user with an account or a budget in either currency.

Rates are reference rows with integer keys, not synced objects: the entity's id is a UUID
derived from what identifies a rate (owner, pair, date), the same on every device. It is an
event entity (the snapshot has the rates as they stand): it tells devices to recompute budgets
and reports."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from ledger.finance.models import Account, Budget, ExchangeRate

_NAMESPACE = uuid.UUID("6f1d3c52-8d7e-4c1e-9a57-2b1f0c7e5a11")


def rate_id(rate: ExchangeRate) -> UUID:
    return uuid.uuid5(_NAMESPACE, f"{rate.owner_id or 'shared'}:{rate.base}:{rate.quote}:{rate.effective_date}")


@dataclass(frozen=True)
class RateChange:
    rate: ExchangeRate
    deleted: bool = False

    @property
    def pk(self) -> UUID:
        return rate_id(self.rate)

    @property
    def version(self) -> int:
        return 1

    @property
    def deleted_at(self) -> Any:
        return self.rate.created_at if self.deleted else None


def audience(change: RateChange) -> list[UUID]:
    rate = change.rate
    if rate.owner_id is not None:
        return [rate.owner_id]
    currencies = [rate.base, rate.quote]
    holders = set(Account.objects.filter(currency__in=currencies, deleted_at__isnull=True)
                  .values_list("owner_id", flat=True))
    holders |= set(Budget.objects.filter(currency__in=currencies, deleted_at__isnull=True)
                   .values_list("owner_id", flat=True))
    return sorted(holders)


def visible(user: Any) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.filter(Q(owner=None) | Q(owner=user))
