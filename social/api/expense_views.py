"""Expenses (with comments and history), settlements and IOUs."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.errors import Invalid
from config.api.query import list_schema
from config.api.serializers import represent
from realtime.preconditions import expected_version
from social import actions, selectors
from social.api.common import parse
from social.api.inputs import (
    CommentIn,
    ExpenseFilterIn,
    ExpenseIn,
    ExpensePatchIn,
    IOUConfirmIn,
    IOUDisputeIn,
    IOUIn,
    IOUPatchIn,
    IOUPaymentIn,
    IOUSettleIn,
    SettlementIn,
)
from social.api.serializers import (
    ActivityOut,
    CommentOut,
    ExpenseOut,
    IOUOut,
    IOUPaymentOut,
    SettlementOut,
)
from social.expense_search import search_expenses
from social.models import Activity, Comment, Expense, Group, User


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

    @list_schema(ExpenseFilterIn)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Expenses you can see, newest first; the filters narrow it (`q`, `person`, …)."""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Expense.objects.none()
        query = ExpenseFilterIn(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return search_expenses(self.request.user, query.to_filter())

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
        settlement = actions.delete_settlement(request.user, settlement=settlement,
                                               expected_version=expected_version(request))
        return Response(represent(SettlementOut, settlement))


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

    @extend_schema(request=IOUPatchIn, responses={200: IOUOut})
    def patch(self, request: Request, pk: UUID) -> Response:
        """The owner corrects amount, date, note or direction (If-Match: the version it saw)."""
        iou = selectors.get_iou_for(request.user, pk)
        data = parse(IOUPatchIn, request)
        iou = actions.edit_iou(request.user, iou=iou, changes=data, expected_version=expected_version(request))
        return Response(represent(IOUOut, iou))

    @extend_schema(responses={200: IOUOut})
    def delete(self, request: Request, pk: UUID) -> Response:
        iou = selectors.get_iou_for(request.user, pk)
        iou = actions.delete_iou(request.user, iou=iou, expected_version=expected_version(request))
        return Response(represent(IOUOut, iou))


class IOUSettleView(APIView):
    @extend_schema(request=IOUSettleIn, responses={200: IOUOut})
    def post(self, request: Request, pk: UUID) -> Response:
        iou = selectors.get_iou_for(request.user, pk)
        data = parse(IOUSettleIn, request)
        return Response(represent(IOUOut, actions.settle_iou(request.user, iou=iou, amount=data.get("amount"))))




class IOUPaymentsView(APIView):
    """The borrower records a repayment; it stays pending until the lender confirms it."""

    @extend_schema(responses={200: IOUPaymentOut(many=True)})
    def get(self, request: Request, pk: UUID) -> Response:
        iou = selectors.get_iou_for(request.user, pk)
        payments = selectors.iou_payments_visible_to(request.user).filter(iou=iou)
        return Response([represent(IOUPaymentOut, p) for p in payments])

    @extend_schema(request=IOUPaymentIn, responses={201: IOUPaymentOut})
    def post(self, request: Request, pk: UUID) -> Response:
        iou = selectors.get_iou_for(request.user, pk)
        data = parse(IOUPaymentIn, request)
        payment = actions.record_iou_payment(request.user, iou=iou, amount=data.get("amount"), note=data["note"],
                                             id=data.get("id"))
        return Response(represent(IOUPaymentOut, payment), status=status.HTTP_201_CREATED)


class IOUPaymentConfirmView(APIView):
    @extend_schema(request=IOUConfirmIn, responses={200: IOUPaymentOut})
    def post(self, request: Request, pk: UUID) -> Response:
        payment = selectors.get_iou_payment_for(request.user, pk)
        data = parse(IOUConfirmIn, request)
        payment = actions.confirm_iou_payment(request.user, payment=payment, expected_version=data.get("version"))
        return Response(represent(IOUPaymentOut, payment))


class IOUPaymentDisputeView(APIView):
    @extend_schema(request=IOUDisputeIn, responses={200: IOUPaymentOut})
    def post(self, request: Request, pk: UUID) -> Response:
        payment = selectors.get_iou_payment_for(request.user, pk)
        data = parse(IOUDisputeIn, request)
        payment = actions.dispute_iou_payment(request.user, payment=payment, reason=data["reason"],
                                              expected_version=data.get("version"))
        return Response(represent(IOUPaymentOut, payment))
