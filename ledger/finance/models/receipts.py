"""A receipt (photo or PDF) of a personal transaction; the rules are config/receipts.py's."""

from __future__ import annotations

from django.db import models

from config.receipts import ReceiptBase


class TransactionReceipt(ReceiptBase):
    transaction = models.ForeignKey("finance.Transaction", on_delete=models.CASCADE, related_name="receipts")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["transaction", "created_at"], name="fin_receipt_txn_idx")]

    def __str__(self) -> str:
        return self.name
