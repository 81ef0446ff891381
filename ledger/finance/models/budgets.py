from __future__ import annotations

from django.conf import settings
from django.db import models

from config.money import amount_field, currency_field
from realtime.models import Synced


class Period(models.TextChoices):
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


def default_thresholds() -> list[int]:
    return [80, 100]


class Budget(Synced):
    """A limit on spending per period, for one category (with its sub-categories) or, with no
    category, for all expenses. Amounts are in `currency` (the owner's default currency when
    made); spending in other currencies is converted at the rate of each transaction's date."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="finance_budgets")
    name = models.CharField(max_length=100)
    category = models.ForeignKey("finance.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=5, choices=Period.choices, default=Period.MONTH)
    amount = amount_field()
    currency = currency_field()
    # Percentages of `amount` at which to alert, ascending (default 80 and 100).
    thresholds = models.JSONField(default=default_thresholds)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="fin_budget_amount_positive")]

    def __str__(self) -> str:
        return self.name


class BudgetAlert(Synced):
    """A threshold crossed, once per budget, threshold and period: the unique constraint is
    the claim, so two devices recording at once (or the catch-up beat) cannot alert twice."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="alerts")
    threshold = models.PositiveSmallIntegerField()
    period_start = models.DateField()
    period_end = models.DateField()
    spent = amount_field()
    currency = currency_field()
    percentage = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-period_start", "threshold", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "threshold", "period_start"], name="fin_budget_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} {self.threshold}% {self.period_start}"
