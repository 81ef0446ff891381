"""Mass assignment, per area, generated from the OpenAPI schema: for every write operation,
each field the API returns but does not accept (balance, owner, status, funded amount,
created_at …) and each of a list of always-dangerous names is refused with a 400 that names
it, and nothing changes. `version` is the one exception: it is the precondition a client
sends, never a value it can set."""

from __future__ import annotations

import re

import pytest

from tests.helpers import assert_error, client_for
from tests.security.objects import ACCESS, World
from tests.security.routes import object_routes, openapi, properties

pytestmark = pytest.mark.django_db

DANGEROUS = {
    "id", "owner", "owner_id", "user", "user_id", "balance", "status", "funded_amount",
    "funded", "is_staff", "is_superuser", "is_active", "created_at", "updated_at",
    "deleted_at", "seller", "investor", "escrow", "role", "created_by", "number",
}
NEVER_REFUSED = {"version"}
PUBLIC = {"/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout"}


def _write_operations() -> list[tuple[str, str, set[str]]]:
    schema = openapi()
    found = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in {"post", "put", "patch"}:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue  # takes no body: nothing to assign (the body is not read)
            accepted = set(properties(schema, body.get("schema", {})))
            returned: set[str] = set()
            for code, response in op.get("responses", {}).items():
                if code.startswith("2"):
                    media = response.get("content", {}).get("application/json", {})
                    returned |= set(properties(schema, media.get("schema", {})))
            refused = ((returned - accepted) | (DANGEROUS - accepted)) - NEVER_REFUSED
            found.append((method, path, refused))
    return found


WRITES = _write_operations()


def _route_for(path: str) -> str | None:
    """OpenAPI path (/api/x/{id}) -> the URL conf's route name (parameter names may differ)."""
    shape = re.sub(r"\{\w+\}", "{}", path)
    for name, route in object_routes().items():
        if "/" + re.sub(r"<(?:\w+:)?\w+>", "{}", route.path) == shape:
            return name
    return None


@pytest.fixture
def world(alice, bob, carol) -> World:
    return World(alice, client_for(alice), bob, client_for(bob), carol, client_for(carol))


def test_every_write_operation_is_checked():
    assert WRITES, "no write operation found in the schema"
    for _method, path, _refused in WRITES:
        if "{" in path:
            assert _route_for(path) in ACCESS, f"{path}: no access-sweep maker to build its object"


def test_read_only_fields_are_refused_on_every_write(world):
    failures = []
    for method, path, refused in WRITES:
        client = client_for(None) if path in PUBLIC else world.owner_client
        url, name = path, _route_for(path)
        if "{" in path:
            if name not in ACCESS:
                failures.append(f"{path}: no maker")
                continue
            url = object_routes()[name].url(**ACCESS[name](world))
        readable = "{" in path and "get" in object_routes()[name].methods
        before = client.get(url).json() if readable else None
        for field in sorted(refused):
            response = getattr(client, method)(url, {field: "1"}, format="json")
            body = response.json() if response.content and response["Content-Type"].startswith("application/json") else {}
            fields = body.get("error", {}).get("fields", {}) if isinstance(body, dict) else {}
            if response.status_code != 400 or field not in fields:
                failures.append(f"{method.upper()} {path} {{{field!r}}}: {response.status_code} {response.content[:160]!r}")
        if before is not None and client.get(url).json() != before:
            failures.append(f"{method.upper()} {path}: a refused write changed the object")
    assert not failures, "\n".join(failures)


def test_me_cannot_change_identity_or_privileges(alice):
    client = client_for(alice)
    for field, value in {"id": "00000000-0000-0000-0000-000000000001", "is_staff": True,
                         "is_superuser": True, "is_active": False}.items():
        error = assert_error(client.patch("/api/me", {field: value}, format="json"), 400)
        assert field in error["fields"]
    alice.refresh_from_db()
    assert not alice.is_staff and not alice.is_superuser and alice.is_active
