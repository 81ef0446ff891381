"""Expenses (with comments and history), settlements and IOUs."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.errors import Invalid
from config.api.serializers import represent
from realtime.preconditions import expected_version
from social import actions, selectors
from social.api.common import parse
from social.api.inputs import CommentIn, ExpenseIn, ExpensePatchIn, IOUIn, IOUSettleIn, SettlementIn
from social.api.serializers import ActivityOut, CommentOut, ExpenseOut, IOUOut, SettlementOut
from social.models import Activity, Comment, Group, User


def _group(user: User, group_id: UUID | None) -> Group | None:
    """A group named in a body: not being a member reads as a field error, as if it did not exist."""
    if group_id is None:
        return None
    group = selectors.groups_visible_to(user).filter(pk=group_id).first()
    if group is None:
        raise Invalid("No such group.", code="unknown_group", fields={"group": ["No such group."]})
    return group


class ExpenseListView(generics.ListAPIView):
    serializer_class = ExpenseOut

    @extend_schema(parameters=[OpenApiParameter("group", OpenApiTypes.UUID, description="only this group's")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.expenses_visible_to(self.request.user)
        group = self.request.query_params.get("group")
        if group:
            qs = qs.filter(group=selectors.get_group_for(self.request.user, group))
        return qs

    @extend_schema(request=ExpenseIn, responses={201: ExpenseOut})
    def post(self, request: Request) -> Response:
        data = parse(ExpenseIn, request)
        data["group"] = _group(request.user, data.get("group"))
        expense = actions.record_expense(request.user, **data)
        return Response(represent(ExpenseOut, expense), status=status.HTTP_201_CREATED)


class ExpenseDetailView(APIView):
    @extend_schema(responses={200: ExpenseOut})
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(represent(ExpenseOut, selectors.get_expense_for(request.user, pk)))

    @extend_schema(request=ExpensePatchIn, responses={200: ExpenseOut})
    def patch(self, request: Request, pk: UUID) -> Response:
        expense = selectors.get_expense_for(request.user, pk)
        data = parse(ExpensePatchIn, request)
        expense = actions.edit_expense(request.user, expense=expense, changes=data,
                                       expected_version=expected_version(request))
        return Response(represent(ExpenseOut, expense))

    @extend_schema(responses={200: ExpenseOut})
    def delete(self, request: Request, pk: UUID) -> Response:
        expense = selectors.get_expense_for(request.user, pk)
        expense = actions.delete_expense(request.user, expense=expense, expected_version=expected_version(request))
        return Response(represent(ExpenseOut, expense))


class ExpenseRestoreView(APIView):
    @extend_schema(request=None, responses={200: ExpenseOut})
    def post(self, request: Request, pk: UUID) -> Response:
        expense = selectors.get_expense_for(request.user, pk)
        expense = actions.restore_expense(request.user, expense=expense, expected_version=expected_version(request))
        return Response(represent(ExpenseOut, expense))


class ExpenseCommentsView(generics.ListAPIView):
    serializer_class = CommentOut

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        return selectors.comments_of(selectors.get_expense_for(self.request.user, self.kwargs["pk"]))

    @extend_schema(request=CommentIn, responses={201: CommentOut})
    def post(self, request: Request, pk: UUID) -> Response:
        expense = selectors.get_expense_for(request.user, pk, include_deleted=False)
        data = parse(CommentIn, request)
        comment = actions.add_comment(request.user, expense=expense, **data)
        return Response(represent(CommentOut, comment), status=status.HTTP_201_CREATED)


class ExpenseActivityView(generics.ListAPIView):
    serializer_class = ActivityOut

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        return selectors.object_activity(selectors.get_expense_for(self.request.user, self.kwargs["pk"]).pk)


class SettlementListView(generics.ListAPIView):
    serializer_class = SettlementOut

    def get_queryset(self):
        return selectors.settlements_visible_to(self.request.user)

    @extend_schema(request=SettlementIn, responses={201: SettlementOut})
    def post(self, request: Request) -> Response:
        data = parse(SettlementIn, request)
        settlement = actions.record_settlement(
            request.user, group=_group(request.user, data.get("group")), payer_id=data["from"],
            payee_id=data["to"], amount=data["amount"], currency=data["currency"],
            date=data.get("date"), note=data["note"], id=data.get("id"),
        )
        return Response(represent(SettlementOut, settlement), status=status.HTTP_201_CREATED)


class SettlementDetailView(APIView):
    @extend_schema(responses={200: SettlementOut})
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(represent(SettlementOut, selectors.get_settlement_for(request.user, pk)))

    @extend_schema(responses={200: SettlementOut})
    def delete(self, request: Request, pk: UUID) -> Response:
        settlement = selectors.get_settlement_for(request.user, pk)
        return Response(represent(SettlementOut, actions.delete_settlement(request.user, settlement=settlement)))


class IOUListView(generics.ListAPIView):
    serializer_class = IOUOut

    def get_queryset(self):
        return selectors.ious_visible_to(self.request.user)

    @extend_schema(request=IOUIn, responses={201: IOUOut})
    def post(self, request: Request) -> Response:
        data = parse(IOUIn, request)
        iou = actions.record_iou(
            request.user, direction=data["direction"], amount=data["amount"], currency=data["currency"],
            date=data["date"], friend_id=data.get("friend"), contact_name=data["contact_name"],
            contact_phone=data.get("contact_phone") or "", note=data["note"], id=data.get("id"),
        )
        return Response(represent(IOUOut, iou), status=status.HTTP_201_CREATED)


class IOUDetailView(APIView):
    @extend_schema(responses={200: IOUOut})
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(represent(IOUOut, selectors.get_iou_for(request.user, pk)))


class IOUSettleView(APIView):
    @extend_schema(request=IOUSettleIn, responses={200: IOUOut})
    def post(self, request: Request, pk: UUID) -> Response:
        iou = selectors.get_iou_for(request.user, pk)
        data = parse(IOUSettleIn, request)
        return Response(represent(IOUOut, actions.settle_iou(request.user, iou=iou, amount=data.get("amount"))))


