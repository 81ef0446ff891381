"""Notifications people expect from what their friends do: stored, counted, never for one's
own actions, and each kind switched off by the person's preferences."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from realtime.models import Change, Notification
from social import actions
from tests.helpers import assert_error, client_for
from tests.social.factories import equal, expense_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(trip):
    """The trip, with the "added you to the group" notifications of its making read away."""
    Notification.objects.all().delete()
    return trip


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("created_at").values_list("kind", flat=True))


def test_an_expense_notifies_everyone_with_a_share_but_the_one_who_added_it(group, alice, bob, carol):
    response = client_for(alice).post("/api/expenses", expense_body({alice: "90.00"}, equal(alice, bob, carol),
                                                                    amount="90.00", group=group), format="json")
    assert response.status_code == 201, response.content
    assert kinds(alice) == []
    assert kinds(bob) == kinds(carol) == ["expense.added"]
    note = Notification.objects.get(user=bob)
    assert note.title == "Alice added “Dinner” in Goa trip" and note.body == "₹90.00"
    assert note.data["expense"] == response.json()["id"]
    assert Change.objects.filter(user=bob, event="notification.created", object_id=note.pk).exists()
    assert client_for(bob).get("/api/notifications/unread-count").json()["unread"] == 1


def test_edits_and_deletes_notify_people_in_the_split_before_and_after(group, alice, bob, carol):
    expense = actions.record_expense(alice, group=group, description="Cab", amount=Decimal("60"), currency="INR",
                                     date=datetime.date(2026, 11, 1), paid_by=[{"user": alice.pk, "amount": Decimal("60")}],
                                     split={"method": "equal", "between": [alice.pk, bob.pk]})
    actions.edit_expense(bob, expense=expense, changes={"split": {"method": "equal", "between": [alice.pk, carol.pk]}})
    assert kinds(alice) == ["expense.edited"]  # bob edited: alice is told, bob is not
    assert kinds(bob) == ["expense.added"]
    assert kinds(carol) == ["expense.edited"]  # newly in the split
    actions.delete_expense(carol, expense=expense)
    assert kinds(alice) == ["expense.edited", "expense.deleted"]
    assert "expense.deleted" not in kinds(carol)


def test_a_switched_off_kind_is_not_stored_and_others_still_are(group, alice, bob, carol):
    response = client_for(bob).patch("/api/me", {"notification_preferences": {"expense.added": False}}, format="json")
    assert response.status_code == 200, response.content
    client_for(bob).patch("/api/me", {"notification_preferences": {"comment.added": True}}, format="json")
    assert response.json()["profile"]["notification_preferences"] == {"expense.added": False}
    expense = actions.record_expense(alice, group=group, description="Tea", amount=Decimal("30"), currency="INR",
                                     date=datetime.date(2026, 11, 1), paid_by=[{"user": alice.pk, "amount": Decimal("30")}],
                                     split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    assert kinds(bob) == [] and kinds(carol) == ["expense.added"]
    actions.add_comment(alice, expense=expense, text="paid by card")
    assert kinds(bob) == ["comment.added"]  # one kind off leaves the others on


def test_unknown_preference_kinds_are_refused(alice):
    assert "notification_preferences" in assert_error(
        client_for(alice).patch("/api/me", {"notification_preferences": {"nonsense": False}}, format="json"), 400
    )["fields"]


def test_payments_ious_invites_and_groups_notify_the_other_person(friends, alice, bob, carol, dave):
    actions.record_settlement(alice, group=None, payer_id=alice.pk, payee_id=bob.pk, amount=Decimal("5"), currency="INR")
    actions.record_iou(alice, direction="lent", amount=Decimal("50"), currency="INR",
                       date=datetime.date(2026, 11, 1), friend_id=carol.pk)
    actions.create_group(alice, name="Flat", currency="INR", members=[dave.pk])
    assert kinds(bob) == ["payment.recorded"]
    assert kinds(carol) == ["iou.added"]
    assert kinds(dave) == ["group.added"]
    assert Notification.objects.get(user=carol).title == "Alice lent you ₹50.00"
    dave.__class__.objects.filter(pk=dave.pk).update(email_verified_at=timezone.now())  # an email invite needs it
    dave.refresh_from_db()
    invite = actions.create_invite(bob, email=dave.email)
    assert kinds(dave) == ["group.added", "invite.received"]
    actions.accept_invite(dave, code=invite.code)
    assert kinds(bob) == ["payment.recorded", "invite.accepted"]
    assert kinds(alice) == []


def test_a_system_notification_respects_preferences_too(alice):
    from realtime.actions import notify

    client_for(alice).patch("/api/me", {"notification_preferences": {"budget.threshold_crossed": False}}, format="json")
    assert notify(alice.pk, kind="budget.threshold_crossed", title="80%") is None
    assert notify(alice.pk, kind="bill.due_soon", title="Rent") is not None


def test_the_profile_page_switches_kinds_with_checkboxes(alice):
    from django.test import Client

    client = Client()
    client.force_login(alice)
    assert checkbox(client.get("/profile/").content.decode(), "expense.added").endswith("checked>")
    form = {"name": "Alice", "phone": "", "display_name": "Alice", "default_currency": "INR",
            "time_zone": "Asia/Kolkata", "upi_id": "", "avatar_url": "", "notify_comment.added": "on"}
    assert client.post("/profile/", form).status_code == 302
    alice.profile.refresh_from_db()
    prefs = alice.profile.notification_preferences
    assert prefs["comment.added"] is True and prefs["expense.added"] is False
    page = client.get("/profile/").content.decode()
    assert "checked" not in checkbox(page, "expense.added") and "checked" in checkbox(page, "comment.added")


def checkbox(page: str, kind: str) -> str:
    import re

    return re.search(rf'<input type="checkbox" name="notify_{re.escape(kind)}"[^>]*>', page).group(0)
