"""A receipt (photo or PDF) of a khata entry, read by every member of the business (as the
entry is); the file rules are config/receipts.py's."""

from __future__ import annotations

from django.db import models

from config.receipts import ReceiptBase


class EntryReceipt(ReceiptBase):
    business = models.ForeignKey("khata.Business", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey("khata.Entry", on_delete=models.CASCADE, related_name="receipts")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["entry", "created_at"], name="khata_receipt_entry_idx")]

    def __str__(self) -> str:
        return self.name
