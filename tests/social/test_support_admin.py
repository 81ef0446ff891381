"""Support in the admin: each action calls the domain action (audited with the staff member
as actor, reaching devices): deactivate (sign-ins and sockets end), a password-reset link,
restore an expense, download a person's data, delete an account on request."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from decimal import Decimal

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.db import connections
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from social import actions
from social.actions.support import deactivate_user
from social.models import Activity, User
from tests.helpers import client_for


@pytest.fixture
def support(db):
    return User.objects.create_superuser(email="support@example.com", password="x-support-9", name="Support")


@pytest.fixture
def admin_client(support) -> Client:
    client = Client()
    client.force_login(support)
    return client


def _act(admin_client, model: str, action: str, *objects):
    return admin_client.post(f"/admin/social/{model}/", {"action": action,
                                                          "_selected_action": [str(o.pk) for o in objects]})


@pytest.mark.django_db
def test_deactivate_ends_every_sign_in_and_is_audited(admin_client, support, alice, bob):
    bob_client = client_for(bob)
    assert bob_client.get("/api/me").status_code == 200
    response = _act(admin_client, "user", "deactivate", bob)
    assert response.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active
    assert client_for(bob).get("/api/me").status_code == 401
    assert User.objects.get(pk=alice.pk).is_active
    entry = Activity.objects.get(verb="user.deactivated")
    assert entry.actor_id == support.pk and entry.object_id == bob.pk and "bob@example.com" in entry.summary


@pytest.mark.django_db(transaction=True)
async def test_deactivate_closes_the_persons_open_sockets(bob, carol):
    staff = await database_sync_to_async(User.objects.create_superuser)(
        email="support@example.com", password="x-support-9", name="Support")
    sockets = {}
    for who in (bob, carol):
        comm = WebsocketCommunicator(__import__("config.asgi", fromlist=["application"]).application,
                                     f"/ws/?token={AccessToken.for_user(who)}")
        connected, _ = await comm.connect(timeout=5)
        assert connected
        assert json.loads(await comm.receive_from(timeout=3))["type"] == "hello"
        sockets[who.email] = comm
    try:
        await database_sync_to_async(deactivate_user)(staff, user=bob)
        closed = await asyncio.wait_for(sockets["bob@example.com"].receive_output(timeout=5), 6)
        while closed["type"] != "websocket.close":
            closed = await sockets["bob@example.com"].receive_output(timeout=5)
        assert closed["code"] == 4401
        assert await sockets["carol@example.com"].receive_nothing(timeout=0.5)  # carol's stays open
    finally:
        for comm in sockets.values():
            await comm.disconnect()
        await database_sync_to_async(connections.close_all)()


@pytest.mark.django_db
def test_send_a_password_reset_link(admin_client, support, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the mail is queued once the action commits
        _act(admin_client, "user", "send_password_reset", alice)
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "/password-reset/" in mail.outbox[0].body
    assert Activity.objects.filter(verb="user.password_reset_sent", actor=support, object_id=alice.pk).exists()


@pytest.mark.django_db
def test_restore_an_expense_on_a_members_request(admin_client, support, alice, bob):
    actions.befriend(alice, other=bob)
    expense = actions.record_expense(
        alice, group=None, description="Cab", amount=Decimal("300.00"), currency="INR", date="2026-11-21",
        paid_by=[{"user": alice.pk, "amount": Decimal("300.00")}],
        split={"method": "equal", "between": [alice.pk, bob.pk]})
    actions.delete_expense(bob, expense=expense)
    _act(admin_client, "expense", "restore", expense)
    expense.refresh_from_db()
    assert expense.deleted_at is None
    assert client_for(bob).get(f"/api/expenses/{expense.pk}").json()["deleted_at"] is None
    assert Activity.objects.filter(verb="expense.restored", actor=support, object_id=expense.pk).exists()


@pytest.mark.django_db
def test_correct_an_expenses_amounts_on_a_members_request(admin_client, support, alice, bob, carol):
    from realtime.models import Change
    from social.models import Share

    actions.befriend(alice, other=bob)
    expense = actions.record_expense(
        alice, group=None, description="Cab", amount=Decimal("300.00"), currency="INR", date="2026-11-21",
        paid_by=[{"user": alice.pk, "amount": Decimal("300.00")}],
        split={"method": "equal", "between": [alice.pk, bob.pk]})
    page = _act(admin_client, "expense", "correct", expense)  # the correction page, nothing changed yet
    assert page.status_code == 200 and b"requested_by" in page.content and b"300.00" in page.content
    url = "/admin/social/expense/"
    base = {"action": "correct", "_selected_action": [str(expense.pk)], "apply": "1"}
    body = {"amount": "350.00", "paid_by": [{"user": str(alice.pk), "amount": "350.00"}]}
    # someone outside the expense cannot be the one asking; a body that does not add up is refused
    stranger = admin_client.post(url, {**base, "requested_by": str(carol.pk), "changes": json.dumps(body), "note": "x"})
    assert stranger.status_code == 200 and b"requested_by" in stranger.content
    wrong = admin_client.post(url, {**base, "requested_by": str(bob.pk), "note": "x",
                                    "changes": json.dumps({"amount": "350.00"})})
    assert wrong.status_code == 200 and "Payers add up to ₹300.00, not ₹350.00." in wrong.content.decode()
    expense.refresh_from_db()
    assert expense.amount == Decimal("300.00") and expense.version == 1
    done = admin_client.post(url, {**base, "requested_by": str(bob.pk), "changes": json.dumps(body),
                                   "note": "the receipt says 350"})
    assert done.status_code == 302
    expense.refresh_from_db()
    assert expense.amount == Decimal("350.00") and expense.version == 2
    owed = dict(Share.objects.filter(expense=expense).values_list("user_id", "owed"))
    assert owed == {alice.pk: Decimal("175.00"), bob.pk: Decimal("175.00")}
    audit = Activity.objects.get(verb="expense.corrected")
    assert audit.actor_id == support.pk and "the receipt says 350" in audit.summary and "Bob" in audit.summary
    assert Activity.objects.filter(verb="expense.updated", actor=bob, object_id=expense.pk).exists()
    for user in (alice, bob):
        assert Change.objects.filter(user=user, event="expense.updated", object_id=expense.pk).exists()
    assert client_for(bob).get("/api/balances").status_code == 200


@pytest.mark.django_db
def test_download_a_persons_data_and_delete_the_account_on_request(admin_client, alice, bob):
    response = _act(admin_client, "user", "export_data", alice)
    assert response["Content-Type"] == "application/zip"
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.getvalue())).read("hisaab/data.json"))
    assert data["account"]["email"] == "alice@example.com"
    # an open balance: refused with the reason, nothing changes
    actions.befriend(alice, other=bob)
    actions.record_expense(
        alice, group=None, description="Cab", amount=Decimal("300.00"), currency="INR", date="2026-11-21",
        paid_by=[{"user": alice.pk, "amount": Decimal("300.00")}],
        split={"method": "equal", "between": [alice.pk, bob.pk]})
    page = admin_client.post("/admin/social/user/", {"action": "delete_account", "_selected_action": [str(alice.pk)]},
                             follow=True).content.decode()
    assert "settle up first" in page
    assert User.objects.get(pk=alice.pk).is_active
    _act(admin_client, "user", "delete_account", bob.__class__.objects.create_user(
        "carl@example.com", "pw-carl-12345", name="Carl"))
    carl = User.objects.get(name="Former member")
    assert not carl.is_active and "carl" not in carl.email
