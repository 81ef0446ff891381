"""Offline in Hindi: the offline scripts' words (static/js/offline/*.js) come from the page
language's catalogue (/jsi18n/hi/, kept by the service worker with the static files), so a
page opened offline from the cache still speaks Hindi: the outbox summary (one change, then
two: ngettext's forms), the waiting rows and marks, a refusal's reason and its buttons, and
the worker's own "you are offline" page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ledger.khata import actions as khata
from ledger.khata.models import Entry
from social.actions import befriend, record_iou, update_account
from social.models import IOU
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online
from tests.e2e.test_offline_e2e import visit

SUMMARY = "#outbox summary"


def test_a_hindi_page_offline_shows_the_outbox_in_hindi_and_syncs(new_page, alice, bob):
    befriend(alice, other=bob)
    update_account(alice, changes={"locale": "hi_IN"})
    lent = record_iou(
        alice,
        direction="lent",
        amount=Decimal("750"),
        currency="INR",
        date=dt.date.today(),
        friend_id=bob.pk,
        note="rent",
    )
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, f"/khata/parties/{ramesh.pk}/")
    visit(page, "/ious/")  # prefetches the IOU's settle page
    wait_online(page)
    assert page.get_attribute("html", "lang") == "hi"

    ctx.set_offline(True)
    # The settle page and the IOUs page come from the worker's cache, and so do their words.
    page.click(f"a[href='/ious/{lent.pk}/settle/']")
    page.wait_for_url(f"**/ious/{lent.pk}/settle/")
    page.fill("#id_amount", "250")
    page.click("form[data-offline=iou-settle] button.primary")
    page.wait_for_url("**/ious/")
    row = page.locator("#iou-list [data-offline-state=waiting]")
    row.wait_for()
    assert "₹250.00 चुकता" in row.inner_text()
    assert row.locator(".pill.waiting").inner_text() == "प्रतीक्षा में"
    assert page.inner_text(SUMMARY) == "ऑफ़लाइन — 1 बदलाव प्रतीक्षा में है"
    assert (
        page.locator(
            f"#iou-list [data-offline-balance='iou:{lent.pk}'] + [data-offline-pending-mark]"
        ).inner_text()
        == "प्रतीक्षा में"
    )
    page.click(SUMMARY)
    listed = page.locator("#outbox li[data-offline-state=waiting]")
    assert listed.locator("a").inner_text() == "उधारी: ₹250.00 चुकता"
    assert listed.locator(".pill").inner_text() == "प्रतीक्षा में"

    page.goto(f"/khata/parties/{ramesh.pk}/")
    page.fill("#id_amount", "70")
    page.fill("#id_note", "rice")
    page.click("form[data-offline=khata-entry] button[value=got]")
    entry = page.locator("#party-ledger [data-offline-state=waiting]")
    entry.wait_for()
    assert "आपको मिले · rice" in entry.inner_text()
    assert page.inner_text(SUMMARY) == "ऑफ़लाइन — 2 बदलाव प्रतीक्षा में हैं"
    page.click(SUMMARY)
    assert page.locator("#outbox li a").all_inner_texts() == [
        "उधारी: ₹250.00 चुकता",
        "आपको ₹70.00 मिले · Ramesh",
    ]
    shot(page, "offline-hindi-waiting")

    # A page never opened here: the worker's own page, in Hindi too.
    page.goto("/finance/budgets/")
    assert page.inner_text("h1") == "आप ऑफ़लाइन हैं"
    assert page.get_attribute("html", "lang") == "hi"

    page.goto(f"/khata/parties/{ramesh.pk}/")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]")
    ctx.set_offline(False)
    page.wait_for_selector("#outbox", state="hidden", timeout=8000)
    page.wait_for_selector("#party-ledger [data-offline-key]", state="detached", timeout=8000)
    assert IOU.objects.get(pk=lent.pk).settled == Decimal("250.00")
    assert (
        Entry.objects.filter(party=ramesh, note="rice", kind="got", amount=Decimal("70")).count()
        == 1
    )


def test_a_refused_change_reads_in_hindi(new_page, alice):
    update_account(alice, changes={"locale": "hi_IN"})
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, f"/khata/parties/{ramesh.pk}/")
    wait_online(page)

    ctx.set_offline(True)
    page.fill("#id_amount", "70")
    page.fill("#id_note", "rice")
    page.click("form[data-offline=khata-entry] button[value=got]")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]:has-text('rice')")
    khata.delete_party(alice, party=ramesh)  # meanwhile, on another device

    ctx.set_offline(False)
    refused = page.locator("#party-ledger [data-offline-state=refused]")
    refused.wait_for(timeout=8000)
    # The API's English message ("No such party.") stays the API's; the page shows its sentence.
    assert "यह आपका नहीं है, या हटाया जा चुका है।" in refused.inner_text()
    assert "No such party" not in refused.inner_text()
    assert refused.locator(".pill").inner_text() == "नहीं माना गया"
    assert page.inner_text(SUMMARY) == "1 बदलाव नहीं माना गया"
    shot(page, "offline-hindi-refused")

    refused.locator("button", has_text="छोड़ दें").click()
    page.wait_for_selector("#party-ledger [data-offline-key]", state="detached")
    page.wait_for_selector("#outbox", state="hidden")
    assert not Entry.objects.filter(note="rice").exists()
