"""invoicing's API shapes: small input serializers (strict) and output serializers that
work without a request (the change feed uses them too)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from config.api.serializers import (
    AmountField,
    CurrencyField,
    ModelOut,
    StrictSerializer,
    validate_precision,
)
from invoicing import pricing
from invoicing.actions.invoices import today as invoice_today
from invoicing.models import Account, Investment, Invoice, Leg
from invoicing.selectors import MARKET_ORDERINGS, Position

GSTIN_RE = r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$"


# --- wallets ---------------------------------------------------------------------------------
class WalletOut(ModelOut):
    balance = AmountField(read_only=True)

    class Meta:
        model = Account
        fields = ["id", "version", "currency", "balance", "created_at", "updated_at"]
        read_only_fields = fields


class WalletsOut(serializers.Serializer):
    wallets = WalletOut(many=True)


class WalletTransactionOut(ModelOut):
    """One line of a wallet's statement: a leg of a posting."""

    posting = serializers.IntegerField(source="posting_id", read_only=True)
    kind = serializers.CharField(source="posting.kind", read_only=True)
    memo = serializers.CharField(source="posting.memo", read_only=True)
    invoice = serializers.UUIDField(source="posting.invoice_id", read_only=True, allow_null=True)
    currency = serializers.CharField(source="account.currency", read_only=True)
    amount = AmountField(read_only=True, positive=False, currency_source="account.currency")
    balance_after = AmountField(read_only=True, positive=False, currency_source="account.currency")
    at = serializers.DateTimeField(source="posting.created_at", read_only=True)

    class Meta:
        model = Leg
        fields = ["id", "posting", "kind", "memo", "invoice", "currency", "amount", "balance_after", "at"]
        read_only_fields = fields


class WalletMoveIn(StrictSerializer):
    amount = AmountField()
    currency = CurrencyField(required=False, default="INR")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        validate_precision(attrs, attrs["currency"], "amount")
        return attrs


class WalletTransactionsQuery(serializers.Serializer):
    currency = CurrencyField(required=False)


# --- invoices --------------------------------------------------------------------------------
class InvoiceOut(ModelOut):
    seller = serializers.UUIDField(source="seller_id", read_only=True)
    face_amount = AmountField(read_only=True)
    min_ticket = AmountField(read_only=True)
    advance_amount = AmountField(read_only=True, allow_null=True)
    funded_amount = AmountField(read_only=True, positive=False)
    remaining_amount = AmountField(read_only=True, positive=False)
    fee_amount = AmountField(read_only=True, positive=False)
    repaid_amount = AmountField(read_only=True, positive=False)
    outstanding_amount = AmountField(read_only=True, positive=False)
    discount_rate = serializers.DecimalField(max_digits=7, decimal_places=4, read_only=True)
    funded_percent = serializers.SerializerMethodField()
    annual_yield = serializers.SerializerMethodField()
    days_to_due = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = [
            "id", "version", "seller", "status", "buyer_name", "buyer_gstin", "number", "currency",
            "face_amount", "issue_date", "due_date", "discount_rate", "min_ticket", "document_url",
            "advance_amount", "priced_days", "funded_amount", "remaining_amount", "funded_percent",
            "fee_amount", "repaid_amount", "outstanding_amount", "annual_yield", "days_to_due",
            "source_bill_id", "listed_at", "funded_at", "repaid_at", "withdrawn_at", "expired_at",
            "overdue_at", "defaulted_at", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_funded_percent(self, obj: Invoice) -> str:
        if not obj.advance_amount:
            return "0.00"
        return str(pricing.quantize_percent(obj.funded_amount * 100 / obj.advance_amount))

    def get_annual_yield(self, obj: Invoice) -> str | None:
        if obj.advance_amount is None or not obj.priced_days:
            return None
        return str(pricing.quantize_percent(
            pricing.annual_yield_percent(obj.face_amount, obj.advance_amount, obj.priced_days)
        ))

    def get_days_to_due(self, obj: Invoice) -> int:
        # Counted from the invoice's day, its seller's (not the server's UTC day nor the
        # reader's): lists select_related("seller__profile") so this reads no row per invoice.
        return (obj.due_date - invoice_today(obj.seller)).days


class InvoiceIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    buyer_name = serializers.CharField(max_length=200)
    buyer_gstin = serializers.RegexField(
        GSTIN_RE, max_length=15, required=False, allow_blank=True,
        error_messages={"invalid": "Not a valid GSTIN (15 characters, e.g. 27AAPFU0939F1ZV)."},
    )
    number = serializers.CharField(max_length=64)
    face_amount = AmountField()
    currency = CurrencyField(required=False, default="INR")
    issue_date = serializers.DateField()
    due_date = serializers.DateField()
    discount_rate = serializers.DecimalField(
        max_digits=7, decimal_places=4, min_value=Decimal("0.0001"), max_value=Decimal("99.9999"),
        help_text="Annual discount rate in percent.",
    )
    min_ticket = AmountField()
    document_url = serializers.URLField(max_length=500, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        currency = attrs.get("currency") or (self.instance.currency if self.instance else "INR")
        validate_precision(attrs, currency, "face_amount", "min_ticket")
        return attrs


class InvoiceEditIn(InvoiceIn):
    """PATCH: any subset of the fields (and `version`)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields.pop("id")
        for field in fields.values():
            field.required = False
        fields["currency"].default = serializers.empty
        return fields


class InvoiceVersionIn(StrictSerializer):
    pass


class InvoiceAmountIn(StrictSerializer):
    amount = AmountField()


class FromBillIn(StrictSerializer):
    id = serializers.UUIDField(required=False)
    bill = serializers.UUIDField()
    discount_rate = serializers.DecimalField(
        max_digits=7, decimal_places=4, min_value=Decimal("0.0001"), max_value=Decimal("99.9999")
    )
    min_ticket = AmountField(required=False)
    buyer_gstin = serializers.RegexField(GSTIN_RE, max_length=15, required=False, allow_blank=True)
    document_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    due_date = serializers.DateField(
        required=False, help_text="Default: the bill's due date. A later one (agreed with the buyer) may be given, "
                                  "e.g. to list again a bill whose listing expired unfunded; never an earlier one.",
    )


class InvestmentOut(ModelOut):
    invoice = serializers.UUIDField(source="invoice_id", read_only=True)
    investor = serializers.UUIDField(source="investor_id", read_only=True)
    amount = AmountField(read_only=True)
    face_share = AmountField(read_only=True, allow_null=True)
    repaid_amount = AmountField(read_only=True, positive=False)
    status = serializers.CharField(source="invoice.status", read_only=True)

    class Meta:
        model = Investment
        fields = [
            "id", "version", "invoice", "investor", "currency", "amount", "face_share", "repaid_amount",
            "status", "confirmed_at", "refunded_at", "created_at", "updated_at",
        ]
        read_only_fields = fields


# --- marketplace, portfolio, dashboards --------------------------------------------------------
class MarketplaceQuery(serializers.Serializer):
    currency = CurrencyField(required=False)
    min_yield = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0, max_value=10000, required=False)
    max_days_to_due = serializers.IntegerField(min_value=0, max_value=3650, required=False)
    min_face = AmountField(required=False, positive=False, min_value=0)
    max_face = AmountField(required=False, positive=False, min_value=0)
    ordering = serializers.ChoiceField(choices=sorted(MARKET_ORDERINGS), required=False, default="due_date")
    include_own = serializers.BooleanField(required=False, default=True)


class SellerInvoicesQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=[s for s, _ in Invoice._meta.get_field("status").choices], required=False)


class PositionOut(serializers.Serializer):
    investment = InvestmentOut(read_only=True)
    invoice = serializers.SerializerMethodField()
    currency = serializers.CharField(source="investment.currency")
    invested = AmountField(source="investment.amount", currency_source="investment.currency")
    expected_face = AmountField(currency_source="investment.currency")
    expected_return = AmountField(positive=False, currency_source="investment.currency")
    realised_return = AmountField(positive=False, currency_source="investment.currency")
    annual_yield = serializers.DecimalField(max_digits=12, decimal_places=2)

    def get_invoice(self, obj: Position) -> dict[str, Any]:
        return InvoiceOut(obj.investment.invoice).data


class PortfolioTotalsOut(serializers.Serializer):
    currency = serializers.CharField()
    positions = serializers.IntegerField()
    invested = AmountField()
    outstanding = AmountField(positive=False)
    expected_return = AmountField(positive=False)
    realised_return = AmountField(positive=False)
    repaid = AmountField(positive=False)
    annual_yield = serializers.DecimalField(max_digits=12, decimal_places=2)


class PortfolioOut(serializers.Serializer):
    totals = PortfolioTotalsOut(many=True)
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = PositionOut(many=True)


class SellerTotalsOut(serializers.Serializer):
    currency = serializers.CharField()
    face_total = AmountField(positive=False)
    listed_face = AmountField(positive=False)
    funding_received = AmountField(positive=False)
    advance_received = AmountField(positive=False)
    fees_paid = AmountField(positive=False)
    repaid = AmountField(positive=False)
    outstanding = AmountField(positive=False)


class SellerDashboardOut(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    totals = SellerTotalsOut(many=True)


class InvestorDashboardOut(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    totals = PortfolioTotalsOut(many=True)
    wallets = WalletOut(many=True)
