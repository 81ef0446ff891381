"""A khata entry updates the party's balance, on the page of another member too."""

from __future__ import annotations

import pytest

pytest.importorskip("ledger.khata.actions", reason="the area has not landed yet")

from ledger.khata import actions
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online


def test_khata_entry_updates_party_balance(new_page, alice, bob):
    shop = actions.create_business(alice, name="Sharma Kirana", currency="INR")
    actions.add_member(alice, business=shop, user=bob, role="clerk")
    ramesh = actions.create_party(alice, business=shop, kind="customer", name="Ramesh")

    watcher = new_page(390, 820)  # the owner's phone, open on the party
    log_in(watcher, "alice@example.com", PASSWORD)
    watcher.goto(f"/khata/parties/{ramesh.pk}/")
    wait_online(watcher)

    clerk = new_page()
    log_in(clerk, "bob@example.com", PASSWORD)
    clerk.goto(f"/khata/parties/{ramesh.pk}/")
    clerk.fill("#id_amount", "150000")
    clerk.click("button:has-text('You gave')")
    clerk.wait_for_selector("[data-party-balance]:has-text('₹1,50,000.00')")
    shot(clerk, "khata-party")

    watcher.wait_for_selector("[data-party-balance]:has-text('₹1,50,000.00')", timeout=5000)
    shot(watcher, "khata-party-live-phone")
    watcher.goto(f"/khata/{shop.pk}/")
    shot(watcher, "khata-parties")
