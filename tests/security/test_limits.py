"""Limits: request body size (413), page size (capped), batch size, absurd query values.
Exceeding a limit gives a 4xx in the error shape, never a 500. (WebSocket frame size and
rate: tests/security/test_websocket_auth.py.)"""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from config.api.pagination import LimitOffsetPagination
from tests.helpers import assert_error, client_for
from tests.security.routes import openapi

pytestmark = pytest.mark.django_db


def _list_operations() -> list[str]:
    """GET operations whose response is the paginated list shape."""
    schema = openapi()
    found = []
    for path, item in schema["paths"].items():
        op = item.get("get")
        if not op or "{" in path:
            continue
        names = {p["name"] for p in op.get("parameters", [])}
        if {"limit", "offset"} <= names:
            found.append(path)
    return found


LISTS = _list_operations()


def _write_operations() -> list[tuple[str, str, bool]]:
    return [
        (method, path, "requestBody" in op)
        for path, item in openapi()["paths"].items()
        for method, op in item.items()
        if method in {"post", "put", "patch"} and "{" not in path
    ]


@pytest.mark.parametrize(("method", "path", "has_body"), _write_operations())
@pytest.mark.parametrize("idempotency_key", [None, "k-1"])
def test_an_oversized_body_is_413_on_every_write(alice, method, path, has_body, idempotency_key):
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)})
    headers = {"HTTP_IDEMPOTENCY_KEY": idempotency_key} if idempotency_key else {}
    response = getattr(client_for(alice), method)(path, data=body, content_type="application/json", **headers)
    if has_body:
        assert_error(response, 413, "payload_too_large")
    else:
        # An operation that takes no body never reads it: not an error, and not a 500.
        assert response.status_code < 500


@pytest.mark.parametrize("path", LISTS)
def test_page_size_is_capped(alice, path):
    response = client_for(alice).get(path, {"limit": 10**9})
    if response.status_code == 400:  # refused rather than capped: also a limit
        assert "limit" in assert_error(response, 400)["fields"]
        return
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert {"count", "next", "previous", "results"} <= set(body)
    assert len(body["results"]) <= LimitOffsetPagination.max_limit


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("query", [{"limit": -1}, {"limit": "abc"}, {"offset": 10**30},
                                   {"offset": -5}, {"limit": 10**30}, {"limit": "1e9"}])
def test_absurd_paging_values_are_not_500(alice, path, query):
    response = client_for(alice).get(path, query)
    assert response.status_code in (200, 400), (query, response.status_code, response.content[:300])


def test_pagination_max_limit_is_bounded():
    assert LimitOffsetPagination.max_limit is not None and LimitOffsetPagination.max_limit <= 1000


def test_deeply_nested_json_is_400_not_500(alice):
    body = "[" * 100_000 + "]" * 100_000
    response = client_for(alice).patch("/api/me", data=body, content_type="application/json")
    assert response.status_code in (400, 413), response.status_code


def test_the_paginated_lists_are_found_in_the_schema():
    assert len(LISTS) >= 10, LISTS
