"""Every device of the business sees changes; removing a member revokes; invites join."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from ledger.khata import actions
from ledger.khata.models import Membership, Role
from realtime.models import Change

pytestmark = pytest.mark.django_db


def test_an_entry_reaches_every_active_member(shop, customer, alice, bob, carol, dave):
    entry = actions.record_entry(carol, business=shop, party_id=customer.id, kind="gave", amount=Decimal(9))
    users = set(Change.objects.filter(object_id=entry.id).values_list("user_id", flat=True))
    assert users == {alice.id, bob.id, carol.id}
    party_change = Change.objects.filter(object_id=customer.id, user=bob).order_by("-seq").first()
    assert party_change.data["balance"] == "9.00" and party_change.event == "khata.party.balance_changed"


def test_removing_a_member_revokes_and_stops_changes(shop, customer, alice, carol):
    entry = actions.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=Decimal(9))
    membership = Membership.objects.get(business=shop, user=carol, deleted_at=None)
    actions.remove_member(alice, membership=membership)
    revoked = Change.objects.filter(user=carol, event="khata.access.revoked", op="delete")
    assert {str(x) for x in revoked.values_list("object_id", flat=True)} >= {str(shop.id), str(customer.id),
                                                                             str(entry.id)}
    later = actions.record_entry(alice, business=shop, party_id=customer.id, kind="got", amount=Decimal(1))
    assert not Change.objects.filter(user=carol, object_id=later.id).exists()
    from tests.helpers import assert_error, client_for

    assert_error(client_for(carol).get(f"/api/khata/parties/{customer.id}"), 404)


def test_snapshot_visibility_follows_membership(shop, customer, carol, dave):
    from realtime.registry import entity_for

    spec = entity_for(customer)
    assert list(spec.visible(carol)) == [customer]
    assert list(spec.visible(dave)) == []


def test_accepted_staff_invite_adds_the_member_with_its_role(shop, alice, dave):
    from ledger.khata.sync import _on_invite_accepted
    from realtime.feed import action

    invite = SimpleNamespace(purpose="khata_staff", payload={"business_id": str(shop.id), "role": "clerk"},
                             inviter=alice, accepted_by=dave)
    action(_on_invite_accepted)(invite, "invite.accepted")
    assert Membership.objects.get(business=shop, user=dave, deleted_at=None).role == Role.CLERK
    # Invites for other purposes are not ours.
    other = SimpleNamespace(purpose="friend", payload={}, inviter=alice, accepted_by=dave)
    action(_on_invite_accepted)(other, "invite.accepted")


def test_staff_invite_end_to_end_through_social(shop, alice, dave, clients):
    """social's generic invites (create_invite + POST /api/invites/accept) carry the role."""
    r = clients["owner"].post(f"/api/khata/businesses/{shop.id}/invites", {"role": "manager"}, format="json")
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    accepted = clients["outsider"].post("/api/invites/accept", {"code": code}, format="json")
    assert accepted.status_code in (200, 201), accepted.content
    assert Membership.objects.get(business=shop, user=dave, deleted_at=None).role == Role.MANAGER
    assert clients["outsider"].get(f"/api/khata/businesses/{shop.id}").status_code == 200
    # Every member's devices heard of the new member.
    member = Membership.objects.get(business=shop, user=dave, deleted_at=None)
    assert Change.objects.filter(object_id=member.id, event="khata.member.added").count() == 4


def test_offline_device_replays_entries_and_punches_through_sync_push_once(shop, customer, clients):
    import uuid

    from ledger.khata.models import Entry, Party, Punch

    staff = actions.create_staff(shop.owner, business=shop, name="Raju")
    entry_id, punch_id = uuid.uuid4(), uuid.uuid4()
    batch = {
        "client_id": str(uuid.uuid4()),
        "mutations": [
            {"id": 1, "method": "POST", "path": f"/api/khata/businesses/{shop.id}/entries",
             "body": {"id": str(entry_id), "party": str(customer.id), "kind": "gave", "amount": "250.00",
                      "date": "2026-11-01"}},
            {"id": 2, "method": "POST", "path": f"/api/khata/staff/{staff.id}/punches",
             "body": {"id": str(punch_id), "kind": "in", "at": "2026-11-01T09:00:00Z", "device": "phone"}},
        ],
    }
    first = clients["clerk"].post("/api/sync/push", batch, format="json")
    assert first.status_code == 200, first.content
    assert [r["status"] for r in first.json()["results"]] == [201, 201]
    again = clients["clerk"].post("/api/sync/push", batch, format="json")
    assert again.status_code == 200
    assert Entry.objects.filter(pk=entry_id).count() == 1 and Punch.objects.filter(pk=punch_id).count() == 1
    assert Party.objects.get(pk=customer.id).balance == Decimal("250.00")


def test_snapshot_carries_the_business_for_every_member(shop, customer, clients):
    snap = clients["clerk"].get("/api/sync/snapshot").json()
    assert [p["id"] for p in snap["entities"]["khata.party"]] == [str(customer.id)]
    assert [b["id"] for b in snap["entities"]["khata.business"]] == [str(shop.id)]
    outsider = clients["outsider"].get("/api/sync/snapshot").json()
    assert outsider["entities"]["khata.party"] == []


def test_a_new_member_and_the_fellow_staff_get_each_others_name_and_avatar(shop, alice, bob, carol, dave, clients):
    """Fellow staff show a newcomer's name and avatar at once (the `person` card), and the
    newcomer theirs: not only after someone's next profile change or a resync."""
    from social import actions as social

    social.update_account(dave, changes={"display_name": "Dev", "avatar_url": "https://img.example/d.png"})
    social.update_account(carol, changes={"avatar_url": "https://img.example/c.png"})
    code = clients["owner"].post(f"/api/khata/businesses/{shop.id}/invites", {"role": "clerk"},
                                 format="json").json()["code"]
    joined = clients["outsider"].post("/api/invites/accept", {"code": code}, format="json")
    assert joined.status_code in (200, 201), joined.content

    def cards(user, about) -> list[dict]:
        return [c.data for c in Change.objects.filter(user=user, entity="person", object_id=about.pk).order_by("seq")]

    for member in (alice, bob, carol):
        card = cards(member, dave)[-1]
        assert (card["name"], card["display_name"], card["avatar_url"]) == ("Dave", "Dev", "https://img.example/d.png")
    assert cards(dave, carol)[-1]["avatar_url"] == "https://img.example/c.png"
    assert {c["name"] for c in (cards(dave, bob) + cards(dave, alice))} == {"Bob", "Alice"}
