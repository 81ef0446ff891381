"""Bills (sale invoices), their lines and payments.

Money rules: every amount is exact Decimal at the business currency's precision. Tax is
computed and rounded per line (as Indian GST invoices are), CGST and SGST each rounded on
their own half-rate; the grand total is then rounded to the whole rupee with the round-off
shown. Status is derived from the stored state, the payments and the due date, so
"overdue" can never go stale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from config.money import amount_field, currency_field
from ledger.khata.models.business import Business
from ledger.khata.models.parties import Party
from realtime.models import Synced


class BillState(models.TextChoices):
    """What is stored; `BillStatus` is what is shown."""

    DRAFT = "draft"
    ISSUED = "issued"
    CANCELLED = "cancelled"


class BillStatus(models.TextChoices):
    DRAFT = "draft"
    PENDING = "pending"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    CANCELLED = "cancelled"


class TaxMode(models.TextChoices):
    INTRA = "intra", "CGST + SGST"
    INTER = "inter", "IGST"


class Bill(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="bills")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="bills")
    state = models.CharField(max_length=10, choices=BillState.choices, default=BillState.DRAFT)
    # Gap-free per business, taken when the bill is issued; `number` is the printed form.
    seq = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(max_length=40, blank=True)
    # The series (the business's invoice prefix when the bill was numbered).
    series = models.CharField(max_length=16, blank=True, default="")
    # The marketplace invoice financing this bill while it is listed or funded (no foreign
    # key: ledger does not know invoicing). While set, khata payments on the bill are refused.
    financed_by = models.UUIDField(null=True, blank=True)
    currency = currency_field()
    issue_date = models.DateField()
    due_date = models.DateField()
    tax_mode = models.CharField(max_length=5, choices=TaxMode.choices)
    discount = amount_field(default=0)
    subtotal = amount_field(default=0)
    taxable = amount_field(default=0)
    cgst = amount_field(default=0)
    sgst = amount_field(default=0)
    igst = amount_field(default=0)
    tax_total = amount_field(default=0)
    round_off = amount_field(default=0)
    total = amount_field(default=0)
    paid = amount_field(default=0)
    notes = models.TextField(blank=True, max_length=2000)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issue_date", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "series", "seq"], condition=Q(seq__isnull=False),
                name="khata_bill_number_unique_in_series",
            ),
            models.CheckConstraint(condition=Q(paid__gte=0) & Q(paid__lte=F("total")), name="khata_bill_paid_range"),
            models.CheckConstraint(
                condition=Q(state=BillState.DRAFT) | Q(seq__isnull=False), name="khata_issued_bill_numbered"
            ),
            models.CheckConstraint(condition=Q(due_date__gte=F("issue_date")), name="khata_bill_due_after_issue"),
        ]
        indexes = [models.Index(fields=["business", "state", "due_date"], name="khata_bill_due_idx")]

    def __str__(self) -> str:
        return self.number or f"draft {self.id}"

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.paid

    def status_on(self, today: dt.date) -> str:
        if self.state == BillState.DRAFT:
            return BillStatus.DRAFT
        if self.state == BillState.CANCELLED:
            return BillStatus.CANCELLED
        if self.paid >= self.total:
            return BillStatus.PAID
        if self.due_date < today:
            return BillStatus.OVERDUE
        return BillStatus.PARTIALLY_PAID if self.paid > 0 else BillStatus.PENDING

    @property
    def status(self) -> str:

        return self.status_on(self.business.today())

    def can_edit(self) -> bool:
        return self.state == BillState.DRAFT

    def can_cancel(self) -> bool:
        return self.state == BillState.ISSUED and self.paid == 0


class BillLine(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    hsn = models.CharField(max_length=8, blank=True)
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    unit = models.CharField(max_length=12, blank=True)
    unit_price = amount_field()
    discount = amount_field(default=0)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    # Computed: gross = qty x price (exact), taxable after line and bill discount, tax
    # rounded per line; tax_exact - (cgst+sgst+igst) is the rounding shown on the bill.
    gross = amount_field()
    bill_discount = amount_field(default=0)
    taxable = amount_field()
    tax_exact = models.DecimalField(max_digits=24, decimal_places=8)
    cgst = amount_field(default=0)
    sgst = amount_field(default=0)
    igst = amount_field(default=0)
    amount = amount_field()

    class Meta:
        ordering = ["bill", "position"]
        constraints = [models.UniqueConstraint(fields=["bill", "position"], name="khata_line_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.igst

    @property
    def tax_rounding(self) -> Decimal:
        return self.tax - self.tax_exact


class Payment(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="payments")
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="payments")
    amount = amount_field()
    date = models.DateField()
    mode = models.CharField(max_length=8, default="cash")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="khata_payment_amount_pos")]
        indexes = [models.Index(fields=["party", "date"], name="khata_payment_party_date_idx")]

    @property
    def currency(self) -> str:
        return self.business.currency
