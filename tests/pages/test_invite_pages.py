"""Invites on the pages: pending ones listed and cancellable (through cancel_invite)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from social import selectors
from social.actions import accept_invite, create_invite, update_account
from social.models import Invite

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pending(html: str) -> str:
    return html.split('id="pending-invites"')[1].split("</section>")[0]


def test_pending_invites_are_listed_and_cancelled_from_the_friends_page(alice, bob, carol):
    for_dev = create_invite(alice, name="Dev")
    by_mail = create_invite(alice, email="zed@example.com")
    used = create_invite(alice, name="Bob")
    accept_invite(bob, code=used.code)
    create_invite(alice, name="Old", ttl=timedelta(seconds=-1))
    create_invite(carol, name="Carol's friend")
    client = login(alice)
    pending = _pending(client.get("/friends/").content.decode())
    assert f'data-invite="{for_dev.pk}"' in pending and "Dev" in pending
    assert f'data-invite="{by_mail.pk}"' in pending and "z•••@example.com" in pending
    assert f'data-invite="{used.pk}"' not in pending and "Old" not in pending and "Carol" not in pending
    response = client.post(f"/invites/{for_dev.pk}/cancel/")
    assert response.status_code == 302 and response["Location"] == "/friends/#pending-invites"
    for_dev.refresh_from_db()
    assert for_dev.deleted_at is not None
    after = client.get("/friends/").content.decode()
    assert "its link no longer works" in after and f'data-invite="{for_dev.pk}"' not in _pending(after)
    # Its link now says there is no such invite.
    refused = login(carol).post(f"/invite/{for_dev.code}/", {"code": for_dev.code})
    assert refused.status_code == 200 and "No such invite" in refused.content.decode()
    assert not selectors.are_friends(alice.pk, carol.pk)


def test_someone_elses_invite_cannot_be_cancelled_and_a_used_one_says_so(alice, bob, carol):
    mine = create_invite(alice)
    assert login(carol).post(f"/invites/{mine.pk}/cancel/").status_code == 404
    assert login(carol).get(f"/invites/{mine.pk}/cancel/").status_code == 405
    accept_invite(bob, code=mine.code)
    said = login(alice).post(f"/invites/{mine.pk}/cancel/", follow=True).content.decode()
    assert "already been accepted" in said
    assert Invite.objects.get(pk=mine.pk).deleted_at is None


def test_no_pending_invites_in_hindi(alice):
    update_account(alice, changes={"locale": "hi_IN"})
    pending = _pending(login(alice).get("/friends/").content.decode())
    assert "No invites waiting." not in pending and "Invites waiting" not in pending


def test_a_signed_out_invitee_signs_up_on_a_page_naming_the_invite_then_accepts(alice):
    invite = create_invite(alice, name="Dev")
    anon = Client()
    landing = anon.get(f"/invite/{invite.code}/", follow=True)
    assert landing.redirect_chain[-1][0] == f"/signup/?next=%2Finvite%2F{invite.code}%2F"
    html = landing.content.decode()
    assert 'id="invite-banner"' in html and "<strong>Alice</strong> invited you to Hisaab" in html
    assert f'name="next" value="/invite/{invite.code}/"' in html
    # The log-in link keeps the invite, and the log-in page names it too.
    login_page = anon.get(f"/login/?next=/invite/{invite.code}/").content.decode()
    assert "<strong>Alice</strong> invited you to Hisaab. Log in" in login_page
    made = anon.post("/signup/", {"name": "Dev", "email": "dev@example.com", "password": "a-long-password-1",
                                  "next": f"/invite/{invite.code}/"})
    assert made.status_code == 302 and made["Location"] == f"/invite/{invite.code}/"
    accept = anon.get(made["Location"]).content.decode()
    assert 'id="invite-from"' in accept and "<strong>Alice</strong> invited you." in accept
    assert anon.post(f"/invite/{invite.code}/", {"code": invite.code}).status_code == 302
    dev = alice.__class__.objects.get(email="dev@example.com")
    assert selectors.are_friends(alice.pk, dev.pk)


def test_the_sign_up_page_names_only_a_live_invite(alice, bob):
    used = create_invite(alice)
    accept_invite(bob, code=used.code)
    expired = create_invite(alice, ttl=timedelta(seconds=-1))
    anon = Client()
    for code in (used.code, expired.code, "no-such-code"):
        assert 'id="invite-banner"' not in anon.get(f"/signup/?next=/invite/{code}/").content.decode()
    assert 'id="invite-banner"' not in anon.get("/signup/?next=/friends/").content.decode()
    update_account(alice, changes={"name": "<b>Mallory</b>"})
    live = create_invite(alice)
    html = anon.get(f"/signup/?next=/invite/{live.code}/").content.decode()
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html and "<b>Mallory</b>" not in html


def test_the_invite_banner_in_hindi(alice):
    invite = create_invite(alice)
    anon = Client(headers={"accept-language": "hi"})
    html = anon.get(f"/signup/?next=/invite/{invite.code}/").content.decode()
    assert '<html lang="hi">' in html and "invited you" not in html and "<strong>Alice</strong>" in html


def test_an_actions_refusal_reads_in_the_pages_language(alice, bob, carol):
    used = create_invite(alice)
    accept_invite(bob, code=used.code)
    english = login(carol).post(f"/invite/{used.code}/", {"code": used.code}).content.decode()
    assert "This invite has already been used." in english
    update_account(carol, changes={"locale": "hi_IN"})
    hindi = login(carol).post(f"/invite/{used.code}/", {"code": used.code}).content.decode()
    assert "यह न्योता पहले ही इस्तेमाल हो चुका है।" in hindi and "already been used" not in hindi
    # A code with no page sentence keeps the action's own message (its details), in English.
    from config import refusals
    from config.api.errors import Invalid

    assert refusals.in_page_language(Invalid("Payers add up to 1500, not 1800.", code="invalid_expense")) is None
