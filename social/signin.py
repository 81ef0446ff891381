"""Signing in with email or phone and a password, for the API, the pages and sync pushes.

It takes the same time whether or not the account exists: for an unknown identifier the
password is still run through the hasher, against a hash made once per process with the
current hasher (Django's ModelBackend does the same), so response time does not tell an
attacker which emails have accounts."""

from __future__ import annotations

import secrets
from functools import lru_cache

from django.contrib.auth.hashers import check_password, get_hasher, make_password

from social import login_guard
from social.models import User
from social.selectors import find_login_user


@lru_cache(maxsize=4)
def _dummy_hash(algorithm: str) -> str:
    return make_password(secrets.token_urlsafe(24), hasher=algorithm)


def sign_in(identifier: str, password: str, *, address: str) -> User | None:
    """The user, or None for a wrong identifier/password; raises Throttled (429) past a limit."""
    attempt = login_guard.attempt(identifier, address)
    user = find_login_user(identifier)
    if user is None:
        check_password(password, _dummy_hash(get_hasher().algorithm))
        return None
    if not user.check_password(password):
        return None
    attempt.succeeded()
    return user
