"""The API's conventions: one error shape, strict input, nothing written on failure."""

from __future__ import annotations

import pytest

from social.models import User
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_malformed_json_is_400(anon_client):
    response = anon_client.post("/api/auth/register", data="{not json", content_type="application/json")
    assert_error(response, 400, "malformed_request")


def test_unknown_fields_are_refused_and_nothing_written(anon_client):
    before = User.objects.count()
    response = anon_client.post(
        "/api/auth/register",
        {"email": "x@example.com", "password": "correct-horse-battery", "name": "X", "is_staff": True},
        format="json",
    )
    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {"is_staff": ["Unknown field."]}
    assert User.objects.count() == before


def test_wrong_types_are_field_errors(anon_client):
    response = anon_client.post("/api/auth/register", {"email": ["a"], "password": {}, "name": 5}, format="json")
    error = assert_error(response, 400)
    assert {"email", "password"} <= set(error["fields"])


def test_non_object_body_is_400(anon_client):
    response = anon_client.post("/api/auth/register", [1, 2, 3], format="json")
    assert_error(response, 400)


def test_unsupported_media_type_is_415(anon_client):
    response = anon_client.post("/api/auth/register", data="a=b", content_type="text/plain")
    assert_error(response, 415, "unsupported_media_type")


def test_method_not_allowed_is_405(alice_client):
    assert_error(alice_client.delete("/api/me"), 405, "method_not_allowed")


def test_unknown_api_url_is_404_in_the_error_shape(alice_client):
    assert_error(alice_client.get("/api/no-such-thing"), 404, "not_found")


def test_bad_bearer_token_is_401(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer abc.def.ghi")
    assert_error(anon_client.get("/api/me"), 401)


def test_oversized_body_is_413(anon_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = anon_client.post(
        "/api/auth/register", data='{"name": "' + "x" * 5000 + '"}', content_type="application/json"
    )
    assert_error(response, 413, "payload_too_large")


def test_huge_numbers_do_not_crash(alice_client):
    response = alice_client.post(
        "/api/auth/login", data='{"email": 1' + "0" * 5000 + ', "password": "x"}', content_type="application/json"
    )
    assert_error(response, 400)


def test_schema_is_served(anon_client):
    response = anon_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/auth/register" in schema["paths"]
    assert "Error" in schema["components"]["schemas"]
    assert "400" in schema["paths"]["/api/auth/register"]["post"]["responses"]


def test_swagger_ui_is_served(anon_client):
    assert anon_client.get("/api/docs/").status_code == 200
