"""Invoices and their state machine.

draft -> listed -> partially_funded -> funded -> repaid
draft | listed (nothing funded yet) -> withdrawn
listed | partially_funded -> expired (not fully funded by the due date; beat refunds investors)
funded -> overdue (due date passed, beat) -> defaulted (N days after due, beat)
overdue | defaulted -> repaid (a late full repayment)

The `can_*` predicates are the one statement of which transitions are legal; actions check
them with the row locked.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from config import money
from realtime.models import Synced


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft"
    LISTED = "listed"
    PARTIALLY_FUNDED = "partially_funded"
    FUNDED = "funded"
    REPAID = "repaid"
    WITHDRAWN = "withdrawn"
    OVERDUE = "overdue"
    DEFAULTED = "defaulted"
    EXPIRED = "expired"


# On the marketplace: investors may fund these.
OPEN_STATUSES = (InvoiceStatus.LISTED, InvoiceStatus.PARTIALLY_FUNDED)
# Ended without financing (withdrawn, or expired unfunded): kept as history, no longer holding
# its number or its khata bill, so the bill can be listed again (the unique constraints below).
RELEASED_STATUSES = ["withdrawn", "expired"]
# Disbursed and not yet fully repaid: the seller may repay.
REPAYABLE_STATUSES = (InvoiceStatus.FUNDED, InvoiceStatus.OVERDUE, InvoiceStatus.DEFAULTED)


class Invoice(Synced):
    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invoices")
    buyer_name = models.CharField(max_length=200)
    buyer_gstin = models.CharField(max_length=15, blank=True)
    number = models.CharField(max_length=64)
    face_amount = money.amount_field()
    currency = money.currency_field()
    issue_date = models.DateField()
    due_date = models.DateField()
    # Annual discount rate in percent (12.5 means 12.5% a year).
    discount_rate = models.DecimalField(max_digits=7, decimal_places=4)
    min_ticket = money.amount_field()
    document_url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    # Fixed when listed: what investors pay in total, and the days it was priced over.
    advance_amount = money.amount_field(null=True, blank=True)
    priced_days = models.PositiveIntegerField(null=True, blank=True)
    funded_amount = money.amount_field(default=0)
    fee_amount = money.amount_field(default=0)
    repaid_amount = money.amount_field(default=0)
    # A khata bill this listing was made from (one live listing per bill).
    source_bill_id = models.UUIDField(null=True, blank=True)
    listed_at = models.DateTimeField(null=True, blank=True)
    funded_at = models.DateTimeField(null=True, blank=True)
    repaid_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    defaulted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(face_amount__gt=0), name="invoice_face_positive"),
            models.CheckConstraint(
                condition=models.Q(min_ticket__gt=0) & models.Q(min_ticket__lte=models.F("face_amount")),
                name="invoice_min_ticket_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(discount_rate__gt=0) & models.Q(discount_rate__lt=100),
                name="invoice_rate_in_range",
            ),
            models.CheckConstraint(condition=models.Q(due_date__gt=models.F("issue_date")), name="invoice_due_after_issue"),
            models.CheckConstraint(
                condition=models.Q(funded_amount__gte=0)
                & (models.Q(advance_amount__isnull=True, funded_amount=0)
                   | models.Q(funded_amount__lte=models.F("advance_amount"))),
                name="invoice_never_overfunded",
            ),
            models.CheckConstraint(
                condition=models.Q(repaid_amount__gte=0) & models.Q(repaid_amount__lte=models.F("face_amount")),
                name="invoice_repaid_within_face",
            ),
            # A withdrawn or expired invoice stays as history and frees its number and bill.
            models.UniqueConstraint(
                fields=["seller", "number"],
                condition=~models.Q(status__in=RELEASED_STATUSES) & models.Q(deleted_at__isnull=True),
                name="invoice_number_unique_per_seller",
            ),
            models.UniqueConstraint(
                fields=["source_bill_id"],
                condition=~models.Q(status__in=RELEASED_STATUSES) & models.Q(deleted_at__isnull=True),
                name="invoice_one_listing_per_bill",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="invoice_status_due_idx"),
            models.Index(fields=["seller", "-created_at"], name="invoice_seller_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.buyer_name}) {self.status}"

    # --- state predicates (call with the row locked before acting on them) ---
    def can_edit(self) -> bool:
        return self.status == InvoiceStatus.DRAFT

    def can_list(self) -> bool:
        return self.status == InvoiceStatus.DRAFT

    def can_withdraw(self) -> bool:
        return self.status == InvoiceStatus.DRAFT or (
            self.status == InvoiceStatus.LISTED and self.funded_amount == 0
        )

    def can_fund(self) -> bool:
        return self.status in OPEN_STATUSES

    def can_repay(self) -> bool:
        return self.status in REPAYABLE_STATUSES and self.repaid_amount < self.face_amount

    def can_expire(self) -> bool:
        return self.status in OPEN_STATUSES

    def can_mark_overdue(self) -> bool:
        return self.status == InvoiceStatus.FUNDED

    def can_default(self) -> bool:
        return self.status == InvoiceStatus.OVERDUE

    @property
    def remaining_amount(self) -> Decimal:
        """What investors may still fund."""
        if self.advance_amount is None:
            return Decimal(0)
        return self.advance_amount - self.funded_amount

    @property
    def outstanding_amount(self) -> Decimal:
        """Face value the seller still has to repay (once disbursed)."""
        return self.face_amount - self.repaid_amount

    def audience_ids(self) -> list:
        """Who sees this invoice now. A listing open for funding is public to every active
        user (every user may invest); afterwards only the seller and its investors."""
        if self.status in OPEN_STATUSES and self.deleted_at is None:
            from social.models import User

            return list(User.objects.filter(is_active=True).values_list("id", flat=True))
        return self.participant_ids()

    def participant_ids(self) -> list:
        """The seller and everyone who has invested in this invoice."""
        investors = self.investments.values_list("investor_id", flat=True)
        return [self.seller_id, *investors]

    def money(self, amount: Decimal) -> str:
        return money.format_amount(amount, self.currency)
