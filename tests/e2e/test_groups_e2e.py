"""Two people, two browsers: a group expense added by one shows up live for the other."""

from __future__ import annotations

import time

from social.actions import befriend, create_group
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online


def test_group_expense_appears_live_with_new_balance(new_page, alice, bob):
    befriend(alice, other=bob)
    group = create_group(alice, name="Goa trip", currency="INR", members=[bob.pk])

    bob_page = new_page(390, 820)
    log_in(bob_page, "bob@example.com", PASSWORD)
    bob_page.goto(f"/groups/{group.pk}/")
    wait_online(bob_page)
    assert "No expenses yet." in bob_page.inner_text("#group-expenses")

    alice_page = new_page()
    log_in(alice_page, "alice@example.com", PASSWORD)
    alice_page.goto(f"/groups/{group.pk}/expenses/new/")
    shot(alice_page, "expense-form")
    alice_page.fill("#id_description", "Beach shack dinner")
    alice_page.fill("#id_amount", "2400")
    alice_page.click("button[type=submit]")
    alice_page.wait_for_url(f"**/groups/{group.pk}/")
    saved = time.monotonic()

    bob_page.wait_for_selector("#group-expenses >> text=Beach shack dinner", timeout=2000)
    bob_page.wait_for_selector(f"[data-balance='{bob.pk}'] >> text=owes ₹1,200.00", timeout=2000)
    assert time.monotonic() - saved < 2.0
    assert bob_page.locator("#group-expenses >> text=Beach shack dinner").count() == 1
    shot(bob_page, "group-live-phone")
    # Which friends are online: Alice's tab is open, so Bob's page (on load: presence frames
    # for online friends and GET /api/presence) marks her online.
    bob_page.reload()
    bob_page.wait_for_selector(f"[data-presence='{alice.pk}'].is-online", timeout=5000)
    shot(alice_page, "group")
