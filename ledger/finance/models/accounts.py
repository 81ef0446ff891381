"""Accounts (where money sits) and each user's finance settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from config.money import amount_field, currency_field
from realtime.models import Synced


class AccountKind(models.TextChoices):
    CASH = "cash"
    BANK = "bank"
    CARD = "card"
    WALLET = "wallet"


class Account(Synced):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="finance_accounts")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=AccountKind.choices)
    currency = currency_field()
    # What the account held before the first recorded transaction; may be negative (a card).
    opening_balance = amount_field(default=0)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner", "name"], name="fin_account_owner_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.currency})"


class FinanceSettings(Synced):
    """One row per user, made lazily (with the default categories) on first use of finance:
    social knows nothing of finance, so nothing is made at registration."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="finance_settings")
    # Opt-in: post my share of shared expenses to this account as expenses.
    post_shared_expenses = models.BooleanField(default=False)
    shared_expense_account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "finance settings"

    def __str__(self) -> str:
        return f"finance settings of {self.user_id}"
