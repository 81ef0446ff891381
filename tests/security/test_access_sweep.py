"""Access sweep generated from the URL conf.

Every route with a path parameter (an object route) must answer 404 — exactly as for a
missing object — when a second user tries any of its methods on the first user's object.
`ACCESS` says, per route name, how the first user makes such an object (through the API);
`test_every_object_route_is_covered` fails when a route is added without an entry, so a new
route cannot escape the sweep.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.helpers import assert_error, client_for
from tests.security.objects import ACCESS, KHATA_OWNER_ONLY, World, khata
from tests.security.routes import Route, object_routes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, carol) -> World:
    return World(alice, client_for(alice), bob, client_for(bob), carol, client_for(carol))


def test_every_object_route_is_covered():
    missing = set(object_routes()) - set(ACCESS)
    assert not missing, f"object routes without an access-sweep entry: {sorted(missing)}"


LANDED = sorted(name for name in ACCESS if name in object_routes())
# Query strings a route needs to answer its owner 200 (the sweep checks the owner can read).
OWNER_QUERY = {
    "khata-cash-report": "?start=2026-01-01&end=2026-01-31",
    "khata-month-sheet": "?month=2026-11",
    "khata-gstr1": "?month=2026-11",
    "khata-gstr1-csv": "?month=2026-11",
    "khata-input-tax": "?month=2026-11",
}


def _call(client: APIClient, method: str, url: str) -> Any:
    return getattr(client, method)(url, {}, format="json")


def _sweep(world: World, check) -> list[str]:
    failures = []
    for name in LANDED:
        route: Route = object_routes()[name]
        try:
            url = route.url(**ACCESS[name](world))
            failures += [f"{name}: {problem}" for problem in check(route, url)]
        except AssertionError as exc:
            failures.append(f"{name}: could not make the object: {str(exc)[:300]}")
    return failures


def test_a_second_user_gets_404_on_every_method_of_every_object_route(world):
    def check(route: Route, url: str) -> list[str]:
        problems = []
        if "get" in route.methods and route.name not in OWNER_ONLY_WITH_STATE:
            got = world.owner_client.get(url + OWNER_QUERY.get(route.name, "")).status_code
            if got != 200:
                problems.append(f"the owner cannot read it ({got})")
        for method in route.methods:
            response = _call(world.stranger_client, method, url)
            try:
                assert_error(response, 404, "not_found")
            except AssertionError:
                problems.append(f"{method.upper()} by a stranger answered {response.status_code}")
        return problems

    failures = _sweep(world, check)
    assert not failures, "\n".join(failures)


# GET routes that answer the owner 404 unless some state exists (a suggested transfer).
OWNER_ONLY_WITH_STATE = {"group-settle-qr"}


def test_a_missing_object_is_404_on_every_object_route(world):
    def check(route: Route, url: str) -> list[str]:
        missing = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", str(uuid.uuid4()), url)
        missing = re.sub(r"/\d+(?=/|$)", "/987654321", missing)
        problems = []
        for method in route.methods:
            response = _call(world.owner_client, method, missing)
            if response.status_code not in (404, 400):
                problems.append(f"{method.upper()} {missing} answered {response.status_code}")
        return problems

    failures = _sweep(world, check)
    assert not failures, "\n".join(failures)


def test_a_clerk_gets_403_on_owner_only_khata_routes(world):
    assert "khata-business" in object_routes(), "khata's routes are missing from the URL conf"
    failures = []
    for name, method, body in KHATA_OWNER_ONLY:
        kwargs = ACCESS[name](world)
        if "member_id" in kwargs:  # another member (a clerk may leave: remove their own membership)
            kwargs["member_id"] = khata(world)["other_member_id"]
        url = object_routes()[name].url(**kwargs)
        response = getattr(world.friend_client, method)(url, body or {}, format="json")  # the clerk
        try:
            assert_error(response, 403, "insufficient_role")
        except AssertionError:
            failures.append(f"{method.upper()} {name}: {response.status_code} {response.content[:150]!r}")
    assert not failures, "\n".join(failures)


def test_anonymous_requests_to_every_api_route_are_401():
    from tests.security.routes import api_routes

    anon = client_for(None)
    public = {"auth-register", "auth-login", "auth-refresh", "auth-logout", "auth-password-reset",
              "auth-password-reset-confirm", "auth-verify-email"}
    failures = []
    for route in api_routes():
        if route.name in public:
            continue
        url = route.sample_url()
        for method in route.methods:
            response = _call(anon, method, url)
            if response.status_code != 401:
                failures.append(f"{method.upper()} {route.name}: {response.status_code}")
    assert not failures, "\n".join(failures)
