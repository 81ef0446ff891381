"""Settlements (a recorded payment that moves balances) and IOUs (udhari).

An IOU is between its owner and either a friend (a user) or a contact who is not (yet) a
user; `settled` grows with each (partial) settlement and never passes `amount`.

The lender settles. The borrower may record a payment (`IOUPayment`, pending): its amount
waits in `pending` until the lender confirms it (then it is settled) or disputes it (then it
is dropped); `settled + pending` never passes `amount` (a database constraint)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from config import money
from realtime.models import Synced


class Settlement(Synced):
    group = models.ForeignKey("social.Group", on_delete=models.PROTECT, null=True, blank=True, related_name="settlements")
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    payee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amount = money.amount_field()
    currency = money.currency_field()
    date = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="settlement_amount_positive"),
            models.CheckConstraint(condition=~models.Q(payer=models.F("payee")), name="settlement_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.payer_id} paid {self.payee_id} {self.amount} {self.currency}"


class Direction(models.TextChoices):
    LENT = "lent"  # the owner gave money: the other owes the owner
    BORROWED = "borrowed"


class IOU(Synced):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    friend = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contact_name = models.CharField(max_length=150, blank=True)
    contact_phone = models.CharField(max_length=16, blank=True)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    amount = money.amount_field()
    settled = money.amount_field(default=0)
    pending = money.amount_field(default=0)
    currency = money.currency_field()
    date = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="iou_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(settled__gte=0, settled__lte=models.F("amount")), name="iou_settled_within_amount"
            ),
            models.CheckConstraint(
                condition=models.Q(pending__gte=0, pending__lte=models.F("amount") - models.F("settled")),
                name="iou_pending_within_outstanding",
            ),
            models.CheckConstraint(
                condition=models.Q(friend__isnull=False) | ~models.Q(contact_name=""), name="iou_has_counterparty"
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "-date"], name="iou_owner_idx"),
            models.Index(fields=["friend", "-date"], name="iou_friend_idx"),
        ]

    def __str__(self) -> str:
        return f"IOU {self.direction} {self.amount} {self.currency}"

    @property
    def outstanding(self):
        return self.amount - self.settled

    def member_ids(self) -> list:
        return [u for u in (self.owner_id, self.friend_id) if u is not None]

    @property
    def lender_id(self):
        """The user owed (None when that is a contact who is not a user)."""
        return self.owner_id if self.direction == Direction.LENT else self.friend_id

    @property
    def borrower_id(self):
        return self.friend_id if self.direction == Direction.LENT else self.owner_id


class PaymentStatus(models.TextChoices):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


class IOUPayment(Synced):
    """A repayment the borrower says they made; it counts once the lender confirms it."""

    iou = models.ForeignKey(IOU, on_delete=models.CASCADE, related_name="payments")
    amount = money.amount_field()
    currency = money.currency_field()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="iou_payment_amount_positive")]

    def __str__(self) -> str:
        return f"IOU payment {self.amount} {self.currency} ({self.status})"

    def can_decide(self) -> bool:
        return self.status == PaymentStatus.PENDING
