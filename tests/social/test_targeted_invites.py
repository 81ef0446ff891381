"""An invite that names who it is for (email or phone) can be accepted only by that person, and
its page says so (issue 16)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from social import actions, selectors
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def _confirm(user) -> None:
    type(user).objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
    user.refresh_from_db()


def test_an_email_invite_is_only_for_the_confirmed_owner_of_that_email(alice, bob, carol, alice_client,
                                                                       bob_client):
    from tests.helpers import client_for

    code = alice_client.post("/api/invites", {"name": "Bob", "email": "BOB@example.com"}, format="json").json()["code"]
    error = assert_error(client_for(carol).post("/api/invites/accept", {"code": code}, format="json"),
                         403, "invite_not_for_you")
    assert "b•••@example.com" in error["message"] and "bob@example.com" not in error["message"]
    assert_error(bob_client.post("/api/invites/accept", {"code": code}, format="json"), 403, "email_unconfirmed")
    assert not selectors.are_friends(alice.pk, carol.pk) and not selectors.are_friends(alice.pk, bob.pk)
    _confirm(bob)
    assert bob_client.post("/api/invites/accept", {"code": code}, format="json").status_code == 200
    assert selectors.are_friends(alice.pk, bob.pk)


def test_a_phone_invite_is_only_for_the_account_with_that_phone(alice, bob, carol, alice_client):
    from tests.helpers import client_for

    code = alice_client.post("/api/invites", {"phone": bob.phone}, format="json").json()["code"]
    assert_error(client_for(carol).post("/api/invites/accept", {"code": code}, format="json"), 403,
                 "invite_not_for_you")
    assert client_for(bob).post("/api/invites/accept", {"code": code}, format="json").status_code == 200


def test_an_open_invite_still_works_for_anyone(alice, carol, alice_client):
    from tests.helpers import client_for

    code = alice_client.post("/api/invites", {"name": "Someone"}, format="json").json()["code"]
    assert client_for(carol).post("/api/invites/accept", {"code": code}, format="json").status_code == 200


def test_the_invite_page_says_who_it_is_for(alice, bob, carol):
    invite = actions.create_invite(alice, email=bob.email)
    page = Client()
    page.force_login(carol)
    html = page.get(f"/invite/{invite.code}/").content.decode()
    assert "This invite is for <strong>b•••@example.com</strong>" in html and "this account is not theirs" in html
    refused = page.post(f"/invite/{invite.code}/", {"code": invite.code})
    assert refused.status_code == 200 and "only that person can accept it" in refused.content.decode()
    assert not selectors.are_friends(alice.pk, carol.pk)
    _confirm(bob)
    page.force_login(bob)
    html = page.get(f"/invite/{invite.code}/").content.decode()
    assert "b•••@example.com" in html and "not theirs" not in html
    assert page.post(f"/invite/{invite.code}/", {"code": invite.code}).status_code == 302
    assert selectors.are_friends(alice.pk, bob.pk)
