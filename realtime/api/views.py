"""The sync API: pull, snapshot, push."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.locale import page_language
from realtime import selectors
from realtime.api.serializers import ChangesOut, ChangesQuery, PushIn, PushOut, SnapshotOut


class ChangesView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, description="Last seq the client has (0 for none)."),
            OpenApiParameter("limit", int, description="At most this many changes (1-1000)."),
        ],
        responses={200: ChangesOut},
    )
    def get(self, request: Request) -> Response:
        query = ChangesQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        # Rendered by the selector (the stored JSON of each change is passed through).
        return HttpResponse(
            selectors.pull_json(request.user.pk, **query.validated_data), content_type="application/json"
        )


class SnapshotView(APIView):
    @extend_schema(responses={200: SnapshotOut})
    def get(self, request: Request) -> Response:
        return Response(selectors.snapshot(request.user))


class PushView(APIView):
    @extend_schema(request=PushIn, responses={200: PushOut})
    def post(self, request: Request) -> Response:
        from realtime.push import push, with_page_words

        data = PushIn(data=request.data)
        data.is_valid(raise_exception=True)
        answer = push(request, **data.validated_data)
        if isinstance(request.successful_authenticator, SessionAuthentication):
            # Signed in by the session cookie: one of our pages (static/js/offline/outbox.js),
            # which shows the refusals, so they come in its language too. Token clients keep
            # the API's English contract unchanged.
            with translation.override(page_language(request)):
                answer["results"] = with_page_words(answer["results"])
        return Response(answer)
