"""Budgets, bills and recurring transactions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.query import list_schema
from config.api.serializers import represent
from ledger.finance import actions, reports, selectors
from ledger.finance.api import serializers as s
from ledger.finance.api.base import FinanceView, parse
from ledger.finance.api.views import paginated
from realtime.preconditions import expected_version


def _with_progress(user):
    def prepare(budgets):
        budgets = list(budgets)
        for b, p in zip(budgets, reports.budget_progress(user, budgets), strict=True):
            b.progress = p
        return budgets

    return prepare


class BudgetsView(FinanceView):
    @list_schema(operation_id="finance_budgets_list", responses=paginated(s.BudgetWithProgressOut))
    def get(self, request: Request) -> Response:
        """Budgets with spent, remaining and percentage for the current period."""
        return self.paginate(request, selectors.budgets_of(request.user), s.BudgetWithProgressOut,
                             prepare=_with_progress(request.user))

    @extend_schema(request=s.BudgetIn, responses={201: s.BudgetWithProgressOut})
    def post(self, request: Request) -> Response:
        obj = actions.create_budget(request.user, **parse(s.BudgetIn, request.data))
        return Response(represent(s.BudgetWithProgressOut, _with_progress(request.user)([obj])[0]),
                        status=status.HTTP_201_CREATED)


class BudgetView(FinanceView):
    @extend_schema(responses=s.BudgetWithProgressOut)
    def get(self, request: Request, pk) -> Response:
        obj = selectors.get_budget_for(request.user, pk)
        return Response(represent(s.BudgetWithProgressOut, _with_progress(request.user)([obj])[0]))

    @extend_schema(request=s.BudgetPatch, responses=s.BudgetWithProgressOut)
    def patch(self, request: Request, pk) -> Response:
        budget = selectors.get_budget_for(request.user, pk)
        obj = actions.update_budget(request.user, budget=budget, expected_version=expected_version(request),
                                    **parse(s.BudgetPatch, request.data))
        return Response(represent(s.BudgetWithProgressOut, _with_progress(request.user)([obj])[0]))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk) -> Response:
        budget = selectors.get_budget_for(request.user, pk)
        actions.delete_budget(request.user, budget=budget, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BudgetAlertsView(FinanceView):
    @list_schema(operation_id="finance_budget_alerts_list", responses=paginated(s.BudgetAlertOut))
    def get(self, request: Request) -> Response:
        return self.paginate(request, selectors.alerts_of(request.user), s.BudgetAlertOut)


class BillsView(FinanceView):
    @list_schema(operation_id="finance_bills_list", responses=paginated(s.BillOut))
    def get(self, request: Request) -> Response:
        return self.paginate(request, selectors.bills_of(request.user), s.BillOut)

    @extend_schema(request=s.BillIn, responses={201: s.BillOut})
    def post(self, request: Request) -> Response:
        obj = actions.create_bill(request.user, **parse(s.BillIn, request.data))
        return Response(represent(s.BillOut, obj), status=status.HTTP_201_CREATED)


class BillView(FinanceView):
    @extend_schema(responses=s.BillOut)
    def get(self, request: Request, pk) -> Response:
        return Response(represent(s.BillOut, selectors.get_bill_for(request.user, pk)))

    @extend_schema(request=s.BillPatch, responses=s.BillOut)
    def patch(self, request: Request, pk) -> Response:
        bill = selectors.get_bill_for(request.user, pk)
        obj = actions.update_bill(request.user, bill=bill, expected_version=expected_version(request),
                                  **parse(s.BillPatch, request.data))
        return Response(represent(s.BillOut, obj))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk) -> Response:
        bill = selectors.get_bill_for(request.user, pk)
        actions.delete_bill(request.user, bill=bill, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BillPaidOut(s.serializers.Serializer):
    bill = s.BillOut()
    transaction = s.TransactionOut()


class BillPayView(FinanceView):
    @extend_schema(request=s.BillPayIn, responses=BillPaidOut)
    def post(self, request: Request, pk) -> Response:
        bill = selectors.get_bill_for(request.user, pk)
        data = parse(s.BillPayIn, request.data)
        if "date" in data:
            data["on"] = data.pop("date")
        bill, txn = actions.pay_bill(request.user, bill=bill, expected_version=expected_version(request), **data)
        return Response({"bill": represent(s.BillOut, bill), "transaction": represent(s.TransactionOut, txn)})


class RecurringListView(FinanceView):
    @list_schema(operation_id="finance_recurring_list", responses=paginated(s.RecurringOut))
    def get(self, request: Request) -> Response:
        return self.paginate(request, selectors.recurring_of(request.user), s.RecurringOut)

    @extend_schema(request=s.RecurringIn, responses={201: s.RecurringOut})
    def post(self, request: Request) -> Response:
        obj = actions.create_recurring(request.user, **parse(s.RecurringIn, request.data))
        return Response(represent(s.RecurringOut, obj), status=status.HTTP_201_CREATED)


class RecurringView(FinanceView):
    @extend_schema(responses=s.RecurringOut)
    def get(self, request: Request, pk) -> Response:
        return Response(represent(s.RecurringOut, selectors.get_recurring_for(request.user, pk)))

    @extend_schema(request=s.RecurringPatch, responses=s.RecurringOut)
    def patch(self, request: Request, pk) -> Response:
        item = selectors.get_recurring_for(request.user, pk)
        obj = actions.update_recurring(request.user, recurring=item, expected_version=expected_version(request),
                                       **parse(s.RecurringPatch, request.data))
        return Response(represent(s.RecurringOut, obj))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk) -> Response:
        item = selectors.get_recurring_for(request.user, pk)
        actions.delete_recurring(request.user, recurring=item, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
