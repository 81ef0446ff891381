from __future__ import annotations

from datetime import date
from decimal import Decimal

from config.api.errors import Invalid
from ledger.finance.models import ExchangeRate
from ledger.finance.rate_events import RateChange
from realtime.feed import action, publish


@action
def set_rate(user, *, base: str, quote: str, rate: Decimal, effective_date: date, shared: bool = False) -> ExchangeRate:
    """1 base = rate quote from effective_date; replaces the same pair and date. `shared`
    (admin only) makes a rate for everyone."""
    if base == quote:
        raise Invalid("A rate is between two currencies.", fields={"quote": ["Same as base."]})
    owner_id = None if shared else user.id
    obj, _ = ExchangeRate.objects.select_for_update().update_or_create(
        owner_id=owner_id, base=base, quote=quote, effective_date=effective_date, defaults={"rate": rate}
    )
    publish(RateChange(obj), "exchange_rate.set")  # budgets and reports on every device it moves
    return obj


@action
def delete_rate(user, *, rate: ExchangeRate) -> None:
    publish(RateChange(rate, deleted=True), "exchange_rate.deleted")
    rate.delete()  # reference data with integer keys: a plain delete (the change says so)
