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
