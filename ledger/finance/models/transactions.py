"""Transactions. Money rules:

- `amount` is positive, in the account's currency; the direction (expense, income,
  transfer) is a field, not a sign.
- A transfer moves `amount` out of `account` and `transfer_amount` (in the other account's
  currency; equal to `amount` when the currencies match) into `transfer_account`.
- A balance is derived: opening balance + income − expense − transfers out + transfers in,
  over live (not tombstoned) transactions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from config.money import amount_field, currency_field
from realtime.models import Synced


class Direction(models.TextChoices):
    EXPENSE = "expense"
    INCOME = "income"
    TRANSFER = "transfer"


class Source(models.TextChoices):
    MANUAL = "manual"
    IMPORT = "import"
    RECURRING = "recurring"
    BILL = "bill"
    SHARED = "shared"


class Transaction(Synced):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="finance_transactions")
    account = models.ForeignKey("finance.Account", on_delete=models.PROTECT, related_name="transactions")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    amount = amount_field()
    currency = currency_field()
    transfer_account = models.ForeignKey(
        "finance.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="transfers_in"
    )
    transfer_amount = amount_field(null=True, blank=True)
    category = models.ForeignKey("finance.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payee = models.CharField(max_length=200, blank=True)
    date = models.DateField()
    notes = models.TextField(blank=True, max_length=2000)
    tags = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    # The bank's id for the line (OFX FITID, or a CSV id column): never imported twice.
    fitid = models.CharField(max_length=255, null=True, blank=True)
    # The shared expense this is the user's share of (opt-in posting from social).
    shared_expense_id = models.UUIDField(null=True, blank=True)
    # Split across categories: the parts (TransactionPart) carry the categories, `category` is
    # empty, and reports and budgets count the parts instead of the whole.
    split = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date", "-created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fin_txn_amount_positive"),
            models.CheckConstraint(
                condition=(
                    models.Q(direction="transfer", transfer_account__isnull=False, transfer_amount__gt=0)
                    | (~models.Q(direction="transfer") & models.Q(transfer_account__isnull=True, transfer_amount__isnull=True))
                ),
                name="fin_txn_transfer_has_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(transfer_account=models.F("account")), name="fin_txn_transfer_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["account", "fitid"], condition=models.Q(fitid__isnull=False), name="fin_txn_fitid_once"
            ),
            models.CheckConstraint(condition=models.Q(split=False) | models.Q(category__isnull=True),
                                   name="fin_txn_split_has_no_category"),
            models.UniqueConstraint(
                fields=["owner", "shared_expense_id"], condition=models.Q(shared_expense_id__isnull=False),
                name="fin_txn_one_per_shared_expense",
            ),
        ]
        indexes = [
            # Covering: reports and budget progress read only these columns (index-only scans).
            models.Index(
                fields=["owner", "date"], name="fin_txn_owner_date_idx", condition=models.Q(deleted_at__isnull=True),
                include=["direction", "category_id", "currency", "amount"],
            ),
            models.Index(fields=["account", "date"], name="fin_txn_account_date_idx"),
            models.Index(fields=["transfer_account", "date"], name="fin_txn_xfer_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.amount} {self.currency} on {self.date}"


class TransactionPart(models.Model):
    """One category's part of a split transaction. The parts of a transaction add up to its
    amount exactly (checked by the action that writes them, the only writer; a test
    recomputes it). `currency`, `date` and `direction` repeat the transaction's, so reports
    group and convert parts with the same SQL as whole transactions; the action rewrites the
    parts whenever the transaction changes."""

    id = models.BigAutoField(primary_key=True)
    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="parts")
    category = models.ForeignKey("finance.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = amount_field()
    currency = currency_field()
    date = models.DateField()
    direction = models.CharField(max_length=8, choices=Direction.choices)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="fin_part_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} of {self.transaction_id}"
