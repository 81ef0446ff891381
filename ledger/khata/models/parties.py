"""Parties and gave/got entries.

Sign convention: a party's balance is what the party owes the business (positive = "owes
me", negative = "I owe"). Debits raise it (a `gave` entry, an issued bill), credits lower it
(a `got` entry, a payment). The stored balance is guarded by a constraint tying it to the
stored totals: balance = opening_balance + debits - credits, debits >= 0, credits >= 0.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from config.money import amount_field
from ledger.khata.models.business import Business
from realtime.models import Synced


class PartyKind(models.TextChoices):
    CUSTOMER = "customer"
    SUPPLIER = "supplier"


class Party(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=8, choices=PartyKind.choices)
    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=16, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    gstin = models.CharField(max_length=15, blank=True)
    state_code = models.CharField(max_length=2, blank=True)
    opening_balance = amount_field(default=0)
    credit_limit = amount_field(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    debits = amount_field(default=0)
    credits = amount_field(default=0)
    balance = amount_field(default=0)
    # The day the balance last turned positive (reminders count from it); None when settled.
    owed_since = models.DateField(null=True, blank=True)
    # Statement links carry this number; withdrawing them moves it on, so every link sent
    # before stops working (ledger.khata.statement_links).
    share_generation = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(balance=F("opening_balance") + F("debits") - F("credits")),
                name="khata_party_balance_matches_totals",
            ),
            models.CheckConstraint(condition=Q(debits__gte=0) & Q(credits__gte=0), name="khata_party_totals_pos"),
            models.CheckConstraint(
                condition=Q(credit_limit__isnull=True) | Q(credit_limit__gte=0), name="khata_party_credit_limit_pos"
            ),
        ]
        indexes = [
            models.Index(fields=["business", "name", "id"], name="khata_party_list_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def currency(self) -> str:
        return self.business.currency


class EntryKind(models.TextChoices):
    GAVE = "gave"
    GOT = "got"


class Settlement(models.TextChoices):
    """How an entry was settled. Credit (the default) moves only the party's balance: goods
    or money given on credit, goods received on credit. A payment names its method; only a
    payment in cash moves the cashbook."""

    CREDIT = "credit"
    PAYMENT = "payment"


class Entry(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="entries")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=4, choices=EntryKind.choices)
    amount = amount_field()
    date = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    attachment_url = models.URLField(max_length=500, blank=True)
    settlement = models.CharField(max_length=7, choices=Settlement.choices, default=Settlement.CREDIT)
    # The payment method (PaymentMode) when settled by a payment; blank for credit.
    mode = models.CharField(max_length=8, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="khata_entry_amount_pos"),
            models.CheckConstraint(
                condition=(Q(settlement=Settlement.CREDIT) & Q(mode=""))
                | (Q(settlement=Settlement.PAYMENT) & ~Q(mode="")),
                name="khata_entry_mode_iff_payment",
            ),
        ]
        indexes = [models.Index(fields=["party", "date", "created_at"], name="khata_entry_party_date_idx")]

    @property
    def moves_cash(self) -> bool:
        return self.settlement == Settlement.PAYMENT and self.mode == "cash"

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"

    @property
    def currency(self) -> str:
        return self.business.currency

    @property
    def signed(self):
        return self.amount if self.kind == EntryKind.GAVE else -self.amount


class EntryRevision(models.Model):
    """What an entry looked like before each edit, delete or restore (its history)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=4, choices=EntryKind.choices)
    amount = amount_field()
    date = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    deleted = models.BooleanField(default=False)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "version"]
        constraints = [models.UniqueConstraint(fields=["entry", "version"], name="khata_revision_once")]

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.version}"
