"""Presence follows friendships as they are made and ended, while both are online."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from social import actions
from tests.helpers import client_for
from tests.realtime.conftest import open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _befriend_by_invite(inviter, joiner) -> None:
    code = client_for(inviter).post("/api/invites", {}, content_type="application/json").json()["code"]
    answer = client_for(joiner).post("/api/invites/accept", {"code": code}, content_type="application/json")
    assert answer.status_code == 200, answer.content


async def test_two_online_users_who_become_friends_see_each_other_at_once(alice, bob, carol, settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 60  # not the tick: the friendship itself
    alice_sock = await open_socket(alice)
    bob_sock = await open_socket(bob)
    carol_sock = await open_socket(carol)
    assert await bob_sock.quiet("presence", 0.4) == []  # strangers see nothing
    await sync_to_async(_befriend_by_invite)(alice, bob)
    [seen_by_bob] = await bob_sock.frames_of("presence", 1, timeout=2)
    [seen_by_alice] = await alice_sock.frames_of("presence", 1, timeout=2)
    assert seen_by_bob == {"type": "presence", "user": str(alice.pk), "online": True}
    assert seen_by_alice == {"type": "presence", "user": str(bob.pk), "online": True}
    assert await carol_sock.quiet("presence", 0.4) == []  # not her friendship
    await sync_to_async(actions.remove_friend)(alice, friend_id=bob.pk)
    [gone] = await bob_sock.frames_of("presence", 1, timeout=2)
    assert gone == {"type": "presence", "user": str(alice.pk), "online": False}
    for sock in (alice_sock, bob_sock, carol_sock):
        await sock.close()


async def test_only_the_online_one_is_announced(alice, bob, settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 60
    bob_sock = await open_socket(bob)
    await sync_to_async(actions.befriend)(alice, other=bob)  # alice has no socket
    assert await bob_sock.quiet("presence", 0.6) == []
    await bob_sock.close()
