"""A lost right to read reaches the feed's history (issue 15, roles on every read path).

Replaying the change feed already ends with what the API gives (test_role_equivalence), but
the raw feed (`/api/sync/changes?after=0`) is a read path of its own: before this, a manager
demoted to clerk could still read every cash entry, reminder and salary they had been sent,
and a removed member the whole business, from the upserts (and the revoking deletes, which
carried the full object). Now those changes keep only the id (or, for staff, the shape a
clerk reads), and each stream stays gap-free."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.khata import actions
from ledger.khata.models import Membership, Role
from tests.helpers import client_for, raw_feed, replay_feed
from tests.ledger.khata.test_role_equivalence import _world

pytestmark = pytest.mark.django_db


def _raw(client) -> list[dict]:
    changes = raw_feed(client)
    assert [c["seq"] for c in changes] == list(range(1, len(changes) + 1)), "the stream must stay gap-free"
    return changes


def _membership(shop, user) -> Membership:
    return Membership.objects.get(business=shop, user=user, deleted_at=None)


def test_a_demoted_manager_can_no_longer_read_the_cashbook_or_pay_from_the_feeds_history(alice, bob, carol, dave):
    shop = _world(alice, bob, carol, dave)
    gone = actions.record_cash(alice, business=shop, direction="in", amount=Decimal("777.77"), category="Sale")
    actions.delete_cash(alice, entry=gone)  # a tombstone bob was told of
    manager = client_for(bob)
    before = _raw(manager)
    assert any(c["entity"] == "khata.cash_entry" and c["data"].get("amount") == "777.77" for c in before)
    assert any("salary_amount" in c["data"] for c in before if c["entity"] == "khata.staff")
    replayed = replay_feed(manager)

    actions.change_role(alice, membership=_membership(shop, bob), role=Role.CLERK)
    after = _raw(manager)
    assert len(after) > len(before)
    for change in after:
        if change["entity"] in ("khata.cash_entry", "khata.reminder"):
            assert change["data"] == {"id": change["id"]}, change
        if change["entity"] == "khata.staff":
            assert "salary_amount" not in change["data"] and "salary_type" not in change["data"], change
    assert "777.77" not in str(after) and "12000" not in str(after)
    # What the clerk's devices end with is unchanged: the replay drops the cashbook, keeps the rest.
    now = replay_feed(manager)
    assert now.get("khata.cash_entry", {}) == {} and now.get("khata.reminder", {}) == {}
    assert set(now["khata.entry"]) == set(replayed["khata.entry"])
    # Promoted again, the cashbook comes back in full.
    actions.change_role(alice, membership=_membership(shop, bob), role=Role.MANAGER)
    again = replay_feed(manager)
    assert set(again["khata.cash_entry"]) == set(replayed["khata.cash_entry"])
    assert all("salary_amount" in s for s in again["khata.staff"].values())


def test_a_removed_member_keeps_nothing_of_the_business_in_the_feed(alice, bob, carol, dave):
    shop = _world(alice, bob, carol, dave)
    clerk = client_for(carol)
    assert any(c["entity"] == "khata.party" and c["data"].get("name") == "Ramesh" for c in _raw(clerk))
    actions.remove_member(alice, membership=_membership(shop, carol))
    own = str(Membership.objects.get(business=shop, user=carol).pk)
    for change in _raw(clerk):
        if change["entity"].startswith("khata.") and not (change["entity"] == "khata.member" and change["id"] == own):
            assert change["data"] == {"id": change["id"]}, change
    # Only her own notification ("Alice added you to Sharma Kirana"), which the API still lists, names the shop.
    leftover = [c for c in _raw(clerk) if ("Ramesh" in str(c) or "Sharma Kirana" in str(c)) and c["entity"] != "notification"]
    assert not leftover, leftover
    # dave, never a member, is untouched; alice (the owner) still has everything.
    assert any(c["data"].get("name") == "Ramesh" for c in _raw(client_for(alice)) if c["entity"] == "khata.party")
