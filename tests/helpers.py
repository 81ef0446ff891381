"""Helpers every test module may use."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken


def client_for(user: Any | None = None) -> APIClient:
    """An API client authenticated the way apps are: a real Bearer access token."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response has `status` and the one error shape (and `code`, when given)."""
    assert response.status_code == status, (response.status_code, getattr(response, "content", b"")[:500])
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error.get("code"), str) and error["code"], body
    assert isinstance(error.get("message"), str) and error["message"], body
    assert isinstance(error.get("fields"), dict), body
    if code is not None:
        assert error["code"] == code, body
    return error


def assert_hidden_from(
    client: APIClient,
    url: str,
    methods: tuple[str, ...] = ("get", "patch", "delete"),
    body: dict[str, Any] | None = None,
) -> None:
    """Someone else's object answers 404 exactly as a missing one does, for every method.

    Use it on every object route: `assert_hidden_from(client_for(bob), f"/api/x/{alices.id}")`.
    """
    for method in methods:
        response = getattr(client, method)(url, body or {}, format="json")
        assert_error(response, 404, "not_found")
