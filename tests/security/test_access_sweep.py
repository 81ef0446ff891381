"""Access sweep generated from the URL conf.

Every route with a path parameter (an object route) must answer 404 — exactly as for a
missing object — when a second user tries any of its methods on the first user's object.
`ACCESS` says, per route name, how the first user makes such an object (through the API);
`test_every_object_route_is_covered` fails when a route is added without an entry, so a new
route cannot escape the sweep.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.helpers import assert_error, client_for
from tests.security.objects import ACCESS, World
from tests.security.routes import Route, object_routes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, carol) -> World:
    return World(alice, client_for(alice), bob, client_for(bob), carol, client_for(carol))


def test_every_object_route_is_covered():
    missing = set(object_routes()) - set(ACCESS)
    assert not missing, f"object routes without an access-sweep entry: {sorted(missing)}"


LANDED = sorted(name for name in ACCESS if name in object_routes())


def _call(client: APIClient, method: str, url: str) -> Any:
    return getattr(client, method)(url, {}, format="json")


@pytest.mark.parametrize("name", LANDED)
def test_a_second_user_gets_404_on_every_method(world, name):
    route: Route = object_routes()[name]
    kwargs = ACCESS[name](world)
    url = route.url(**kwargs)
    assert route.methods, f"{name} exposes no method"
    if "get" in route.methods:
        assert world.owner_client.get(url).status_code == 200, f"the owner cannot read {url}"
    for method in route.methods:
        response = _call(world.stranger_client, method, url)
        assert_error(response, 404, "not_found")


@pytest.mark.parametrize("name", LANDED)
def test_a_missing_object_is_404_too(world, name):
    route: Route = object_routes()[name]
    kwargs = ACCESS[name](world)
    kwargs = {k: (uuid.uuid4() if _is_uuid(v) else v) for k, v in kwargs.items()}
    for method in route.methods:
        response = _call(world.owner_client, method, route.url(**kwargs))
        assert response.status_code in (404, 400), (method, response.status_code)


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
        return True
    except ValueError:
        return False


def test_anonymous_requests_to_every_api_route_are_401():
    from tests.security.routes import api_routes

    anon = client_for(None)
    public = {"auth-register", "auth-login", "auth-refresh", "auth-logout"}
    for route in api_routes():
        if route.name in public:
            continue
        url = route.url(**{p: uuid.uuid4() for p in route.params})
        for method in route.methods:
            response = _call(anon, method, url)
            assert_error(response, 401)
