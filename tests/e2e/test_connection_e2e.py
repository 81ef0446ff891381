"""The connection indicator and catch-up after an outage, in a real browser."""

from __future__ import annotations

from realtime.actions import notify
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online


def test_indicator_goes_offline_and_back_and_the_missed_change_shows(new_page, server, alice):
    page = new_page()
    log_in(page, "alice@example.com", PASSWORD)
    wait_online(page)
    assert page.locator("#unread-badge").is_hidden()

    server.stop()
    page.wait_for_selector('#conn[data-state="offline"]', timeout=10000)
    shot(page, "connection-offline")

    # A change made while the page is cut off (written straight into the feed).
    notify(alice.pk, kind="test.missed", title="Missed while offline", body="caught up")

    server.start()
    wait_online(page, timeout=15000)
    page.wait_for_selector("#unread-badge:has-text('1')", timeout=5000)
    # The missed change came from the resume backlog exactly once: one toast, one row.
    page.wait_for_selector(".toast:has-text('Missed while offline')", timeout=3000)
    assert page.locator(".toast:has-text('Missed while offline')").count() == 1
    assert page.locator("#panel-notifications").get_by_text("Missed while offline").count() == 1
    shot(page, "connection-back-online")


def test_a_group_page_back_online_shows_the_balances_it_missed(new_page, server, alice, bob):
    """Balances are events: the resume backlog carries the group's balances as they are now, so
    an open page that was cut off shows them without a reload."""
    import datetime
    from decimal import Decimal

    from social.actions import befriend, create_group, record_expense

    befriend(alice, other=bob)
    group = create_group(alice, name="Goa trip", currency="INR", members=[bob.pk])
    page = new_page()
    log_in(page, "bob@example.com", PASSWORD)
    page.goto(f"/groups/{group.pk}/")
    wait_online(page)

    server.stop()
    page.wait_for_selector('#conn[data-state="offline"]', timeout=10000)
    record_expense(alice, group=group, description="Ferry", amount=Decimal("600"), currency="INR",
                   date=datetime.date(2026, 11, 20), paid_by=[{"user": alice.pk, "amount": Decimal("600")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk]})

    server.start()
    wait_online(page, timeout=15000)
    page.wait_for_selector(f"#group-balances [data-balance='{bob.pk}'] >> text=owes ₹300.00", timeout=8000)
    page.wait_for_selector("#group-expenses >> text=Ferry", timeout=8000)
