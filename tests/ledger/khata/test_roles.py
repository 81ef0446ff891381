"""The role matrix: every khata endpoint for owner, manager, clerk and outsider.

Outsiders get 404 (the business is not theirs to know of); a member below the endpoint's
role gets 403 `insufficient_role`; a member at or above it succeeds."""

from __future__ import annotations

import itertools
from decimal import Decimal
from functools import cached_property

import pytest

from ledger.khata import actions
from ledger.khata.models import ROLE_RANK, Role
from tests.conftest import make_user
from tests.helpers import assert_error
from tests.ledger.khata.conftest import line

pytestmark = pytest.mark.django_db

_n = itertools.count()


class Ctx:
    """Fresh objects per request, made lazily, so destructive calls never disturb the next."""

    def __init__(self, shop, owner):
        self.shop, self.owner = shop, owner

    @cached_property
    def party(self):
        return actions.create_party(self.owner, business=self.shop, kind="customer", name=f"P{next(_n)}")

    @cached_property
    def entry(self):
        return actions.record_entry(self.owner, business=self.shop, party_id=self.party.id, kind="gave",
                                    amount=Decimal(10))

    @cached_property
    def draft(self):
        return actions.create_bill(self.owner, business=self.shop, party_id=self.party.id, issue=False,
                                   lines=[{"description": "x", "quantity": Decimal(1), "unit_price": Decimal(10)}])

    @cached_property
    def bill(self):
        return actions.create_bill(self.owner, business=self.shop, party_id=self.party.id,
                                   lines=[{"description": "x", "quantity": Decimal(1), "unit_price": Decimal(10)}])

    @cached_property
    def payment(self):
        return actions.record_payment(self.owner, bill=self.bill, amount=Decimal(1))

    @cached_property
    def cash(self):
        return actions.record_cash(self.owner, business=self.shop, direction="in", amount=Decimal(5))

    @cached_property
    def staff(self):
        return actions.create_staff(self.owner, business=self.shop, name=f"S{next(_n)}")

    @cached_property
    def member(self):
        user = make_user(f"extra{next(_n)}")
        return actions.add_member(self.owner, business=self.shop, user=user, role=Role.CLERK)

    @cached_property
    def deleted_party(self):
        return actions.delete_party(self.owner, party=self.party)

    @cached_property
    def deleted_entry(self):
        return actions.delete_entry(self.owner, entry=self.entry)


B = "/api/khata/businesses/{c.shop.id}"
ENDPOINTS = [
    # (method, url, body, lowest role allowed)
    ("get", B, None, Role.CLERK),
    ("patch", B, {"upi_id": "shop@upi"}, Role.OWNER),
    ("get", B + "/members", None, Role.CLERK),
    ("get", "/api/khata/members/{c.member.id}", None, Role.CLERK),
    ("patch", "/api/khata/members/{c.member.id}", {"role": "manager"}, Role.OWNER),
    ("delete", "/api/khata/members/{c.member.id}", None, Role.OWNER),
    ("post", B + "/invites", {"role": "clerk"}, Role.OWNER),
    ("get", B + "/parties", None, Role.CLERK),
    ("post", B + "/parties", {"kind": "customer", "name": "New"}, Role.MANAGER),
    ("post", B + "/parties/import", {"csv": "name\nAsha\n"}, Role.MANAGER),
    ("get", "/api/khata/parties/{c.party.id}", None, Role.CLERK),
    ("patch", "/api/khata/parties/{c.party.id}", {"notes": "ok"}, Role.MANAGER),
    ("delete", "/api/khata/parties/{c.party.id}", None, Role.MANAGER),
    ("post", "/api/khata/parties/{c.deleted_party.id}/restore", None, Role.MANAGER),
    ("get", "/api/khata/parties/{c.party.id}/statement", None, Role.CLERK),
    ("get", B + "/entries", None, Role.CLERK),
    ("post", B + "/entries", lambda c: {"party": str(c.party.id), "kind": "got", "amount": "5"}, Role.CLERK),
    ("get", "/api/khata/entries/{c.entry.id}", None, Role.CLERK),
    ("patch", "/api/khata/entries/{c.entry.id}", {"amount": "7"}, Role.MANAGER),
    ("delete", "/api/khata/entries/{c.entry.id}", None, Role.MANAGER),
    ("post", "/api/khata/entries/{c.deleted_entry.id}/restore", None, Role.MANAGER),
    ("get", "/api/khata/entries/{c.entry.id}/revisions", None, Role.CLERK),
    ("get", B + "/bills", None, Role.CLERK),
    ("post", B + "/bills", lambda c: {"party": str(c.party.id), "lines": [line()]}, Role.MANAGER),
    ("get", "/api/khata/bills/{c.bill.id}", None, Role.CLERK),
    ("patch", "/api/khata/bills/{c.draft.id}", {"notes": "n"}, Role.MANAGER),
    ("delete", "/api/khata/bills/{c.draft.id}", None, Role.MANAGER),
    ("post", "/api/khata/bills/{c.draft.id}/issue", None, Role.MANAGER),
    ("post", "/api/khata/bills/{c.bill.id}/cancel", None, Role.MANAGER),
    ("get", "/api/khata/bills/{c.bill.id}/payments", None, Role.CLERK),
    ("post", "/api/khata/bills/{c.bill.id}/payments", {"amount": "2"}, Role.MANAGER),
    ("get", "/api/khata/payments/{c.payment.id}", None, Role.CLERK),
    ("delete", "/api/khata/payments/{c.payment.id}", None, Role.MANAGER),
    ("get", B + "/cashbook", None, Role.MANAGER),
    ("post", B + "/cashbook", {"direction": "out", "amount": "3", "category": "Tea"}, Role.MANAGER),
    ("get", B + "/cashbook/day", None, Role.MANAGER),
    ("get", B + "/cashbook/report?start=2026-01-01&end=2026-01-31", None, Role.MANAGER),
    ("get", "/api/khata/cashbook/{c.cash.id}", None, Role.MANAGER),
    ("patch", "/api/khata/cashbook/{c.cash.id}", {"note": "x"}, Role.MANAGER),
    ("delete", "/api/khata/cashbook/{c.cash.id}", None, Role.MANAGER),
    ("get", B + "/staff", None, Role.CLERK),
    ("post", B + "/staff", {"name": "Raju", "salary_amount": "12000"}, Role.MANAGER),
    ("get", "/api/khata/staff/{c.staff.id}", None, Role.CLERK),
    ("patch", "/api/khata/staff/{c.staff.id}", {"status": "on_leave"}, Role.MANAGER),
    ("delete", "/api/khata/staff/{c.staff.id}", None, Role.MANAGER),
    ("get", "/api/khata/staff/{c.staff.id}/punches", None, Role.CLERK),
    ("post", "/api/khata/staff/{c.staff.id}/punches", {"kind": "in"}, Role.CLERK),
    ("put", "/api/khata/staff/{c.staff.id}/attendance/2026-11-02", {"status": "leave"}, Role.CLERK),
    ("get", "/api/khata/staff/{c.staff.id}/month?month=2026-11", None, Role.MANAGER),
    ("get", B + "/reminders", None, Role.MANAGER),
    # Last: it removes the business.
    ("delete", B, None, Role.OWNER),
]


@pytest.mark.parametrize("who", ["owner", "manager", "clerk", "outsider"])
def test_role_matrix(who, shop, alice, clients):
    client = clients[who]
    failures = []
    for method, url, body, lowest in ENDPOINTS:
        ctx = Ctx(shop, alice)
        path = url.format(c=ctx)
        data = body(ctx) if callable(body) else body
        response = getattr(client, method)(path, data, format="json")
        if who == "outsider":
            expected = "404"
        elif ROLE_RANK[who] < ROLE_RANK[lowest]:
            expected = "403"
        else:
            expected = "2xx"
        got = str(response.status_code)
        ok = (
            (expected == "2xx" and got.startswith("2"))
            or (expected == got and response.json()["error"]["code"] in ("not_found", "insufficient_role"))
        )
        if not ok:
            failures.append((method, url, expected, got, response.content[:200]))
    assert not failures, failures


def test_insufficient_role_error_is_clear(clients, shop):
    r = clients["clerk"].patch(f"/api/khata/businesses/{shop.id}", {"name": "Mine"}, format="json")
    error = assert_error(r, 403, "insufficient_role")
    assert "clerk" in error["message"] and "owner" in error["message"]


def test_business_list_shows_only_memberships(clients, shop):
    assert clients["outsider"].get("/api/khata/businesses").json()["count"] == 0
    assert [b["id"] for b in clients["clerk"].get("/api/khata/businesses").json()["results"]] == [str(shop.id)]
