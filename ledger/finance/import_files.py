"""The import page's memory of a file whose preview was refused (wrong columns, another
currency): kept an hour in the cache under a random token bound to its owner, so the person
fixes the settings and previews again without choosing the file again."""

from __future__ import annotations

import secrets

from django.core.cache import cache

KEEP_SECONDS = 3600
MAX_UPLOAD = 5_000_000  # bytes, as the API allows


def _key(user, token: str) -> str:
    return f"finance-import-file:{user.pk}:{token}"


def keep_file(user, name: str, content: bytes | str) -> str:
    token = secrets.token_urlsafe(16)
    cache.set(_key(user, token), (name, content), KEEP_SECONDS)
    return token


def kept_file(user, token: str) -> tuple[str, bytes | str] | None:
    """(file name, content) kept by `user` under `token`, or None (expired, or not theirs)."""
    if not token or len(token) > 64:
        return None
    return cache.get(_key(user, token))
