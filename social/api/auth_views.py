"""Accounts over the API: register, log in (email or phone), refresh, log out, me, password
reset by email and address verification."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import update_last_login
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken

from config.addresses import client_address
from config.api.errors import DomainError, Invalid
from config.api.serializers import represent
from social import emails, login_guard
from social.actions import register_user, reset_password, update_account, verify_email
from social.actions.sessions import end_session, rotate_session, start_session
from social.api.account_serializers import (
    DetailOut,
    LoginIn,
    MeIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    RefreshIn,
    RegisterIn,
    SessionOut,
    TokensOut,
    UserOut,
    VerifyEmailIn,
)
from social.models import User
from social.signin import sign_in


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
    refresh = start_session(user)
    return {"user": represent(UserOut, user), "access": str(refresh.access_token), "refresh": str(refresh)}


class RegisterView(PublicView):
    @extend_schema(request=RegisterIn, responses={201: SessionOut})
    def post(self, request: Request) -> Response:
        data = RegisterIn(data=request.data)
        data.is_valid(raise_exception=True)
        login_guard.limit("register", client_address(request), per_hour=settings.REGISTRATIONS_PER_ADDRESS_HOUR)
        user = register_user(**data.validated_data)
        return Response(_session(user), status=status.HTTP_201_CREATED)


class LoginView(PublicView):
    @extend_schema(request=LoginIn, responses={200: SessionOut})
    def post(self, request: Request) -> Response:
        data = LoginIn(data=request.data)
        data.is_valid(raise_exception=True)
        identifier = data.validated_data.get("email") or data.validated_data["phone"]
        user = sign_in(identifier, data.validated_data["password"], address=client_address(request))
        if user is None:
            raise LoginFailed("Wrong email/phone or password.")
        update_last_login(None, user)
        return Response(_session(user))


class RefreshView(PublicView):
    """Rotates: a refresh token is spent once; reusing a spent one revokes its whole sign-in."""

    @extend_schema(request=RefreshIn, responses={200: TokensOut})
    def post(self, request: Request) -> Response:
        data = RefreshIn(data=request.data)
        data.is_valid(raise_exception=True)
        refresh = rotate_session(refresh=data.validated_data["refresh"])
        if refresh is None:
            raise InvalidToken("The refresh token is invalid, expired, revoked or already used; sign in again.")
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class LogoutView(PublicView):
    @extend_schema(request=RefreshIn, responses={204: None})
    def post(self, request: Request) -> Response:
        data = RefreshIn(data=request.data)
        data.is_valid(raise_exception=True)
        if not end_session(refresh=data.validated_data["refresh"]):
            raise InvalidToken("The refresh token is invalid or expired.")
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


RESET_SENT = "If an account has this email, a link to reset its password is on its way."


class PasswordResetView(PublicView):
    """Mail a single-use, expiring reset link. The answer is the same whether or not the email
    has an account; limited per email and per client address (429)."""

    @extend_schema(request=PasswordResetIn, responses={202: DetailOut})
    def post(self, request: Request) -> Response:
        data = PasswordResetIn(data=request.data)
        data.is_valid(raise_exception=True)
        emails.request_password_reset(data.validated_data["email"], address=client_address(request))
        return Response({"detail": RESET_SENT}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(PublicView):
    """Set a new password with the `uid` and `token` of a reset link (…/password-reset/<uid>/<token>/).
    Every sign-in of the account is revoked: refresh tokens answer 401 from now on."""

    @extend_schema(request=PasswordResetConfirmIn, responses={204: None})
    def post(self, request: Request) -> Response:
        data = PasswordResetConfirmIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = emails.user_for_reset(data.validated_data["uid"], data.validated_data["token"])
        if user is None:
            raise Invalid("This reset link is invalid, expired or already used.", code="invalid_token",
                          fields={"token": ["Invalid, expired or already used."]})
        reset_password(user, password=data.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerifyEmailView(PublicView):
    """Confirm an address with the token of a verification link (…/verify-email/<token>/): a
    pending new address replaces the old one."""

    @extend_schema(request=VerifyEmailIn, responses={200: UserOut})
    def post(self, request: Request) -> Response:
        data = VerifyEmailIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = verify_email(token=data.validated_data["token"])
        return Response(represent(UserOut, User.objects.select_related("profile").get(pk=user.pk)))


class ResendVerificationView(APIView):
    """Mail the verification link again (to the pending new address if there is one)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={202: DetailOut})
    def post(self, request: Request) -> Response:
        address = emails.resend_verification(request.user)
        return Response({"detail": f"A link is on its way to {address}."}, status=status.HTTP_202_ACCEPTED)
