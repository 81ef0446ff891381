"""Admin writes go through actions, so they reach devices like any other edit: every admin
that can add, change or delete is listed here with a test that its edit produces a change-feed
entry for the people concerned."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from ledger.finance import actions as finance
from ledger.finance.models import ExchangeRate
from realtime.models import Change
from social import actions as social
from social.models import User

pytestmark = pytest.mark.django_db

# model -> the test below that proves its admin edits reach the change feed
EDITABLE = {"social.User": "test_a_name_edited_in_the_admin_reaches_friends",
            "finance.ExchangeRate": "test_a_shared_rate_added_or_deleted_in_the_admin_reaches_holders"}


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root@example.com", "a-strong-admin-password", name="Root")


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


def test_every_admin_that_can_write_is_covered(root):
    request = RequestFactory().get("/admin/")
    request.user = root
    writable = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"social", "realtime", "khata", "finance", "invoicing"}:
            continue
        if (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
                or model_admin.has_delete_permission(request)):
            writable.add(f"{model._meta.app_label}.{model.__name__}")
    assert writable == set(EDITABLE), writable
    assert all(name in globals() for name in EDITABLE.values())


def _user_form(user: User, **changes) -> dict:
    profile = user.profile
    data = {
        "email": user.email, "name": user.name, "phone": user.phone or "", "is_active": "on",
        "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1", "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1", "profile-0-user": str(user.pk),
        "profile-0-display_name": profile.display_name, "profile-0-default_currency": profile.default_currency,
        "profile-0-time_zone": profile.time_zone, "profile-0-locale": profile.locale,
        "profile-0-upi_id": profile.upi_id, "profile-0-avatar_url": profile.avatar_url,
        "profile-0-notification_preferences": "{}",
    }
    data.update(changes)
    return data


def test_a_name_edited_in_the_admin_reaches_friends(admin_client, alice, bob):
    social.befriend(alice, other=bob)
    url = reverse("admin:social_user_change", args=[alice.pk])
    response = admin_client.post(url, _user_form(alice, name="Asha"))
    assert response.status_code == 302, response.content.decode()[:3000]
    [change] = Change.objects.filter(user=bob, entity="person", object_id=alice.pk, event="person.updated")
    assert change.data["name"] == "Asha"
    # The profile inline goes through the same action: a display name edit reaches bob too.
    response = admin_client.post(url, _user_form(User.objects.get(pk=alice.pk), **{"profile-0-display_name": "Asha R"}))
    assert response.status_code == 302
    latest = Change.objects.filter(user=bob, entity="person", object_id=alice.pk).order_by("-seq").first()
    assert latest.data["display_name"] == "Asha R"


def test_a_shared_rate_added_or_deleted_in_the_admin_reaches_holders(admin_client, alice, bob):
    finance.ensure_finance(alice)
    finance.create_account(alice, name="US", kind="bank", currency="USD")
    response = admin_client.post(reverse("admin:finance_exchangerate_add"),
                                 {"base": "USD", "quote": "INR", "rate": "83.25", "effective_date": "2026-11-01"})
    assert response.status_code == 302, response.content.decode()[:2000]
    [change] = Change.objects.filter(user=alice, entity="exchange_rate")
    assert (change.event, change.op, change.data["rate"], change.data["shared"]) == (
        "exchange_rate.set", "upsert", "83.25", True)
    assert not Change.objects.filter(user=bob, entity="exchange_rate").exists()  # no USD figures
    rate = ExchangeRate.objects.get(base="USD", quote="INR")
    response = admin_client.post(reverse("admin:finance_exchangerate_delete", args=[rate.pk]), {"post": "yes"})
    assert response.status_code == 302
    deleted = Change.objects.filter(user=alice, entity="exchange_rate").order_by("-seq").first()
    assert (deleted.event, deleted.op, deleted.object_id) == ("exchange_rate.deleted", "delete", change.object_id)
    assert not ExchangeRate.objects.filter(pk=rate.pk).exists()


def test_a_users_own_rate_reaches_only_their_devices(alice, bob):
    finance.set_rate(alice, base="EUR", quote="INR", rate=Decimal("90"), effective_date=date(2026, 11, 1))
    assert Change.objects.filter(user=alice, entity="exchange_rate").count() == 1
    assert not Change.objects.filter(user=bob, entity="exchange_rate").exists()
