"""Cashbook: money in and out of the till. The running balance is derived (a window sum in
date order), never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from config.money import amount_field
from ledger.khata.models.business import Business
from realtime.models import Synced


class CashDirection(models.TextChoices):
    IN = "in"
    OUT = "out"


class PaymentMode(models.TextChoices):
    CASH = "cash"
    UPI = "upi"
    BANK = "bank"
    CARD = "card"
    CHEQUE = "cheque"


class CashSource(models.TextChoices):
    MANUAL = "manual"
    ENTRY = "entry"
    PAYMENT = "payment"


class CashEntry(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="cash_entries")
    direction = models.CharField(max_length=3, choices=CashDirection.choices)
    amount = amount_field()
    date = models.DateField()
    category = models.CharField(max_length=60, blank=True)
    mode = models.CharField(max_length=6, choices=PaymentMode.choices, default=PaymentMode.CASH)
    note = models.CharField(max_length=300, blank=True)
    # Posted automatically from a cash bill payment or a gave/got entry settled in cash: that
    # record's id.
    source = models.CharField(max_length=8, choices=CashSource.choices, default=CashSource.MANUAL)
    source_id = models.UUIDField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="khata_cash_amount_pos"),
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=Q(source_id__isnull=False), name="khata_cash_posted_once"
            ),
        ]
        indexes = [models.Index(fields=["business", "date", "created_at"], name="khata_cash_date_idx")]

    @property
    def currency(self) -> str:
        return self.business.currency

    @property
    def signed(self):
        return self.amount if self.direction == CashDirection.IN else -self.amount
