"""Groups: list/create, read/update, members, leave, balances + settle-up (with UPI),
activity, export and import."""

from __future__ import annotations

import io
from uuid import UUID

import segno
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.errors import NotFound
from config.api.serializers import represent
from realtime.preconditions import expected_version
from social import actions, exchange, selectors
from social.api import balance_sheets
from social.api.common import parse
from social.api.inputs import GroupBalancesOut, GroupIn, GroupPatchIn, ImportIn, ImportOut, MemberIn
from social.api.serializers import ActivityOut, GroupOut
from social.models import Activity


class GroupListView(generics.ListAPIView):
    serializer_class = GroupOut

    def get_queryset(self):
        return selectors.groups_visible_to(self.request.user)

    @extend_schema(request=GroupIn, responses={201: GroupOut})
    def post(self, request: Request) -> Response:
        data = parse(GroupIn, request)
        group = actions.create_group(request.user, **data)
        return Response(represent(GroupOut, group), status=status.HTTP_201_CREATED)


class GroupDetailView(APIView):
    @extend_schema(responses={200: GroupOut})
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(represent(GroupOut, selectors.get_group_for(request.user, pk)))

    @extend_schema(request=GroupPatchIn, responses={200: GroupOut})
    def patch(self, request: Request, pk: UUID) -> Response:
        group = selectors.get_group_for(request.user, pk)
        data = parse(GroupPatchIn, request)
        group = actions.update_group(request.user, group=group, changes=data, expected_version=expected_version(request))
        return Response(represent(GroupOut, group))


class GroupMembersView(APIView):
    @extend_schema(request=MemberIn, responses={200: GroupOut})
    def post(self, request: Request, pk: UUID) -> Response:
        group = selectors.get_group_for(request.user, pk)
        data = parse(MemberIn, request)
        return Response(represent(GroupOut, actions.add_member(request.user, group=group, user_id=data["user"])))


class GroupMemberView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: UUID, user_id: UUID) -> Response:
        group = selectors.get_group_for(request.user, pk)
        actions.remove_member(request.user, group=group, user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupLeaveView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, pk: UUID) -> Response:
        group = selectors.get_group_for(request.user, pk)
        actions.leave_group(request.user, group=group)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupBalancesView(APIView):
    @extend_schema(responses={200: GroupBalancesOut})
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(balance_sheets.group_sheet(selectors.get_group_for(request.user, pk)))


class GroupSettleQRView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("from", OpenApiTypes.UUID), OpenApiParameter("to", OpenApiTypes.UUID)],
        responses={(200, "image/png"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, pk: UUID) -> HttpResponse:
        group = selectors.get_group_for(request.user, pk)
        wanted = (request.query_params.get("from"), request.query_params.get("to"))
        for transfer in balance_sheets.settle_up_plan(group):
            if (transfer["from"], transfer["to"]) == wanted and transfer["upi_link"]:
                buffer = io.BytesIO()
                segno.make(transfer["upi_link"], error="m").save(buffer, kind="png", scale=6, border=2)
                return HttpResponse(buffer.getvalue(), content_type="image/png")
        raise NotFound("No UPI transfer between these two in the settle-up plan.")


class GroupActivityView(generics.ListAPIView):
    serializer_class = ActivityOut

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        return selectors.group_activity(selectors.get_group_for(self.request.user, self.kwargs["pk"]))


class GroupExportCSVView(APIView):
    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request, pk: UUID) -> HttpResponse:
        group = selectors.get_group_for(request.user, pk)
        response = HttpResponse(exchange.export_csv(group), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="group-{group.pk}.csv"'
        return response


class GroupExportJSONView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(exchange.export_json(selectors.get_group_for(request.user, pk)))


class GroupImportView(APIView):
    @extend_schema(request=ImportIn, responses={201: ImportOut})
    def post(self, request: Request, pk: UUID) -> Response:
        group = selectors.get_group_for(request.user, pk)
        data = parse(ImportIn, request)
        result = actions.import_splitwise_csv(request.user, group=group, text=data["csv"], columns=data["members"])
        return Response(result, status=status.HTTP_201_CREATED)
