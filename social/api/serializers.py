"""How social's objects look on the wire (API responses and change-feed data). They work
without a request in context."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config import money
from config.api.serializers import AmountField, ModelOut
from social.models import (
    IOU,
    Activity,
    Comment,
    Expense,
    Friendship,
    Group,
    Invite,
    IOUPayment,
    Profile,
    Receipt,
    RecurringExpense,
    Settlement,
    User,
)
from social.selectors import shares_of


def _plain(value: Any) -> Any:
    """UUIDs (from foreign keys) as strings, so the data is JSON-native everywhere it travels
    (the change feed's channel layer packs with msgpack, which knows no UUID)."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class Out(ModelOut):
    def to_representation(self, instance: Any) -> dict[str, Any]:
        return _plain(super().to_representation(instance))


class PersonOut(ModelOut):
    class Meta:
        model = User
        fields = ["id", "name", "email"]
        read_only_fields = fields


class PersonCardOut(serializers.ModelSerializer):
    """How a person looks to the people who know them (the `person` entity)."""

    id = serializers.UUIDField(source="user_id", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)

    class Meta:
        model = Profile
        fields = ["id", "version", "name", "display_name", "avatar_url", "updated_at"]
        read_only_fields = fields


class FriendshipOut(Out):
    users = serializers.SerializerMethodField()

    class Meta:
        model = Friendship
        fields = ["id", "version", "users", "created_at", "updated_at", "deleted_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_users(self, obj: Friendship) -> list[str]:
        return [str(obj.user_low_id), str(obj.user_high_id)]


class InviteOut(Out):
    link = serializers.SerializerMethodField()

    class Meta:
        model = Invite
        fields = [
            "id", "version", "code", "link", "purpose", "payload", "name", "email", "phone", "inviter",
            "expires_at", "accepted_by", "accepted_at", "created_at", "updated_at", "deleted_at",
        ]
        read_only_fields = fields

    def get_link(self, obj: Invite) -> str:
        from django.conf import settings

        return f"{settings.HISAAB_BASE_URL.rstrip('/')}/invite/{obj.code}"


class GroupOut(Out):
    members = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = [
            "id", "version", "name", "currency", "simplify_debts", "members", "created_by",
            "created_at", "updated_at", "deleted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_members(self, obj: Group) -> list[str]:
        return [str(u) for u in sorted(obj.member_ids())]


class PayerOut(serializers.Serializer):
    user = serializers.UUIDField()
    amount = serializers.CharField()


class ExpenseOut(Out):
    amount = AmountField()
    paid_by = serializers.SerializerMethodField()
    owed = serializers.SerializerMethodField()
    split = serializers.SerializerMethodField()

    class Meta:
        model = Expense
        fields = [
            "id", "version", "group", "description", "amount", "currency", "date", "category", "notes",
            "paid_by", "split", "owed", "created_by", "created_at", "updated_at", "deleted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PayerOut(many=True))
    def get_paid_by(self, obj: Expense) -> list[dict[str, str]]:
        return [
            {"user": str(s.user_id), "amount": money.format_amount(s.paid, obj.currency)}
            for s in shares_of(obj)
            if s.paid
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_owed(self, obj: Expense) -> dict[str, str]:
        return {str(s.user_id): money.format_amount(s.owed, obj.currency) for s in shares_of(obj) if s.owed}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_split(self, obj: Expense) -> dict[str, Any]:
        return {"method": obj.split_method, **obj.split}


class CommentOut(Out):
    class Meta:
        model = Comment
        fields = ["id", "version", "expense", "author", "text", "created_at", "updated_at", "deleted_at"]
        read_only_fields = fields


class ReceiptOut(Out):
    url = serializers.SerializerMethodField(help_text="The file itself (same access as the expense).")

    class Meta:
        model = Receipt
        fields = ["id", "version", "expense", "name", "content_type", "size", "sha256", "url", "uploaded_by",
                  "created_at", "updated_at", "deleted_at"]
        read_only_fields = fields

    def get_url(self, obj: Receipt) -> str:
        return f"/api/receipts/{obj.pk}/file"


class ActivityOut(Out):
    actor = PersonOut()

    class Meta:
        model = Activity
        fields = ["id", "group", "actor", "verb", "entity", "object_id", "summary", "changes", "at"]
        read_only_fields = fields


class SettlementOut(Out):
    amount = AmountField()
    from_user = serializers.UUIDField(source="payer_id", read_only=True)
    to_user = serializers.UUIDField(source="payee_id", read_only=True)

    class Meta:
        model = Settlement
        fields = [
            "id", "version", "group", "from_user", "to_user", "amount", "currency", "date", "note",
            "created_by", "created_at", "updated_at", "deleted_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Settlement) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["from"] = data.pop("from_user")
        data["to"] = data.pop("to_user")
        return data


class IOUOut(Out):
    amount = AmountField()
    settled = AmountField(positive=False)
    pending = AmountField(positive=False)
    outstanding = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    lender = serializers.UUIDField(source="lender_id", read_only=True, allow_null=True)
    borrower = serializers.UUIDField(source="borrower_id", read_only=True, allow_null=True)

    class Meta:
        model = IOU
        fields = [
            "id", "version", "owner", "friend", "contact_name", "contact_phone", "direction", "amount",
            "settled", "pending", "outstanding", "status", "lender", "borrower", "currency", "date", "note", "settled_at",
            "created_at", "updated_at", "deleted_at",
        ]
        read_only_fields = fields

    def get_outstanding(self, obj: IOU) -> str:
        return money.format_amount(obj.amount - obj.settled, obj.currency)

    def get_status(self, obj: IOU) -> str:
        return "settled" if obj.settled >= obj.amount else "partly_settled" if obj.settled else "open"


class RecurringExpenseOut(Out):
    amount = AmountField()
    paid_by = serializers.SerializerMethodField()
    split = serializers.SerializerMethodField()

    class Meta:
        model = RecurringExpense
        fields = [
            "id", "version", "group", "description", "amount", "currency", "category", "notes", "paid_by",
            "split", "repeat", "start_date", "end_date", "next_date", "stopped_reason", "created_by",
            "created_at", "updated_at", "deleted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PayerOut(many=True))
    def get_paid_by(self, obj: RecurringExpense) -> list[dict[str, str]]:
        return [{"user": p["user"], "amount": money.format_amount(money.parse_amount(p["amount"]), obj.currency)}
                for p in obj.paid_by]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_split(self, obj: RecurringExpense) -> dict[str, Any]:
        return {"method": obj.split_method, **obj.split}


class IOUPaymentOut(Out):
    amount = AmountField()

    class Meta:
        model = IOUPayment
        fields = [
            "id", "version", "iou", "amount", "currency", "note", "status", "reason", "recorded_by",
            "decided_at", "created_at", "updated_at", "deleted_at",
        ]
        read_only_fields = fields


class GroupBalancesFeedOut(serializers.BaseSerializer):
    """The `group_balances` entity: a group (or its balance sheet) with its balances."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        from social.api.balance_sheets import group_sheet

        group = getattr(instance, "group", instance)
        members = None if instance is group else instance.members  # a Group's `members` is its m2m
        return {"id": str(group.pk), "group": str(group.pk), **group_sheet(group, members)}


class FriendBalanceFeedOut(serializers.BaseSerializer):
    """The `friend_balance` entity: where its viewer stands with the friend."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        from social.api.balance_sheets import position

        friendship = getattr(instance, "friendship", instance)
        viewer = UUID(str(instance.viewer))
        other = friendship.user_high_id if friendship.user_low_id == viewer else friendship.user_low_id
        known = getattr(instance, "balances", None)
        return {"id": str(friendship.pk), "friend": str(other),
                "balances": known if known is not None else position(viewer, other)}
