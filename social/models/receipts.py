"""A receipt (photo or PDF) attached to an expense: the rules are in config/receipts.py."""

from __future__ import annotations

from django.db import models

from config.receipts import ReceiptBase


class Receipt(ReceiptBase):
    expense = models.ForeignKey("social.Expense", on_delete=models.PROTECT, related_name="receipts")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["expense", "created_at"], name="receipt_expense_idx")]

    def __str__(self) -> str:
        return self.name
