"""A business to take away and bring back (ledger/khata/portable.py): its document as JSON
or as CSV files in a ZIP (managers and owners: a clerk 403, an outsider 404), and an import
that makes a new business of the caller's from such a document."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.parsers import JSONParser
from config.api.query import refuse_unknown
from config.api.serializers import represent
from ledger.khata import actions, portable
from ledger.khata.api import portable_serializers as p
from ledger.khata.api import serializers as s
from ledger.khata.api.base import KhataView, parse


class ExportView(KhataView):
    @extend_schema(responses={(200, "application/json"): OpenApiTypes.OBJECT})
    def get(self, request: Request, business_id: str) -> Response:
        """The whole business as one document: {"format": "hisaab.khata", "version": 1, "business",
        "parties", "entries", "bills" (with "lines"), "payments", "cashbook", "staff", "punches",
        "attendance", "receipts" (rows only: the files are in the ZIP)}; amounts are decimal
        strings, dates ISO 8601, ids the original's."""
        business = portable.get_business_to_export(request.user, business_id)
        refuse_unknown(request, ())
        return Response(portable.document_of(business))


class ExportZipView(KhataView):
    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request: Request, business_id: str) -> HttpResponse:
        """The same document as `hisaab-khata/data.json`, one CSV per table (formula cells
        defused) and each receipt's file (`hisaab-khata/receipts/<id>-<name>`)."""
        business = portable.get_business_to_export(request.user, business_id)
        refuse_unknown(request, ())
        response = FileResponse(portable.zip_of(portable.document_of(business)), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{portable.filename(business, "zip")}"'
        return response


class ImportView(KhataView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(request={"application/json": p.BusinessDocumentIn, "multipart/form-data": p.BusinessDocumentFileIn},
                   responses={201: p.BusinessImportedOut})
    def post(self, request: Request) -> Response:
        """A new business of yours from an export (the JSON as the body, or its JSON or ZIP as
        the multipart field `file`): every row made again with a new id, and from a ZIP each
        receipt's file attached again (`counts.receipts_left_out`: those the upload lacks). All
        or nothing: a document that does not add up is refused (400 naming the row) and nothing
        is made."""
        data, receipt_file = request.data, None
        if request.content_type.startswith("multipart/"):
            upload = portable.read_upload(parse(p.BusinessDocumentFileIn, data)["file"])
            data, receipt_file = upload.document, upload.receipt_file
        business, counts = actions.restore_business(request.user, document=parse(p.BusinessDocumentIn, data),
                                                    receipt_file=receipt_file)
        return Response({"business": represent(s.BusinessOut, business), "counts": counts},
                        status=status.HTTP_201_CREATED)
