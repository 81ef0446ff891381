"""A financier's read paths agree (issue 15, roles on every read path, for the marketplace's
entities): for every invoicing entity registered with the change feed and every role (the
seller, an investor, a manager of the seller's shop who also invests, an outsider), the ids a
user receives through `/api/sync/snapshot` and through `/api/sync/changes` (replayed from 0)
are exactly the ids the API lets that user read, and each object reads the same. An
invoicing entity registered without an API reader below fails the test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from invoicing import actions
from invoicing.actions import expire_listing
from ledger.khata import actions as khata
from ledger.khata.models import Role
from realtime.registry import entities
from tests.helpers import client_for, raw_feed, replay_feed, snapshot_entities
from tests.invoicing.conftest import make_draft, make_listed

pytestmark = pytest.mark.django_db

ENTITIES = ("invoice", "investment", "wallet")


def _list(client, url: str) -> list[dict[str, Any]]:
    r = client.get(url + ("&" if "?" in url else "?") + "limit=500")
    assert r.status_code == 200, (url, r.content[:300])
    body = r.json()
    assert body["next"] is None, "the world is larger than one page"
    return body["results"]


def _invoices(client) -> list[dict]:
    """Own invoices, open listings (own included) and the invoices one invested in."""
    seen = {i["id"]: i for i in _list(client, "/api/invoicing/invoices")}
    seen.update({i["id"]: i for i in _list(client, "/api/invoicing/marketplace?include_own=true")})
    for investment in _list(client, "/api/invoicing/investments"):
        if investment["invoice"] not in seen:
            r = client.get(f"/api/invoicing/invoices/{investment['invoice']}")
            assert r.status_code == 200
            seen[investment["invoice"]] = r.json()
    return list(seen.values())


def _investments(client) -> list[dict]:
    """One's own investments, and every investment in one's own invoices."""
    seen = {i["id"]: i for i in _list(client, "/api/invoicing/investments")}
    for invoice in _list(client, "/api/invoicing/invoices"):
        seen.update({i["id"]: i for i in _list(client, f"/api/invoicing/invoices/{invoice['id']}/investments")})
    return list(seen.values())


def _wallets(client) -> list[dict]:
    r = client.get("/api/wallet")
    assert r.status_code == 200
    return r.json()["wallets"]


API_READERS: dict[str, Callable[[Any], list[dict]]] = {
    "invoice": _invoices,
    "investment": _investments,
    "wallet": _wallets,
}


# A partial funding goes to the seller and the invoice's investors only (funding.py: sending
# it to every user serialised all writes); anyone else reads the progress from the API (the
# marketplace) and the feed's copy of an open listing is refreshed on listing, completion,
# withdrawal and expiry. Every other field, and every id, must agree.
PROGRESS = {"funded_amount", "funded_percent", "remaining_amount", "status", "version", "updated_at"}


def test_every_invoicing_entity_has_an_api_reader():
    registered = {e.name for e in entities() if e.model.__module__.startswith("invoicing.")}
    assert registered == set(API_READERS) == set(ENTITIES), "register the new entity's API route in API_READERS"


def _world(alice, bob, carol, dave):
    """alice owns a shop (bob its manager) and sells: a bill listed from the khata and funded
    in part by bob, an invoice funded in full by bob and carol and repaid in part, a
    withdrawn listing, a draft, a listing that expired unfunded (carol refunded), and three
    bob funded alone: repaid in full, overdue, defaulted. carol sells one too, which bob
    funds in part. dave has a wallet and nothing else."""
    for user in (bob, carol, dave):
        actions.top_up_wallet(user, amount=Decimal("500000"), currency="INR")
    shop = khata.create_business(alice, name="Sharma Traders", state_code="27")
    khata.add_member(alice, business=shop, user=bob, role=Role.MANAGER)
    party = khata.create_party(alice, business=shop, kind="customer", name="Tata Steel Ltd")
    today = timezone.localdate()
    bill = khata.create_bill(alice, business=shop, party_id=party.id, issue_date=today,
                             due_date=today + dt.timedelta(days=45),
                             lines=[{"description": "Coils", "quantity": Decimal(10), "unit_price": Decimal(10000)}])
    from_bill = actions.list_bill(alice, bill_id=bill.id, discount_rate=Decimal("12"))
    actions.fund_invoice(bob, invoice_id=from_bill.pk, amount=Decimal("20000"))
    funded = make_listed(alice)
    actions.fund_invoice(bob, invoice_id=funded.pk, amount=Decimal("50000"))
    funded.refresh_from_db()
    actions.fund_invoice(carol, invoice_id=funded.pk, amount=funded.advance_amount - Decimal("50000"))
    actions.repay_invoice(alice, invoice_id=funded.pk, amount=Decimal("10000"))
    withdrawn = make_listed(alice)
    actions.withdraw_invoice(alice, invoice_id=withdrawn.pk)
    make_draft(alice)
    lapsing = make_listed(alice, due_date=today + dt.timedelta(days=20))
    actions.fund_invoice(carol, invoice_id=lapsing.pk, amount=Decimal("5000"))
    assert expire_listing(invoice_id=lapsing.pk, on=lapsing.due_date)
    carols = make_listed(carol)
    actions.fund_invoice(bob, invoice_id=carols.pk, amount=Decimal("3000"))
    # Funded by bob alone: one repaid in full, one overdue, one defaulted (investments show it).
    for fate in ("repaid", "overdue", "defaulted"):
        invoice = make_listed(alice, due_date=today + dt.timedelta(days=20))
        actions.fund_invoice(bob, invoice_id=invoice.pk, amount=invoice.advance_amount)
        if fate == "repaid":
            actions.repay_invoice(alice, invoice_id=invoice.pk, amount=invoice.face_amount)
        else:
            assert actions.mark_invoice_overdue(invoice_id=invoice.pk, on=invoice.due_date + dt.timedelta(days=1))
        if fate == "defaulted":
            assert actions.mark_invoice_defaulted(invoice_id=invoice.pk, on=invoice.due_date + dt.timedelta(days=400))


def test_feed_and_snapshot_give_each_role_exactly_what_the_api_does(alice, bob, carol, dave):
    _world(alice, bob, carol, dave)
    failures, sizes = [], {}
    for user in (alice, bob, carol, dave):
        client = client_for(user)
        api = {name: {o["id"]: o for o in API_READERS[name](client)} for name in ENTITIES}  # may make a wallet: first
        feed, snap = replay_feed(client), snapshot_entities(client)
        mine = {i["id"] for i in api["invoice"].values() if i["seller"] == str(user.pk)}
        mine |= {i["invoice"] for i in api["investment"].values() if i["investor"] == str(user.pk)}
        for name in ENTITIES:
            sizes[(user.name, name)] = len(api[name])
            for path, got in (("snapshot", snap.get(name, {})), ("changes", feed.get(name, {}))):
                if set(got) != set(api[name]):
                    failures.append((user.name, name, path, "ids", sorted(set(got) ^ set(api[name]))))
                    continue
                for obj_id, obj in api[name].items():
                    diff = {k for k in obj.keys() | got[obj_id].keys() if obj.get(k) != got[obj_id].get(k)}
                    if name == "invoice" and obj_id not in mine:
                        diff -= PROGRESS  # by design: progress reaches participants only
                    if diff:
                        failures.append((user.name, name, path, obj_id, sorted(diff)))
    assert not failures, failures
    # Not vacuous: the seller reads every investment in its invoices, an investor only theirs,
    # the outsider only the open listings and a wallet.
    assert sizes[("Alice", "investment")] == 7 and sizes[("Bob", "investment")] == 6
    assert sizes[("Carol", "investment")] == 3 and sizes[("Dave", "investment")] == 0
    assert sizes[("Alice", "invoice")] == 9 and sizes[("Dave", "invoice")] == 2


def test_an_outsider_is_told_to_drop_a_closed_listing_without_its_funding(alice, bob, dave):
    """When a listing closes (funded), the users it was public to get a delete carrying only
    the id: not the funding, the fee or the state the API no longer shows them."""
    invoice = make_listed(alice)
    actions.top_up_wallet(bob, amount=invoice.advance_amount, currency="INR")
    actions.fund_invoice(bob, invoice_id=invoice.pk, amount=invoice.advance_amount)
    outsider = client_for(dave)
    assert outsider.get(f"/api/invoicing/invoices/{invoice.pk}").status_code == 404
    [closed] = [c for c in raw_feed(outsider) if c["id"] == str(invoice.pk) and c["op"] == "delete"]
    assert closed["event"] == "invoice.closed" and closed["data"] == {"id": str(invoice.pk)}
    # The investor, still a reader, gets the funded invoice in full.
    [funded] = [c for c in raw_feed(client_for(bob)) if c["id"] == str(invoice.pk) and c["event"] == "invoice.funded"]
    assert funded["data"]["status"] == "funded" and funded["data"]["funded_amount"] == str(invoice.advance_amount)

