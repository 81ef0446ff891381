"""Input serializers: strict (unknown keys refused), bounded (lengths, list sizes, amounts)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config import money
from config.api.serializers import AmountField, CurrencyField, StrictSerializer
from social.api.account_serializers import PhoneField
from social.expense_search import ExpenseFilter
from social.models import RecurringRepeat

MAX_PEOPLE = 100


class InviteIn(StrictSerializer):
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = PhoneField(required=False, allow_null=True)


class InviteCreatedOut(serializers.Serializer):
    code = serializers.CharField()
    link = serializers.CharField()
    expires_at = serializers.DateTimeField()


class AcceptIn(StrictSerializer):
    code = serializers.CharField(max_length=64)


class GroupIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=100)
    currency = CurrencyField(required=False, default="INR")
    simplify_debts = serializers.BooleanField(required=False, default=True)
    members = serializers.ListField(child=serializers.UUIDField(), max_length=MAX_PEOPLE, required=False, default=list)


class GroupPatchIn(StrictSerializer):
    name = serializers.CharField(max_length=100, required=False)
    currency = CurrencyField(required=False)
    simplify_debts = serializers.BooleanField(required=False)


class MemberIn(StrictSerializer):
    user = serializers.UUIDField()


class PayerIn(StrictSerializer):
    user = serializers.UUIDField()
    amount = AmountField()


def _uuid(key: Any) -> UUID:
    try:
        return UUID(str(key))
    except ValueError:
        raise serializers.ValidationError(f"{key!r} is not a user id.")


def _decimal(value: Any, *, places: int = 4) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise serializers.ValidationError("Give numbers as decimal strings.")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise serializers.ValidationError(f"{value!r} is not a number.")
    if not number.is_finite() or abs(number) > money.MAX_AMOUNT:
        raise serializers.ValidationError(f"{value!r} is out of range.")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise serializers.ValidationError(f"{value!r} has more than {places} decimals.")
    return number


@extend_schema_field(OpenApiTypes.OBJECT)
class SplitField(serializers.Field):
    """{"method": "equal", "between": [id]} | {"method": "exact", "amounts": {id: "30.00"}}
    | {"method": "percent", "percents": {id: "33.33"}} | {"method": "shares", "shares": {id: 2}}."""

    KEYS = {"equal": "between", "exact": "amounts", "percent": "percents", "shares": "shares"}

    def to_representation(self, value: Any) -> Any:
        return value

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError("Give an object with a method.")
        method = data.get("method")
        if method not in self.KEYS:
            raise serializers.ValidationError(f"method must be one of {', '.join(self.KEYS)}.")
        key = self.KEYS[method]
        extra = set(data) - {"method", key}
        if extra:
            raise serializers.ValidationError(f"Unknown keys for {method}: {', '.join(sorted(map(str, extra)))}.")
        values = data.get(key)
        if method == "equal":
            if not isinstance(values, list) or not values or len(values) > MAX_PEOPLE:
                raise serializers.ValidationError(f"'between' is a list of 1 to {MAX_PEOPLE} user ids.")
            people = [_uuid(v) for v in values]
            if len(set(people)) != len(people):
                raise serializers.ValidationError("Someone is named twice.")
            return {"method": method, "between": people}
        if not isinstance(values, dict) or not values or len(values) > MAX_PEOPLE:
            raise serializers.ValidationError(f"'{key}' maps 1 to {MAX_PEOPLE} user ids to numbers.")
        out: dict[UUID, Any] = {}
        for raw_key, raw in values.items():
            user = _uuid(raw_key)
            if method == "shares":
                if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 1_000_000:
                    raise serializers.ValidationError("Shares are whole numbers from 0 to 1000000.")
                out[user] = raw
            else:
                number = _decimal(raw)
                if number < 0:
                    raise serializers.ValidationError("Values cannot be negative.")
                out[user] = number
        return {"method": method, key: out}


class ExpenseIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    group = serializers.UUIDField(required=False, allow_null=True)
    description = serializers.CharField(max_length=200)
    amount = AmountField()
    currency = CurrencyField()
    date = serializers.DateField()
    category = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    paid_by = PayerIn(many=True, max_length=MAX_PEOPLE, min_length=1)
    split = SplitField()


class ExpensePatchIn(StrictSerializer):
    description = serializers.CharField(max_length=200, required=False)
    amount = AmountField(required=False)
    currency = CurrencyField(required=False)
    date = serializers.DateField(required=False)
    category = serializers.CharField(max_length=50, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    paid_by = PayerIn(many=True, max_length=MAX_PEOPLE, min_length=1, required=False)
    split = SplitField(required=False)


class CommentIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    text = serializers.CharField(max_length=2000)


class SettlementIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    group = serializers.UUIDField(required=False, allow_null=True)
    amount = AmountField()
    currency = CurrencyField()
    date = serializers.DateField(required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # "from" is a Python keyword: declared here so the JSON keys are "from" and "to".
        fields["from"] = serializers.UUIDField()
        fields["to"] = serializers.UUIDField()
        return fields


class IOUIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    friend = serializers.UUIDField(required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    contact_phone = PhoneField(required=False, allow_null=True)
    direction = serializers.ChoiceField(choices=["lent", "borrowed"])
    amount = AmountField()
    currency = CurrencyField()
    date = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("friend") and attrs.get("contact_name"):
            raise serializers.ValidationError({"friend": ["Give a friend or a contact_name, not both."]})
        return attrs


class IOUPatchIn(StrictSerializer):
    direction = serializers.ChoiceField(choices=["lent", "borrowed"], required=False)
    amount = AmountField(required=False)
    date = serializers.DateField(required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class IOUSettleIn(StrictSerializer):
    amount = AmountField(required=False)


class IOUPaymentIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    amount = AmountField(required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class IOUDisputeIn(StrictSerializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, min_value=1)


class IOUConfirmIn(StrictSerializer):
    version = serializers.IntegerField(required=False, min_value=1)


class ImportIn(StrictSerializer):
    csv = serializers.CharField(max_length=1_000_000, trim_whitespace=False)
    members = serializers.DictField(child=serializers.UUIDField())

    def validate_members(self, value: dict) -> dict:
        if not value or len(value) > MAX_PEOPLE:
            raise serializers.ValidationError(f"Map 1 to {MAX_PEOPLE} columns to members.")
        return value


class BalanceOut(serializers.Serializer):
    user = serializers.UUIDField()
    currency = serializers.CharField()
    amount = serializers.CharField()


class TransferOut(serializers.Serializer):
    to = serializers.UUIDField()
    currency = serializers.CharField()
    amount = serializers.CharField()
    upi_link = serializers.CharField(allow_null=True)
    qr = serializers.CharField(allow_null=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.UUIDField()
        return fields


class GroupBalancesOut(serializers.Serializer):
    balances = BalanceOut(many=True)
    settle_up = TransferOut(many=True)


class PersonBalanceOut(serializers.Serializer):
    user = serializers.UUIDField()
    name = serializers.CharField()
    currency = serializers.CharField()
    amount = serializers.CharField()


class GroupBalanceOut(serializers.Serializer):
    group = serializers.UUIDField()
    name = serializers.CharField()
    currency = serializers.CharField()
    amount = serializers.CharField()


class TotalOut(serializers.Serializer):
    currency = serializers.CharField()
    amount = serializers.CharField()


class OverallBalancesOut(serializers.Serializer):
    people = PersonBalanceOut(many=True)
    groups = GroupBalanceOut(many=True)
    totals = TotalOut(many=True)


class FriendOut(serializers.Serializer):
    user = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.CharField()
    since = serializers.DateTimeField()
    balances = TotalOut(many=True)


class ImportOut(serializers.Serializer):
    imported = serializers.IntegerField()
    skipped = serializers.IntegerField()
    duplicates = serializers.IntegerField(help_text="Rows the group already holds (an export imported again).")


class ExpenseFilterIn(serializers.Serializer):
    """`GET /api/expenses` query: each given filter narrows the list (`social.expense_search`)."""

    q = serializers.CharField(max_length=200, required=False, allow_blank=True,
                              help_text="Every word in the description, notes or category.")
    person = serializers.UUIDField(required=False, help_text="Paid or owes a part.")
    category = serializers.CharField(max_length=50, required=False, allow_blank=True)
    to = serializers.DateField(required=False, help_text="On or before this date.")
    min_amount = AmountField(required=False, positive=False, min_value=Decimal(0))
    max_amount = AmountField(required=False, positive=False, min_value=Decimal(0))
    currency = CurrencyField(required=False)
    # Not a UUIDField: a malformed group id reads as a missing group (404), like any other id.
    group = serializers.CharField(max_length=64, required=False,
                                  help_text="Only this group's (the id of a group you are in; otherwise 404).")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, help_text="On or after this date.")  # a keyword
        return fields

    def to_filter(self) -> ExpenseFilter:
        d = self.validated_data
        return ExpenseFilter(
            q=d.get("q", ""), person=d.get("person"), category=d.get("category", ""),
            date_from=d.get("from"), date_to=d.get("to"), min_amount=d.get("min_amount"),
            max_amount=d.get("max_amount"), currency=d.get("currency", ""), group=d.get("group"),
        )


class RecurringExpenseIn(StrictSerializer):
    """A group expense that repeats: the expense's fields, its repeat and the first date."""

    id = serializers.UUIDField(required=False)
    description = serializers.CharField(max_length=200)
    amount = AmountField()
    currency = CurrencyField(required=False)
    category = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    paid_by = PayerIn(many=True, max_length=MAX_PEOPLE, min_length=1)
    split = SplitField()
    repeat = serializers.ChoiceField(choices=RecurringRepeat.choices)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)


class RecurringExpensePatchIn(StrictSerializer):
    description = serializers.CharField(max_length=200, required=False)
    amount = AmountField(required=False)
    category = serializers.CharField(max_length=50, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    paid_by = PayerIn(many=True, max_length=MAX_PEOPLE, min_length=1, required=False)
    split = SplitField(required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
