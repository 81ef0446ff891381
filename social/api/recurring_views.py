"""Recurring group expenses: list and set up (per group), read, edit, stop."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.query import list_schema
from config.api.serializers import represent
from realtime.preconditions import expected_version
from social import actions, selectors
from social.api.common import parse
from social.api.inputs import RecurringExpenseIn, RecurringExpensePatchIn
from social.api.serializers import RecurringExpenseOut
from social.models import RecurringExpense


class GroupRecurringView(generics.ListAPIView):
    serializer_class = RecurringExpenseOut

    @list_schema(OpenApiParameter("stopped", OpenApiTypes.BOOL, description="include stopped ones"))
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The group's repeats, next due first."""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RecurringExpense.objects.none()
        group = selectors.get_group_for(self.request.user, self.kwargs["pk"])
        stopped = self.request.query_params.get("stopped", "false").lower() in ("true", "1", "yes")
        return selectors.recurring_expenses_of(group, include_stopped=stopped)

    @extend_schema(request=RecurringExpenseIn, responses={201: RecurringExpenseOut})
    def post(self, request: Request, pk: UUID) -> Response:
        """Set up a repeat; periods from `start_date` to today are made at once, later ones by beat."""
        group = selectors.get_group_for(request.user, pk)
        data = parse(RecurringExpenseIn, request)
        data.setdefault("currency", group.currency)
        item = actions.create_recurring_expense(request.user, group=group, **data)
        return Response(represent(RecurringExpenseOut, item), status=status.HTTP_201_CREATED)


class RecurringExpenseView(APIView):
    @extend_schema(responses={200: RecurringExpenseOut})
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(represent(RecurringExpenseOut, selectors.get_recurring_expense_for(request.user, pk)))

    @extend_schema(request=RecurringExpensePatchIn, responses={200: RecurringExpenseOut})
    def patch(self, request: Request, pk: UUID) -> Response:
        """Edit the periods not yet made (also resumes a repeat that beat stopped)."""
        item = selectors.get_recurring_expense_for(request.user, pk)
        changes = parse(RecurringExpensePatchIn, request)
        item = actions.edit_recurring_expense(request.user, recurring=item, changes=changes,
                                              expected_version=expected_version(request))
        return Response(represent(RecurringExpenseOut, item))

    @extend_schema(responses={200: RecurringExpenseOut})
    def delete(self, request: Request, pk: UUID) -> Response:
        """Stop: no further period is made; the expenses made stay."""
        item = selectors.get_recurring_expense_for(request.user, pk)
        item = actions.stop_recurring_expense(request.user, recurring=item, expected_version=expected_version(request))
        return Response(represent(RecurringExpenseOut, item))
