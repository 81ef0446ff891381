"""Live delivery: a friend's device receives expense.created over the real /ws/ consumer
(after commit, through Redis); a device of someone the expense does not concern receives
nothing about it."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from rest_framework_simplejwt.tokens import AccessToken

from config.asgi import application
from realtime.models import Change
from social import actions


@pytest.fixture(autouse=True)
def _fast_heartbeat(settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 0.5


async def _socket(user) -> WebsocketCommunicator:
    comm = WebsocketCommunicator(application, f"/ws/?token={AccessToken.for_user(user)}")
    connected, _ = await comm.connect(timeout=5)
    assert connected
    hello = json.loads(await comm.receive_from(timeout=3))
    assert hello["type"] == "hello", hello
    await comm.send_to(text_data=json.dumps({"type": "resume", "cursor": hello["head"]}))
    return comm


async def _changes(comm: WebsocketCommunicator, seconds: float) -> list[dict]:
    """Change frames that arrive within `seconds` (polling: receive_from's timeout would
    cancel the application)."""
    got = []
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        if await comm.receive_nothing(timeout=0.05, interval=0.01):
            continue
        frame = json.loads(await comm.receive_from())
        if frame["type"] == "change":
            got.append(frame)
    return got


async def _until(comm: WebsocketCommunicator, expense_id: str, seconds: float = 5) -> dict:
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        for frame in await _changes(comm, 0.2):
            if frame["id"] == expense_id and frame["event"] == "expense.created":
                return frame
    raise AssertionError("expense.created never arrived")


@pytest.mark.django_db(transaction=True)
async def test_friend_device_receives_expense_created_and_outsider_does_not(alice, bob, carol, dave):
    await database_sync_to_async(actions.befriend)(alice, other=bob)
    await database_sync_to_async(actions.befriend)(alice, other=dave)
    bob_socket, dave_socket = await _socket(bob), await _socket(dave)
    try:
        expense = await database_sync_to_async(actions.record_expense)(
            alice, group=None, description="Chai", amount=Decimal("40.00"), currency="INR", date="2026-11-21",
            paid_by=[{"user": alice.pk, "amount": Decimal("40.00")}],
            split={"method": "equal", "between": [alice.pk, bob.pk]},
        )
        frame = await _until(bob_socket, str(expense.pk))
        assert frame["entity"] == "expense"
        assert frame["data"]["owed"] == {str(alice.pk): "20.00", str(bob.pk): "20.00"}
        # dave is alice's friend but not in this expense: nothing about it reaches him.
        assert [f for f in await _changes(dave_socket, 1.0) if f["id"] == str(expense.pk)] == []
        rows = await database_sync_to_async(
            lambda: set(Change.objects.filter(object_id=expense.pk).values_list("user_id", flat=True))
        )()
        assert rows == {alice.pk, bob.pk}
    finally:
        await bob_socket.disconnect()
        await dave_socket.disconnect()
        await database_sync_to_async(connections.close_all)()


@pytest.mark.django_db(transaction=True)
async def test_group_member_device_receives_group_expense_and_non_member_does_not(alice, bob, carol, dave):
    for other in (bob, carol, dave):
        await database_sync_to_async(actions.befriend)(alice, other=other)
    group = await database_sync_to_async(actions.create_group)(alice, name="Flat", currency="INR", members=[bob.pk, carol.pk])
    carol_socket, dave_socket = await _socket(carol), await _socket(dave)
    try:
        expense = await database_sync_to_async(actions.record_expense)(
            alice, group=group, description="Rent", amount=Decimal("300.00"), currency="INR", date="2026-11-21",
            paid_by=[{"user": alice.pk, "amount": Decimal("300.00")}],
            split={"method": "equal", "between": [alice.pk, bob.pk]},
        )
        await _until(carol_socket, str(expense.pk))  # a member, even if not in the split
        assert [f for f in await _changes(dave_socket, 1.0) if f["id"] == str(expense.pk)] == []
    finally:
        await carol_socket.disconnect()
        await dave_socket.disconnect()
        await database_sync_to_async(connections.close_all)()
