"""Khata's wire shapes: output serializers (also the change-feed payloads, so they need no
request) and strict input serializers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rest_framework import serializers

from config import clock, money
from config.api.serializers import AmountField, CurrencyField, ModelOut, StrictSerializer
from ledger.khata import gstin
from ledger.khata.models import (
    AttendanceDay,
    AttendanceStatus,
    Bill,
    BillKind,
    BillLine,
    BillStatus,
    Business,
    CashDirection,
    CashEntry,
    CreditNote,
    CreditNoteLine,
    Entry,
    EntryKind,
    EntryReceipt,
    EntryRevision,
    Membership,
    Party,
    PartyKind,
    Payment,
    PaymentMode,
    Punch,
    PunchKind,
    Reminder,
    Role,
    SalaryType,
    Settlement,
    Staff,
    StaffStatus,
)

MAX_TEXT = 300
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


class DateField(serializers.DateField):
    """A date within 1900-2200 (so date arithmetic such as due = issue + terms never overflows)."""

    def to_internal_value(self, value):
        date = super().to_internal_value(value)
        if not EARLIEST <= date <= LATEST:
            raise serializers.ValidationError(f"Must be between {EARLIEST} and {LATEST}.")
        return date
STATE = r"^[0-9]{2}$"


class GstinField(serializers.CharField):
    """A GSTIN: structure, state code and check character (ledger.khata.gstin); upper-cased."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = gstin.normalize(super().to_internal_value(data))
        why = value and gstin.problem(value)
        if why:
            raise serializers.ValidationError(why)
        return value


# --- output ---------------------------------------------------------------------------------

SYNC_FIELDS = ["id", "version", "created_at", "updated_at", "deleted_at"]


class BusinessOut(ModelOut):
    default_tax_rate = serializers.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        model = Business
        fields = SYNC_FIELDS + [
            "owner", "name", "address", "phone", "gstin", "state_code", "currency", "time_zone", "invoice_prefix",
            "next_invoice_number", "default_tax_rate", "default_payment_terms_days", "upi_id",
            "reminders_enabled", "reminder_after_days", "reminder_every_days", "logo_url", "auto_cashbook",
            "shift_minutes", "half_day_minutes", "grace_minutes",
        ]


class MembershipOut(ModelOut):
    user_name = serializers.CharField(source="user.name", read_only=True)

    class Meta:
        model = Membership
        fields = SYNC_FIELDS + ["business", "user", "user_name", "role"]


class PartyOut(ModelOut):
    opening_balance = AmountField(positive=False)
    credit_limit = AmountField(allow_null=True)
    debits = AmountField(positive=False)
    credits = AmountField(positive=False)
    balance = AmountField(positive=False)
    currency = serializers.CharField(read_only=True)
    over_credit_limit = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = SYNC_FIELDS + [
            "business", "kind", "name", "phone", "email", "address", "gstin", "state_code", "opening_balance",
            "credit_limit", "notes", "debits", "credits", "balance", "currency", "owed_since", "over_credit_limit",
        ]

    def get_over_credit_limit(self, party: Party) -> bool:
        return party.credit_limit is not None and party.balance > party.credit_limit


class EntryReceiptOut(ModelOut):
    url = serializers.SerializerMethodField(help_text="The file itself (members of the business only).")

    class Meta:
        model = EntryReceipt
        fields = SYNC_FIELDS + ["business", "entry", "bill", "name", "content_type", "size", "sha256", "url",
                                "uploaded_by"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return f"/api/khata/receipts/{obj.pk}/file"


class EntryOut(ModelOut):
    amount = AmountField()
    currency = serializers.CharField(read_only=True)

    class Meta:
        model = Entry
        fields = SYNC_FIELDS + [
            "business", "party", "kind", "amount", "currency", "date", "note", "attachment_url", "settlement", "mode",
            "created_by",
        ]


class EntryRevisionOut(ModelOut):
    amount = AmountField(currency_source="entry.currency")

    class Meta:
        model = EntryRevision
        fields = ["version", "kind", "amount", "date", "note", "deleted", "changed_by", "changed_at"]


class BillLineOut(ModelOut):
    unit_price = AmountField(currency_source="bill.currency")
    discount = AmountField(currency_source="bill.currency", positive=False)
    gross = AmountField(currency_source="bill.currency", positive=False)
    bill_discount = AmountField(currency_source="bill.currency", positive=False)
    taxable = AmountField(currency_source="bill.currency", positive=False)
    cgst = AmountField(currency_source="bill.currency", positive=False)
    sgst = AmountField(currency_source="bill.currency", positive=False)
    igst = AmountField(currency_source="bill.currency", positive=False)
    amount = AmountField(currency_source="bill.currency", positive=False)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    tax_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    tax_exact = serializers.SerializerMethodField()
    tax_rounding = serializers.SerializerMethodField()

    class Meta:
        model = BillLine
        fields = [
            "position", "description", "hsn", "quantity", "unit", "unit_price", "discount", "tax_rate", "gross",
            "bill_discount", "taxable", "tax_exact", "cgst", "sgst", "igst", "tax_rounding", "amount",
        ]

    def get_tax_exact(self, line: BillLine) -> str:
        return str(line.tax_exact.normalize()) if line.tax_exact else "0"

    def get_tax_rounding(self, line: BillLine) -> str:
        """Rounded tax minus exact tax (what rounding per line added or took)."""
        value = line.tax - line.tax_exact
        return str(value.normalize()) if value else "0"


class BillOut(ModelOut):
    lines = BillLineOut(many=True, read_only=True)
    party_name = serializers.CharField(source="party.name", read_only=True)
    status = serializers.SerializerMethodField()
    outstanding = serializers.SerializerMethodField()
    discount = AmountField(positive=False)
    subtotal = AmountField(positive=False)
    taxable = AmountField(positive=False)
    cgst = AmountField(positive=False)
    sgst = AmountField(positive=False)
    igst = AmountField(positive=False)
    tax_total = AmountField(positive=False)
    round_off = AmountField(positive=False)
    total = AmountField(positive=False)
    paid = AmountField(positive=False)
    credited = AmountField(positive=False)

    class Meta:
        model = Bill
        fields = SYNC_FIELDS + [
            "business", "party", "party_name", "kind", "state", "status", "seq", "number", "currency", "issue_date",
            "due_date", "tax_mode", "lines", "subtotal", "discount", "taxable", "cgst", "sgst", "igst",
            "tax_total", "round_off", "total", "paid", "credited", "outstanding", "notes", "financed_by",
        ]

    def get_status(self, bill: Bill) -> str:
        return bill.status_on(bill.business.today())

    def get_outstanding(self, bill: Bill) -> str:
        return money.format_amount(bill.outstanding, bill.currency)


class CreditNoteLineOut(BillLineOut):
    unit_price = AmountField(currency_source="note.currency")
    discount = AmountField(currency_source="note.currency", positive=False)
    gross = AmountField(currency_source="note.currency", positive=False)
    bill_discount = AmountField(currency_source="note.currency", positive=False)
    taxable = AmountField(currency_source="note.currency", positive=False)
    cgst = AmountField(currency_source="note.currency", positive=False)
    sgst = AmountField(currency_source="note.currency", positive=False)
    igst = AmountField(currency_source="note.currency", positive=False)
    amount = AmountField(currency_source="note.currency", positive=False)

    class Meta(BillLineOut.Meta):
        model = CreditNoteLine


class CreditNoteOut(ModelOut):
    lines = CreditNoteLineOut(many=True, read_only=True)
    bill_number = serializers.CharField(source="bill.number", read_only=True)
    party_name = serializers.CharField(source="party.name", read_only=True)
    subtotal = AmountField(positive=False)
    taxable = AmountField(positive=False)
    cgst = AmountField(positive=False)
    sgst = AmountField(positive=False)
    igst = AmountField(positive=False)
    tax_total = AmountField(positive=False)
    round_off = AmountField(positive=False)
    total = AmountField(positive=False)

    class Meta:
        model = CreditNote
        fields = SYNC_FIELDS + [
            "business", "bill", "bill_number", "party", "party_name", "state", "seq", "number", "currency", "date",
            "reason", "tax_mode", "lines", "subtotal", "taxable", "cgst", "sgst", "igst", "tax_total", "round_off",
            "total",
        ]


class PaymentOut(ModelOut):
    amount = AmountField()
    currency = serializers.CharField(read_only=True)

    class Meta:
        model = Payment
        fields = SYNC_FIELDS + ["business", "bill", "party", "amount", "currency", "date", "mode", "note"]


class CashEntryOut(ModelOut):
    amount = AmountField()
    currency = serializers.CharField(read_only=True)

    class Meta:
        model = CashEntry
        fields = SYNC_FIELDS + [
            "business", "direction", "amount", "currency", "date", "category", "mode", "note", "source", "source_id",
            "created_by",
        ]


class CashEntryRowOut(CashEntryOut):
    running_balance = serializers.SerializerMethodField()

    class Meta(CashEntryOut.Meta):
        fields = CashEntryOut.Meta.fields + ["running_balance"]

    def get_running_balance(self, entry: CashEntry) -> str:
        opening = self.context.get("opening", Decimal(0))
        return money.format_amount(opening + entry.running, entry.business.currency)


class StaffOut(ModelOut):
    salary_amount = AmountField(positive=False)
    currency = serializers.CharField(read_only=True)

    class Meta:
        model = Staff
        fields = SYNC_FIELDS + [
            "business", "name", "phone", "role", "status", "salary_type", "salary_amount", "currency",
            "joining_date",
        ]


class StaffPublicOut(ModelOut):
    """A staff member as a clerk reads it: without the pay."""

    class Meta:
        model = Staff
        fields = SYNC_FIELDS + ["business", "name", "phone", "role", "status", "joining_date"]


class PunchOut(ModelOut):
    class Meta:
        model = Punch
        fields = SYNC_FIELDS + ["business", "staff", "kind", "at", "date", "device", "recorded_by"]


class AttendanceDayOut(ModelOut):
    class Meta:
        model = AttendanceDay
        fields = SYNC_FIELDS + ["business", "staff", "date", "status", "note"]


class ReminderOut(ModelOut):
    amount = AmountField()
    currency = serializers.CharField(read_only=True)
    party_name = serializers.CharField(source="party.name", read_only=True)
    party_phone = serializers.CharField(source="party.phone", read_only=True)

    class Meta:
        model = Reminder
        fields = SYNC_FIELDS + [
            "business", "party", "party_name", "party_phone", "day", "amount", "currency", "message", "upi_link",
        ]


# --- input ----------------------------------------------------------------------------------


class BusinessIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=120)
    address = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    gstin = GstinField(required=False, allow_blank=True)
    state_code = serializers.RegexField(STATE, required=False, allow_blank=True)
    currency = CurrencyField(required=False)
    time_zone = serializers.CharField(
        max_length=64, required=False,
        help_text="IANA zone (default Asia/Kolkata): the business's day, for default dates, punches, summaries and"
                  " schedules.",
    )
    invoice_prefix = serializers.CharField(max_length=16, required=False, allow_blank=True)
    next_invoice_number = serializers.IntegerField(min_value=1, max_value=10**9, required=False)
    default_tax_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100), required=False
    )
    default_payment_terms_days = serializers.IntegerField(min_value=0, max_value=3650, required=False)
    upi_id = serializers.RegexField(r"^[\w.\-]{2,}@[\w.\-]{2,}$", max_length=80, required=False, allow_blank=True)
    reminders_enabled = serializers.BooleanField(required=False)
    reminder_after_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    reminder_every_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    logo_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    auto_cashbook = serializers.BooleanField(required=False)
    shift_minutes = serializers.IntegerField(min_value=1, max_value=1440, required=False)
    half_day_minutes = serializers.IntegerField(min_value=0, max_value=1440, required=False)
    grace_minutes = serializers.IntegerField(min_value=0, max_value=240, required=False)


    def validate_time_zone(self, value: str) -> str:
        if not clock.is_zone(value):
            raise serializers.ValidationError("Unknown time zone (use an IANA name such as Asia/Kolkata).")
        return value


class BusinessUpdateIn(BusinessIn):
    name = serializers.CharField(max_length=120, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("id")
        return fields


class MemberRoleIn(StrictSerializer):
    role = serializers.ChoiceField(choices=[Role.MANAGER, Role.CLERK])


class StaffInviteIn(StrictSerializer):
    role = serializers.ChoiceField(choices=[Role.MANAGER, Role.CLERK])
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class StaffInviteOut(serializers.Serializer):
    code = serializers.CharField()
    expires_at = serializers.DateTimeField()
    purpose = serializers.CharField()
    payload = serializers.DictField()


class PartyIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    kind = serializers.ChoiceField(choices=PartyKind.choices)
    name = serializers.CharField(max_length=120)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    gstin = GstinField(required=False, allow_blank=True)
    state_code = serializers.RegexField(STATE, required=False, allow_blank=True)
    opening_balance = AmountField(positive=False, required=False)
    credit_limit = AmountField(positive=False, min_value=Decimal(0), required=False, allow_null=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class PartyUpdateIn(PartyIn):
    kind = serializers.ChoiceField(choices=PartyKind.choices, required=False)
    name = serializers.CharField(max_length=120, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("id")
        return fields


class PartyFilterIn(serializers.Serializer):
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=PartyKind.choices, required=False)
    balance = serializers.ChoiceField(choices=["owes_me", "i_owe", "settled"], required=False)
    deleted = serializers.BooleanField(required=False, default=False)


class CsvImportIn(StrictSerializer):
    csv = serializers.CharField(max_length=2_000_000, trim_whitespace=False)
    kind = serializers.ChoiceField(choices=PartyKind.choices, required=False)


class ImportRowOut(serializers.Serializer):
    row = serializers.IntegerField()
    status = serializers.CharField()
    id = serializers.UUIDField(required=False)
    errors = serializers.DictField(required=False)


class ImportReportOut(serializers.Serializer):
    created = serializers.IntegerField()
    failed = serializers.IntegerField()
    rows = ImportRowOut(many=True)


class DateRangeIn(serializers.Serializer):
    start = DateField(required=False)
    end = DateField(required=False)

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": ["Must not be before start."]})
        return attrs


class RequiredRangeIn(DateRangeIn):
    start = DateField()
    end = DateField()


class DayIn(serializers.Serializer):
    date = DateField(required=False)


class MonthIn(serializers.Serializer):
    month = serializers.RegexField(r"^(19|20|21)\d{2}-(0[1-9]|1[0-2])$", required=False)


OVERRIDE_HELP = (
    "Record it even though it takes the party over its credit limit (managers and owners only; without it such a"
    " write answers 409 credit_limit_exceeded)."
)
SETTLEMENT_HELP = (
    "credit (the default): goods or money given or taken on credit; only the party's balance moves. payment: money"
    " changed hands by `mode`; only a cash payment posts to the cashbook (got: cash in, gave: cash out)."
)
MODE_HELP = "The payment method: required with settlement=payment, absent for credit. Given alone, a payment by it."


class EntryIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    party = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    amount = AmountField()
    date = DateField(required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    attachment_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    settlement = serializers.ChoiceField(choices=Settlement.choices, required=False, help_text=SETTLEMENT_HELP)
    mode = serializers.ChoiceField(choices=PaymentMode.choices, required=False, help_text=MODE_HELP)
    override_credit_limit = serializers.BooleanField(
        required=False, default=False, help_text=OVERRIDE_HELP,
    )


class EntryUpdateIn(StrictSerializer):
    kind = serializers.ChoiceField(choices=EntryKind.choices, required=False)
    amount = AmountField(required=False)
    date = DateField(required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    attachment_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    settlement = serializers.ChoiceField(choices=Settlement.choices, required=False, help_text=SETTLEMENT_HELP)
    mode = serializers.ChoiceField(choices=PaymentMode.choices, required=False, help_text=MODE_HELP)
    override_credit_limit = serializers.BooleanField(
        required=False, default=False, help_text=OVERRIDE_HELP,
    )


class EntryFilterIn(serializers.Serializer):
    party = serializers.UUIDField(required=False)
    deleted = serializers.BooleanField(required=False, default=False)


class LineIn(StrictSerializer):
    description = serializers.CharField(max_length=300)
    hsn = serializers.RegexField(r"^[0-9]{4,8}$", required=False, allow_blank=True)
    quantity = serializers.DecimalField(
        max_digits=14, decimal_places=3, min_value=Decimal("0.001"), max_value=Decimal(1_000_000)
    )
    unit = serializers.CharField(max_length=12, required=False, allow_blank=True)
    unit_price = AmountField(max_value=Decimal(1_000_000_000), positive=False, min_value=Decimal(0))
    discount = AmountField(required=False, positive=False, min_value=Decimal(0))
    tax_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100), required=False
    )


class BillIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    party = serializers.UUIDField()
    issue_date = DateField(required=False)
    due_date = DateField(required=False)
    lines = LineIn(many=True, allow_empty=False, max_length=100)
    discount = AmountField(required=False, positive=False, min_value=Decimal(0))
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    issue = serializers.BooleanField(required=False, default=True)
    override_credit_limit = serializers.BooleanField(
        required=False, default=False, help_text=OVERRIDE_HELP,
    )


class BillIssueIn(StrictSerializer):
    override_credit_limit = serializers.BooleanField(
        required=False, default=False, help_text=OVERRIDE_HELP,
    )


class BillUpdateIn(StrictSerializer):
    issue_date = DateField(required=False)
    due_date = DateField(required=False)
    lines = LineIn(many=True, allow_empty=False, max_length=100, required=False)
    discount = AmountField(required=False, positive=False, min_value=Decimal(0))
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class BillFilterIn(serializers.Serializer):
    party = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=BillStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=BillKind.choices, required=False,
                                   help_text="sale (our bills) or purchase (suppliers' bills); both when absent.")


class PurchaseBillIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    party = serializers.UUIDField(help_text="A supplier of the business.")
    number = serializers.CharField(max_length=40, help_text="The supplier's bill number, as printed on their bill.")
    issue_date = DateField(required=False)
    due_date = DateField(required=False)
    lines = LineIn(many=True, allow_empty=False, max_length=100)
    discount = AmountField(required=False, positive=False, min_value=Decimal(0))
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class CreditNoteIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    date = DateField(required=False)
    reason = serializers.CharField(max_length=300, help_text="e.g. goods returned, price corrected.")
    lines = LineIn(many=True, allow_empty=False, max_length=100)


class CreditNoteFilterIn(serializers.Serializer):
    party = serializers.UUIDField(required=False)


class InputTaxOut(serializers.Serializer):
    month = serializers.CharField()
    currency = serializers.CharField()
    bills = serializers.IntegerField()
    taxable = serializers.CharField()
    igst = serializers.CharField()
    cgst = serializers.CharField()
    sgst = serializers.CharField()
    tax_total = serializers.CharField()
    total = serializers.CharField()


class PaymentIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    amount = AmountField()
    date = DateField(required=False)
    mode = serializers.ChoiceField(choices=PaymentMode.choices, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CashIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    direction = serializers.ChoiceField(choices=CashDirection.choices)
    amount = AmountField()
    date = DateField(required=False)
    category = serializers.CharField(max_length=60, required=False, allow_blank=True)
    mode = serializers.ChoiceField(choices=PaymentMode.choices, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CashUpdateIn(CashIn):
    direction = serializers.ChoiceField(choices=CashDirection.choices, required=False)
    amount = AmountField(required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("id")
        return fields


class CashDayOut(serializers.Serializer):
    date = DateField()
    currency = serializers.CharField()
    opening = serializers.CharField()
    cash_in = serializers.CharField()
    cash_out = serializers.CharField()
    closing = serializers.CharField()


class StaffIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=120)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    role = serializers.CharField(max_length=60, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=StaffStatus.choices, required=False)
    salary_type = serializers.ChoiceField(choices=SalaryType.choices, required=False)
    salary_amount = AmountField(required=False, positive=False, min_value=Decimal(0))
    joining_date = DateField(required=False, allow_null=True)


class StaffUpdateIn(StaffIn):
    name = serializers.CharField(max_length=120, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("id")
        return fields


class PunchIn(StrictSerializer):
    id = serializers.UUIDField(required=False, help_text="Client-chosen: replaying the same punch is a no-op.")
    kind = serializers.ChoiceField(choices=PunchKind.choices)
    at = serializers.DateTimeField(required=False)
    date = DateField(required=False, help_text="Working day; defaults to the date of `at`.")
    device = serializers.CharField(max_length=60, required=False, allow_blank=True)


class DayStatusIn(StrictSerializer):
    status = serializers.ChoiceField(choices=AttendanceStatus.choices, allow_null=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MonthSheetOut(serializers.Serializer):
    staff = serializers.DictField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    days = serializers.ListField(child=serializers.DictField())
    counts = serializers.DictField()
    worked_minutes = serializers.IntegerField()
    overtime_minutes = serializers.IntegerField()
    salary_type = serializers.CharField()
    salary_amount = serializers.CharField()
    payable_units = serializers.CharField()
    implied_salary = serializers.CharField()
    currency = serializers.CharField()


class StatementOut(serializers.Serializer):
    party = serializers.DictField()
    currency = serializers.CharField()
    start = DateField(allow_null=True)
    end = DateField(allow_null=True)
    opening = serializers.CharField()
    movements = serializers.ListField(child=serializers.DictField())
    closing = serializers.CharField()
    total_debit = serializers.CharField()
    total_credit = serializers.CharField()


class CashReportOut(serializers.Serializer):
    currency = serializers.CharField()
    start = DateField()
    end = DateField()
    opening = serializers.CharField()
    cash_in = serializers.CharField()
    cash_out = serializers.CharField()
    closing = serializers.CharField()
    days = serializers.ListField(child=serializers.DictField())
    categories = serializers.ListField(child=serializers.DictField())
