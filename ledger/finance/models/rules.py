"""Rules (as in Firefly III): "when the payee contains X (and/or the amount is in a range, the
account is Y, the direction is Z), set the category, rename the payee, add tags".

Conditions all have to hold (an empty one is not checked; at least one is set, checked by the
action). An amount range is in `currency` and matches only transactions in that currency."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from config.money import amount_field, currency_field
from realtime.models import Synced


class Rule(Synced):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="finance_rules")
    name = models.CharField(max_length=60)
    position = models.PositiveIntegerField(default=0)  # rules run in this order (then oldest first)
    active = models.BooleanField(default=True)
    # conditions
    payee_contains = models.CharField(max_length=100, blank=True)
    direction = models.CharField(max_length=8, blank=True, choices=[("expense", "expense"), ("income", "income"),
                                                                    ("transfer", "transfer")])
    account = models.ForeignKey("finance.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    currency = currency_field(blank=True)
    min_amount = amount_field(null=True, blank=True)
    max_amount = amount_field(null=True, blank=True)
    # what it does
    set_category = models.ForeignKey("finance.Category", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    set_payee = models.CharField(max_length=200, blank=True)
    add_tags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_amount__isnull=True) | models.Q(max_amount__isnull=True)
                | models.Q(min_amount__lte=models.F("max_amount")),
                name="fin_rule_range_in_order",
            ),
            models.CheckConstraint(
                condition=(models.Q(min_amount__isnull=True) & models.Q(max_amount__isnull=True)) | ~models.Q(currency=""),
                name="fin_rule_range_has_currency",
            ),
        ]
        indexes = [models.Index(fields=["owner", "position"], name="fin_rule_owner_idx",
                                condition=models.Q(deleted_at__isnull=True))]

    def __str__(self) -> str:
        return self.name
