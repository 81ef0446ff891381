"""Bearer-token authentication with the user row kept for a few seconds per process.

Every API request carries an access token, and simplejwt reads the user's row for each
one: on a busy server that is one database round trip per request for a row that changes
a few times a year. Here the row's values are kept per process for AUTH_USER_CACHE_SECONDS
(default 5) and every request still gets its own fresh User instance (nothing is shared
between requests or threads). A change saved in this process drops the entry at once;
another process sees it within the TTL, which is far inside an access token's own lifetime
(a deactivated user's token stays valid until it expires anyway, unless blacklisted).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

_MAX_ENTRIES = 20_000
_rows: dict[str, tuple[float, tuple[Any, ...]]] = {}
_lock = threading.Lock()


def _ttl() -> float:
    return float(getattr(settings, "AUTH_USER_CACHE_SECONDS", 5))


def load_user(user_id: Any) -> Any:
    """A fresh User instance for `user_id`, from the per-process cache when recent;
    raises User.DoesNotExist."""
    user_model = get_user_model()
    fields = [f.attname for f in user_model._meta.concrete_fields]
    key = str(user_id)
    now = time.monotonic()
    entry = _rows.get(key)
    if entry is None or entry[0] < now:
        values = (
            user_model._default_manager.filter(**{api_settings.USER_ID_FIELD: user_id})
            .values_list(*fields)
            .first()
        )
        if values is None:
            raise user_model.DoesNotExist
        ttl = _ttl()
        if ttl > 0:
            with _lock:
                if len(_rows) >= _MAX_ENTRIES:
                    _rows.clear()
                _rows[key] = (now + ttl, values)
    else:
        values = entry[1]
    return user_model.from_db(DEFAULT_DB_ALIAS, fields, values)


def forget_user(user_id: Any) -> None:
    _rows.pop(str(user_id), None)


def _forget(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_user(instance.pk)


post_save.connect(_forget, sender=settings.AUTH_USER_MODEL, dispatch_uid="social.auth_cache.save")
post_delete.connect(_forget, sender=settings.AUTH_USER_MODEL, dispatch_uid="social.auth_cache.delete")


class CachedJWTAuthentication(JWTAuthentication):
    """simplejwt's JWTAuthentication, with the user looked up through `load_user`."""

    def get_user(self, validated_token: Any) -> Any:
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as exc:
            raise InvalidToken(_("Token contained no recognizable user identification")) from exc
        try:
            user = load_user(user_id)
        except self.user_model.DoesNotExist as exc:
            raise AuthenticationFailed(_("User not found"), code="user_not_found") from exc
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(_("The user's password has been changed."), code="password_changed")
        return user


def _describe_in_openapi() -> None:
    """The schema documents it as simplejwt's bearer scheme (it is one)."""
    from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme

    class CachedJWTScheme(SimpleJWTScheme):
        target_class = "social.authentication.CachedJWTAuthentication"


_describe_in_openapi()
