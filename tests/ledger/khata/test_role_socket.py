"""A demoted manager's devices stop receiving the cashbook over the WebSocket: the socket
sends the revocation live, then nothing of later cash movements, while parties still arrive."""

from __future__ import annotations

from decimal import Decimal

import pytest
from asgiref.sync import sync_to_async

from ledger.khata import actions
from ledger.khata.models import Membership, Role
from tests.realtime.conftest import open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _shop_with_cash(alice, bob):
    shop = actions.create_business(alice, name="Sharma Kirana")
    actions.add_member(alice, business=shop, user=bob, role=Role.MANAGER)
    cash = actions.record_cash(alice, business=shop, direction="in", amount=Decimal(50))
    return shop, cash


def _demote(shop, alice, bob):
    membership = Membership.objects.get(business=shop, user=bob, deleted_at=None)
    actions.change_role(alice, membership=membership, role=Role.CLERK)


async def test_demotion_revokes_live_and_later_cash_never_arrives(alice, bob):
    shop, cash = await sync_to_async(_shop_with_cash)(alice, bob)
    sock = await open_socket(bob, resume=None)
    await sock.send({"type": "resume", "cursor": sock.hello["head"]})
    await sync_to_async(_demote)(shop, alice, bob)
    frames = await sock.frames_of("change", 2)  # the membership, then the cash entry dropped
    dropped = [f for f in frames if f["entity"] == "khata.cash_entry"]
    assert dropped and dropped[0]["op"] == "delete" and dropped[0]["id"] == str(cash.id)
    await sock.quiet("change", 0.5)  # drain anything else of the role change
    later = await sync_to_async(actions.record_cash)(alice, business=shop, direction="out", amount=Decimal(5))
    party = await sync_to_async(actions.create_party)(alice, business=shop, kind="customer", name="Ramesh")
    [arrived] = await sock.frames_of("change", 1)
    assert arrived["entity"] == "khata.party" and arrived["id"] == str(party.id)
    assert all(f["id"] != str(later.id) for f in await sock.quiet("change", 0.8))
    await sock.close()
