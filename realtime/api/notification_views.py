"""Notifications (/api/notifications…) and presence (/api/presence)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.pagination import LimitOffsetPagination
from config.api.query import list_schema
from config.api.serializers import represent
from realtime import presence, selectors
from realtime.actions import mark_notification_read, mark_notifications_read
from realtime.api.serializers import (
    NotificationOut,
    NotificationsQuery,
    PresenceOut,
    ReadAllOut,
    UnreadCountOut,
)
from realtime.preconditions import expected_version


class NotificationListView(APIView):
    @list_schema(
        OpenApiParameter("unread", bool, description="Only unread ones."),
        responses={200: NotificationOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        query = NotificationsQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        notes = selectors.notifications_for(request.user, unread=query.validated_data["unread"])
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(notes, request, view=self)
        return paginator.get_paginated_response(NotificationOut(page, many=True).data)

    # drf-spectacular: the list is paginated
    pagination_class = LimitOffsetPagination


class UnreadCountView(APIView):
    @extend_schema(responses={200: UnreadCountOut})
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(request.user)})


class NotificationView(APIView):
    @extend_schema(responses={200: NotificationOut})
    def get(self, request: Request, note_id: str) -> Response:
        return Response(represent(NotificationOut, selectors.notification_for(request.user, note_id)))


class NotificationReadView(APIView):
    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description='"<version>" the client has')],
        responses={200: NotificationOut},
    )
    def post(self, request: Request, note_id: str) -> Response:
        note = mark_notification_read(
            request.user.pk, note_id=note_id, expected_version=expected_version(request)
        )
        return Response(represent(NotificationOut, note))


class NotificationReadAllView(APIView):
    @extend_schema(request=None, responses={200: ReadAllOut})
    def post(self, request: Request) -> Response:
        return Response({"marked": mark_notifications_read(request.user.pk)})


class PresenceView(APIView):
    @extend_schema(responses={200: PresenceOut})
    def get(self, request: Request) -> Response:
        friends = presence.friends_of(request.user.pk)
        return Response({"online": presence.online_sync(friends)})
