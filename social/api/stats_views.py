"""A group's statistics: per member, per category, per month (social/stats.py)."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.errors import Invalid
from config.api.query import refuse_unknown
from social import selectors, stats
from social.views.people import people


class MemberStatsOut(serializers.Serializer):
    user = serializers.UUIDField()
    name = serializers.CharField()
    paid = serializers.CharField(help_text="Paid towards the group's expenses.")
    share = serializers.CharField(help_text="Their part of the group's expenses.")
    settled = serializers.CharField(help_text="Paid (+) or received (-) in settlements.")
    balance = serializers.CharField(help_text="paid - share + settled.")


class CategoryStatsOut(serializers.Serializer):
    category = serializers.CharField()
    total = serializers.CharField()
    expenses = serializers.IntegerField()


class MonthStatsOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    total = serializers.CharField()
    expenses = serializers.IntegerField()


class CurrencyStatsOut(serializers.Serializer):
    currency = serializers.CharField()
    total = serializers.CharField()
    expenses = serializers.IntegerField()
    members = MemberStatsOut(many=True)
    categories = CategoryStatsOut(many=True)
    months = MonthStatsOut(many=True)


class GroupStatsOut(serializers.Serializer):
    group = serializers.UUIDField()
    to = serializers.DateField(allow_null=True)
    currencies = CurrencyStatsOut(many=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(allow_null=True)  # a keyword
        return fields


class RangeIn(serializers.Serializer):
    to = serializers.DateField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)  # a keyword
        return fields


class GroupStatsView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("from", OpenApiTypes.DATE, description="Entries on or after this date."),
                    OpenApiParameter("to", OpenApiTypes.DATE, description="Entries on or before this date.")],
        responses={200: GroupStatsOut},
    )
    def get(self, request: Request, pk: UUID) -> Response:
        """Per currency: each member's paid, share and balance; totals per category and per month."""
        group = selectors.get_group_for(request.user, pk)
        refuse_unknown(request, {"from", "to"})
        span = RangeIn(data=request.query_params)
        span.is_valid(raise_exception=True)
        start, end = span.validated_data.get("from"), span.validated_data.get("to")
        if start and end and start > end:
            raise Invalid("`from` is after `to`.", fields={"from": ["Must not be after `to`."]})
        members = group.member_ids()
        blocks = stats.group_stats(group, start=start, end=end, members=members)
        names = {pk: str(u) for pk, u in people({m for b in blocks for m in b.members}).items()}
        return Response({"group": str(group.pk), "from": start, "to": end,
                         "currencies": stats.as_json(blocks, names)})
