"""GST returns: the month's GSTR-1 summary as the offline tool's JSON or as CSV files
(ledger/khata/gstr1.py). Managers and owners only (clerks 403, outsiders 404)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request

from config.api.query import refuse_unknown
from ledger.khata import gstr1, selectors
from ledger.khata.api.base import KhataView, parse
from ledger.khata.models import Role

MONTH = OpenApiParameter("month", str, required=True, description="YYYY-MM: the return period.")


class Gstr1In(serializers.Serializer):
    month = serializers.RegexField(r"^(19|20|21)\d{2}-(0[1-9]|1[0-2])$")


def period(request: Request, business_id: str):
    business = selectors.get_business_for(request.user, business_id)
    selectors.require_role(request.user, business.id, Role.MANAGER)
    refuse_unknown(request, {"month"})
    month = dt.date.fromisoformat(parse(Gstr1In, request.query_params)["month"] + "-01")
    return business, month


class Gstr1View(KhataView):
    @extend_schema(parameters=[MONTH], responses={(200, "application/json"): OpenApiTypes.OBJECT})
    def get(self, request: Request, business_id: str) -> HttpResponse:
        """GSTR-1 for the month: `b2b`, `b2cl`, `b2cs`, `cdnr`, `cdnur`, `hsn` (amounts as exact JSON numbers)."""
        business, month = period(request, business_id)
        return HttpResponse(gstr1.to_json(gstr1.summary(business, month)), content_type="application/json")


class Gstr1CsvView(KhataView):
    @extend_schema(parameters=[MONTH], responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request: Request, business_id: str) -> HttpResponse:
        """The same summary as CSV files (b2b, b2cl, b2cs, cdnr, cdnur, hsn) in a ZIP."""
        business, month = period(request, business_id)
        data = gstr1.summary(business, month)
        response = HttpResponse(gstr1.to_csv_zip(data), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="gstr1-{data["fp"]}.zip"'
        return response
