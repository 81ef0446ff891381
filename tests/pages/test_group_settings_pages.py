"""A group's settings page: rename, add and remove members, leave (through the group actions,
with the API's rules)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from realtime.models import Change
from social import selectors
from social.actions import befriend, create_group, record_expense, record_settlement, update_account
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def trip(alice, bob, carol, dave):
    for other in (bob, carol, dave):
        befriend(alice, other=other)
    return create_group(alice, name="Goa trip", currency="INR", members=[bob.pk, carol.pk])


def _dinner(trip, alice, bob):
    return record_expense(alice, group=trip, description="Dinner", amount=Decimal("100.00"), currency="INR",
                          date=datetime.date(2026, 11, 20), paid_by=[{"user": alice.pk, "amount": Decimal("100.00")}],
                          split={"method": "equal", "between": [alice.pk, bob.pk]})


def test_the_group_page_links_to_its_settings(alice, trip):
    html = login(alice).get(f"/groups/{trip.pk}/").content.decode()
    assert f'href="/groups/{trip.pk}/settings/"' in html


def test_rename_the_group_through_the_action(alice, bob, trip):
    client = login(alice)
    page = client.get(f"/groups/{trip.pk}/settings/").content.decode()
    assert 'value="Goa trip"' in page and f'name="version" value="{trip.version}"' in page
    before = Change.objects.filter(user=bob).count()
    response = client.post(f"/groups/{trip.pk}/settings/", {"name": "Goa 2026", "currency": "INR",
                                                            "simplify_debts": "on", "version": trip.version})
    assert response.status_code == 302 and response["Location"] == f"/groups/{trip.pk}/"
    trip.refresh_from_db()
    assert trip.name == "Goa 2026"
    assert Change.objects.filter(user=bob, event="group.updated").count() == 1  # bob's devices hear of it
    assert Change.objects.filter(user=bob).count() > before
    # A stale version is refused on the form and changes nothing.
    stale = client.post(f"/groups/{trip.pk}/settings/", {"name": "Old", "currency": "INR", "version": 1})
    assert stale.status_code == 200 and 'role="alert"' in stale.content.decode()
    trip.refresh_from_db()
    assert trip.name == "Goa 2026"
    bad = client.post(f"/groups/{trip.pk}/settings/", {"name": "", "currency": "XX", "version": trip.version})
    assert 'id="id_name_error"' in bad.content.decode() and 'id="id_currency_error"' in bad.content.decode()


def test_add_a_friend_as_member_and_only_friends_are_offered(alice, bob, carol, dave, trip):
    eve = make_user("eve")
    client = login(alice)
    page = client.get(f"/groups/{trip.pk}/settings/").content.decode()
    offered = page.split('name="user"')[1].split("</select>")[0]
    assert f'value="{dave.pk}"' in offered and f'value="{bob.pk}"' not in offered
    assert f'value="{eve.pk}"' not in offered
    assert client.post(f"/groups/{trip.pk}/members/", {"user": str(dave.pk)}).status_code == 302
    assert dave.pk in trip.member_ids()
    # Someone not offered (not a friend) is a field error and nobody is added.
    refused = client.post(f"/groups/{trip.pk}/members/", {"user": str(eve.pk)})
    assert refused.status_code == 200 and 'id="id_user_error"' in refused.content.decode()
    assert eve.pk not in trip.member_ids()


def test_remove_a_member_refused_while_they_owe_then_done(alice, bob, carol, trip):
    _dinner(trip, alice, bob)
    client = login(alice)
    page = client.get(f"/groups/{trip.pk}/settings/").content.decode()
    bob_row = page.split(f'data-member="{bob.pk}"')[1].split("</li>")[0]
    assert "settle up before removing" in bob_row
    refused = client.post(f"/groups/{trip.pk}/members/{bob.pk}/remove/", follow=True).content.decode()
    assert "open balance in the group: settle up first" in refused and bob.pk in trip.member_ids()
    carol_row = page.split(f'data-member="{carol.pk}"')[1].split("</li>")[0]
    assert f"/groups/{trip.pk}/members/{carol.pk}/remove/" in carol_row
    done = client.post(f"/groups/{trip.pk}/members/{carol.pk}/remove/", follow=True).content.decode()
    assert "Carol is no longer in the group." in done and carol.pk not in trip.member_ids()
    assert client.post(f"/groups/{trip.pk}/members/{carol.pk}/remove/").status_code == 404  # not a member now


def test_leave_after_settling_and_the_group_is_gone_for_me(alice, bob, trip):
    _dinner(trip, alice, bob)
    client = login(bob)
    page = client.get(f"/groups/{trip.pk}/settings/").content.decode()
    assert "settle up before you leave" in page and f"/groups/{trip.pk}/leave/" not in page
    refused = client.post(f"/groups/{trip.pk}/leave/", follow=True).content.decode()
    assert "open balance in the group: settle up first" in refused and bob.pk in trip.member_ids()
    record_settlement(bob, group=trip, payer_id=bob.pk, payee_id=alice.pk, amount=Decimal("50.00"), currency="INR")
    assert f"/groups/{trip.pk}/leave/" in client.get(f"/groups/{trip.pk}/settings/").content.decode()
    response = client.post(f"/groups/{trip.pk}/leave/")
    assert response.status_code == 302 and response["Location"] == "/groups/"
    assert bob.pk not in trip.member_ids()
    assert not selectors.groups_visible_to(bob).filter(pk=trip.pk).exists()
    assert client.get(f"/groups/{trip.pk}/settings/").status_code == 404


def test_someone_elses_group_settings_are_not_found(dave, trip):
    client = login(dave)
    assert client.get(f"/groups/{trip.pk}/settings/").status_code == 404
    assert client.post(f"/groups/{trip.pk}/leave/").status_code == 404
    assert client.post(f"/groups/{trip.pk}/members/", {"user": str(dave.pk)}).status_code == 404


def test_the_settings_page_in_hindi(alice, trip):
    update_account(alice, changes={"locale": "hi_IN"})
    html = login(alice).get(f"/groups/{trip.pk}/settings/").content.decode()
    assert '<html lang="hi">' in html and "सदस्य" in html
    assert "Leave the group" not in html and "Add member" not in html
