"""A receipt (photo or PDF) of a khata entry or of a bill (the supplier's paper bill, the
signed delivery chit), read by every member of the business (as entries and bills are); the
file rules are config/receipts.py's. Exactly one of `entry` and `bill` is set."""

from __future__ import annotations

from django.db import models

from config.receipts import ReceiptBase


class EntryReceipt(ReceiptBase):
    business = models.ForeignKey("khata.Business", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey("khata.Entry", on_delete=models.CASCADE, related_name="receipts", null=True, blank=True)
    bill = models.ForeignKey("khata.Bill", on_delete=models.CASCADE, related_name="receipts", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["entry", "created_at"], name="khata_receipt_entry_idx"),
                   models.Index(fields=["bill", "created_at"], name="khata_receipt_bill_idx")]
        constraints = [models.CheckConstraint(
            condition=models.Q(entry__isnull=False, bill__isnull=True) | models.Q(entry__isnull=True, bill__isnull=False),
            name="khata_receipt_of_one_record")]

    def __str__(self) -> str:
        return self.name
