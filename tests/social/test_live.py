"""Live delivery: a friend's device receives expense.created over the real /ws/ consumer
(Redis channel layer, after commit); a device of someone not in the expense receives nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from rest_framework_simplejwt.tokens import AccessToken

from config.asgi import application
from realtime.models import Change
from social import actions


async def _socket(user) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, f"/ws/?token={AccessToken.for_user(user)}")
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _next_change(communicator: WebsocketCommunicator, event: str) -> dict:
    while True:
        frame = await communicator.receive_json_from(timeout=5)
        if frame.get("type") == "change" and frame.get("event") == event:
            return frame


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
        frame = await _next_change(bob_socket, "expense.created")
        assert frame["entity"] == "expense" and frame["id"] == str(expense.pk)
        assert frame["data"]["owed"] == {str(alice.pk): "20.00", str(bob.pk): "20.00"}
        # dave is alice's friend but not in this expense: nothing about it reaches him.
        while not await dave_socket.receive_nothing(timeout=0.5):
            other = await dave_socket.receive_json_from()
            assert other.get("id") != str(expense.pk)
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
        frame = await _next_change(carol_socket, "expense.created")  # a member, even if not in the split
        assert frame["id"] == str(expense.pk)
        while not await dave_socket.receive_nothing(timeout=0.5):
            assert (await dave_socket.receive_json_from()).get("id") != str(expense.pk)
    finally:
        await carol_socket.disconnect()
        await dave_socket.disconnect()
        await database_sync_to_async(connections.close_all)()
