"""A person's own data: take it all away (ZIP of JSON + CSV), see what stops a deletion,
delete the account (social.personal_data, social.actions.erasure)."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.serializers import StrictSerializer
from social import personal_data
from social.actions.erasure import blockers, delete_account
from social.api.common import parse


class DeletionOut(serializers.Serializer):
    can_delete = serializers.BooleanField()
    blockers = serializers.ListField(child=serializers.CharField())


class DeleteAccountIn(StrictSerializer):
    password = serializers.CharField(max_length=128, trim_whitespace=False)


def export_response(user) -> FileResponse:
    return FileResponse(personal_data.export_zip(user), content_type="application/zip", as_attachment=True,
                        filename=f"hisaab-{timezone.localdate().isoformat()}.zip")


class ExportMyDataView(APIView):
    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request: Request) -> HttpResponse:
        """Everything the product holds about you: `hisaab/data.json` and one CSV per kind of record."""
        return export_response(request.user)


class DeleteAccountView(APIView):
    @extend_schema(responses={200: DeletionOut})
    def get(self, request: Request) -> Response:
        """Whether the account can be deleted now, and if not, why (each reason a sentence)."""
        reasons = blockers(request.user)
        return Response({"can_delete": not reasons, "blockers": reasons})

    @extend_schema(request=DeleteAccountIn, responses={204: None})
    def post(self, request: Request) -> Response:
        """Delete your account (your current password confirms it). Shared records keep their
        amounts, shown as "Former member"; your personal records go; every sign-in ends.
        409 `account_in_use` names what must be settled first."""
        delete_account(request.user, **parse(DeleteAccountIn, request))
        return Response(status=status.HTTP_204_NO_CONTENT)
