from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import renderers, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.query import list_schema, refuse_unknown
from config.api.serializers import represent
from config.csv_export import line_writer
from ledger.finance import actions, backup, restore, selectors
from ledger.finance.api import serializers as s
from ledger.finance.api.base import FinanceView, parse
from ledger.finance.api.views import paginated
from ledger.finance.models import Direction, TransactionPart
from realtime.preconditions import expected_version


class TransactionFilter(serializers.Serializer):
    account = serializers.UUIDField(required=False)
    category = serializers.UUIDField(required=False)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    from_ = s.BoundedDate(required=False)
    to = s.BoundedDate(required=False)
    q = serializers.CharField(max_length=100, required=False)
    tag = serializers.CharField(max_length=40, required=False)
    include_deleted = serializers.BooleanField(required=False)

    def to_internal_value(self, data):
        data = {("from_" if k == "from" else k): v for k, v in data.items()}
        return super().to_internal_value(data)


FILTER_PARAMS = [
    OpenApiParameter("account", OpenApiTypes.UUID), OpenApiParameter("category", OpenApiTypes.UUID),
    OpenApiParameter("direction", str, enum=[d for d, _ in Direction.choices]),
    OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE),
    OpenApiParameter("q", str, description="payee or notes contain"), OpenApiParameter("tag", str),
    OpenApiParameter("include_deleted", bool),
]


def filtered(request: Request):
    f = parse(TransactionFilter, {k: v for k, v in request.query_params.items() if k in
                                  ("account", "category", "direction", "from", "to", "q", "tag", "include_deleted")})
    qs = selectors.transactions_of(request.user, include_deleted=f.get("include_deleted", False))
    if "account" in f:
        qs = qs.filter(Q(account_id=f["account"]) | Q(transfer_account_id=f["account"]))
    if "category" in f:
        qs = qs.filter(Q(category_id=f["category"]) | Q(category__parent_id=f["category"]))
    if "direction" in f:
        qs = qs.filter(direction=f["direction"])
    if "from_" in f:
        qs = qs.filter(date__gte=f["from_"])
    if "to" in f:
        qs = qs.filter(date__lte=f["to"])
    if "q" in f:
        qs = qs.filter(Q(payee__icontains=f["q"]) | Q(notes__icontains=f["q"]))
    if "tag" in f:
        qs = qs.filter(tags__contains=[f["tag"]])
    return qs.select_related("transfer_account").prefetch_related("parts")


class TransactionsView(FinanceView):
    @list_schema(*FILTER_PARAMS, operation_id="finance_transactions_list", responses=paginated(s.TransactionOut))
    def get(self, request: Request) -> Response:
        return self.paginate(request, filtered(request), s.TransactionOut)

    @extend_schema(request=s.TransactionIn, responses={201: s.TransactionOut})
    def post(self, request: Request) -> Response:
        obj = actions.record_transaction(request.user, **parse(s.TransactionIn, request.data))
        return Response(represent(s.TransactionOut, obj), status=status.HTTP_201_CREATED)


class TransactionView(FinanceView):
    @extend_schema(responses=s.TransactionOut)
    def get(self, request: Request, pk) -> Response:
        return Response(represent(s.TransactionOut, selectors.get_transaction_for(request.user, pk, live=False)))

    @extend_schema(request=s.TransactionPatch, responses=s.TransactionOut)
    def patch(self, request: Request, pk) -> Response:
        txn = selectors.get_transaction_for(request.user, pk)
        obj = actions.update_transaction(request.user, transaction=txn, expected_version=expected_version(request),
                                         **parse(s.TransactionPatch, request.data))
        return Response(represent(s.TransactionOut, obj))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk) -> Response:
        txn = selectors.get_transaction_for(request.user, pk, live=False)
        actions.delete_transaction(request.user, transaction=txn, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TransactionRestoreView(FinanceView):
    @extend_schema(request=None, responses=s.TransactionOut)
    def post(self, request: Request, pk) -> Response:
        txn = selectors.get_transaction_for(request.user, pk, live=False)
        obj = actions.restore_transaction(request.user, transaction=txn, expected_version=expected_version(request))
        return Response(represent(s.TransactionOut, obj))


class CSVRenderer(renderers.BaseRenderer):
    """Lets a client ask for text/csv; errors still go out as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data) if data is not None else b""


class ExportView(FinanceView):
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    @extend_schema(parameters=FILTER_PARAMS, responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request) -> StreamingHttpResponse:
        qs = filtered(request).select_related("account", "category", "transfer_account").order_by("date", "created_at", "id")
        response = StreamingHttpResponse(_csv_lines(qs), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="transactions.csv"'
        return response


def _csv_lines(qs):
    """In chunks of 2,000 rows, so a 100,000-transaction export never sits in memory whole
    (and the server is not handed one line at a time)."""
    w = line_writer()
    chunk = [w.writerow(["id", "date", "account", "direction", "amount", "currency", "category", "payee", "notes",
                      "tags", "transfer_account", "transfer_amount", "source", "part", "transaction_amount"])]
    parts = Prefetch("parts", queryset=TransactionPart.objects.select_related("category").order_by("id"))
    for t in qs.prefetch_related(None).prefetch_related(parts).iterator(chunk_size=2000):
        chunk.extend(w.writerow(row) for row in _csv_rows(t))
        if len(chunk) >= 2000:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def _csv_rows(t) -> list[list]:
    """A transaction's lines: one, or for a split one per part (its category, amount and note,
    "1/3" in `part`, the whole in `transaction_amount`), as YNAB and Actual export splits, so a
    spreadsheet's sum per category is right and the rows of one transaction share its id."""
    whole = s.money_str(t.amount, t.currency)
    transfer = [t.transfer_account.name, s.money_str(t.transfer_amount, t.transfer_account.currency)] \
        if t.transfer_account else ["", ""]

    def row(amount: str, category, notes: str, part: str) -> list:
        return [t.id, t.date.isoformat(), t.account.name, t.direction, amount, t.currency,
                category.name if category else "", t.payee, notes, ";".join(t.tags), *transfer, t.source, part, whole]

    parts = list(t.parts.all()) if t.split else []
    if not parts:
        return [row(whole, t.category, t.notes, "")]
    return [row(s.money_str(p.amount, p.currency), p.category, p.note or t.notes, f"{n}/{len(parts)}")
            for n, p in enumerate(parts, 1)]


class RestoreView(FinanceView):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": s.RestoreIn}, responses={201: s.RestoreOut})
    def post(self, request: Request) -> Response:
        """Restore an export (`GET /api/finance/export`'s ZIP or its data.json) into your
        finance: every live record comes back as new (ids kept where free, records you already
        have left alone), all or nothing."""


        upload = parse(s.RestoreIn, request.data)["file"]
        result = restore.restore_finance(request.user, **backup.read(upload).arguments())
        return Response(s.RestoreOut(result).data, status=status.HTTP_201_CREATED)


class ExportAllView(FinanceView):
    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request: Request) -> HttpResponse:
        """All your personal finance data (accounts, categories, transactions, budgets, alerts,
        bills, recurring items, settings, rates, receipts): `finance/data.json`, one CSV per kind
        and each live receipt's file (`finance/receipts/<id>-<name>`, listed in data.json's
        `receipt_files`)."""
        from django.http import FileResponse
        from django.utils import timezone

        from config import receipt_archive
        from ledger.finance.models import TransactionReceipt
        from social import personal_data

        refuse_unknown(request, ())
        tables = personal_data.entities_of(request.user, "finance_")
        tables["exchange_rate"] = personal_data.entities_of(request.user, "exchange_rate")["exchange_rate"]
        files = receipt_archive.paths(TransactionReceipt.objects.filter(
            transaction__owner=request.user, transaction__deleted_at=None, deleted_at=None).order_by("pk"))
        data = {"exported_at": timezone.now(), "entities": tables, "receipt_files": [path for path, _ in files]}
        body = personal_data.zip_file("finance", data, tables, files)
        response = FileResponse(body, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="finance-{timezone.localdate().isoformat()}.zip"'
        return response
