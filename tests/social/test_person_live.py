"""A person's name and avatar reach the devices of their friends and fellow members (the
`person` entity), from the API, the profile page and the admin alike."""

from __future__ import annotations

import pytest

from realtime.models import Change
from tests.conftest import make_user
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def person_changes(user, about) -> list[dict]:
    return [c.data for c in Change.objects.filter(user=user, entity="person", object_id=about.pk,
                                                  event="person.updated").order_by("seq")]


def test_a_rename_reaches_friends_and_fellow_group_members_only(trip, alice, bob, carol):
    stranger = make_user("erin")
    response = client_for(bob).patch("/api/me", {"name": "Bobby", "avatar_url": "https://img.example/b.png"},
                                     format="json")
    assert response.status_code == 200, response.content
    for user in (alice, carol, bob):  # alice: friend; carol: in the trip; bob: his own devices
        [data] = person_changes(user, bob)
        assert (data["name"], data["avatar_url"], data["id"]) == ("Bobby", "https://img.example/b.png", str(bob.pk))
    assert person_changes(stranger, bob) == []
    # A preference change is private: no one else hears of it.
    client_for(bob).patch("/api/me", {"time_zone": "Europe/London"}, format="json")
    assert len(person_changes(alice, bob)) == 1


def test_an_avatar_must_be_https(alice):
    response = client_for(alice).patch("/api/me", {"avatar_url": "http://img.example/a.png"}, format="json")
    assert response.status_code == 400 and "avatar_url" in response.json()["error"]["fields"]


def cards_heard(user) -> set[str]:
    return {str(i) for i in Change.objects.filter(user=user, entity="person").values_list("object_id", flat=True)}


def test_people_added_to_a_group_get_each_others_cards(friends, alice, bob, carol, dave):
    """dave knows only alice: once in the group, bob and carol show his name and avatar, he theirs."""
    from social import actions as social

    social.update_account(dave, changes={"avatar_url": "https://img.example/d.png"})
    trip = social.create_group(alice, name="Goa trip", currency="INR", members=[bob.pk, carol.pk])
    assert str(dave.pk) not in cards_heard(bob)
    social.add_member(alice, group=trip, user_id=dave.pk)
    for member in (bob, carol):
        [card] = [c.data for c in Change.objects.filter(user=member, entity="person", object_id=dave.pk)]
        assert card["avatar_url"] == "https://img.example/d.png"
    assert cards_heard(dave) >= {str(alice.pk), str(bob.pk), str(carol.pk)}
    introduced_to_dave = Change.objects.filter(user=dave, event="person.introduced").values_list("object_id", flat=True)
    assert dave.pk not in set(introduced_to_dave)  # nobody is introduced to themself


def test_new_friends_get_each_others_cards(alice):
    from social import actions as social

    erin = make_user("erin")
    assert str(erin.pk) not in cards_heard(alice)
    social.befriend(alice, other=erin)
    assert str(erin.pk) in cards_heard(alice) and str(alice.pk) in cards_heard(erin)
