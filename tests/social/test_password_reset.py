"""Password reset by email and address verification, over the API and the pages (issue 16):
single-use expiring links, every sign-in revoked, the same answer for unknown emails, limits."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from social.models import User
from tests.conftest import PASSWORD
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-for-alice"


def _link(message, kind: str) -> str:
    found = re.findall(rf"https?://\S+/{kind}/\S+", message.body)
    assert len(found) == 1, message.body
    return found[0]


def _reset_parts(message) -> tuple[str, str, str]:
    link = _link(message, "password-reset")
    uid, token = link.rstrip("/").split("/")[-2:]
    return link.split("://", 1)[1].split("/", 1)[1], uid, token


def _same_page(response, email: str) -> str:
    """The page without what differs on every render (CSRF tokens) and the email typed in."""
    html = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'(content|value|nonce)="[A-Za-z0-9+/=_-]{20,}"', r'\1="..."', html)


def _sign_in(email: str, password: str):
    return client_for(None).post("/api/auth/login", {"email": email, "password": password}, format="json")


def test_reset_request_answers_the_same_for_known_and_unknown_emails(alice, anon_client):
    known = anon_client.post("/api/auth/password-reset", {"email": "ALICE@example.com"}, format="json")
    unknown = anon_client.post("/api/auth/password-reset", {"email": "nobody@example.com"}, format="json")
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json()) and known.status_code == 202
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "/password-reset/" in mail.outbox[0].body and mail.outbox[0].subject == "Reset your Hisaab password"


def test_reset_link_sets_password_once_and_revokes_every_sign_in(alice, anon_client):
    refresh = _sign_in("alice@example.com", PASSWORD).json()["refresh"]
    page = Client()
    page.force_login(alice)
    anon_client.post("/api/auth/password-reset", {"email": "alice@example.com"}, format="json")
    _, uid, token = _reset_parts(mail.outbox[-1])

    weak = anon_client.post("/api/auth/password-reset/confirm", {"uid": uid, "token": token, "password": "123"},
                            format="json")
    assert_error(weak, 400)  # refused, nothing changed: the link still works
    done = anon_client.post("/api/auth/password-reset/confirm",
                            {"uid": uid, "token": token, "password": NEW_PASSWORD}, format="json")
    assert done.status_code == 204, done.content
    assert _sign_in("alice@example.com", PASSWORD).status_code == 401
    assert _sign_in("alice@example.com", NEW_PASSWORD).status_code == 200
    assert_error(anon_client.post("/api/auth/refresh", {"refresh": refresh}, format="json"), 401)
    assert page.get("/profile/").status_code == 302  # the page session ended too
    again = anon_client.post("/api/auth/password-reset/confirm",
                             {"uid": uid, "token": token, "password": "yet-another-passphrase-for-alice"}, format="json")
    assert_error(again, 400, "invalid_token")
    assert _sign_in("alice@example.com", NEW_PASSWORD).status_code == 200


def test_reset_link_expires_and_forged_ones_fail(alice, anon_client, settings):
    anon_client.post("/api/auth/password-reset", {"email": "alice@example.com"}, format="json")
    _, uid, token = _reset_parts(mail.outbox[-1])
    for bad_uid, bad_token in ((uid, token[:-2] + "xx"), ("bm90LWEtdXVpZA", token), ("%%%", token)):
        assert_error(anon_client.post("/api/auth/password-reset/confirm",
                                      {"uid": bad_uid, "token": bad_token, "password": NEW_PASSWORD}, format="json"),
                     400, "invalid_token")
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is past its time
    assert_error(anon_client.post("/api/auth/password-reset/confirm",
                                  {"uid": uid, "token": token, "password": NEW_PASSWORD}, format="json"),
                 400, "invalid_token")
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_reset_requests_are_limited_per_email_and_per_address(alice, anon_client, settings):
    settings.PASSWORD_RESETS_PER_EMAIL_HOUR = 3
    settings.PASSWORD_RESETS_PER_ADDRESS_HOUR = 8  # every request counts here, refused or not
    for email in ("alice@example.com", "nobody@example.com"):  # the same for both: no enumeration
        codes = [anon_client.post("/api/auth/password-reset", {"email": email}, format="json").status_code
                 for _ in range(4)]
        assert codes == [202, 202, 202, 429], (email, codes)
    assert len(mail.outbox) == 3
    assert anon_client.post("/api/auth/password-reset", {"email": "carol@example.com"},
                            format="json").status_code == 429  # the address is past its ceiling


def test_reset_pages(alice):
    client = Client()
    assert 'href="/password-reset/"' in client.get("/login/").content.decode()
    known = client.post("/password-reset/", {"email": "alice@example.com"})
    unknown = client.post("/password-reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert _same_page(known, "alice@example.com") == _same_page(unknown, "nobody@example.com")
    path, _, _ = _reset_parts(mail.outbox[-1])
    form = client.get("/" + path)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
    mismatch = client.post("/" + path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 200 and 'class="error"' in mismatch.content.decode()
    done = client.post("/" + path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/login/"
    assert client.get("/" + path).status_code == 400  # used: the link is dead
    assert client.post("/login/", {"identifier": "alice@example.com", "password": NEW_PASSWORD}).status_code == 302


def test_registration_mails_a_verification_link(anon_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = anon_client.post("/api/auth/register", {"email": "erin@example.com", "password": PASSWORD,
                                                       "name": "Erin"}, format="json")
    assert made.status_code == 201 and made.json()["user"]["email_verified_at"] is None
    token = _link(mail.outbox[-1], "verify-email").rstrip("/").split("/")[-1]
    assert_error(anon_client.post("/api/auth/verify-email", {"token": token[:-3] + "abc"}, format="json"),
                 400, "invalid_token")
    done = anon_client.post("/api/auth/verify-email", {"token": token}, format="json")
    assert done.status_code == 200 and done.json()["email_verified_at"]
    assert User.objects.get(email="erin@example.com").email_verified_at is not None


def test_a_new_email_applies_only_once_verified(alice, alice_client, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        asked = alice_client.patch("/api/me", {"email": "alice.new@example.com", "password": PASSWORD}, format="json")
    assert asked.status_code == 200
    assert (asked.json()["email"], asked.json()["pending_email"]) == ("alice@example.com", "alice.new@example.com")
    assert mail.outbox[-1].to == ["alice.new@example.com"]
    link = _link(mail.outbox[-1], "verify-email")
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page = Client()
    shown = page.get(path)  # opening the link changes nothing (mail scanners fetch links)
    assert shown.status_code == 200 and "alice.new@example.com" in shown.content.decode()
    assert User.objects.get(pk=alice.pk).email == "alice@example.com"
    assert page.post(path).status_code == 302
    alice.refresh_from_db()
    assert (alice.email, alice.pending_email) == ("alice.new@example.com", "")
    assert alice.email_verified_at is not None
    assert _sign_in("alice.new@example.com", PASSWORD).status_code == 200
    # a link to an address that is no longer asked for is refused
    for address in ("third@example.com", "fourth@example.com"):
        with django_capture_on_commit_callbacks(execute=True):
            alice_client.patch("/api/me", {"email": address, "password": PASSWORD}, format="json")
    assert [m.to for m in mail.outbox[-2:]] == [["third@example.com"], ["fourth@example.com"]]
    stale = _link(mail.outbox[-2], "verify-email").rstrip("/").split("/")[-1]
    assert_error(client_for(None).post("/api/auth/verify-email", {"token": stale}, format="json"), 400, "invalid_token")
    settings.EMAIL_VERIFY_SECONDS = -1
    fresh = _link(mail.outbox[-1], "verify-email").rstrip("/").split("/")[-1]
    assert_error(client_for(None).post("/api/auth/verify-email", {"token": fresh}, format="json"), 400, "invalid_token")


def test_resend_verification_is_limited(alice, alice_client, settings):
    settings.PASSWORD_RESETS_PER_EMAIL_HOUR = 2
    codes = [alice_client.post("/api/me/verify-email").status_code for _ in range(3)]
    assert codes == [202, 202, 429]
    assert [m.to for m in mail.outbox] == [["alice@example.com"]] * 2


@pytest.mark.django_db(transaction=True)
async def test_a_reset_ends_access_tokens_and_open_sockets_at_once(alice):
    """Access tokens carry the password's hash: one issued before the reset is refused by the
    API and by a new socket right away, and the socket open with it is closed (4401)."""
    import asyncio
    import json

    from channels.db import database_sync_to_async
    from channels.testing import WebsocketCommunicator
    from django.db import connections
    from rest_framework_simplejwt.tokens import AccessToken

    from config.asgi import application
    from social.actions import reset_password

    old = str(AccessToken.for_user(alice))
    api = client_for(None)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {old}")
    assert (await database_sync_to_async(api.get)("/api/me")).status_code == 200
    comm = WebsocketCommunicator(application, f"/ws/?token={old}")
    try:
        assert (await comm.connect(timeout=5))[0]
        assert json.loads(await comm.receive_from(timeout=3))["type"] == "hello"
        await database_sync_to_async(reset_password)(alice, password=NEW_PASSWORD)
        out = await asyncio.wait_for(comm.receive_output(timeout=5), 6)
        while out["type"] != "websocket.close":
            out = await comm.receive_output(timeout=5)
        assert out["code"] == 4401
    finally:
        await comm.disconnect()
    assert (await database_sync_to_async(api.get)("/api/me")).status_code == 401
    again = WebsocketCommunicator(application, f"/ws/?token={old}")
    try:
        await again.connect(timeout=5)
        out = await again.receive_output(timeout=5)
        while out["type"] != "websocket.close":
            out = await again.receive_output(timeout=5)
        assert out["code"] == 4401
    finally:
        await again.disconnect()
        await database_sync_to_async(connections.close_all)()


def test_account_mail_is_written_in_the_readers_language(alice, anon_client):
    from social.actions import update_account

    anon_client.post("/api/auth/password-reset", {"email": "alice@example.com"}, format="json")
    english = mail.outbox[-1]
    assert "Hello Alice," in english.body and "ignore this mail: your password stays as it is." in english.body
    update_account(alice, changes={"locale": "hi_IN"})
    anon_client.post("/api/auth/password-reset", {"email": "alice@example.com"}, format="json")
    hindi = mail.outbox[-1]
    assert hindi.subject == "अपना Hisaab पासवर्ड बदलें"
    assert "नमस्ते Alice," in hindi.body and "Hello" not in hindi.body and "alice@example.com" in hindi.body
    path, _, _ = _reset_parts(hindi)  # the link survives the translation, on a line of its own
    assert path.startswith("password-reset/")
    from social import emails

    alice.refresh_from_db()
    emails.send_verification(alice, "alice.new@example.com")  # a change of address, confirmed by mail
    verify = mail.outbox[-1]
    assert verify.to == ["alice.new@example.com"] and verify.subject == "Hisaab के लिए अपना ईमेल पता पक्का करें"
    assert "alice.new@example.com" in verify.body and _link(verify, "verify-email")
