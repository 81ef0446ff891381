"""Every paginated list answers a query parameter it does not know with 400
`unknown_parameter` naming it (never a silent "everything"), and accepts every parameter
its OpenAPI operation documents. The lists are read from the schema, so a list added
later is swept too; lists under an object path use the access sweep's object makers."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.helpers import assert_error, client_for
from tests.security.objects import ACCESS, World
from tests.security.routes import object_routes, openapi

pytestmark = pytest.mark.django_db


def _lists() -> list[tuple[str, list[dict[str, Any]]]]:
    found = []
    for path, item in openapi()["paths"].items():
        op = item.get("get")
        if not op:
            continue
        params = [p for p in op.get("parameters", []) if p.get("in") == "query"]
        if {"limit", "offset"} <= {p["name"] for p in params}:
            found.append((path, params))
    return found


LISTS = _lists()
# The schema may name a path parameter differently from the URL conf (`{id}` for `<uuid:pk>`).
ROUTE_BY_PATH = {"/" + re.sub(r"<[^>]+>", "{}", r.path): name for name, r in object_routes().items()}


@pytest.fixture
def world(alice, bob, carol) -> World:
    return World(alice, client_for(alice), bob, client_for(bob), carol, client_for(carol))


def _url(world: World, path: str) -> str:
    if "{" not in path:
        return path
    name = ROUTE_BY_PATH[re.sub(r"\{[^}]+\}", "{}", path)]
    return object_routes()[name].url(**ACCESS[name](world))


def _sample(param: dict[str, Any]) -> str:
    schema = param.get("schema", {})
    if schema.get("enum"):
        return str(schema["enum"][0])
    kind, fmt = schema.get("type"), schema.get("format")
    if fmt == "uuid":
        return str(uuid.uuid4())
    if fmt == "date":
        return "2026-01-01"
    if kind == "integer":
        return "1"
    if kind == "boolean":
        return "true"
    if kind == "number" or fmt == "decimal" or param["name"].endswith(("amount", "_face", "yield")):
        return "1"
    if param["name"] == "currency":
        return "INR"
    if param["name"] == "month":
        return "2026-01"
    return "x"


def test_the_sweep_sees_the_lists():
    paths = {path for path, _ in LISTS}
    assert len(paths) >= 30, sorted(paths)
    assert {"/api/expenses", "/api/finance/transactions", "/api/notifications"} <= paths


@pytest.mark.parametrize(("path", "params"), LISTS, ids=[p for p, _ in LISTS])
def test_unknown_parameters_are_400_naming_them_and_documented_ones_are_accepted(world, path, params):
    url = _url(world, path)
    for query in ({"search": "x"}, {"limit": "2", "sort": "-date", "Search": "y"}):
        response = world.owner_client.get(url, query)
        error = assert_error(response, 400, "unknown_parameter")
        unknown = sorted(set(query) - {"limit"})
        assert sorted(error["fields"]) == unknown, error
        assert all(name in error["message"] for name in unknown), error

    assert world.owner_client.get(url).status_code == 200, url
    for param in params:
        response = world.owner_client.get(url, {param["name"]: _sample(param)})
        assert response.status_code < 500, (param["name"], response.content[:300])
        if response.status_code == 400:  # a value this list refuses is fine; not knowing the name is not
            assert response.json()["error"]["code"] != "unknown_parameter", (param["name"], response.json())
