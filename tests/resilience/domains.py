"""The synced objects the convergence simulation edits, one `Domain` per area that has
landed. Each knows how to set itself up, what "other activity" looks like, how a device
makes a random edit (valid or deliberately invalid), and how to prove each acknowledged edit
took effect exactly once."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.urls import Resolver404, resolve

from realtime.actions import notify
from realtime.models import Change


@dataclass
class Mutation:
    method: str
    path: str
    body: Any = None
    version: int | None = None
    expect_ok: bool | None = None  # True: should apply; False: must be refused; None: either
    id: int = 0
    via_key: bool = False

    def wire(self) -> dict[str, Any]:
        wire = {"id": self.id, "method": self.method, "path": self.path}
        if self.body is not None:
            wire["body"] = self.body
        if self.version is not None:
            wire["version"] = self.version
        return wire

    @classmethod
    def noop(cls, mutation_id: int) -> Mutation:
        return cls("PATCH", "/api/me", {}, id=mutation_id, expect_ok=True)


@dataclass
class World:
    users: list[Any]
    rng: random.Random
    notes: dict[str, list[str]] = field(default_factory=dict)


def route_exists(path: str) -> bool:
    try:
        resolve(path)
        return True
    except Resolver404:
        return False


class Domain:
    def setup(self, world: World) -> None: ...

    def outside_activity(self, world: World) -> None: ...

    def mutation(self, world: World, user: Any, state: dict, rng: random.Random) -> Mutation | None:
        return None

    def check_exactly_once(self, world: World, devices: list[Any]) -> None: ...


class Notifications(Domain):
    """Made by actions (the "outside activity"); devices mark them read, one or all."""

    def _note(self, world: World, user: Any) -> None:
        notify(user.pk, kind="sim", title=f"event {world.rng.random():.6f}")

    def setup(self, world: World) -> None:
        for user in world.users:
            for _ in range(4):
                self._note(world, user)

    def outside_activity(self, world: World) -> None:
        self._note(world, world.rng.choice(world.users))

    def mutation(self, world: World, user: Any, state: dict, rng: random.Random) -> Mutation | None:
        unread = [oid for (entity, oid), data in state.items() if entity == "notification" and not data.get("read_at")]
        roll = rng.random()
        if roll < 0.2:
            return Mutation("POST", f"/api/notifications/{uuid.uuid4()}/read", {}, expect_ok=False)
        if roll < 0.3:
            return Mutation("POST", "/api/notifications/read-all", None, expect_ok=True)
        if unread:
            return Mutation("POST", f"/api/notifications/{rng.choice(unread)}/read", {}, expect_ok=True)
        return None

    def check_exactly_once(self, world: World, devices: list[Any]) -> None:
        # Marking read is applied once: at most one notification.read change per object.
        for user in world.users:
            reads = list(
                Change.objects.filter(user=user, event="notification.read").values_list("object_id", flat=True)
            )
            assert len(reads) == len(set(reads)), "a notification was marked read twice"


class Expenses(Domain):
    """Shared expenses between friends: created offline with client-chosen ids, edited and
    deleted against the version the device has (stale ones are refused with 412 and
    reported), some deliberately invalid."""

    def setup(self, world: World) -> None:
        from social import actions

        for i, a in enumerate(world.users):
            for b in world.users[i + 1:]:
                actions.befriend(a, other=b)
        world.created: dict[str, Any] = {}

    def _body(self, world: World, user: Any, rng: random.Random, amount: str = "90.00") -> dict[str, Any]:
        friend = rng.choice([u for u in world.users if u.pk != user.pk])
        return {"id": str(uuid.uuid4()), "group": None, "description": f"e{rng.randint(0, 9999)}",
                "amount": amount, "currency": "INR", "date": "2026-11-21",
                "paid_by": [{"user": str(user.pk), "amount": amount}],
                "split": {"method": "equal", "between": [str(user.pk), str(friend.pk)]}}

    def outside_activity(self, world: World) -> None:
        from tests.helpers import client_for

        user = world.rng.choice(world.users)
        response = client_for(user).post("/api/expenses", self._body(world, user, world.rng), format="json")
        assert response.status_code == 201, response.content[:300]

    def mutation(self, world: World, user: Any, state: dict, rng: random.Random) -> Mutation | None:
        mine = [(oid, data) for (entity, oid), data in state.items() if entity == "expense"]
        roll = rng.random()
        if roll < 0.15:
            return Mutation("POST", "/api/expenses", self._body(world, user, rng, amount="0.00"), expect_ok=False)
        if roll < 0.55 or not mine:
            body = self._body(world, user, rng)
            world.created[body["id"]] = user.pk
            return Mutation("POST", "/api/expenses", body, expect_ok=True)
        oid, data = rng.choice(mine)
        if roll < 0.85:
            return Mutation("PATCH", f"/api/expenses/{oid}", {"description": f"edit {rng.randint(0, 9999)}"},
                            version=data.get("version"), expect_ok=None)
        return Mutation("DELETE", f"/api/expenses/{oid}", None, version=data.get("version"), expect_ok=None)

    def check_exactly_once(self, world: World, devices: list[Any]) -> None:
        from social.models import Expense

        # A create replayed (duplicate push, lost answer, a retried key) made one expense,
        # announced once to each person it concerns.
        for expense_id in world.created:
            assert Expense.objects.filter(pk=expense_id).count() <= 1
            for user in world.users:
                created = Change.objects.filter(user=user, object_id=expense_id, event="expense.created").count()
                assert created <= 1, f"expense {expense_id} created {created} times for {user}"


DOMAINS: list[Domain] = [Notifications()]
if route_exists("/api/expenses"):
    DOMAINS.append(Expenses())
