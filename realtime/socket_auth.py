"""Who is on a socket, and whether the socket may open at all.

- Apps authenticate with an access token: `?token=` or the `Sec-WebSocket-Protocol` header
  (`bearer, <token>`); they may send no Origin.
- Browsers authenticate with the session cookie and must come from an allowed origin.
A socket with no valid identity is accepted and closed at once with 4401 (the consumer does
that), so the client can tell "log in again" from a network error; a token socket is closed
with 4401 when its token expires. A browser origin that is not allowed is refused at the
handshake (403), whatever credentials it carries.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import AccessToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from realtime.db import db_call


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def token_from_scope(scope: dict[str, Any]) -> tuple[str | None, str | None]:
    """(token, subprotocol to echo back) from the query string or the subprotocol header."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get("token"):
        return query["token"][0], None
    protocols = [p.strip() for p in (_header(scope, b"sec-websocket-protocol") or "").split(",")]
    if len(protocols) >= 2 and protocols[0].lower() in {"bearer", "access_token"}:
        return protocols[1], protocols[0]
    return None, None


@db_call
def user_for_token(raw: str) -> tuple[Any, float | None]:
    """(active user, token expiry as a timestamp), or (None, None)."""
    try:
        token = AccessToken(raw)
        user = get_user_model().objects.get(pk=token["user_id"], is_active=True)
        if api_settings.CHECK_REVOKE_TOKEN and token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(
                user.password):
            return None, None  # issued before the password changed
        return user, float(token["exp"])
    except (TokenError, KeyError, get_user_model().DoesNotExist, ValueError, TypeError, ValidationError):
        return None, None


def origin_allowed(origin: str | None) -> bool:
    return origin is not None and origin in settings.WEBSOCKET_ALLOWED_ORIGINS


class SocketAuthMiddleware:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.session_stack = AuthMiddlewareStack(inner)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        origin = _header(scope, b"origin")
        raw, subprotocol = token_from_scope(scope)
        scope = dict(scope, ws_subprotocol=subprotocol, ws_auth_error=None)
        if raw is not None:
            if origin is not None and not origin_allowed(origin):
                scope.update(user=AnonymousUser(), ws_auth_error="origin_not_allowed")
                return await self.inner(scope, receive, send)
            user, expires = await user_for_token(raw)
            scope["user"] = user or AnonymousUser()
            scope["ws_token_exp"] = expires
            if user is None:
                scope["ws_auth_error"] = "invalid_token"
            return await self.inner(scope, receive, send)
        if origin is None:
            scope.update(user=AnonymousUser(), ws_auth_error="token_required")
            return await self.inner(scope, receive, send)
        if not origin_allowed(origin):
            scope.update(user=AnonymousUser(), ws_auth_error="origin_not_allowed")
            return await self.inner(scope, receive, send)
        return await self.session_stack(scope, receive, send)
