"""Exchange rates, statement imports and reports."""

from __future__ import annotations

import json
from datetime import date

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.errors import Invalid
from config.api.query import list_schema
from config.api.serializers import represent
from ledger.finance import actions, reports, selectors
from ledger.finance.api import serializers as s
from ledger.finance.api.base import FinanceView, parse
from ledger.finance.api.views import paginated
from ledger.finance.dates import add_months, today_for
from ledger.finance.import_files import MAX_UPLOAD

MAX_REPORT_DAYS = 366 * 20


class RatesView(FinanceView):
    @list_schema(operation_id="finance_rates_list", responses=paginated(s.RateOut))
    def get(self, request: Request) -> Response:
        """Your own rates and the ones an admin entered for everyone."""
        return self.paginate(request, selectors.rates_visible_to(request.user), s.RateOut)

    @extend_schema(request=s.RateIn, responses={201: s.RateOut})
    def post(self, request: Request) -> Response:
        """1 base = rate quote from effective_date (replaces your rate for that pair and day)."""
        obj = actions.set_rate(request.user, **parse(s.RateIn, request.data))
        return Response(represent(s.RateOut, obj), status=status.HTTP_201_CREATED)


class RateView(FinanceView):
    @extend_schema(responses=s.RateOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(represent(s.RateOut, selectors.get_own_rate_for(request.user, pk)))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        actions.delete_rate(request.user, rate=selectors.get_own_rate_for(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImportsView(FinanceView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @list_schema(operation_id="finance_imports_list", responses=paginated(s.ImportBatchOut))
    def get(self, request: Request) -> Response:
        return self.paginate(request, selectors.imports_of(request.user), s.ImportBatchOut, context={"with_rows": False})

    @extend_schema(
        request={"multipart/form-data": s.StatementImportIn, "application/json": s.StatementImportIn},
        responses={201: s.ImportBatchOut},
    )
    def post(self, request: Request) -> Response:
        """Preview: parse the statement, store the batch with a verdict per row (new,
        duplicate, invalid and why). Nothing is added until it is confirmed."""
        data = request.data
        if hasattr(data, "dict"):  # multipart: a QueryDict; mapping arrives as JSON text
            data = {k: data.get(k) for k in data}
            if isinstance(data.get("mapping"), str):
                try:
                    data["mapping"] = json.loads(data["mapping"])
                except ValueError:
                    raise Invalid("The mapping is not JSON.", fields={"mapping": ["Send the column mapping as a JSON object."]})
        d = parse(s.StatementImportIn, data)
        upload = d.get("file")
        if upload is not None and upload.size > MAX_UPLOAD:
            raise Invalid("The file is too large (5 MB at most).", fields={"file": ["Too large."]})
        content = upload.read() if upload is not None else d["content"]
        batch = actions.preview_import(
            request.user, account_id=d["account_id"], format=d["format"], content=content,
            filename=getattr(upload, "name", "") or "", mapping=d.get("mapping"), preset=d.get("preset"),
            date_order=d.get("date_order"), day_first=d.get("day_first"),
        )
        return Response(represent(s.ImportBatchOut, batch), status=status.HTTP_201_CREATED)


class ImportView(FinanceView):
    @extend_schema(responses=s.ImportBatchOut)
    def get(self, request: Request, pk) -> Response:
        return Response(represent(s.ImportBatchOut, selectors.get_import_for(request.user, pk)))

    @extend_schema(request=None, responses=s.ImportBatchOut)
    def delete(self, request: Request, pk) -> Response:
        """Discard a preview."""
        batch = actions.discard_import(request.user, batch=selectors.get_import_for(request.user, pk))
        return Response(represent(s.ImportBatchOut, batch))


class ImportRereadView(FinanceView):
    @extend_schema(request=s.ImportRereadIn, responses={201: s.ImportBatchOut})
    def post(self, request: Request, pk) -> Response:
        """Read the preview's file again with another preset or date order: a new preview
        (returned); this one is discarded."""
        d = parse(s.ImportRereadIn, request.data)
        batch = actions.reread_import(request.user, batch=selectors.get_import_for(request.user, pk), **d)
        return Response(represent(s.ImportBatchOut, batch), status=status.HTTP_201_CREATED)


class ImportConfirmView(FinanceView):
    @extend_schema(request=None, responses=s.ImportBatchOut)
    def post(self, request: Request, pk) -> Response:
        """Add the rows still new (checked again now); the report says what was skipped."""
        batch = actions.confirm_import(request.user, batch=selectors.get_import_for(request.user, pk))
        return Response(represent(s.ImportBatchOut, batch))


# --- reports --------------------------------------------------------------------------------------
class RangeIn(serializers.Serializer):
    def get_fields(self):
        return {"from": s.BoundedDate(required=False), "to": s.BoundedDate(required=False)}


RANGE_PARAMS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="default: 11 months before `to`, from the 1st"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="default: today"),
]


def _range(request: Request) -> tuple[date, date]:
    d = parse(RangeIn, {k: v for k, v in request.query_params.items() if k in ("from", "to")})
    end = d.get("to") or today_for(request.user)
    start = d.get("from") or add_months(end.replace(day=1), -11)
    if start > end:
        raise Invalid("`from` is after `to`.", fields={"from": ["Must be on or before `to`."]})
    if (end - start).days > MAX_REPORT_DAYS:
        raise Invalid("The range is too long (20 years at most).", fields={"from": ["Too far back."]})
    return start, end


class SpendingByCategoryView(FinanceView):
    @extend_schema(parameters=RANGE_PARAMS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        """Expenses per top-level category in the default currency: `categories`, plus
        chart-ready `labels` and `series`."""
        start, end = _range(request)
        return Response(reports.spending_by_category(request.user, start=start, end=end))


class IncomeExpenseView(FinanceView):
    @extend_schema(parameters=RANGE_PARAMS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        """Income, expense and net per month (transfers excluded), chart-ready series."""
        start, end = _range(request)
        return Response(reports.income_vs_expense(request.user, start=start, end=end))


class NetWorthView(FinanceView):
    @extend_schema(parameters=RANGE_PARAMS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        """Sum of all accounts at each month end, in the default currency."""
        start, end = _range(request)
        return Response(reports.net_worth(request.user, start=start, end=end))


class MonthIn(serializers.Serializer):
    month = serializers.RegexField(r"^(19|2[0-9])\d{2}-(0[1-9]|1[0-2])$", required=False)


class MonthlyView(FinanceView):
    @extend_schema(parameters=[OpenApiParameter("month", str, description="YYYY-MM, default this month")],
                   responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        """One month: income, expense, net and spending by category."""
        d = parse(MonthIn, {k: v for k, v in request.query_params.items() if k == "month"})
        if "month" in d:
            y, m = d["month"].split("-")
            month = date(int(y), int(m), 1)
        else:
            month = today_for(request.user).replace(day=1)
        return Response(reports.monthly(request.user, month=month))
