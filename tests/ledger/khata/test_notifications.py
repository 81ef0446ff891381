"""Being added to a business notifies the person (not the owner who added them), and a
member's new name reaches the devices of fellow members."""

from __future__ import annotations

import pytest

from realtime.models import Change, Notification
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_added_members_are_notified_and_the_owner_is_not(shop, alice, bob, carol):
    note = Notification.objects.get(user=bob, kind="khata.business.added")
    assert note.title == "Alice added you to Sharma Kirana as manager"
    assert note.data == {"business": str(shop.pk), "role": "manager"}
    assert Notification.objects.filter(user=carol, kind="khata.business.added").count() == 1
    assert not Notification.objects.filter(user=alice, kind="khata.business.added").exists()


def test_a_members_rename_reaches_fellow_members(shop, alice, bob, carol, dave):
    assert client_for(carol).patch("/api/me", {"name": "Kavita"}, format="json").status_code == 200
    for user in (alice, bob):
        # the card they got when carol joined the shop (person.introduced), then the rename
        changes = list(Change.objects.filter(user=user, entity="person", object_id=carol.pk).order_by("seq"))
        assert [c.event for c in changes][-1] == "person.updated" and changes[-1].data["name"] == "Kavita"
    assert not Change.objects.filter(user=dave, entity="person", object_id=carol.pk).exists()
