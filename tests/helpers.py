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


def page_client(user: Any) -> Any:
    """A browser's session for the pages, signed in as `user`."""
    from django.test import Client

    client = Client()
    client.force_login(user)
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


def replay_feed(client: Any) -> dict[str, dict[str, dict]]:
    """Every live object of the client's user's change feed, replayed from the start:
    {entity: {id: data}}."""
    live: dict[str, dict[str, dict]] = {}
    after, more = 0, True
    while more:
        page = client.get(f"/api/sync/changes?after={after}&limit=1000").json()
        for change in page["changes"]:
            objects = live.setdefault(change["entity"], {})
            if change["op"] == "delete":
                objects.pop(change["id"], None)
            else:
                objects[change["id"]] = change["data"]
        after, more = page["cursor"], page["has_more"]
    return live


def raw_feed(client: Any) -> list[dict]:
    """Every change of the client's user's feed as stored, from the start (not replayed)."""
    changes: list[dict] = []
    after, more = 0, True
    while more:
        page = client.get(f"/api/sync/changes?after={after}&limit=1000").json()
        changes += page["changes"]
        after, more = page["cursor"], page["has_more"]
    return changes


def snapshot_entities(client: Any) -> dict[str, dict[str, dict]]:
    """The client's user's snapshot as {entity: {id: object}}."""
    body = client.get("/api/sync/snapshot").json()
    return {name: {obj["id"]: obj for obj in objs} for name, objs in body["entities"].items()}
