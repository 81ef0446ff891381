"""Recurring group expenses (rent, subscriptions): a template that beat turns into one
expense per period, exactly once (`config.repeats`, as personal recurring transactions)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from config import money
from realtime.models import Synced
from social.models.expenses import SplitMethod


class RecurringRepeat(models.TextChoices):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


class RecurringExpense(Synced):
    group = models.ForeignKey("social.Group", on_delete=models.PROTECT, related_name="recurring_expenses")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200)
    amount = money.amount_field()
    currency = money.currency_field()
    category = models.CharField(max_length=50, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    # As an expense holds them: payers [{user, amount}] and the split as given, ids and amounts as strings.
    paid_by = models.JSONField(default=list)
    split_method = models.CharField(max_length=8, choices=SplitMethod.choices)
    split = models.JSONField(default=dict)
    repeat = models.CharField(max_length=8, choices=RecurringRepeat.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Index and date of the next occurrence not yet made (None when finished or stopped).
    next_index = models.PositiveIntegerField(default=0)
    next_date = models.DateField(null=True, blank=True)
    # Why beat stopped making it (a member left, …): shown to the group; empty while it runs.
    stopped_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["next_date", "description", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="recurring_expense_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="recurring_expense_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["next_date"], name="recurring_expense_next_idx",
                                condition=models.Q(deleted_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.description} {self.repeat}"


class RecurringExpenseOccurrence(models.Model):
    """The claim: one row per recurring expense and date, so a second (or late) beat finds
    the period taken and makes nothing."""

    id = models.BigAutoField(primary_key=True)
    recurring = models.ForeignKey(RecurringExpense, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField()
    expense = models.ForeignKey("social.Expense", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recurring", "date"], name="recurring_expense_once_per_date")]

    def __str__(self) -> str:
        return f"{self.recurring_id} @ {self.date}"
