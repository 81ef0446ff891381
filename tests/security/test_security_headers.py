"""Content-Security-Policy and the other security headers on the pages (issue 16): no inline
script anywhere (so the policy can forbid it), the header on every page, HSTS in production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from config.security_headers import policy_for

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A script element that runs code: not from a file, and not a data block (json_script's
# type="application/json", which the browser never executes).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def _directives(value: str) -> dict[str, list[str]]:
    out = {}
    for part in value.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def _check_page(response, path: str) -> None:
    assert response.status_code in (200, 400, 404), (path, response.status_code)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"], csp
    assert "'unsafe-inline'" not in csp["style-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"] and csp["base-uri"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html).group(0))
    assert not HANDLER.search(html), (path, HANDLER.search(html).group(0))
    assert "javascript:" not in html and "<style" not in html, path


def test_no_template_has_inline_script_handlers_or_style_elements():
    problems = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, re.compile("javascript:"), re.compile("<style", re.I)):
            if match := pattern.search(text):
                problems.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    assert problems == []


def test_every_page_of_a_signed_in_user_carries_the_policy(alice, bob):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    from ledger.khata.models import Bill, Party
    from social.models import Group, User

    client = Client()
    demo = User.objects.get(email="alice@example.com")
    client.force_login(demo)
    paths = ["/", "/profile/", "/friends/", "/groups/", "/ious/", "/notifications/", "/finance/",
             "/finance/transactions/", "/finance/budgets/", "/finance/bills/", "/finance/import/",
             "/finance/reports/", "/khata/?all=1", "/market/", "/market/portfolio/", "/no-such-page/",
             "/finance/reports/?start=2026-02-30"]
    group = Group.objects.filter(memberships__user=demo).first()
    if group is not None:
        paths += [f"/groups/{group.pk}/", f"/groups/{group.pk}/expenses/new/"]
    party = Party.objects.filter(business__owner=demo).first()
    if party is not None:
        paths += [f"/khata/{party.business_id}/", f"/khata/parties/{party.pk}/",
                  f"/khata/print/parties/{party.pk}/statement", f"/khata/{party.business_id}/cashbook/"]
    bill = Bill.objects.filter(business__owner=demo).first()
    if bill is not None:
        paths.append(f"/khata/print/bills/{bill.pk}")
    assert len(paths) > 20, paths
    for path in paths:
        _check_page(client.get(path), path)


def test_pages_without_a_session_carry_it_too():
    client = Client()
    for path in ("/login/", "/signup/", "/password-reset/", "/password-reset/x/y/", "/verify-email/bad/"):
        _check_page(client.get(path), path)


def test_the_api_docs_get_their_own_policy_and_no_inline_script():
    client = Client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    csp = _directives(page["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'", "https://cdn.jsdelivr.net"] and csp["frame-ancestors"] == ["'none'"]
    assert not INLINE_SCRIPT.search(page.content.decode())
    factory = RequestFactory()
    assert policy_for(factory.get("/api/docs/")) != policy_for(factory.get("/"))


def test_under_make_run_the_policy_allows_the_socket_port_of_the_pages_host_only(settings):
    settings.WEBSOCKET_PORT = 8001
    page = Client().get("/login/", HTTP_HOST="localhost:8000")
    assert _directives(page["Content-Security-Policy"])["connect-src"] == ["'self'", "ws://localhost:8001"]
    assert 'data-ws-port="8001"' in page.content.decode()
    settings.WEBSOCKET_PORT = None  # production: nginx serves /ws/ on the page's own origin
    page = Client().get("/login/", HTTP_HOST="localhost:8000")
    assert _directives(page["Content-Security-Policy"])["connect-src"] == ["'self'"]
    assert "data-ws-port" not in page.content.decode()


def test_hsts_in_production_on_https(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get("/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in Client().get("/login/")  # never over plain HTTP
