"""Expenses, the shares they create, comments and the activity history.

`Share` is the ledger: one row per user per entry (an expense, or a settlement), holding
what the user paid, what they owe and `net` = paid - owed. The nets of one entry sum to zero
(a test recomputes it). `live` is false while the entry is tombstoned."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from config import money
from realtime.models import Synced


class SplitMethod(models.TextChoices):
    EQUAL = "equal"
    EXACT = "exact"
    PERCENT = "percent"
    SHARES = "shares"


class Expense(Synced):
    group = models.ForeignKey("social.Group", on_delete=models.PROTECT, null=True, blank=True, related_name="expenses")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200)
    amount = money.amount_field()
    currency = money.currency_field()
    date = models.DateField()
    category = models.CharField(max_length=50, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    split_method = models.CharField(max_length=8, choices=SplitMethod.choices)
    # The split as given (between / amounts / percents / shares), ids and amounts as strings.
    split = models.JSONField(default=dict)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_amount_positive")]
        indexes = [
            models.Index(fields=["group", "-date", "-created_at"], name="expense_group_date_idx"),
            models.Index(fields=["created_by"], name="expense_creator_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.description} {self.amount} {self.currency}"


class Share(models.Model):
    id = models.BigAutoField(primary_key=True)
    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, null=True, blank=True, related_name="shares")
    settlement = models.ForeignKey(
        "social.Settlement", on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )
    group = models.ForeignKey("social.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    currency = money.currency_field()
    paid = money.amount_field(default=0)
    owed = money.amount_field(default=0)
    net = money.amount_field(default=0)
    live = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expense__isnull=False, settlement__isnull=True)
                | models.Q(expense__isnull=True, settlement__isnull=False),
                name="share_one_entry",
            ),
            models.CheckConstraint(condition=models.Q(net=models.F("paid") - models.F("owed")), name="share_net_is_paid_minus_owed"),
            models.CheckConstraint(condition=models.Q(paid__gte=0, owed__gte=0), name="share_parts_not_negative"),
            models.UniqueConstraint(fields=["expense", "user"], name="share_unique_expense_user"),
            models.UniqueConstraint(fields=["settlement", "user"], name="share_unique_settlement_user"),
        ]
        indexes = [
            models.Index(fields=["group", "currency", "user"], name="share_group_idx", condition=models.Q(live=True)),
            models.Index(fields=["user"], name="share_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} net {self.net} {self.currency}"


class Comment(Synced):
    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2000)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Activity(models.Model):
    """Who changed what, when: written by every social action in the same transaction."""

    id = models.BigAutoField(primary_key=True)
    group = models.ForeignKey("social.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verb = models.CharField(max_length=64)  # the event name: expense.updated …
    entity = models.CharField(max_length=32)
    object_id = models.UUIDField()
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # The summary as a message id and its arguments (config.phrases), shown in each reader's
    # language; `summary` keeps the English words for the API.
    phrase = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["group", "-at"], name="activity_group_idx"),
            models.Index(fields=["object_id", "-at"], name="activity_object_idx"),
        ]

    def __str__(self) -> str:
        return self.summary

    def line(self) -> str:
        """The summary in the active language (amounts through config.display)."""
        from config.phrases import Phrase

        said = Phrase.from_json(self.phrase)
        return said.render() if said else self.summary
