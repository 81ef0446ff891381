"""social/authentication.py: bearer requests reuse a recent user row, never a shared object."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.tokens import AccessToken

from social import authentication
from social.authentication import CachedJWTAuthentication

pytestmark = pytest.mark.django_db


def authenticate(user, token=None):
    token = token or AccessToken.for_user(user)
    raw = RequestFactory().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    return CachedJWTAuthentication().authenticate(Request(raw))[0]


@pytest.fixture(autouse=True)
def _empty_cache():
    authentication._rows.clear()
    yield
    authentication._rows.clear()


def test_a_recent_user_is_not_read_again(alice):
    assert authenticate(alice).pk == alice.pk
    with CaptureQueriesContext(connection) as queries:
        again = authenticate(alice)
    assert again.pk == alice.pk and again.email == alice.email
    assert len(queries) == 0


def test_every_request_gets_its_own_instance(alice):
    first = authenticate(alice)
    first.name = "changed in one request only"
    second = authenticate(alice)
    assert second is not first and second.name == alice.name


def test_a_saved_change_is_seen_at_once(alice):
    authenticate(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    with pytest.raises(AuthenticationFailed) as refused:
        authenticate(alice)
    assert "inactive" in str(refused.value.detail)


def test_after_the_ttl_the_row_is_read_again(alice, settings):
    settings.AUTH_USER_CACHE_SECONDS = 0
    authenticate(alice)
    with CaptureQueriesContext(connection) as queries:
        authenticate(alice)
    assert len(queries) == 1


def test_a_deleted_user_is_refused(alice):
    token = AccessToken.for_user(alice)
    authenticate(alice, token)
    alice.delete()
    with pytest.raises(AuthenticationFailed):
        authenticate(alice, token)
