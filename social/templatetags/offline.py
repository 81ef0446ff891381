"""Template helpers for the offline client (static/js/offline/): the attributes that let a
page's balances move with changes still waiting on the device, and the currencies' minor
units the device computes them in (integers, never floats).

- `{% offline_balance "party" party.pk amount=party.balance currency=c words="you'll get |you'll give |settled " %}`
  marks an amount: its key (`party:<id>`), its value in minor units, its currency and the
  words put before it for a positive, negative and zero value (its absolute value is shown
  after them; with no words, the signed value is shown).
- `{% offline_balance "cash" business.pk amount=opening currency=c day=day days="before" %}`: a
  figure of a day, moved only by waiting changes dated before it ("on": that day; "through":
  up to and including it).
- `{% offline_total "friend" parts amount=t.owed currency=c sign="pos" %}` marks a total of
  several balances that only counts one side (what you are owed, what you owe): `parts` are
  (key, amount) pairs of the balances it sums, and a waiting change of any balance in its
  scope (an effect whose key starts with "<scope>:" or that names the scope, such as a khata
  entry's "business:<id>") moves it, each part counted on its side after the change.
  `format` ("you'll get §") puts words around the amount, in the page's language.
- `{% offline_item "transaction" t "transactions" %}` marks a server row the device may edit or
  delete offline: its kind, id, version, API path, list and the object as the API (and a
  stale-version refusal's `current`) shows it, so a conflict can say what changed.
- `{% currency_exponents %}`: "JPY:0 KWD:3 …", every currency whose minor unit is not 1/100.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html

from config import money
from realtime.registry import entity_for

register = template.Library()


def minor_units(amount: Any, currency: str) -> int | None:
    try:
        return money.to_minor(money.quantize(Decimal(str(amount)), currency), currency)
    except (InvalidOperation, ValueError):  # an unknown currency too (CurrencyError)
        return None


@register.simple_tag
def offline_balance(kind: str, *keys: Any, amount: Any = 0, currency: str = "INR", words: str = "",
                    day: Any = None, days: str = "") -> str:
    """`day` and `days` ("before", "on" or "through") make a figure of one day (a cashbook's
    opening, cash in and closing): only waiting changes dated accordingly move it."""
    minor = minor_units(amount if amount is not None else 0, currency)
    if minor is None:
        return ""
    dated = format_html(' data-day="{}" data-days="{}"', day.isoformat(), days) if day and days else ""
    return format_html(
        ' data-offline-balance="{}" data-minor="{}" data-currency="{}" data-words="{}"{}',
        ":".join([kind, *(str(k) for k in keys)]), minor, currency, words, dated,
    )


@register.simple_tag
def offline_total(scope: str, parts: Any, *, amount: Any = 0, currency: str = "INR", sign: str = "pos",
                  format: str = "") -> str:
    total = minor_units(amount if amount is not None else 0, currency)
    pairs = [(key, minor_units(value, currency)) for key, value in (parts or ())]
    if total is None or any(minor is None for _key, minor in pairs) or sign not in ("pos", "neg"):
        return ""
    return format_html(
        ' data-offline-total="{}" data-parts="{}" data-sign="{}" data-minor="{}" data-currency="{}" data-format="{}"',
        scope, " ".join(f"{key}={minor}" for key, minor in pairs if minor), sign, total, currency, format,
    )


@lru_cache(maxsize=1)
def _exponents() -> str:
    return " ".join(f"{code}:{money.exponent(code)}" for code in sorted(money.currencies()) if money.exponent(code) != 2)


@register.simple_tag
def currency_exponents() -> str:
    return _exponents()


# Where each kind of row is changed through the API (the outbox replays PATCH / DELETE there).
ITEM_PATHS = {
    "transaction": "/api/finance/transactions/{}",
    "khata-entry": "/api/khata/entries/{}",
    "cash": "/api/khata/cashbook/{}",
    "expense": "/api/expenses/{}",
    "settlement": "/api/settlements/{}",
    "iou": "/api/ious/{}",
}


@register.simple_tag
def offline_item(kind: str, obj: Any, *list_parts: Any, form: str = "") -> str:
    """`list_parts` name the list its offline rows go in ("transactions"; "party", party.pk);
    `form`: the page whose form edits it, when that form is not on this page."""
    item = {"kind": kind, "id": str(obj.pk), "version": obj.version, "path": ITEM_PATHS[kind].format(obj.pk),
            "list": ":".join(str(p) for p in list_parts), "data": entity_for(obj).serialize(obj)}
    if form:
        item["form"] = form
    return format_html(' data-offline-item="{}"', json.dumps(item, cls=DjangoJSONEncoder))
