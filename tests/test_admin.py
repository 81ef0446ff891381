"""The admin site: every model of ours is registered, and its pages load for a superuser."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from social.models import User

pytestmark = pytest.mark.django_db

OUR_APPS = {"social", "realtime", "khata", "finance", "invoicing"}


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("root@example.com", "a-strong-admin-password", name="Root")
    client.force_login(user)
    return client


def test_every_model_of_ours_is_in_the_admin():
    ours = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS and not m._meta.auto_created}
    missing = sorted(f"{m._meta.app_label}.{m.__name__}" for m in ours if m not in admin.site._registry)
    # Profile is edited inline on the user page.
    assert missing == ["social.Profile"], missing


def test_admin_index_and_every_changelist_load(admin_client, alice):
    assert admin_client.get(reverse("admin:index")).status_code == 200
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = admin_client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def test_admin_user_page_loads_and_search_works(admin_client, alice):
    url = reverse("admin:social_user_change", args=[alice.pk])
    assert admin_client.get(url).status_code == 200
    found = admin_client.get(reverse("admin:social_user_changelist"), {"q": "alice"})
    assert b"alice@example.com" in found.content


def test_admin_refuses_non_staff(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_every_change_page_renders_for_demo_data(admin_client):
    """One object of every registered model (from the demo data) opens on its change page;
    a khata entry's page crashed on a read-only inline before (issue 16)."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    opened = set()
    for model, model_admin in admin.site._registry.items():
        obj = model_admin.get_queryset(_request(admin_client)).first()
        if obj is None:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        response = admin_client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        opened.add(f"{opts.app_label}.{opts.model_name}")
    assert {"khata.entry", "khata.bill", "social.expense", "finance.transaction"} <= opened, sorted(opened)


def _request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(email="root@example.com")
    return request
