"""The double-entry journal (django-hordak's shape, kept small).

Money rules:
- Every movement of money is one `Posting` (a business event) with two or more `Leg`s. A leg's
  signed `amount` is what it adds to its account's balance; the legs of a posting sum to zero,
  in one currency. PostgreSQL enforces this at commit with a deferred constraint trigger
  (migration 0002), so no code path, not even a raw insert, can commit an unbalanced posting.
- `Account.balance` is a cache of the sum of the account's legs, changed only by
  `invoicing.actions.journal.post` under a row lock (accounts locked in pk order). A
  CheckConstraint keeps every account but the treasury at zero or above.
- The treasury is the platform's source of demo money; it is the only account that may go
  negative, so the sum of all balances is always exactly zero.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from config import money
from realtime.models import Synced


class AccountKind(models.TextChoices):
    WALLET = "wallet"  # a user's wallet, one per user and currency
    ESCROW = "escrow"  # one per invoice: investors' money until disbursement
    FEE = "fee"  # platform fee income, one per currency
    TREASURY = "treasury"  # platform treasury (demo credit and top-ups), one per currency


class Account(Synced):
    """Synced because a user's wallet reaches their devices (`wallet.balance_changed`)."""

    kind = models.CharField(max_length=16, choices=AccountKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invoice = models.OneToOneField(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="escrow"
    )
    currency = money.currency_field()
    balance = money.amount_field(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="treasury") | models.Q(balance__gte=0),
                name="account_balance_not_negative",
            ),
            models.CheckConstraint(
                condition=(
                    (models.Q(kind="wallet") & models.Q(owner__isnull=False) & models.Q(invoice__isnull=True))
                    | (models.Q(kind="escrow") & models.Q(owner__isnull=True) & models.Q(invoice__isnull=False))
                    | (models.Q(kind__in=["fee", "treasury"]) & models.Q(owner__isnull=True)
                       & models.Q(invoice__isnull=True))
                ),
                name="account_kind_shape",
            ),
            models.UniqueConstraint(
                fields=["owner", "currency"], condition=models.Q(kind="wallet"), name="account_one_wallet_per_currency"
            ),
            models.UniqueConstraint(
                fields=["kind", "currency"],
                condition=models.Q(kind__in=["fee", "treasury"]),
                name="account_one_platform_account_per_currency",
            ),
        ]

    def __str__(self) -> str:
        who = self.owner_id or self.invoice_id or "platform"
        return f"{self.kind} {who} {self.currency} {self.balance}"


class PostingKind(models.TextChoices):
    DEMO_CREDIT = "demo_credit"
    TOP_UP = "top_up"
    WITHDRAWAL = "withdrawal"
    FUNDING = "funding"
    DISBURSEMENT = "disbursement"
    REPAYMENT = "repayment"
    REFUND = "refund"


class Posting(models.Model):
    """One business event. `reference` makes once-only events (a user's demo credit) unique."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=16, choices=PostingKind.choices)
    memo = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="postings"
    )
    reference = models.CharField(max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"posting {self.pk} {self.kind}"


class Leg(models.Model):
    id = models.BigAutoField(primary_key=True)
    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="legs")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="legs")
    amount = money.amount_field()
    # The account's balance just after this leg: a statement line without a window query.
    balance_after = money.amount_field()

    class Meta:
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="leg_amount_not_zero")]
        indexes = [models.Index(fields=["account", "-id"], name="leg_account_recent_idx")]

    def __str__(self) -> str:
        return f"leg {self.posting_id} {self.account_id} {self.amount}"
