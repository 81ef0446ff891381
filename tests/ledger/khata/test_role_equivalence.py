"""Roles hold on every read path (generated over the feed's registry).

For every khata entity registered with the change feed and every role (owner, manager,
clerk, outsider), the objects a user receives through `/api/sync/snapshot` and through
`/api/sync/changes` (replayed from 0: upserts add, deletes drop) are exactly the objects,
in exactly the shape, the API lets that user read. A khata entity registered without an
API reader below fails the test, so a new entity or route cannot skip it. The same holds
after a role change (a demoted manager, a promoted clerk) and the pages follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ledger.khata import actions
from ledger.khata.actions.reminders import remind_party
from ledger.khata.models import Membership, Role
from realtime.registry import entities
from tests.helpers import client_for, replay_feed, snapshot_entities

pytestmark = pytest.mark.django_db

WIDE = "start=1900-01-01&end=2200-12-31&limit=500"


def _list(client, url: str) -> list[dict[str, Any]]:
    """The objects a list route gives (none when the role is refused: 403)."""
    r = client.get(url + ("&" if "?" in url else "?") + "limit=500")
    if r.status_code == 403:
        assert r.json()["error"]["code"] == "insufficient_role"
        return []
    assert r.status_code == 200, (url, r.content[:300])
    body = r.json()
    assert body["next"] is None, "the world is larger than one page"
    return body["results"]


def _each(parent_url: str, child: Callable[[dict], str]) -> Callable[[Any], list[dict]]:
    def read(client) -> list[dict]:
        return [obj for parent in _list(client, parent_url) for obj in _list(client, child(parent))]

    return read


def _per_business(child: str) -> Callable[[Any], list[dict]]:
    return _each("/api/khata/businesses", lambda b: f"/api/khata/businesses/{b['id']}/{child}")


def _per_staff(child: str) -> Callable[[Any], list[dict]]:
    def read(client) -> list[dict]:
        staff = _per_business("staff")(client)
        return [obj for s in staff for obj in _list(client, f"/api/khata/staff/{s['id']}/{child}?{WIDE}")]

    return read


def _per_bill(client) -> list[dict]:
    return [obj for b in _per_business("bills")(client) for obj in _list(client, f"/api/khata/bills/{b['id']}/payments")]


# How the API lets a user read every object of each entity (the union of its list routes).
API_READERS: dict[str, Callable[[Any], list[dict]]] = {
    "khata.business": lambda client: _list(client, "/api/khata/businesses"),
    "khata.member": _per_business("members"),
    "khata.party": _per_business("parties"),
    "khata.entry": _per_business("entries"),
    "khata.receipt": lambda client: [r for e in _per_business("entries")(client)
                                     for r in _list(client, f"/api/khata/entries/{e['id']}/receipts")],
    "khata.bill": _per_business("bills"),
    "khata.payment": _per_bill,
    "khata.credit_note": _per_business("credit-notes"),
    "khata.cash_entry": _per_business("cashbook"),
    "khata.staff": _per_business("staff"),
    "khata.punch": _per_staff("punches"),
    "khata.attendance_day": _per_staff("attendance"),
    "khata.reminder": _per_business("reminders"),
}
# Fields a list route adds to the object (not part of the object itself).
ROUTE_EXTRAS = {"khata.cash_entry": {"running_balance"}}


def khata_entities() -> list[str]:
    return sorted(e.name for e in entities() if e.name.startswith("khata."))


def test_every_khata_entity_has_an_api_reader():
    assert khata_entities() == sorted(API_READERS), "register the new entity's API route in API_READERS"


def _world(alice, bob, carol, dave):
    """A shop with one of everything (cash too), and dave's own business next door."""
    shop = actions.create_business(alice, name="Sharma Kirana", state_code="27", upi_id="sharma@upi")
    actions.add_member(alice, business=shop, user=bob, role=Role.MANAGER)
    actions.add_member(alice, business=shop, user=carol, role=Role.CLERK)
    ramesh = actions.create_party(alice, business=shop, kind="customer", name="Ramesh")
    actions.record_entry(carol, business=shop, party_id=ramesh.id, kind="gave", amount=Decimal("2500.50"))
    actions.record_entry(carol, business=shop, party_id=ramesh.id, kind="got", amount=Decimal("500"),
                         settlement="payment", mode="cash")
    bill = actions.create_bill(bob, business=shop, party_id=ramesh.id,
                               lines=[{"description": "Rice", "quantity": Decimal(2), "unit_price": Decimal(100)}])
    actions.record_payment(bob, bill=bill, amount=Decimal(50), mode="cash")
    actions.issue_credit_note(bob, bill=bill, reason="Returned",
                              lines=[{"description": "Rice", "quantity": Decimal(1), "unit_price": Decimal(10)}])
    mill = actions.create_party(alice, business=shop, kind="supplier", name="Mill")
    actions.record_purchase_bill(bob, business=shop, party_id=mill.id, number="M-1",
                                 lines=[{"description": "Wheat", "quantity": Decimal(1), "unit_price": Decimal(70)}])
    actions.record_cash(bob, business=shop, direction="out", amount=Decimal(30), category="Tea")
    raju = actions.create_staff(bob, business=shop, name="Raju", salary_amount=Decimal(12000))
    actions.punch(carol, staff=raju, kind="in")
    actions.set_day_status(carol, staff=raju, date=dt.date(2026, 11, 2), status="leave")
    remind_party(ramesh.id, day=dt.date(2026, 11, 3))
    other = actions.create_business(dave, name="Dave Traders")
    p = actions.create_party(dave, business=other, kind="supplier", name="Mill")
    actions.record_entry(dave, business=other, party_id=p.id, kind="got", amount=Decimal(9), settlement="payment",
                         mode="cash")
    return shop


def _swap_roles(shop, alice, bob, carol):
    """Bob (manager) becomes a clerk; carol (clerk) becomes a manager."""
    actions.change_role(alice, membership=Membership.objects.get(business=shop, user=bob, deleted_at=None),
                        role=Role.CLERK)
    actions.change_role(alice, membership=Membership.objects.get(business=shop, user=carol, deleted_at=None),
                        role=Role.MANAGER)


@pytest.mark.parametrize("after_role_swap", [False, True], ids=["as_built", "after_role_swap"])
def test_feed_and_snapshot_give_each_role_exactly_what_the_api_does(alice, bob, carol, dave, after_role_swap):
    shop = _world(alice, bob, carol, dave)
    if after_role_swap:
        _swap_roles(shop, alice, bob, carol)
    failures = []
    for user in (alice, bob, carol, dave):
        client = client_for(user)
        feed, snap = replay_feed(client), snapshot_entities(client)
        for name in khata_entities():
            extras = ROUTE_EXTRAS.get(name, set())
            api = {o["id"]: {k: v for k, v in o.items() if k not in extras} for o in API_READERS[name](client)}
            for path, got in (("snapshot", snap.get(name, {})), ("changes", feed.get(name, {}))):
                if set(got) != set(api):
                    failures.append((user.name, name, path, "ids", sorted(set(got) ^ set(api))))
                    continue
                for obj_id, obj in api.items():
                    if got[obj_id] != obj:
                        diff = sorted(k for k in obj.keys() | got[obj_id].keys() if obj.get(k) != got[obj_id].get(k))
                        failures.append((user.name, name, path, obj_id, diff))
    assert not failures, failures


def test_the_world_shows_each_role_something_different(alice, bob, carol, dave):
    """The equivalence above is not vacuous: the clerk is refused what the manager reads."""
    shop = _world(alice, bob, carol, dave)
    manager, clerk = client_for(bob), client_for(carol)
    assert len(_per_business("cashbook")(manager)) == 3 and _per_business("cashbook")(clerk) == []
    assert len(_per_business("reminders")(manager)) == 1 and _per_business("reminders")(clerk) == []
    [full] = _per_business("staff")(manager)
    [narrow] = _per_business("staff")(clerk)
    assert full["salary_amount"] == "12000.00" and "salary_amount" not in narrow and "salary_type" not in narrow
    snap = snapshot_entities(clerk)
    assert snap["khata.cash_entry"] == {} and snap["khata.reminder"] == {}
    assert all("salary_amount" not in s for s in snap["khata.staff"].values())
    # dave's cashbook is his own business's only
    assert {c["business"] for c in _per_business("cashbook")(client_for(dave))} - {str(shop.id)} == {
        c["business"] for c in _per_business("cashbook")(client_for(dave))}


def test_demotion_revokes_and_promotion_grants_on_the_feed(alice, bob, carol, dave):
    shop = _world(alice, bob, carol, dave)
    manager = client_for(bob)
    before = replay_feed(manager)
    cursor = manager.get("/api/sync/changes?after=0&limit=1000").json()["cursor"]
    _swap_roles(shop, alice, bob, carol)
    news = manager.get(f"/api/sync/changes?after={cursor}&limit=1000").json()["changes"]
    dropped = {c["id"] for c in news if c["op"] == "delete" and c["event"] == "khata.access.revoked"}
    assert dropped == set(before["khata.cash_entry"]) | set(before["khata.reminder"]) and dropped
    [restaged] = [c for c in news if c["entity"] == "khata.staff"]
    assert restaged["op"] == "upsert" and "salary_amount" not in restaged["data"]
    # A cash movement recorded after the demotion never reaches the demoted manager.
    cash = actions.record_cash(alice, business=shop, direction="in", amount=Decimal(7))
    later = manager.get(f"/api/sync/changes?after={cursor}&limit=1000").json()["changes"]
    assert cash.id not in {c["id"] for c in later} and str(cash.id) not in {c["id"] for c in later}
    # The promoted clerk now receives the cashbook and the staff pay.
    promoted = replay_feed(client_for(carol))
    assert str(cash.id) in promoted["khata.cash_entry"] and len(promoted["khata.cash_entry"]) == 4
    assert all("salary_amount" in s for s in promoted["khata.staff"].values())


def test_removing_a_clerk_sends_no_cash_entries(alice, bob, carol, dave):
    """A delete of something never theirs would tell them it exists."""
    from realtime.models import Change

    shop = _world(alice, bob, carol, dave)
    actions.remove_member(alice, membership=Membership.objects.get(business=shop, user=carol, deleted_at=None))
    entities_sent = set(Change.objects.filter(user=carol).values_list("entity", flat=True))
    assert "khata.cash_entry" not in entities_sent and "khata.reminder" not in entities_sent
    staff_data = Change.objects.filter(user=carol, entity="khata.staff").values_list("data", flat=True)
    assert staff_data and all("salary_amount" not in d for d in staff_data)


def test_pages_refuse_a_clerk_the_cashbook_and_the_pay(alice, bob, carol, dave):
    from django.test import Client

    shop = _world(alice, bob, carol, dave)
    staff = _per_business("staff")(client_for(bob))[0]
    pages = {}
    for user in (bob, carol):
        browser = Client()
        browser.force_login(user)
        pages[user.name] = {
            "cashbook": browser.get(f"/khata/{shop.id}/cashbook/"),
            "staff": browser.get(f"/khata/{shop.id}/staff/"),
            "member": browser.get(f"/khata/staff/{staff['id']}/"),
            "parties": browser.get(f"/khata/{shop.id}/"),
        }
    manager, clerk = pages[bob.name], pages[carol.name]
    assert manager["cashbook"].status_code == 200 and clerk["cashbook"].status_code == 403
    assert "12,000" in manager["staff"].content.decode() and "12,000" not in clerk["staff"].content.decode()
    assert "Salary for the month" in manager["member"].content.decode()
    assert "Salary for the month" not in clerk["member"].content.decode()
    assert f"/khata/{shop.id}/cashbook/" in manager["parties"].content.decode()
    assert f"/khata/{shop.id}/cashbook/" not in clerk["parties"].content.decode()
