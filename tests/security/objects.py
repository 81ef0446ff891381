"""How to make an object for every object route: the table the access sweep and the
mass-assignment tests share. Objects are made through the API, as their owner would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rest_framework.test import APIClient


@dataclass
class World:
    owner: Any
    owner_client: APIClient
    stranger: Any
    stranger_client: APIClient
    friend: Any
    friend_client: APIClient

    def post(self, path: str, body: dict[str, Any], client: APIClient | None = None) -> dict[str, Any]:
        response = (client or self.owner_client).post(path, body, format="json")
        assert response.status_code in (200, 201), (path, response.status_code, response.content[:800])
        return response.json()


# route name -> make the owner's object; returns the route's path parameters.
Maker = Callable[[World], dict[str, Any]]
ACCESS: dict[str, Maker] = {}


def route_maker(*names: str) -> Callable[[Maker], Maker]:
    def register(fn: Maker) -> Maker:
        for name in names:
            ACCESS[name] = fn
        return fn

    return register


# --- realtime -------------------------------------------------------------------------------
@route_maker("notification", "notification-read")
def _notification(world: World) -> dict[str, Any]:
    # Notifications have no create API: actions make them (as the product does).
    from realtime.actions import notify

    note = notify(world.owner.pk, kind="sweep", title="For the owner only")
    return {"note_id": note.pk}
