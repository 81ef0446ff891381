"""Receipts on expenses: list and upload (multipart), read and remove, and the file itself."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config import receipts
from config.api.serializers import represent
from config.receipts import ReceiptIn, upload_fields
from social import actions, selectors
from social.api.serializers import ReceiptOut
from social.models import Receipt


class ExpenseReceiptsView(generics.ListAPIView):
    serializer_class = ReceiptOut
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Receipt.objects.none()
        return selectors.receipts_of(selectors.get_expense_for(self.request.user, self.kwargs["pk"]))

    @extend_schema(request={"multipart/form-data": ReceiptIn}, responses={201: ReceiptOut})
    def post(self, request: Request, pk: UUID) -> Response:
        """Attach a photo or PDF of the receipt (multipart field `file`)."""
        expense = selectors.get_expense_for(request.user, pk)
        body = ReceiptIn(data=upload_fields(request))
        body.is_valid(raise_exception=True)
        data = body.validated_data
        receipt = actions.attach_receipt(request.user, expense=expense, upload=data["file"], id=data.get("id"))
        return Response(represent(ReceiptOut, receipt), status=status.HTTP_201_CREATED)


class ReceiptDetailView(APIView):
    @extend_schema(responses={200: ReceiptOut})
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(represent(ReceiptOut, selectors.get_receipt_for(request.user, pk)))

    @extend_schema(request=None, responses={200: ReceiptOut})
    def delete(self, request: Request, pk: UUID) -> Response:
        receipt = actions.remove_receipt(request.user, receipt=selectors.get_receipt_for(request.user, pk))
        return Response(represent(ReceiptOut, receipt))


class ReceiptFileView(APIView):
    @extend_schema(parameters=[receipts.SIZE_PARAMETER], responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY,
                   description="The file, with its own Content-Type (image/jpeg, application/pdf …).")})
    def get(self, request: Request, pk: UUID) -> FileResponse:
        return receipts.file_response(selectors.get_receipt_for(request.user, pk), request)
