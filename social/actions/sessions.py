"""Sign-in sessions: handing out, rotating and revoking refresh tokens (see models/sessions.py).

Rules:
- a refresh token is spent by one refresh; concurrent refreshes with the same token are
  serialised on the family row (SELECT … FOR UPDATE), so exactly one spends it;
- presenting a spent token (a reuse) revokes its whole family: every token rotated from the
  same sign-in stops refreshing, and the client must sign in again;
- signing out revokes the family; a password reset revokes every family of the user.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from realtime.feed import action
from social.models import SessionFamily, User

FAMILY_CLAIM = "fam"


def _payload(raw: str) -> dict[str, Any] | None:
    """The claims of a refresh token whose signature and expiry hold (spent or not), else None."""
    try:
        payload = token_backend.decode(raw, verify=True)
    except (TokenBackendError, TokenError):
        return None
    if payload.get(api_settings.TOKEN_TYPE_CLAIM) != "refresh" or not payload.get(api_settings.JTI_CLAIM):
        return None
    return payload


def _family_id(payload: dict[str, Any]) -> uuid.UUID:
    try:
        return uuid.UUID(str(payload[FAMILY_CLAIM]))
    except (KeyError, ValueError):
        # A token handed out before families existed: it is a family of its own.
        return uuid.uuid5(uuid.NAMESPACE_URL, f"hisaab-refresh:{payload[api_settings.JTI_CLAIM]}")


def _issue(user: User, family: SessionFamily) -> RefreshToken:
    token = RefreshToken.for_user(user)  # recorded as outstanding
    token[FAMILY_CLAIM] = str(family.id)
    return token


def _revoke(family: SessionFamily) -> None:
    if family.revoked_at is None:
        family.revoked_at = timezone.now()
        family.save(update_fields=["revoked_at"])


@action
def start_session(user: User) -> RefreshToken:
    """A new sign-in: a new family and its first refresh token (its access token: `.access_token`)."""
    return _issue(user, SessionFamily.objects.create(user=user))


@action
def rotate_session(*, refresh: str) -> RefreshToken | None:
    """Spend `refresh` and return its successor; None when refused (expired, forged, revoked,
    spent — a spent token also revokes its family, committed with this action)."""
    payload = _payload(refresh)
    if payload is None:
        return None
    user = User.objects.filter(pk=payload.get(api_settings.USER_ID_CLAIM), is_active=True).first()
    if user is None:
        return None
    family_id = _family_id(payload)
    SessionFamily.objects.get_or_create(id=family_id, defaults={"user": user})
    family = SessionFamily.objects.select_for_update().get(id=family_id)  # serialises refreshes
    if family.revoked_at is not None or family.user_id != user.pk:
        return None
    outstanding, _ = OutstandingToken.objects.get_or_create(
        jti=payload[api_settings.JTI_CLAIM],
        defaults={
            "user": user, "token": refresh, "created_at": timezone.now(),
            "expires_at": datetime_from_epoch(payload["exp"]),
        },
    )
    _, spent_now = BlacklistedToken.objects.get_or_create(token=outstanding)
    if not spent_now:  # a reuse: whoever else holds this family's tokens is cut off too
        _revoke(family)
        return None
    return _issue(user, family)


@action
def end_session(*, refresh: str) -> bool:
    """Sign out: the token's family is revoked. False when the token is not a valid one."""
    payload = _payload(refresh)
    if payload is None:
        return False
    family = SessionFamily.objects.select_for_update().filter(id=_family_id(payload)).first()
    if family is not None:
        _revoke(family)
    outstanding = OutstandingToken.objects.filter(jti=payload[api_settings.JTI_CLAIM]).first()
    if outstanding is not None:
        BlacklistedToken.objects.get_or_create(token=outstanding)
    return True


@action
def revoke_all_sessions(user: User) -> int:
    """Every refresh token of `user` stops working (after a password reset). Returns families revoked."""
    revoked = SessionFamily.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    spent = set(BlacklistedToken.objects.filter(token__user=user).values_list("token_id", flat=True))
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token_id=pk) for pk in OutstandingToken.objects.filter(user=user).values_list("pk", flat=True)
         if pk not in spent],
        ignore_conflicts=True,
    )
    return revoked
