"""Convergence: several devices per user, random offline periods and edits, pushes that are
duplicated, reordered, cut short or whose answers are lost — through /api/sync/push and
Idempotency-Key — while other activity changes the users' data. At the end every device's
state equals its user's /api/sync/snapshot, every acknowledged mutation was applied exactly
once, and every rejected one was reported to its device.

The mutations use whatever synced objects exist (see `tests/resilience/domains.py`).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from realtime import registry
from realtime.models import PushClient, PushedMutation
from tests.helpers import client_for
from tests.resilience.domains import DOMAINS, Mutation, World

pytestmark = pytest.mark.django_db


@dataclass
class Device:
    name: str
    user: Any
    client: Any
    client_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    online: bool = True
    cursor: int = 0
    state: dict[tuple[str, str], dict] = field(default_factory=dict)
    figures: dict[tuple[str, str], dict] = field(default_factory=dict)  # event entities, as last heard
    next_id: int = 1
    outbox: list[Mutation] = field(default_factory=list)
    results: dict[int, list[dict]] = field(default_factory=dict)  # every answer seen per id
    sent: dict[int, Mutation] = field(default_factory=dict)

    # --- pulling -------------------------------------------------------------------------
    def pull(self, rng: random.Random) -> None:
        while True:
            response = self.client.get("/api/sync/changes", {"after": self.cursor, "limit": rng.randint(1, 7)})
            if response.status_code == 410:
                self.resync()
                return
            assert response.status_code == 200, response.content[:300]
            page = response.json()
            for change in page["changes"]:
                assert change["seq"] == self.cursor + 1, (self.name, self.cursor, change["seq"])
                self.cursor = change["seq"]
                key = (change["entity"], change["id"])
                # A figure or a card (event entity) replaces the last one heard, whatever its version.
                kept = self.figures if change["entity"] in EVENT_ENTITIES else self.state
                if change["op"] == "delete":
                    kept.pop(key, None)
                else:
                    kept[key] = change["data"]
            if not page["has_more"]:
                return

    def resync(self) -> None:
        snap = self.client.get("/api/sync/snapshot").json()
        self.state, self.figures = split_snapshot(snap)
        self.cursor = snap["cursor"]

    # --- pushing -------------------------------------------------------------------------
    def queue(self, mutation: Mutation) -> None:
        mutation.id = self.next_id
        self.next_id += 1
        self.sent[mutation.id] = mutation
        self.outbox.append(mutation)

    def flush(self, rng: random.Random, chaos: bool) -> None:
        if not self.outbox:
            return
        batch = list(self.outbox)
        trick = rng.choice(["none", "none", "duplicate", "reorder", "cut", "lose_answer", "single"]) if chaos else "none"
        if trick == "cut":
            batch = batch[: rng.randint(1, len(batch))]
        if trick == "reorder" and len(batch) > 1:
            shuffled = batch[:]
            rng.shuffle(shuffled)
            if shuffled != batch:
                answer = self._push(shuffled)
                assert answer.status_code in (400, 409), answer.content[:300]
        if trick == "single":
            self._send_single(batch[0])
            return
        answer = self._push(batch)
        if trick == "duplicate":
            answer = self._push(batch)
        if trick == "lose_answer":
            return  # the device never hears back; it will send the same ids again
        if answer.status_code == 409:  # a gap: the server says where to continue
            last = answer.json()["error"]["last_mutation_id"]
            self.outbox = [m for m in self.outbox if m.id > last]
            return
        assert answer.status_code == 200, answer.content[:500]
        body = answer.json()
        for result in body["results"]:
            self.results.setdefault(result["id"], []).append(result)
        done = {r["id"] for r in body["results"] if r["status"] < 500}
        self.outbox = [m for m in self.outbox if m.id not in done]

    def _push(self, batch: list[Mutation]) -> Any:
        return self.client.post(
            "/api/sync/push",
            {"client_id": self.client_id, "mutations": [m.wire() for m in batch]},
            format="json",
        )

    def _send_single(self, mutation: Mutation) -> None:
        """The same mutation as a plain API call with an Idempotency-Key, sent twice.
        It leaves the push queue: its id is consumed by a no-op push later."""
        key = f"{self.client_id}:{mutation.id}"
        first = getattr(self.client, mutation.method.lower())(
            mutation.path, mutation.body, format="json", HTTP_IDEMPOTENCY_KEY=key,
            **({"HTTP_IF_MATCH": f'"{mutation.version}"'} if mutation.version else {}),
        )
        second = getattr(self.client, mutation.method.lower())(
            mutation.path, mutation.body, format="json", HTTP_IDEMPOTENCY_KEY=key,
            **({"HTTP_IF_MATCH": f'"{mutation.version}"'} if mutation.version else {}),
        )
        assert second.status_code == first.status_code
        assert second.content == first.content, "a replayed key must return the recorded answer"
        if first.status_code < 500:
            result = {"id": mutation.id, "status": first.status_code,
                      "body": first.json() if first.content else None}
            self.results.setdefault(mutation.id, []).append(result)
            mutation.via_key = True
            # Keep the per-client ids consecutive: replace it in the queue with a harmless read.
            self.outbox = [m if m.id != mutation.id else Mutation.noop(mutation.id) for m in self.outbox]


def _converge(devices: list[Device], rng: random.Random) -> None:
    for device in devices:
        device.online = True
    for _ in range(20):
        for device in devices:
            device.flush(rng, chaos=False)
        if not any(d.outbox for d in devices):
            break
    assert not any(d.outbox for d in devices), "outboxes did not drain"
    for device in devices:
        device.pull(rng)


# Entities whose changes are events (balances, a person's card, rates): the snapshot has them
# as they stand; a device that only pulls hears of those that changed.
EVENT_ENTITIES = {spec.name for spec in registry.entities() if spec.event}


def split_snapshot(snap: dict) -> tuple[dict, dict]:
    """(kept objects, event entities) of a snapshot, by (entity, id)."""
    everything = {(entity, obj["id"]): obj for entity, objs in snap["entities"].items() for obj in objs}
    figures = {key: obj for key, obj in everything.items() if key[0] in EVENT_ENTITIES}
    return {key: obj for key, obj in everything.items() if key not in figures}, figures


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_devices_converge_to_the_snapshot_under_chaos(seed, alice, bob, carol):
    rng = random.Random(seed)
    world = World(users=[alice, bob, carol], rng=rng)
    for domain in DOMAINS:
        domain.setup(world)
    devices = [
        Device(f"{user.name}-{n}", user, client_for(user))
        for user in world.users for n in range(3)
    ]
    for device in devices:
        device.resync() if rng.random() < 0.5 else device.pull(rng)

    for _step in range(160):
        device = rng.choice(devices)
        roll = rng.random()
        if roll < 0.12:
            device.online = not device.online
        elif roll < 0.22:
            domain = rng.choice(DOMAINS)
            domain.outside_activity(world)
        elif roll < 0.65:
            domain = rng.choice(DOMAINS)
            mutation = domain.mutation(world, device.user, device.state, rng)
            if mutation is not None:
                device.queue(mutation)
        elif device.online:
            if rng.random() < 0.5:
                device.flush(rng, chaos=True)
            else:
                device.pull(rng)
    _converge(devices, rng)

    # Every device equals its user's snapshot.
    for device in devices:
        snap = device.client.get("/api/sync/snapshot").json()
        expected, figures = split_snapshot(snap)
        assert device.cursor == snap["cursor"], device.name
        assert device.state == expected, f"{device.name} diverged"
        # Every balance or card the device last heard is the one the snapshot has now.
        stale = sorted(key for key in device.figures.keys() & figures.keys() if device.figures[key] != figures[key])
        assert not stale, (device.name, stale)

    # Every mutation got one answer, however often it was sent; the server recorded each once.
    applied_effects = rejected = 0
    for device in devices:
        ids = sorted(device.sent)
        client = PushClient.objects.get(client_id=device.client_id) if ids else None
        if client is not None:
            assert client.last_mutation_id == ids[-1]
            recorded = list(PushedMutation.objects.filter(client=client).values_list("mutation_id", flat=True))
            assert sorted(recorded) == ids, "each mutation id is recorded exactly once"
        for mutation_id, mutation in device.sent.items():
            answers = device.results.get(mutation_id)
            assert answers, f"{device.name}: mutation {mutation_id} was never acknowledged"
            first = answers[0]
            assert all(a == first for a in answers[1:]) or mutation.via_key, "a repeat changed the answer"
            if mutation.expect_ok is False:
                assert 400 <= first["status"] < 500, f"a bad mutation was not reported: {first}"
            elif mutation.expect_ok is True:
                assert first["status"] < 400 or first["status"] in (409, 412), first
            if first["status"] < 300:
                applied_effects += 1
            elif first["status"] < 500:
                rejected += 1
    for domain in DOMAINS:
        domain.check_exactly_once(world, devices)
    assert applied_effects > 0 and rejected > 0
