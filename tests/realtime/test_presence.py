"""Presence: friends see a user come online and go offline, with tabs and processes."""

from __future__ import annotations

import time

import pytest
from asgiref.sync import sync_to_async

from realtime import presence
from tests.helpers import client_for
from tests.realtime.conftest import open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture
def friends(alice, bob):
    pairs = {str(alice.pk): [bob.pk], str(bob.pk): [alice.pk]}

    def audience(user_id):
        return pairs.get(str(user_id), [])

    presence.register_audience(audience)
    yield
    presence.unregister_audience(audience)


def _online_for(user):
    return client_for(user).get("/api/presence").json()["online"]


async def test_presence_with_two_tabs(alice, bob, friends):
    watcher = await open_socket(bob)
    tab1 = await open_socket(alice)
    [online] = await watcher.frames_of("presence", 1)
    assert online == {"type": "presence", "user": str(alice.pk), "online": True}
    tab2 = await open_socket(alice)
    assert await watcher.quiet("presence", 0.5) == []  # the second tab changes nothing
    assert await sync_to_async(_online_for)(bob) == [str(alice.pk)]
    await tab1.close()
    assert await watcher.quiet("presence", 0.5) == []  # still online in the other tab
    assert await sync_to_async(_online_for)(bob) == [str(alice.pk)]
    await tab2.close()
    [offline] = await watcher.frames_of("presence", 1)
    assert offline == {"type": "presence", "user": str(alice.pk), "online": False}
    assert await sync_to_async(_online_for)(bob) == []
    await watcher.close()


async def test_a_new_socket_is_told_which_friends_are_online(alice, bob, carol, friends):
    alice_sock = await open_socket(alice)
    bob_sock = await open_socket(bob)
    [frame] = await bob_sock.frames_of("presence", 1)
    assert frame["user"] == str(alice.pk) and frame["online"] is True
    carol_sock = await open_socket(carol)  # not a friend of anyone: sees nothing, is seen by no one
    assert await carol_sock.quiet("presence", 0.4) == []
    assert await bob_sock.quiet("presence", 0.4) == []
    for sock in (alice_sock, bob_sock, carol_sock):
        await sock.close()


async def test_without_a_registered_audience_nobody_sees_presence(alice, bob):
    bob_sock = await open_socket(bob)
    alice_sock = await open_socket(alice)
    assert await bob_sock.quiet("presence", 0.5) == []
    assert await sync_to_async(_online_for)(bob) == []
    await alice_sock.close()
    await bob_sock.close()


async def test_a_connection_whose_process_died_expires_and_is_announced(alice, bob, friends, settings):
    """A process that vanished says no goodbye: its entry ages out and the sweep tells friends."""
    from realtime import bus

    watcher = await open_socket(bob)
    hub = bus.Hub.current()
    store = presence.store(hub)
    # A connection of alice held by a process that then died: registered, never refreshed.
    assert await store.connect(str(alice.pk), "dead-process-conn") is True
    await hub.publish(bus.presence_message(str(alice.pk), True, [str(bob.pk)]))
    await watcher.frames_of("presence", 1)
    settings.REALTIME_HEARTBEAT_SECONDS = 0.2  # ttl = 0.2 * 2.5 + 5 s
    started = time.monotonic()
    [offline] = await watcher.frames_of("presence", 1, timeout=10)
    assert offline == {"type": "presence", "user": str(alice.pk), "online": False}
    assert time.monotonic() - started < 7
    await watcher.close()
