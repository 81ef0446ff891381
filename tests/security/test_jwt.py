"""Bearer tokens that must not open the API: alg none, a wrong key, expired, tampered,
a refresh token used as an access token, a token for a deactivated user."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db

PROTECTED = "/api/me"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _get_with(token: str):
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get(PROTECTED)


def _claims(user) -> dict:
    return dict(AccessToken.for_user(user).payload)


def test_a_real_access_token_is_accepted(alice):
    assert client_for(alice).get(PROTECTED).status_code == 200


def test_alg_none_is_refused(alice):
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(alice))}."
    assert_error(_get_with(token), 401)


def test_alg_none_with_a_signature_is_refused(alice):
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(alice))}.c2ln"
    assert_error(_get_with(token), 401)


def test_a_token_signed_with_another_key_is_refused(alice):
    token = jwt.encode(_claims(alice), "not-the-servers-key-" + "x" * 40, algorithm="HS256")
    assert_error(_get_with(token), 401)


def test_an_hs512_token_is_refused_when_hs256_is_configured(alice):
    token = jwt.encode(_claims(alice), settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS512")
    assert_error(_get_with(token), 401)


def test_an_expired_token_is_refused(alice):
    access = AccessToken.for_user(alice)
    access.set_exp(lifetime=-timedelta(seconds=5))
    assert_error(_get_with(str(access)), 401)


def test_a_tampered_payload_is_refused(alice, bob):
    header, _payload, signature = str(AccessToken.for_user(alice)).split(".")
    forged = _claims(alice) | {"user_id": str(bob.id)}
    assert_error(_get_with(f"{header}.{_b64(forged)}.{signature}"), 401)


def test_a_tampered_signature_is_refused(alice):
    token = str(AccessToken.for_user(alice))
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert_error(_get_with(flipped), 401)


def test_a_refresh_token_used_as_access_is_refused(alice):
    assert_error(_get_with(str(RefreshToken.for_user(alice))), 401)


def test_an_access_token_used_as_refresh_is_refused(alice):
    response = client_for(None).post(
        "/api/auth/refresh", {"refresh": str(AccessToken.for_user(alice))}, format="json"
    )
    assert_error(response, 401)


def test_a_token_of_a_deactivated_user_is_refused(alice):
    token = str(AccessToken.for_user(alice))
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert_error(_get_with(token), 401)


def test_a_token_for_a_user_that_does_not_exist_is_refused(alice):
    claims = _claims(alice) | {"user_id": "00000000-0000-0000-0000-000000000000"}
    token = jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")
    assert_error(_get_with(token), 401)


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Token abc", "Bearer a b c", "Bearer \x00"])
def test_malformed_authorization_headers_are_401_not_500(header):
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(PROTECTED).status_code == 401


def test_a_rotated_refresh_token_cannot_be_used_twice(alice):
    refresh = str(RefreshToken.for_user(alice))
    client = client_for(None)
    assert client.post("/api/auth/refresh", {"refresh": refresh}, format="json").status_code == 200
    assert_error(client.post("/api/auth/refresh", {"refresh": refresh}, format="json"), 401)
