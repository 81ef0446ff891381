"""Bills to pay and recurring transactions: both repeat from an anchor date."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from config.money import amount_field, currency_field
from realtime.models import Synced


class BillRepeat(models.TextChoices):
    NONE = "none"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


class RecurringRepeat(models.TextChoices):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


class Bill(Synced):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="finance_bills")
    name = models.CharField(max_length=100)
    amount = amount_field()
    # For a bill that varies (electricity): the top of the expected range.
    amount_max = amount_field(null=True, blank=True)
    currency = currency_field()
    account = models.ForeignKey("finance.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    category = models.ForeignKey("finance.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    payee = models.CharField(max_length=200, blank=True)
    repeat = models.CharField(max_length=8, choices=BillRepeat.choices, default=BillRepeat.MONTHLY)
    anchor_date = models.DateField()
    # Occurrence index of the next unpaid due date (0 = anchor_date).
    occurrence = models.PositiveIntegerField(default=0)
    next_due = models.DateField(null=True, blank=True)  # None once a one-off is paid
    remind_days = models.PositiveSmallIntegerField(default=3)
    last_paid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["next_due", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fin_bill_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(amount_max__isnull=True) | models.Q(amount_max__gte=models.F("amount")),
                name="fin_bill_range_ordered",
            ),
            models.CheckConstraint(condition=models.Q(remind_days__lte=90), name="fin_bill_remind_bounded"),
        ]
        indexes = [models.Index(fields=["next_due"], name="fin_bill_next_due_idx")]

    def __str__(self) -> str:
        return self.name


class Recurring(Synced):
    """A transaction that repeats; beat materialises each occurrence exactly once."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="finance_recurring")
    account = models.ForeignKey("finance.Account", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=8)
    amount = amount_field()
    currency = currency_field()
    transfer_account = models.ForeignKey("finance.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    transfer_amount = amount_field(null=True, blank=True)
    category = models.ForeignKey("finance.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    payee = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    tags = models.JSONField(default=list, blank=True)
    repeat = models.CharField(max_length=8, choices=RecurringRepeat.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Index and date of the next occurrence not yet materialised (None when finished).
    next_index = models.PositiveIntegerField(default=0)
    next_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["next_date", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="fin_recurring_amount_positive")]
        indexes = [models.Index(fields=["next_date"], name="fin_recurring_next_idx")]

    def __str__(self) -> str:
        return f"{self.payee or self.direction} {self.repeat}"


class RecurringOccurrence(models.Model):
    """The claim: one row per recurring item and date, so a second (or late) beat finds the
    occurrence taken and materialises nothing."""

    recurring = models.ForeignKey(Recurring, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField()
    transaction = models.ForeignKey("finance.Transaction", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recurring", "date"], name="fin_recurring_once_per_date")]

    def __str__(self) -> str:
        return f"{self.recurring_id} @ {self.date}"
