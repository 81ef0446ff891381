"""Payment reminders: one row per party per day claims the work (a unique constraint), so a
beat that fires twice reminds once."""

from __future__ import annotations

from django.db import models

from config.money import amount_field
from ledger.khata.models.business import Business
from ledger.khata.models.parties import Party
from realtime.models import Synced


class Reminder(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="reminders")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    amount = amount_field()
    message = models.TextField()
    upi_link = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-day", "id"]
        constraints = [models.UniqueConstraint(fields=["party", "day"], name="khata_reminder_once_per_day")]

    @property
    def currency(self) -> str:
        return self.business.currency
