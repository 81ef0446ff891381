"""An investor's position in one invoice: what they paid in (`amount`, the sum of their
fundings) and, once the invoice is fully funded, the share of the face value they own
(`face_share`, split from the face by largest remainder so the shares add up exactly)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from config import money
from realtime.models import Synced


class Investment(Synced):
    invoice = models.ForeignKey("invoicing.Invoice", on_delete=models.PROTECT, related_name="investments")
    investor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="investments")
    currency = money.currency_field()
    amount = money.amount_field()
    face_share = money.amount_field(null=True, blank=True)
    repaid_amount = money.amount_field(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Set when the listing expired unfunded and the amount went back to the investor.
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "investor"], name="investment_one_per_investor"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="investment_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(repaid_amount__gte=0)
                & (models.Q(face_share__isnull=True, repaid_amount=0)
                   | models.Q(repaid_amount__lte=models.F("face_share"))),
                name="investment_repaid_within_share",
            ),
        ]
        indexes = [models.Index(fields=["investor", "-created_at"], name="investment_investor_idx")]

    def __str__(self) -> str:
        return f"{self.investor_id} in {self.invoice_id}: {self.amount}"

    def audience_ids(self) -> list:
        return [self.investor_id, self.invoice.seller_id]
