"""Output shapes (also what the change feed carries) and input shapes of the finance API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.serializers import AmountField, CurrencyField, StrictSerializer
from ledger.finance.importers import PRESETS
from ledger.finance.importers.dates import ORDERS
from ledger.finance.models import (
    AccountKind,
    BillRepeat,
    CategoryKind,
    Direction,
    ImportFormat,
    Period,
    RecurringRepeat,
)

MAX_TAGS = 20
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class BoundedDate(serializers.DateField):
    """A date between 1900 and 2999: far enough for any statement, and date arithmetic on
    it (month ends, repeats, report ranges) can never leave the calendar."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST <= day <= LATEST:
            raise serializers.ValidationError("Dates run from 1900-01-01 to 2999-12-31.")
        return day


class SyncedOut(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    deleted_at = serializers.DateTimeField(read_only=True)


# --- outputs ---------------------------------------------------------------------------------
class AccountOut(SyncedOut):
    name = serializers.CharField()
    kind = serializers.CharField()
    currency = serializers.CharField()
    opening_balance = AmountField(positive=False)
    archived = serializers.BooleanField()
    balance = serializers.SerializerMethodField()

    def get_balance(self, obj) -> str:
        from config.money import format_amount
        from ledger.finance.selectors import balances

        value = getattr(obj, "balance", None)
        if value is None:
            value = balances([obj.id]).get(obj.id, obj.opening_balance)
        return format_amount(value, obj.currency)


class CategoryOut(SyncedOut):
    name = serializers.CharField()
    kind = serializers.CharField()
    parent_id = serializers.UUIDField(allow_null=True)
    is_default = serializers.BooleanField()


def parts_of(t) -> list[dict[str, Any]]:
    """A split transaction's parts (read only when it is split: no query for the others)."""
    from config.money import format_amount

    if not t.split:
        return []
    return [{"category_id": str(p.category_id) if p.category_id else None,
             "amount": format_amount(p.amount, p.currency), "note": p.note} for p in t.parts.all()]


class TransactionPartOut(serializers.Serializer):
    category_id = serializers.UUIDField(allow_null=True)
    amount = serializers.CharField(help_text="Decimal string in the transaction's currency.")
    note = serializers.CharField()


class TransactionOut(SyncedOut):
    account_id = serializers.UUIDField()
    direction = serializers.CharField()
    amount = AmountField()
    currency = serializers.CharField()
    transfer_account_id = serializers.UUIDField(allow_null=True)
    transfer_amount = serializers.SerializerMethodField()
    category_id = serializers.UUIDField(allow_null=True)
    payee = serializers.CharField()
    date = serializers.DateField()
    notes = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    source = serializers.CharField()
    fitid = serializers.CharField(allow_null=True)
    shared_expense_id = serializers.UUIDField(allow_null=True)
    split = serializers.BooleanField()
    parts = serializers.SerializerMethodField()

    @extend_schema_field(TransactionPartOut(many=True))
    def get_parts(self, obj) -> list[dict[str, Any]]:
        return parts_of(obj)

    def get_transfer_amount(self, obj) -> str | None:
        if obj.transfer_amount is None:
            return None
        from config.money import format_amount

        return format_amount(obj.transfer_amount, obj.transfer_account.currency)


class TransactionFeedOut(serializers.BaseSerializer):
    """The same JSON as TransactionOut, built by hand: the change feed serializes every
    transaction of a 5,000-line import one by one, and a declared serializer copies its
    fields per instance (a test keeps the two identical)."""

    def to_representation(self, t) -> dict[str, Any]:
        from config.money import format_amount

        def ts(v):
            if v is None:
                return None
            text = v.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text

        return {
            "id": str(t.id), "version": t.version, "created_at": ts(t.created_at), "updated_at": ts(t.updated_at),
            "deleted_at": ts(t.deleted_at), "account_id": str(t.account_id), "direction": t.direction,
            "amount": format_amount(t.amount, t.currency), "currency": t.currency,
            "transfer_account_id": str(t.transfer_account_id) if t.transfer_account_id else None,
            "transfer_amount": None if t.transfer_amount is None else format_amount(t.transfer_amount, t.transfer_account.currency),
            "category_id": str(t.category_id) if t.category_id else None, "payee": t.payee,
            "date": t.date.isoformat(), "notes": t.notes, "tags": list(t.tags), "source": t.source,
            "fitid": t.fitid, "shared_expense_id": str(t.shared_expense_id) if t.shared_expense_id else None,
            "split": t.split, "parts": parts_of(t),
        }


class TransactionReceiptOut(SyncedOut):
    transaction_id = serializers.UUIDField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The file itself (yours alone).")

    def get_url(self, obj) -> str:
        return f"/api/finance/receipts/{obj.pk}/file"


class RuleOut(SyncedOut):
    name = serializers.CharField()
    position = serializers.IntegerField()
    active = serializers.BooleanField()
    payee_contains = serializers.CharField()
    direction = serializers.CharField()
    account_id = serializers.UUIDField(allow_null=True)
    currency = serializers.CharField()
    min_amount = AmountField(allow_null=True, positive=False)
    max_amount = AmountField(allow_null=True, positive=False)
    set_category_id = serializers.UUIDField(allow_null=True)
    set_payee = serializers.CharField()
    add_tags = serializers.ListField(child=serializers.CharField())


class RuleChangeOut(serializers.Serializer):
    """One transaction a rule would change (or changed): each field as [before, after]."""

    transaction = TransactionOut()
    changes = serializers.DictField(child=serializers.ListField(allow_null=True), help_text=(
        "Field -> [before, after] for category_id, payee and tags."))


class RuleAppliedOut(serializers.Serializer):
    changed = serializers.IntegerField()
    transactions = serializers.ListField(child=serializers.UUIDField())


class BudgetOut(SyncedOut):
    name = serializers.CharField()
    category_id = serializers.UUIDField(allow_null=True)
    period = serializers.CharField()
    amount = AmountField()
    currency = serializers.CharField()
    thresholds = serializers.ListField(child=serializers.IntegerField())


class BudgetProgressOut(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    spent = AmountField(currency_source="currency", positive=False)
    remaining = AmountField(currency_source="currency", positive=False)
    percentage = serializers.DecimalField(max_digits=12, decimal_places=2)
    missing_rates = serializers.ListField(child=serializers.DictField())
    currency = serializers.CharField()


class BudgetWithProgressOut(BudgetOut):
    progress = serializers.SerializerMethodField()

    def get_progress(self, obj) -> dict[str, Any] | None:
        p = getattr(obj, "progress", None)
        return None if p is None else BudgetProgressOut(dict(p, currency=obj.currency)).data


class BudgetAlertOut(SyncedOut):
    budget_id = serializers.UUIDField()
    threshold = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    spent = AmountField()
    currency = serializers.CharField()
    percentage = serializers.DecimalField(max_digits=12, decimal_places=2)


class BillOut(SyncedOut):
    name = serializers.CharField()
    amount = AmountField()
    amount_max = AmountField(allow_null=True)
    currency = serializers.CharField()
    account_id = serializers.UUIDField(allow_null=True)
    category_id = serializers.UUIDField(allow_null=True)
    payee = serializers.CharField()
    repeat = serializers.CharField()
    anchor_date = serializers.DateField()
    next_due = serializers.DateField(allow_null=True)
    remind_days = serializers.IntegerField()
    last_paid_on = serializers.DateField(allow_null=True)


class RecurringOut(SyncedOut):
    account_id = serializers.UUIDField()
    direction = serializers.CharField()
    amount = AmountField()
    currency = serializers.CharField()
    transfer_account_id = serializers.UUIDField(allow_null=True)
    transfer_amount = serializers.DecimalField(max_digits=19, decimal_places=4, allow_null=True)
    category_id = serializers.UUIDField(allow_null=True)
    payee = serializers.CharField()
    notes = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    repeat = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    next_date = serializers.DateField(allow_null=True)


class SettingsOut(SyncedOut):
    post_shared_expenses = serializers.BooleanField()
    shared_expense_account_id = serializers.UUIDField(allow_null=True)


class RateOut(serializers.Serializer):
    id = serializers.IntegerField()
    base = serializers.CharField()
    quote = serializers.CharField()
    rate = serializers.DecimalField(max_digits=24, decimal_places=10)
    effective_date = serializers.DateField()
    shared = serializers.SerializerMethodField()

    def get_shared(self, obj) -> bool:
        """True for a rate an admin entered for everyone (read-only here)."""
        return obj.owner_id is None


class ImportRowOut(serializers.Serializer):
    line = serializers.IntegerField()
    date = serializers.DateField(allow_null=True)
    direction = serializers.CharField()
    amount = serializers.SerializerMethodField()
    payee = serializers.CharField()
    notes = serializers.CharField()
    fitid = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    reason = serializers.CharField()
    transaction_id = serializers.UUIDField(allow_null=True)

    def get_amount(self, obj) -> str | None:
        return None if obj.amount is None else money_str(obj.amount, self.context["currency"])


class ImportBatchOut(serializers.Serializer):
    id = serializers.UUIDField()
    account_id = serializers.UUIDField()
    format = serializers.CharField()
    filename = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    committed_at = serializers.DateTimeField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField(), help_text="What was unusual about the file.")
    settings = serializers.DictField(help_text="What was detected or chosen: date_order, preset, columns.")
    counts = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField()

    def get_counts(self, obj) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self._rows(obj):
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    def get_rows(self, obj) -> list[dict[str, Any]]:
        if not self.context.get("with_rows", True):
            return []
        return ImportRowOut(self._rows(obj), many=True, context={"currency": obj.account.currency}).data

    def _rows(self, obj):
        if not hasattr(obj, "_rows_cache"):
            obj._rows_cache = list(obj.rows.order_by("line"))
        return obj._rows_cache


# --- inputs ----------------------------------------------------------------------------------
class AccountIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=AccountKind.choices)
    currency = CurrencyField()
    opening_balance = AmountField(positive=False, required=False)
    archived = serializers.BooleanField(required=False)


class AccountPatch(StrictSerializer):
    name = serializers.CharField(max_length=100, required=False)
    kind = serializers.ChoiceField(choices=AccountKind.choices, required=False)
    opening_balance = AmountField(positive=False, required=False)
    archived = serializers.BooleanField(required=False)


class CategoryIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=60)
    kind = serializers.ChoiceField(choices=CategoryKind.choices, required=False)
    parent_id = serializers.UUIDField(required=False, allow_null=True)


class CategoryPatch(StrictSerializer):
    name = serializers.CharField(max_length=60, required=False)
    parent_id = serializers.UUIDField(required=False, allow_null=True)


Tags = serializers.ListField(
    child=serializers.CharField(max_length=40), max_length=MAX_TAGS, required=False
)


class PartIn(StrictSerializer):
    category_id = serializers.UUIDField(required=False, allow_null=True)
    amount = AmountField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


def parts_field() -> serializers.ListField:
    return serializers.ListField(
        child=PartIn(), max_length=50, required=False, allow_null=True,
        help_text="Split across categories: parts adding up to the amount exactly ([] or null: not split).")


class TransactionIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    account_id = serializers.UUIDField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    amount = AmountField()
    transfer_account_id = serializers.UUIDField(required=False, allow_null=True)
    transfer_amount = AmountField(required=False, allow_null=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    payee = serializers.CharField(max_length=200, required=False, allow_blank=True)
    date = BoundedDate()
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), max_length=MAX_TAGS, required=False)
    parts = parts_field()


class TransactionPatch(StrictSerializer):
    account_id = serializers.UUIDField(required=False)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    amount = AmountField(required=False)
    transfer_account_id = serializers.UUIDField(required=False, allow_null=True)
    transfer_amount = AmountField(required=False, allow_null=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    payee = serializers.CharField(max_length=200, required=False, allow_blank=True)
    date = BoundedDate(required=False)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), max_length=MAX_TAGS, required=False)
    parts = parts_field()


class BudgetIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=100)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    period = serializers.ChoiceField(choices=Period.choices, required=False)
    amount = AmountField()
    currency = CurrencyField(required=False)
    thresholds = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=1000), min_length=1, max_length=10, required=False
    )


class BudgetPatch(StrictSerializer):
    name = serializers.CharField(max_length=100, required=False)
    amount = AmountField(required=False)
    thresholds = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=1000), min_length=1, max_length=10, required=False
    )


class BillIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=100)
    amount = AmountField()
    amount_max = AmountField(required=False, allow_null=True)
    currency = CurrencyField(required=False)
    account_id = serializers.UUIDField(required=False, allow_null=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    payee = serializers.CharField(max_length=200, required=False, allow_blank=True)
    repeat = serializers.ChoiceField(choices=BillRepeat.choices, required=False)
    due_date = BoundedDate()
    remind_days = serializers.IntegerField(min_value=0, max_value=90, required=False)


class BillRestoreIn(BillIn):
    """A bill from a finance export (ledger.finance.restore): as far as it was paid."""

    due_date = BoundedDate(allow_null=True)
    anchor_date = BoundedDate()
    last_paid_on = BoundedDate(required=False, allow_null=True)


class BillPatch(StrictSerializer):
    name = serializers.CharField(max_length=100, required=False)
    amount = AmountField(required=False)
    amount_max = AmountField(required=False, allow_null=True)
    account_id = serializers.UUIDField(required=False, allow_null=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    payee = serializers.CharField(max_length=200, required=False, allow_blank=True)
    remind_days = serializers.IntegerField(min_value=0, max_value=90, required=False)


class BillPayIn(StrictSerializer):
    amount = AmountField(required=False)
    account_id = serializers.UUIDField(required=False)
    date = BoundedDate(required=False)


class RecurringIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    account_id = serializers.UUIDField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    amount = AmountField()
    transfer_account_id = serializers.UUIDField(required=False, allow_null=True)
    transfer_amount = AmountField(required=False, allow_null=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    payee = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), max_length=MAX_TAGS, required=False)
    repeat = serializers.ChoiceField(choices=RecurringRepeat.choices)
    start_date = BoundedDate()
    end_date = BoundedDate(required=False, allow_null=True)


class RecurringRestoreIn(RecurringIn):
    """A recurring item from a finance export (ledger.finance.restore): where it had got to."""

    next_date = BoundedDate(required=False, allow_null=True)


class RecurringPatch(StrictSerializer):
    amount = AmountField(required=False)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    payee = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    end_date = BoundedDate(required=False, allow_null=True)


class RuleIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=60)
    position = serializers.IntegerField(min_value=0, max_value=10_000, required=False)
    active = serializers.BooleanField(required=False)
    payee_contains = serializers.CharField(max_length=100, required=False, allow_blank=True)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False, allow_blank=True)
    account_id = serializers.UUIDField(required=False, allow_null=True)
    currency = CurrencyField(required=False, allow_blank=True)
    min_amount = AmountField(required=False, allow_null=True, positive=False, min_value=Decimal(0))
    max_amount = AmountField(required=False, allow_null=True, positive=False, min_value=Decimal(0))
    set_category_id = serializers.UUIDField(required=False, allow_null=True)
    set_payee = serializers.CharField(max_length=200, required=False, allow_blank=True)
    add_tags = serializers.ListField(child=serializers.CharField(max_length=40), max_length=MAX_TAGS, required=False)


class RulePatch(RuleIn):
    name = serializers.CharField(max_length=60, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("id")
        return fields


class SettingsPatch(StrictSerializer):
    post_shared_expenses = serializers.BooleanField(required=False)
    shared_expense_account_id = serializers.UUIDField(required=False, allow_null=True)


class RateIn(StrictSerializer):
    base = CurrencyField()
    quote = CurrencyField()
    rate = serializers.DecimalField(
        max_digits=24, decimal_places=10, min_value=Decimal("0.0000000001"),
        max_value=Decimal("100000000000000"),
    )
    effective_date = BoundedDate()


class CsvMapping(StrictSerializer):
    """Columns by header name (case and surrounding spaces do not matter), and how to read
    them; without columns a preset (named, or detected from the header) chooses them."""

    date = serializers.CharField(max_length=100, required=False)
    amount = serializers.CharField(max_length=100, required=False)
    debit = serializers.CharField(max_length=100, required=False)
    credit = serializers.CharField(max_length=100, required=False)
    payee = serializers.CharField(max_length=100, required=False)
    notes = serializers.CharField(max_length=100, required=False)
    id = serializers.CharField(max_length=100, required=False)
    currency = serializers.CharField(max_length=100, required=False)
    date_format = serializers.CharField(max_length=40, required=False)
    delimiter = serializers.ChoiceField(choices=[",", ";", "\t", "|"], required=False)
    decimal_comma = serializers.BooleanField(required=False)

    def validate_date_format(self, value: str) -> str:
        if "%" not in value:
            raise serializers.ValidationError("A strftime format such as %d/%m/%Y.")
        return value

    def validate(self, attrs):
        named = {k for k in ("date", "amount", "debit", "credit", "payee", "notes", "id", "currency") if k in attrs}
        if named and "date" not in attrs:
            raise serializers.ValidationError({"date": ["Name the date column too."]})
        if named and "amount" not in attrs and not ("debit" in attrs or "credit" in attrs):
            raise serializers.ValidationError({"amount": ["Map an amount column, or debit and/or credit columns."]})
        return attrs


class StatementImportIn(StrictSerializer):
    account_id = serializers.UUIDField()
    format = serializers.ChoiceField(choices=ImportFormat.choices)
    file = serializers.FileField(required=False, max_length=255)
    content = serializers.CharField(required=False, max_length=5_000_000, trim_whitespace=False)
    mapping = serializers.JSONField(required=False)
    preset = serializers.ChoiceField(choices=list(PRESETS), required=False,
                                     help_text="CSV: a known export's columns; detected when absent.")
    date_order = serializers.ChoiceField(choices=list(ORDERS), required=False,
                                         help_text="QIF/CSV: dmy or mdy; detected from the file when absent.")
    day_first = serializers.BooleanField(required=False, help_text="Older spelling of date_order.")

    def validate(self, attrs):
        if ("file" in attrs) == ("content" in attrs):
            raise serializers.ValidationError({"file": ["Send the statement as `file` (upload) or `content` (text), one of them."]})
        if attrs["format"] == ImportFormat.CSV:
            m = CsvMapping(data=attrs.get("mapping") or {})
            if not m.is_valid():
                raise serializers.ValidationError({"mapping": m.errors})
            attrs["mapping"] = m.validated_data or None
        else:
            for name in ("mapping", "preset"):
                if attrs.get(name):
                    raise serializers.ValidationError({name: [f"Only CSV imports take a {name}."]})
        if attrs["format"] == ImportFormat.OFX and ("date_order" in attrs or "day_first" in attrs):
            raise serializers.ValidationError({"date_order": ["OFX dates are year first; there is no order to choose."]})
        return attrs


class RestoreIn(StrictSerializer):
    file = serializers.FileField(max_length=255, help_text="The ZIP of GET /api/finance/export, or its finance/data.json.")


class RestoreOut(serializers.Serializer):
    created = serializers.DictField(child=serializers.IntegerField(), help_text="Records restored, by kind.")
    already_there = serializers.DictField(child=serializers.IntegerField(),
                                          help_text="Records you already have (the same id), left as they are.")
    skipped = serializers.DictField(child=serializers.IntegerField(),
                                    help_text="Records left out: receipts whose file the upload does not hold "
                                              "(finance_receipt; a data.json alone holds none).")


class ImportRereadIn(StrictSerializer):
    preset = serializers.ChoiceField(choices=list(PRESETS), required=False)
    date_order = serializers.ChoiceField(choices=list(ORDERS), required=False)


def money_str(amount, currency: str) -> str:
    from config.money import format_amount

    return "" if amount is None else format_amount(amount, currency)


class ExchangeRateFeedOut(serializers.BaseSerializer):
    """The `exchange_rate` entity: a rate (or its set/delete change) as devices see it."""

    def to_representation(self, instance) -> dict:
        from ledger.finance.rate_events import RateChange, rate_id

        # A RateChange (the feed) or an ExchangeRate row (the snapshot): the row's own `rate`
        # field is the Decimal, so it cannot be told apart by that attribute.
        rate = instance.rate if isinstance(instance, RateChange) else instance
        from decimal import Decimal

        return {"id": str(rate_id(rate)), "base": rate.base, "quote": rate.quote,
                "rate": f"{Decimal(rate.rate).normalize():f}", "effective_date": str(rate.effective_date),
                "shared": rate.owner_id is None}
