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


# --- social ---------------------------------------------------------------------------------
def befriend(world: World) -> None:
    """owner and friend become friends through the invite API (once)."""
    if getattr(world, "_friends", False):
        return
    code = world.post("/api/invites", {})["code"]
    world.post("/api/invites/accept", {"code": code}, client=world.friend_client)
    world._friends = True


@route_maker("friend-detail")
def _friend(world: World) -> dict[str, Any]:
    befriend(world)
    return {"user_id": world.friend.pk}


def _group(world: World) -> dict[str, Any]:
    befriend(world)
    return world.post("/api/groups", {"name": "Trip", "currency": "INR", "members": [str(world.friend.pk)]})


@route_maker("group-detail", "group-members", "group-leave", "group-balances", "group-settle-qr",
             "group-activity", "group-export-csv", "group-export-json", "group-import")
def _group_route(world: World) -> dict[str, Any]:
    return {"pk": _group(world)["id"]}


@route_maker("group-member")
def _group_member(world: World) -> dict[str, Any]:
    return {"pk": _group(world)["id"], "user_id": world.friend.pk}


def expense_body(world: World, amount: str = "90.00") -> dict[str, Any]:
    owner, friend = str(world.owner.pk), str(world.friend.pk)
    return {"group": None, "description": "Dinner", "amount": amount, "currency": "INR",
            "date": "2026-11-21", "paid_by": [{"user": owner, "amount": amount}],
            "split": {"method": "equal", "between": [owner, friend]}}


@route_maker("expense-detail", "expense-restore", "expense-comments", "expense-activity")
def _expense(world: World) -> dict[str, Any]:
    befriend(world)
    return {"pk": world.post("/api/expenses", expense_body(world))["id"]}


@route_maker("settlement-detail")
def _settlement(world: World) -> dict[str, Any]:
    befriend(world)
    body = {"from": str(world.owner.pk), "to": str(world.friend.pk), "amount": "12.50", "currency": "INR"}
    return {"pk": world.post("/api/settlements", body)["id"]}


@route_maker("iou-detail", "iou-settle")
def _iou(world: World) -> dict[str, Any]:
    befriend(world)
    body = {"friend": str(world.friend.pk), "direction": "lent", "amount": "100.00", "currency": "INR",
            "date": "2026-11-01", "note": "cab"}
    return {"pk": world.post("/api/ious", body)["id"]}
