"""Accounts over the API: register, log in (email or phone), refresh, log out, me."""

from __future__ import annotations

from django.contrib.auth.models import update_last_login
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.tokens import RefreshToken

from config.api.errors import DomainError
from config.api.serializers import represent
from social import login_guard
from social.actions import register_user, update_account
from social.api.account_serializers import (
    LoginIn,
    MeIn,
    RefreshIn,
    RegisterIn,
    SessionOut,
    TokensOut,
    UserOut,
)
from social.models import User
from social.selectors import find_login_user


class LoginFailed(DomainError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_credentials"


class PublicView(APIView):
    """No credentials needed (they are what these views hand out); failures still say 401."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get_authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def _session(user: User) -> dict:
    refresh = RefreshToken.for_user(user)
    return {"user": represent(UserOut, user), "access": str(refresh.access_token), "refresh": str(refresh)}


class RegisterView(PublicView):
    @extend_schema(request=RegisterIn, responses={201: SessionOut})
    def post(self, request: Request) -> Response:
        data = RegisterIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = register_user(**data.validated_data)
        return Response(_session(user), status=status.HTTP_201_CREATED)


class LoginView(PublicView):
    @extend_schema(request=LoginIn, responses={200: SessionOut})
    def post(self, request: Request) -> Response:
        data = LoginIn(data=request.data)
        data.is_valid(raise_exception=True)
        identifier = data.validated_data.get("email") or data.validated_data["phone"]
        address = request.META.get("REMOTE_ADDR", "-")
        login_guard.check(identifier, address)
        user = find_login_user(identifier)
        if user is None or not user.check_password(data.validated_data["password"]):
            login_guard.record_failure(identifier, address)
            raise LoginFailed("Wrong email/phone or password.")
        login_guard.clear(identifier)
        update_last_login(None, user)
        return Response(_session(user))


class RefreshView(PublicView):
    """Rotates: the old refresh token is blacklisted, so using it twice answers 401."""

    @extend_schema(request=RefreshIn, responses={200: TokensOut})
    def post(self, request: Request) -> Response:
        RefreshIn(data=request.data).is_valid(raise_exception=True)
        serializer = TokenRefreshSerializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as exc:
            raise InvalidToken(exc.args[0])
        return Response(serializer.validated_data)


class LogoutView(PublicView):
    @extend_schema(request=RefreshIn, responses={204: None})
    def post(self, request: Request) -> Response:
        data = RefreshIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            RefreshToken(data.validated_data["refresh"]).blacklist()
        except TokenError as exc:
            raise InvalidToken(exc.args[0])
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: UserOut})
    def get(self, request: Request) -> Response:
        user = User.objects.select_related("profile").get(pk=request.user.pk)
        return Response(represent(UserOut, user))

    @extend_schema(request=MeIn, responses={200: UserOut})
    def patch(self, request: Request) -> Response:
        data = MeIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        password = changes.pop("password", None)
        user = update_account(request.user, changes=changes, current_password=password)
        user = User.objects.select_related("profile").get(pk=user.pk)
        return Response(represent(UserOut, user))
