"""The khata team page: members and their roles, invites not used yet (listed with their link,
cancellable), inviting, changing a role, removing and leaving; only the owner changes anything;
a staff invite accepted on the page lands on the business it joined."""

from __future__ import annotations

import re

import pytest

from ledger.khata import actions
from ledger.khata.models import Membership
from social.models import Invite
from tests.helpers import page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(alice):
    return actions.create_business(alice, name="Sharma Kirana", currency="INR")


def test_the_owner_invites_sees_the_invite_waiting_and_the_invitee_lands_in_the_business(alice, bob, shop):
    owner = page_client(alice)
    page = owner.get(f"/khata/{shop.pk}/team/").content.decode()
    assert f'href="/khata/{shop.pk}/team/"' in page and 'id="invite-staff"' in page
    made = owner.post(f"/khata/{shop.pk}/team/", {"role": "manager", "name": "Bob", "email": "", "phone": ""},
                      follow=True).content.decode()
    assert "Invite made: send its link below." in made
    invite = Invite.objects.get(purpose="khata_staff")
    waiting = made.split('id="pending-invites"')[1].split("</section>")[0]
    assert f"/invite/{invite.code}/" in waiting and "Bob" in waiting

    joined = page_client(bob).post(f"/invite/{invite.code}/", {"code": invite.code}, follow=True)
    assert joined.redirect_chain[-1][0] == f"/khata/{shop.pk}/"
    assert "You joined Sharma Kirana." in joined.content.decode() and "friends now" not in joined.content.decode()
    assert Membership.objects.get(business=shop, user=bob, deleted_at=None).role == "manager"
    after = owner.get(f"/khata/{shop.pk}/team/").content.decode()
    assert invite.code not in after and "Bob" in after.split('id="members"')[1].split("</section>")[0]


def test_a_cancelled_invite_is_gone_and_its_link_dead(alice, bob, shop):
    owner = page_client(alice)
    owner.post(f"/khata/{shop.pk}/team/", {"role": "clerk", "name": "", "email": "", "phone": ""})
    invite = Invite.objects.get(purpose="khata_staff")
    done = owner.post(f"/khata/{shop.pk}/team/invites/{invite.pk}/cancel/", follow=True).content.decode()
    assert "Invite cancelled" in done and invite.code not in done
    refused = page_client(bob).post(f"/invite/{invite.code}/", {"code": invite.code}).content.decode()
    assert not Membership.objects.filter(business=shop, user=bob).exists() and "No such invite" in refused


def test_the_owner_changes_a_role_and_removes_a_member_a_member_only_leaves(alice, bob, carol, shop):
    actions.add_member(alice, business=shop, user=bob, role="clerk")
    actions.add_member(alice, business=shop, user=carol, role="clerk")
    bobs = Membership.objects.get(business=shop, user=bob)
    carols = Membership.objects.get(business=shop, user=carol)
    clerk = page_client(carol)
    page = clerk.get(f"/khata/{shop.pk}/team/").content.decode()
    assert "Bob" in page and 'id="invite-staff"' not in page and 'id="pending-invites"' not in page
    assert not re.search(rf'action="/khata/members/{bobs.pk}/"', page)
    assert clerk.post(f"/khata/members/{bobs.pk}/", {"verb": "remove"}).status_code == 403
    assert clerk.post(f"/khata/{shop.pk}/team/", {"role": "manager"}).status_code == 404
    owner = page_client(alice)
    assert owner.post(f"/khata/members/{bobs.pk}/", {"verb": "role", "role": "manager"}).status_code == 302
    bobs.refresh_from_db()
    assert bobs.role == "manager"
    assert owner.post(f"/khata/members/{bobs.pk}/", {"verb": "remove"}).status_code == 302
    bobs.refresh_from_db()
    assert bobs.deleted_at is not None
    left = clerk.post(f"/khata/members/{carols.pk}/", {"verb": "remove"}, follow=True)
    assert left.redirect_chain[-1][0] == "/khata/" and "You left the business." in left.content.decode()


def test_a_stranger_sees_no_team(alice, dave, shop):
    assert page_client(dave).get(f"/khata/{shop.pk}/team/").status_code == 404


def test_the_team_page_reads_in_hindi(alice, shop):
    from social.actions import update_account

    update_account(alice, changes={"locale": "hi_IN"})
    html = page_client(alice).get(f"/khata/{shop.pk}/team/").content.decode()
    assert "<h1>टीम</h1>" in html and "न्योता बनाएँ" in html and "अभी तक इस्तेमाल न हुए न्योते" in html
    assert "Make an invite" not in html and "Invites not used yet" not in html
