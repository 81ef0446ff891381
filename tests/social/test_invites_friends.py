"""Invites and friends: accepting makes two people friends on both devices at once."""

from __future__ import annotations

import datetime
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from realtime import feed
from realtime.models import Change
from social import actions, selectors
from social.models import Invite
from tests.helpers import assert_error, assert_hidden_from, client_for

pytestmark = pytest.mark.django_db


def test_invite_then_accept_makes_friends_and_tells_both(alice, bob, alice_client, bob_client):
    bob.__class__.objects.filter(pk=bob.pk).update(email_verified_at=timezone.now())  # an email invite needs it
    response = alice_client.post("/api/invites", {"name": "Bob", "email": "bob@example.com"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"code", "link", "expires_at"} and len(body["code"]) >= 32
    assert body["link"].endswith(body["code"])
    accepted = bob_client.post("/api/invites/accept", {"code": body["code"]}, format="json")
    assert accepted.status_code == 200, accepted.content
    assert selectors.are_friends(alice.pk, bob.pk)
    assert selectors.friend_ids(alice.pk) == [bob.pk]
    for user in (alice, bob):
        assert Change.objects.filter(user=user, event="friend.added", entity="friend").count() == 1
        assert Change.objects.filter(user=user, event="invite.accepted", entity="invite").count() == 1
    friends = alice_client.get("/api/friends").json()
    assert friends["count"] == 1 and friends["results"][0]["user"] == str(bob.pk)


def test_accept_errors(alice, bob, carol, alice_client, bob_client):
    assert_error(bob_client.post("/api/invites/accept", {"code": "nope"}, format="json"), 404)
    code = alice_client.post("/api/invites", {}, format="json").json()["code"]
    assert_error(alice_client.post("/api/invites/accept", {"code": code}, format="json"), 422, "own_invite")
    assert bob_client.post("/api/invites/accept", {"code": code}, format="json").status_code == 200
    assert_error(client_for(carol).post("/api/invites/accept", {"code": code}, format="json"), 409, "invite_used")
    expired = actions.create_invite(alice, ttl=timedelta(seconds=-1))
    assert_error(client_for(carol).post("/api/invites/accept", {"code": expired.code}, format="json"), 410, "invite_expired")
    assert_error(bob_client.post("/api/invites/accept", {}, format="json"), 400)
    assert_error(alice_client.post("/api/invites", {"email": "not-an-email", "x": 1}, format="json"), 400)


def test_other_purposes_publish_invite_accepted_for_subscribers(alice, bob):
    seen = []

    def handler(invite, event):
        seen.append((invite.purpose, invite.payload))

    feed.subscribe("invite.accepted", handler)
    try:
        invite = actions.create_invite(alice, purpose="staff", payload={"business": "b1"})
        actions.accept_invite(bob, code=invite.code)
    finally:
        feed._subscribers["invite.accepted"].remove(handler)
    assert ("staff", {"business": "b1"}) in seen
    assert not selectors.are_friends(alice.pk, bob.pk)


def test_removing_a_friend_is_refused_while_a_balance_is_open(friends, alice, bob, alice_client):
    actions.record_iou(alice, direction="lent", amount=Decimal("50"), currency="INR",
                       date=datetime.date(2026, 11, 1), friend_id=bob.pk)
    assert_error(alice_client.delete(f"/api/friends/{bob.pk}"), 409, "open_balance")
    friend = alice_client.get(f"/api/friends/{bob.pk}").json()
    assert friend["balances"] == [{"currency": "INR", "amount": "50.00"}]
    iou = selectors.ious_visible_to(alice).get()
    actions.settle_iou(alice, iou=iou)  # the lender settles
    assert alice_client.delete(f"/api/friends/{bob.pk}").status_code == 204
    assert not selectors.are_friends(alice.pk, bob.pk)
    assert Change.objects.filter(user=bob, event="friend.removed", op="delete").exists()


def test_friend_routes_are_hidden_from_strangers(friends, bob, dave):
    assert_hidden_from(client_for(dave), f"/api/friends/{bob.pk}", ("get", "delete"))


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_one_code_cannot_both_win(alice, bob, carol):
    invite = actions.create_invite(alice)
    results = []
    barrier = threading.Barrier(2)

    def accept(user):
        try:
            barrier.wait()
            actions.accept_invite(user, code=invite.code)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (bob, carol)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["Conflict", "ok"]
    assert Invite.objects.get(pk=invite.pk).accepted_by_id in (bob.pk, carol.pk)


def test_friends_are_the_presence_audience(friends, alice, bob, dave):
    from realtime import presence

    assert presence.friends_of(dave.pk) == [str(alice.pk)]
    assert str(bob.pk) in presence.friends_of(alice.pk)


def test_the_inviter_cancels_an_unused_invite_and_its_link_stops_working(alice, bob, alice_client, bob_client):
    made = alice_client.post("/api/invites", {"name": "Bob"}, format="json").json()
    invite = Invite.objects.get(code=made["code"])
    assert_error(bob_client.delete(f"/api/invites/{invite.pk}"), 404)  # not bob's to cancel (nor to learn of)
    assert alice_client.delete(f"/api/invites/{invite.pk}").status_code == 204
    invite.refresh_from_db()
    assert invite.deleted_at is not None and invite.version == 2
    change = Change.objects.get(user=alice, event="invite.cancelled")
    assert change.op == "delete" and change.entity == "invite"
    assert_error(bob_client.post("/api/invites/accept", {"code": made["code"]}, format="json"), 404, "invite_not_found")
    assert not selectors.are_friends(alice.pk, bob.pk)
    assert_error(alice_client.delete(f"/api/invites/{invite.pk}"), 404)  # gone


def test_a_used_invite_cannot_be_cancelled(alice, bob, alice_client, bob_client):
    code = alice_client.post("/api/invites", {}, format="json").json()["code"]
    assert bob_client.post("/api/invites/accept", {"code": code}, format="json").status_code == 200
    invite = Invite.objects.get(code=code)
    assert_error(alice_client.delete(f"/api/invites/{invite.pk}"), 409, "invite_used")
    assert_error(bob_client.delete(f"/api/invites/{invite.pk}"), 404)  # the accepter sees it, cannot cancel it
    invite.refresh_from_db()
    assert invite.deleted_at is None and selectors.are_friends(alice.pk, bob.pk)


def test_the_invites_list_is_the_inviters_and_the_accepters_and_nobody_elses(alice, bob, carol, alice_client,
                                                                              bob_client):
    pending = alice_client.post("/api/invites", {"name": "Someone"}, format="json").json()
    used = alice_client.post("/api/invites", {"name": "Bob"}, format="json").json()
    assert bob_client.post("/api/invites/accept", {"code": used["code"]}, format="json").status_code == 200
    mine = alice_client.get("/api/invites").json()
    assert [i["code"] for i in mine["results"]] == [used["code"], pending["code"]]  # newest first
    assert [i["code"] for i in bob_client.get("/api/invites").json()["results"]] == [used["code"]]
    assert client_for(carol).get("/api/invites").json()["count"] == 0
    pending_id = next(i["id"] for i in mine["results"] if i["code"] == pending["code"])
    assert alice_client.get(f"/api/invites/{pending_id}").json()["code"] == pending["code"]
    assert_error(bob_client.get(f"/api/invites/{pending_id}"), 404)
    assert alice_client.delete(f"/api/invites/{pending_id}").status_code == 204
    assert [i["code"] for i in alice_client.get("/api/invites").json()["results"]] == [used["code"]]
    assert_error(alice_client.get("/api/invites?status=pending"), 400)
