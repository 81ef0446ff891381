"""Serializer building blocks every app's API uses: strict input (unknown or read-only keys
are refused, not ignored), amounts as decimal strings at the currency's precision."""

from __future__ import annotations

import copy
import threading
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from config import money
from config.text import field_problems

# Keys a client may send to any write although no serializer declares them.
ALWAYS_ALLOWED_KEYS = frozenset({"version"})


class StrictMixin:
    """Refuses keys the serializer would not write: unknown ones and read-only ones
    (balance, owner, status, version …), so mass assignment fails loudly."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            bad = {
                key: ["Unknown field."] if key not in self.fields else ["This field is read-only."]
                for key in data
                if key not in writable and key not in ALWAYS_ALLOWED_KEYS
            }
            if bad:
                raise serializers.ValidationError(bad)
        parsed = super().to_internal_value(data)
        if isinstance(parsed, dict):
            problems = field_problems(parsed)  # bidi controls, invisible characters in names
            if problems:
                raise serializers.ValidationError(problems)
        return parsed


class PrebuiltFieldsMixin:
    """A ModelSerializer's fields built once per class and copied for each instance.

    DRF rebuilds them from the model's meta on every instantiation (0.3-1 ms a serializer on
    the benchmark machine, for every response that makes one); a deep copy of a built
    set is what DRF itself does with declared fields, at a fraction of the cost. Safe because
    ModelSerializer.get_fields depends on the class alone (Meta, declared fields, the model),
    never on the instance, the data or the context; a subclass that adjusts fields per
    request does so on its own copy, after this."""

    _prebuilt: dict[type, dict[str, serializers.Field]] = {}

    def get_fields(self) -> dict[str, serializers.Field]:
        built = PrebuiltFieldsMixin._prebuilt.get(type(self))
        if built is None:  # a race builds it twice, harmlessly
            built = PrebuiltFieldsMixin._prebuilt[type(self)] = super().get_fields()  # type: ignore[misc]
        return copy.deepcopy(built)


_per_thread = threading.local()


def represent(serializer: type[serializers.BaseSerializer], instance: Any) -> Any:
    """`serializer(instance).data` for a serializer that needs no context, through one
    instance of it per thread: its fields are bound once, not built or copied per call
    (to_representation keeps no state between calls)."""
    made = getattr(_per_thread, "serializers", None)
    if made is None:
        made = _per_thread.serializers = {}
    one = made.get(serializer)
    if one is None:
        one = made[serializer] = serializer()
    return one.to_representation(instance)


class ModelOut(PrebuiltFieldsMixin, serializers.ModelSerializer):
    """Base of the API's output serializers for models."""


class StrictSerializer(StrictMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictMixin, PrebuiltFieldsMixin, serializers.ModelSerializer):
    pass


class CurrencyField(serializers.CharField):
    default_error_messages = {"unknown": "Unknown currency {value!r} (use an ISO 4217 code)."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data).upper()
        if not money.is_currency(value):
            self.fail("unknown", value=value)
        return value


class AmountField(serializers.DecimalField):
    """A decimal string. On output, quantized to the currency of the same object
    (`currency_source`, default "currency"). On input, bounded and exact; the precision
    check against the currency is `validate_precision`, called by the serializer that
    knows the currency."""

    def __init__(self, *, currency_source: str = "currency", positive: bool = True, **kwargs: Any):
        self.currency_source = currency_source
        kwargs.setdefault("max_digits", money.MAX_DIGITS)
        kwargs.setdefault("decimal_places", money.DECIMAL_PLACES)
        kwargs.setdefault("max_value", money.MAX_AMOUNT)
        kwargs.setdefault("min_value", Decimal("0.0001") if positive else -money.MAX_AMOUNT)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        # ASCII digits and one point only (config.money.parse_amount); JSON numbers are
        # taken in their plain written form too.
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        try:
            money.parse_amount(data if isinstance(data, str) else str(data))
        except money.AmountSyntaxError:
            self.fail("invalid")
        return super().to_internal_value(data)

    def get_attribute(self, instance: Any) -> Any:
        value = super().get_attribute(instance)
        currency = instance
        for part in self.currency_source.split("."):
            currency = currency.get(part) if isinstance(currency, dict) else getattr(currency, part, None)
        return (value, currency)

    def to_representation(self, value: Any) -> str | None:
        amount, currency = value if isinstance(value, tuple) else (value, None)
        if amount is None:
            return None
        if currency and money.is_currency(currency):
            return money.format_amount(Decimal(amount), currency)
        return super().to_representation(amount)


def validate_precision(attrs: dict[str, Any], currency: str, *names: str) -> None:
    """Field errors for amounts with more decimals than `currency` has."""
    errors = {
        name: [f"{money.exponent(currency)} decimal places at most for {currency}."]
        for name in names
        if attrs.get(name) is not None and not money.has_valid_precision(attrs[name], currency)
    }
    if errors:
        raise serializers.ValidationError(errors)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField()


class ErrorSerializer(serializers.Serializer):
    """The one error shape, for the OpenAPI schema."""

    error = ErrorDetailSerializer()
