"""Bills (sale invoices and suppliers' purchase bills), their lines, payments and credit notes.

Money rules: every amount is exact Decimal at the business currency's precision. Tax is
computed and rounded per line (as Indian GST invoices are), CGST and SGST each rounded on
their own half-rate; the grand total is then rounded to the whole rupee with the round-off
shown. Status is derived from the stored state, the payments and the due date, so
"overdue" can never go stale.

A sale bill debits its customer (they owe more); a purchase bill (`kind` purchase: a
supplier's bill, numbered as the supplier wrote it) credits its supplier (the business owes
more), and a payment on it moves the other way. A credit note (sales return or price
correction) is a sale bill's reverse: its own gap-free series, its lines taxed the bill's
way (same tax mode, same per-line rounding), never more than the bill's total minus the
credit notes already issued; `Bill.credited` sums the live ones.
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
    CREDITED = "credited"  # credit notes took off the whole bill (goods returned): nothing was paid for it
    OVERDUE = "overdue"
    CANCELLED = "cancelled"


class BillKind(models.TextChoices):
    SALE = "sale"
    PURCHASE = "purchase"


class TaxMode(models.TextChoices):
    INTRA = "intra", "CGST + SGST"
    INTER = "inter", "IGST"


class Bill(Synced):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="bills")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="bills")
    kind = models.CharField(max_length=8, choices=BillKind.choices, default=BillKind.SALE)
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
    # The total of the live credit notes against this (sale) bill.
    credited = amount_field(default=0)
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
                condition=Q(state=BillState.DRAFT) | Q(seq__isnull=False) | Q(kind=BillKind.PURCHASE),
                name="khata_issued_bill_numbered",
            ),
            models.CheckConstraint(
                condition=Q(credited__gte=0) & Q(credited__lte=F("total")) & (Q(kind=BillKind.SALE) | Q(credited=0)),
                name="khata_bill_credited_range",
            ),
            models.CheckConstraint(
                condition=Q(kind=BillKind.SALE) | (Q(seq__isnull=True) & ~Q(number="") & ~Q(state=BillState.DRAFT)),
                name="khata_purchase_bill_shape",
            ),
            # One live record of a supplier's bill (recording it twice would double the payable).
            models.UniqueConstraint(
                fields=["business", "party", "number"],
                condition=Q(kind=BillKind.PURCHASE, deleted_at=None) & ~Q(state=BillState.CANCELLED),
                name="khata_purchase_number_unique",
            ),
            models.CheckConstraint(condition=Q(due_date__gte=F("issue_date")), name="khata_bill_due_after_issue"),
        ]
        indexes = [models.Index(fields=["business", "state", "due_date"], name="khata_bill_due_idx")]

    def __str__(self) -> str:
        return self.number or f"draft {self.id}"

    @property
    def outstanding(self) -> Decimal:
        """What is still to be paid: a credit note lowers it, never below nothing."""
        return max(self.total - self.paid - self.credited, Decimal(0))

    @property
    def creditable(self) -> Decimal:
        """What credit notes may still take off this bill."""
        return self.total - self.credited

    @property
    def is_purchase(self) -> bool:
        return self.kind == BillKind.PURCHASE

    def status_on(self, today: dt.date) -> str:
        if self.state == BillState.DRAFT:
            return BillStatus.DRAFT
        if self.state == BillState.CANCELLED:
            return BillStatus.CANCELLED
        if self.outstanding <= 0:
            return BillStatus.CREDITED if self.credited >= self.total else BillStatus.PAID
        if self.due_date < today:
            return BillStatus.OVERDUE
        return BillStatus.PARTIALLY_PAID if self.paid > 0 else BillStatus.PENDING

    @property
    def status(self) -> str:

        return self.status_on(self.business.today())

    def can_edit(self) -> bool:
        return self.state == BillState.DRAFT

    def can_cancel(self) -> bool:
        return self.state == BillState.ISSUED and self.paid == 0 and self.credited == 0


class LineFields(models.Model):
    """A taxed line, as a bill or a credit note prints it."""

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
        abstract = True

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.igst

    @property
    def tax_rounding(self) -> Decimal:
        return self.tax - self.tax_exact


class BillLine(LineFields):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")

    class Meta:
        ordering = ["bill", "position"]
        constraints = [models.UniqueConstraint(fields=["bill", "position"], name="khata_line_position_unique")]


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


class CreditNoteState(models.TextChoices):
    ISSUED = "issued"
    CANCELLED = "cancelled"


class CreditNote(Synced):
    """A sale bill's credit note (sales return or price correction): numbered CN-0001, … per
    business, gap-free (taken under the business row lock, as bill numbers are)."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="credit_notes")
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="credit_notes")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="credit_notes")
    state = models.CharField(max_length=10, choices=CreditNoteState.choices, default=CreditNoteState.ISSUED)
    seq = models.PositiveIntegerField()
    number = models.CharField(max_length=40)
    currency = currency_field()
    date = models.DateField()
    reason = models.CharField(max_length=300)
    tax_mode = models.CharField(max_length=5, choices=TaxMode.choices)
    subtotal = amount_field(default=0)
    taxable = amount_field(default=0)
    cgst = amount_field(default=0)
    sgst = amount_field(default=0)
    igst = amount_field(default=0)
    tax_total = amount_field(default=0)
    round_off = amount_field(default=0)
    total = amount_field(default=0)

    class Meta:
        ordering = ["-date", "-seq", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["business", "seq"], name="khata_credit_note_number_unique"),
            models.CheckConstraint(condition=Q(total__gt=0), name="khata_credit_note_total_pos"),
        ]
        indexes = [models.Index(fields=["business", "date"], name="khata_credit_note_date_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_live(self) -> bool:
        return self.state == CreditNoteState.ISSUED and self.deleted_at is None


class CreditNoteLine(LineFields):
    note = models.ForeignKey(CreditNote, on_delete=models.CASCADE, related_name="lines")

    class Meta:
        ordering = ["note", "position"]
        constraints = [models.UniqueConstraint(fields=["note", "position"], name="khata_cn_line_position_unique")]
