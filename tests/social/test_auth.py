"""Accounts over the API: register, login, refresh rotation and reuse, logout, me."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db


def _register(client: APIClient, **over):
    body = {"email": f"u{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD, "name": "Uma"}
    body.update(over)
    return client.post("/api/auth/register", body, format="json")


def test_register_returns_user_and_tokens(anon_client):
    response = _register(anon_client, phone="+91 98765 43219")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["phone"] == "+919876543219"
    assert body["user"]["profile"]["default_currency"] == "INR"
    me = client_for(None)
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert me.get("/api/me").json()["email"] == body["user"]["email"]


def test_register_refuses_duplicate_email_in_any_case(anon_client, alice):
    error = assert_error(_register(anon_client, email="ALICE@example.com"), 400, "already_registered")
    assert "email" in error["fields"]


def test_register_applies_password_validators(anon_client):
    error = assert_error(_register(anon_client, password="12345678"), 400, "weak_password")
    assert error["fields"]["password"]


def test_register_refuses_invalid_phone(anon_client):
    error = assert_error(_register(anon_client, phone="12"), 400, "invalid")
    assert "phone" in error["fields"]


def test_login_by_email_or_phone(anon_client, alice):
    by_email = anon_client.post("/api/auth/login", {"email": "Alice@example.com", "password": PASSWORD}, format="json")
    assert by_email.status_code == 200, by_email.content
    assert by_email.json()["user"]["id"] == str(alice.id)
    by_phone = anon_client.post("/api/auth/login", {"phone": "+919876500001", "password": PASSWORD}, format="json")
    assert by_phone.status_code == 200
    assert by_phone.json()["user"]["id"] == str(alice.id)


def test_login_wrong_password_is_401(anon_client, alice):
    response = anon_client.post("/api/auth/login", {"email": "alice@example.com", "password": "nope"}, format="json")
    assert_error(response, 401, "invalid_credentials")


def test_repeated_failed_logins_are_throttled_with_retry_after(alice):
    client = APIClient(REMOTE_ADDR=f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}")
    body = {"email": "alice@example.com", "password": "wrong"}
    statuses = [client.post("/api/auth/login", body, format="json").status_code for _ in range(6)]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    throttled = client.post("/api/auth/login", {"email": "alice@example.com", "password": PASSWORD}, format="json")
    assert_error(throttled, 429, "throttled")
    assert int(throttled["Retry-After"]) > 0


def test_refresh_rotates_and_a_reuse_revokes_the_whole_sign_in(anon_client, alice):
    login = anon_client.post("/api/auth/login", {"email": "alice@example.com", "password": PASSWORD}, format="json").json()
    first = anon_client.post("/api/auth/refresh", {"refresh": login["refresh"]}, format="json")
    assert first.status_code == 200, first.content
    assert first.json()["refresh"] != login["refresh"]
    reused = anon_client.post("/api/auth/refresh", {"refresh": login["refresh"]}, format="json")
    assert_error(reused, 401)
    # The reuse means a copy is loose: the token the first refresh handed out dies with it.
    again = anon_client.post("/api/auth/refresh", {"refresh": first.json()["refresh"]}, format="json")
    assert_error(again, 401)


def test_logout_kills_the_refresh_token(anon_client, alice):
    login = anon_client.post("/api/auth/login", {"email": "alice@example.com", "password": PASSWORD}, format="json").json()
    assert anon_client.post("/api/auth/logout", {"refresh": login["refresh"]}, format="json").status_code == 204
    assert_error(anon_client.post("/api/auth/refresh", {"refresh": login["refresh"]}, format="json"), 401)


def test_garbage_refresh_token_is_401(anon_client):
    assert_error(anon_client.post("/api/auth/refresh", {"refresh": "not.a.token"}, format="json"), 401)


def test_me_requires_authentication(anon_client):
    assert_error(anon_client.get("/api/me"), 401, "not_authenticated")


def test_patch_me_updates_profile(alice_client):
    response = alice_client.patch(
        "/api/me", {"display_name": "Ali", "default_currency": "usd", "time_zone": "Europe/Paris"}, format="json"
    )
    assert response.status_code == 200, response.content
    profile = response.json()["profile"]
    assert (profile["display_name"], profile["default_currency"], profile["time_zone"]) == ("Ali", "USD", "Europe/Paris")


def test_patch_me_refuses_unknown_currency_and_zone(alice_client):
    error = assert_error(alice_client.patch("/api/me", {"default_currency": "XYZ", "time_zone": "Mars/Base"}, format="json"), 400)
    assert set(error["fields"]) == {"default_currency", "time_zone"}


def test_email_change_needs_the_password(alice_client, alice):
    assert_error(alice_client.patch("/api/me", {"email": "new@example.com"}, format="json"), 400, "password_required")
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    ok = alice_client.patch("/api/me", {"email": "new@example.com", "password": PASSWORD}, format="json")
    # asked for: it replaces the address once confirmed (tests/social/test_password_reset.py)
    assert ok.status_code == 200 and ok.json()["pending_email"] == "new@example.com"


def test_session_login_works_for_the_api(alice):
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(email="alice@example.com", password=PASSWORD)
    assert client.get("/api/me").json()["id"] == str(alice.id)
    # A session-authenticated write without the CSRF token is refused.
    assert_error(client.patch("/api/me", {"name": "X"}, format="json"), 403)


def test_login_still_works_when_the_cache_is_down(anon_client, alice, settings):
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    caches["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = caches
    ok = anon_client.post("/api/auth/login", {"email": "alice@example.com", "password": PASSWORD}, format="json")
    assert ok.status_code == 200, ok.content
    bad = anon_client.post("/api/auth/login", {"email": "alice@example.com", "password": "nope"}, format="json")
    assert_error(bad, 401, "invalid_credentials")
