"""The import document's shape (ledger/khata/portable.py writes it): the API's own input
serializers for each kind of row, plus the row's id (which other rows name), what it was
(a bill's state and number) and what it added up to (balances, totals), which an import
checks against what it rebuilds. Strict: an unknown key is refused, at any depth."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from config.api.errors import Invalid
from config.api.serializers import AmountField, StrictSerializer
from ledger.khata import portable
from ledger.khata.api import serializers as s
from ledger.khata.models import BillKind, BillState, CashSource, CreditNoteState, TaxMode

# The most rows of each kind one document may hold (the upload limits bound the bytes).
MAX_ROWS = 20_000


def _without(fields: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        fields.pop(name, None)
    return fields


class _Row(StrictSerializer):
    """Every row's id (required) and creation time (the order an import replays)."""

    id = serializers.UUIDField()
    created_at = serializers.DateTimeField(required=False)


class PartyDocIn(_Row, s.PartyIn):
    balance = AmountField(positive=False, required=False, help_text="Checked: what the records must add up to.")
    deleted = serializers.BooleanField(required=False, default=False)


class EntryDocIn(_Row, s.EntryIn):
    date = s.DateField()
    mode = serializers.ChoiceField(choices=s.PaymentMode.choices, required=False, allow_blank=True,
                                   help_text="Blank for credit, the method of a payment.")

    def get_fields(self):
        return _without(super().get_fields(), "override_credit_limit")


class LineDocIn(s.LineIn):
    position = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    taxable = AmountField(positive=False, required=False)
    cgst = AmountField(positive=False, required=False)
    sgst = AmountField(positive=False, required=False)
    igst = AmountField(positive=False, required=False)
    amount = AmountField(positive=False, required=False)


class BillDocIn(_Row, s.BillIn):
    issue_date = s.DateField()
    due_date = s.DateField()
    lines = LineDocIn(many=True, allow_empty=False, max_length=100)
    kind = serializers.ChoiceField(choices=BillKind.choices, required=False, default=BillKind.SALE)
    state = serializers.ChoiceField(choices=BillState.choices)
    series = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    seq = serializers.IntegerField(min_value=1, max_value=10**9, required=False, allow_null=True)
    number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    tax_mode = serializers.ChoiceField(choices=TaxMode.choices, required=False)
    subtotal = AmountField(positive=False, required=False)
    tax_total = AmountField(positive=False, required=False)
    round_off = AmountField(positive=False, required=False)
    total = AmountField(positive=False, required=False, help_text="Checked against the recomputed total.")
    paid = AmountField(positive=False, required=False, help_text="Checked against the payments.")
    credited = AmountField(positive=False, required=False, help_text="Checked against the credit notes.")

    def get_fields(self):
        return _without(super().get_fields(), "issue", "override_credit_limit")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == BillKind.PURCHASE:
            if attrs["state"] == BillState.DRAFT or not attrs.get("number"):
                raise serializers.ValidationError({"number": ["A purchase bill is recorded with its supplier's"
                                                              " number."]})
            return attrs
        if attrs["state"] != BillState.DRAFT and not attrs.get("seq"):
            raise serializers.ValidationError({"seq": ["An issued or cancelled bill has its number."]})
        return attrs


class PaymentDocIn(_Row, s.PaymentIn):
    bill = serializers.UUIDField()
    date = s.DateField()


class CreditNoteDocIn(_Row, s.CreditNoteIn):
    bill = serializers.UUIDField()
    date = s.DateField()
    lines = LineDocIn(many=True, allow_empty=False, max_length=100)
    state = serializers.ChoiceField(choices=CreditNoteState.choices)
    number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    tax_mode = serializers.ChoiceField(choices=TaxMode.choices, required=False)
    tax_total = AmountField(positive=False, required=False)
    round_off = AmountField(positive=False, required=False)
    total = AmountField(positive=False, required=False, help_text="Checked against the recomputed total.")


class CashDocIn(_Row, s.CashIn):
    date = s.DateField()
    source = serializers.ChoiceField(choices=CashSource.choices, required=False, default=CashSource.MANUAL)
    source_id = serializers.UUIDField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["source"] == CashSource.MANUAL) != (attrs.get("source_id") is None):
            raise serializers.ValidationError({"source_id": ["Given exactly when the row was posted from a payment"
                                                             " or an entry."]})
        return attrs


class StaffDocIn(_Row, s.StaffIn):
    pass


class PunchDocIn(_Row, s.PunchIn):
    staff = serializers.UUIDField()
    at = serializers.DateTimeField()
    date = s.DateField()


class AttendanceDocIn(_Row, s.DayStatusIn):
    staff = serializers.UUIDField()
    date = s.DateField()
    status = serializers.ChoiceField(choices=s.AttendanceStatus.choices)


class ReceiptDocIn(_Row):
    """A receipt's row: which entry or bill it is of; its file is in the ZIP (the JSON alone
    carries none)."""

    entry = serializers.UUIDField(required=False, allow_null=True)
    bill = serializers.UUIDField(required=False, allow_null=True)
    name = serializers.CharField(max_length=120)
    content_type = serializers.CharField(max_length=40, required=False)
    size = serializers.IntegerField(min_value=0, required=False)
    sha256 = serializers.CharField(max_length=64, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("entry") is None) == (attrs.get("bill") is None):
            raise serializers.ValidationError("A receipt is of one entry or one bill.")
        return attrs


def _rows(child: serializers.Serializer) -> serializers.ListField:
    return serializers.ListField(child=child, required=False, default=list, max_length=MAX_ROWS)


class BusinessDocumentIn(StrictSerializer):
    format = serializers.ChoiceField(choices=[portable.FORMAT], help_text="Always \"hisaab.khata\".")
    version = serializers.IntegerField(min_value=1, max_value=1000,
                                       help_text=f"The document's layout; this server reads {portable.VERSION}.")
    exported_at = serializers.DateTimeField(required=False)
    business = s.BusinessIn(help_text="Its settings (an `id` is ignored: the copy gets a new one).")
    parties = _rows(PartyDocIn())
    entries = _rows(EntryDocIn())
    bills = _rows(BillDocIn())
    payments = _rows(PaymentDocIn())
    credit_notes = _rows(CreditNoteDocIn())
    cashbook = _rows(CashDocIn())
    staff = _rows(StaffDocIn())
    punches = _rows(PunchDocIn())
    attendance = _rows(AttendanceDocIn())
    receipts = _rows(ReceiptDocIn())

    def validate_version(self, value: int) -> int:
        if value != portable.VERSION:
            raise serializers.ValidationError(
                f"Version {value} cannot be read here: this server reads version {portable.VERSION}.")
        return value


class BusinessDocumentFileIn(StrictSerializer):
    file = serializers.FileField(help_text="The export's JSON, or its ZIP (which holds hisaab-khata/data.json).")


class BusinessImportedOut(serializers.Serializer):
    business = s.BusinessOut()
    counts = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="Rows made, per table; `receipts_left_out`: receipts whose file the "
                                             "upload does not hold (the JSON alone holds none).")


def first_problem(detail: Any, path: str = "") -> str:
    """The first refusal in DRF's error tree, with where it is ("entries[3].amount: …")."""
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        here = path if key == "non_field_errors" else (f"{path}[{key}]" if str(key).isdigit() else
                                                     f"{path}.{key}" if path else str(key))
        return first_problem(value, here)
    if isinstance(detail, list) and detail:
        return first_problem(detail[0], path)
    return f"{path}: {detail}" if path else str(detail)


def read_document(data: Any) -> dict[str, Any]:
    """The validated document, or Invalid naming its first problem (for the pages; the API
    answers DRF's refusal through the one error shape)."""
    parsed = BusinessDocumentIn(data=data)
    if not parsed.is_valid():
        problem = first_problem(parsed.errors)
        raise Invalid(problem, fields={"file": [problem]})
    return dict(parsed.validated_data)
