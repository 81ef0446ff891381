"""Stored balance totals, for reads that must not scan every share.

They are caches of aggregates of `Share` (and of open IOUs, for pairs) and change only inside
the action that writes the entry, with one `INSERT … ON CONFLICT DO UPDATE` whose rows are
sorted by key (so concurrent writers lock in the same order and cannot deadlock).
`social.balances.recompute_*` rebuilds them from the shares with GROUP BY; tests compare."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from config import money

# The pair scope of everything outside a group (direct expenses, settlements, IOUs).
NO_GROUP = uuid.UUID(int=0)


class GroupBalance(models.Model):
    id = models.BigAutoField(primary_key=True)
    group = models.ForeignKey("social.Group", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    currency = money.currency_field()
    net = money.amount_field(default=0)  # positive: is owed

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user", "currency"], name="group_balance_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.net} {self.currency} in {self.group_id}"


class PairBalance(models.Model):
    id = models.BigAutoField(primary_key=True)
    scope = models.UUIDField()  # a group's id, or NO_GROUP
    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    currency = money.currency_field()
    amount = money.amount_field(default=0)  # what user_high owes user_low (negative: the reverse)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "user_low", "user_high", "currency"], name="pair_balance_unique"),
            models.CheckConstraint(condition=models.Q(user_low__lt=models.F("user_high")), name="pair_balance_ordered"),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"], name="pair_balance_high_idx")]

    def __str__(self) -> str:
        return f"{self.user_high_id} owes {self.user_low_id} {self.amount} {self.currency}"
