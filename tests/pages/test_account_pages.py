"""Sign up, log in, log out and profile pages through the Django test client."""

from __future__ import annotations

import pytest
from django.test import Client

from social.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_signup_creates_account_and_logs_in():
    client = Client()
    response = client.post("/signup/", {"name": "Zara", "email": "zara@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.filter(email="zara@example.com").exists()
    page = client.get("/")
    assert page.status_code == 200
    assert b"Hello, Zara" in page.content


def test_signup_shows_field_errors_next_to_fields(alice):
    client = Client()
    response = client.post("/signup/", {"name": "A", "email": "alice@example.com", "password": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_password_error"' in html
    response = client.post("/signup/", {"name": "A", "email": "alice@example.com", "password": PASSWORD})
    assert 'id="id_email_error"' in response.content.decode()
    assert "An account with this email exists." in response.content.decode()


def test_login_by_email_or_phone_and_logout(alice):
    client = Client()
    assert client.get("/").status_code == 302
    bad = client.post("/login/", {"identifier": "alice@example.com", "password": "nope"})
    assert "Wrong email/phone or password." in bad.content.decode()
    ok = client.post("/login/", {"identifier": "+91 98765 00001", "password": PASSWORD})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_login_redirects_only_to_local_next(alice):
    client = Client()
    response = client.post("/login/?next=//evil.example/", {"identifier": "alice@example.com", "password": PASSWORD})
    assert response["Location"] == "/"


def test_pages_need_csrf(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"identifier": "alice@example.com", "password": PASSWORD})
    assert response.status_code == 403


def test_page_renders_cursor_and_unread_badge(alice):
    from realtime.actions import notify

    notify(alice.pk, kind="test", title="Hello there", body="b", data={})
    client = Client()
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert 'data-cursor="1"' in html
    assert 'id="unread-badge" class="badge">1<' in html
    assert "Hello there" in html


def test_profile_saves_through_action_and_shows_field_errors(alice, bob):
    client = Client()
    client.force_login(alice)
    form = {"name": "Alice A", "phone": "", "display_name": "Ali", "default_currency": "INR",
            "time_zone": "Asia/Kolkata", "upi_id": "alice@upi"}
    assert client.post("/profile/", form).status_code == 302
    alice.refresh_from_db()
    assert alice.name == "Alice A" and alice.profile.upi_id == "alice@upi"
    taken = client.post("/profile/", dict(form, phone="+919876500002"))
    assert 'id="id_phone_error"' in taken.content.decode()
    bad = client.post("/profile/", dict(form, default_currency="XYZ", upi_id="nope"))
    html = bad.content.decode()
    assert 'id="id_default_currency_error"' in html and 'id="id_upi_id_error"' in html


def test_notifications_page_marks_all_read(alice):
    from realtime.actions import notify

    notify(alice.pk, kind="test", title="Budget at 80%", body="Food", data={})
    client = Client()
    client.force_login(alice)
    assert "Budget at 80%" in client.get("/notifications/").content.decode()
    assert client.post("/notifications/").status_code == 302
    assert 'id="unread-badge" class="badge" hidden>0<' in client.get("/").content.decode()


def test_signing_up_in_hindi_keeps_hindi_for_the_pages_and_the_first_mail(db, django_capture_on_commit_callbacks):
    from django.core import mail

    client = Client(headers={"accept-language": "hi-IN,hi;q=0.9"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/signup/", {"name": "Zara", "email": "zara@example.com", "password": PASSWORD})
    assert response.status_code == 302
    zara = User.objects.get(email="zara@example.com")
    assert zara.profile.locale == "hi_IN"
    assert mail.outbox[-1].to == ["zara@example.com"]
    assert mail.outbox[-1].subject == "Hisaab के लिए अपना ईमेल पता पक्का करें"
    english = Client(headers={"accept-language": "en"})
    english.post("/signup/", {"name": "Yan", "email": "yan@example.com", "password": PASSWORD})
    assert User.objects.get(email="yan@example.com").profile.locale == "en_IN"
