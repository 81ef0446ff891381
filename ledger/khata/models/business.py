"""A business is also its settings row: the invoice counter lives on it, and bill numbering
locks this row (see actions.bills)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from config import clock
from config.money import currency_field
from realtime.models import Synced


class Role(models.TextChoices):
    OWNER = "owner"
    MANAGER = "manager"
    CLERK = "clerk"


# Higher is more power; checks compare ranks.
ROLE_RANK = {Role.CLERK: 1, Role.MANAGER: 2, Role.OWNER: 3}


class Business(Synced):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=16, blank=True)
    gstin = models.CharField(max_length=15, blank=True)
    # GST state code (2 digits): decides CGST+SGST vs IGST. From the GSTIN when given.
    state_code = models.CharField(max_length=2, blank=True)
    currency = currency_field(default="INR")
    # The business's own day: "today", default dates, punch days, day summaries and
    # reminder schedules are computed in this zone (an IANA name).
    time_zone = models.CharField(max_length=64, default="Asia/Kolkata")
    # The current bill series and its next number (numbers are unique and gap-free per
    # business and series; a new series, e.g. a new financial year, may start at 1).
    invoice_prefix = models.CharField(max_length=16, default="INV-")
    next_invoice_number = models.PositiveIntegerField(default=1)
    default_tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    default_payment_terms_days = models.PositiveSmallIntegerField(default=15)
    upi_id = models.CharField(max_length=80, blank=True)
    # Reminder schedule: remind a customer who has owed for `reminder_after_days`, then
    # every `reminder_every_days` while the balance stays positive.
    reminders_enabled = models.BooleanField(default=True)
    reminder_after_days = models.PositiveSmallIntegerField(default=7)
    reminder_every_days = models.PositiveSmallIntegerField(default=7)
    logo_url = models.URLField(max_length=500, blank=True)
    # Post cash bill payments and gave/got entries settled in cash to the cashbook.
    auto_cashbook = models.BooleanField(default=True)
    # Shift rules for attendance.
    shift_minutes = models.PositiveSmallIntegerField(default=480)
    half_day_minutes = models.PositiveSmallIntegerField(default=240)
    grace_minutes = models.PositiveSmallIntegerField(default=15)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(next_invoice_number__gte=1), name="khata_business_next_number_pos"),
            models.CheckConstraint(
                condition=Q(default_tax_rate__gte=0) & Q(default_tax_rate__lte=100), name="khata_business_tax_rate"
            ),
            models.CheckConstraint(
                condition=Q(half_day_minutes__lte=models.F("shift_minutes")), name="khata_business_half_day_le_shift"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def today(self) -> dt.date:
        """Today in the business's own zone (a shop's day ends at its own midnight)."""
        return clock.today_in(self.time_zone)

    def day_of(self, instant: dt.datetime) -> dt.date:
        """The business's calendar day that `instant` belongs to (a punch at 01:00 IST is that IST day)."""
        return clock.day_of(instant, self.time_zone)


class Membership(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="khata_memberships")
    role = models.CharField(max_length=8, choices=Role.choices)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "user"], condition=Q(deleted_at=None), name="khata_one_live_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} of {self.business_id}"
