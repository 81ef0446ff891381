"""Receipts of personal transactions: list and upload (multipart), read and remove, the file."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config import receipts
from config.api.query import list_schema
from config.api.serializers import represent
from ledger.finance import actions, selectors
from ledger.finance.api import serializers as s
from ledger.finance.api.base import FinanceView
from ledger.finance.api.views import paginated


class TransactionReceiptsView(FinanceView):
    parser_classes = [MultiPartParser]

    @list_schema(operation_id="finance_transaction_receipts_list", responses=paginated(s.TransactionReceiptOut))
    def get(self, request: Request, pk) -> Response:
        txn = selectors.get_transaction_for(request.user, pk, live=False)
        return self.paginate(request, selectors.receipts_of(txn), s.TransactionReceiptOut)

    @extend_schema(request={"multipart/form-data": receipts.ReceiptIn}, responses={201: s.TransactionReceiptOut})
    def post(self, request: Request, pk) -> Response:
        """Attach a photo or PDF of the receipt (multipart field `file`)."""
        txn = selectors.get_transaction_for(request.user, pk, live=False)
        body = receipts.ReceiptIn(data=receipts.upload_fields(request))
        body.is_valid(raise_exception=True)
        receipt = actions.attach_transaction_receipt(request.user, transaction=txn, upload=body.validated_data["file"],
                                                     id=body.validated_data.get("id"))
        return Response(represent(s.TransactionReceiptOut, receipt), status=status.HTTP_201_CREATED)


class ReceiptView(FinanceView):
    @extend_schema(responses=s.TransactionReceiptOut)
    def get(self, request: Request, pk) -> Response:
        return Response(represent(s.TransactionReceiptOut, selectors.get_receipt_for(request.user, pk)))

    @extend_schema(request=None, responses=s.TransactionReceiptOut)
    def delete(self, request: Request, pk) -> Response:
        receipt = actions.remove_transaction_receipt(request.user, receipt=selectors.get_receipt_for(request.user, pk))
        return Response(represent(s.TransactionReceiptOut, receipt))


class ReceiptFileView(FinanceView):
    @extend_schema(parameters=[receipts.SIZE_PARAMETER], responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY,
                   description="The file, with its own Content-Type.")})
    def get(self, request: Request, pk) -> FileResponse:
        return receipts.file_response(selectors.get_receipt_for(request.user, pk), request)
