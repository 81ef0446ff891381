"""A waiting change speaks the page's language, not the one it was made in (issue 19).

A change made offline keeps its summary and its row's words as data (a message id and its
values, amounts as amount + currency, static/js/offline/forms.js), written out when shown: so
after the header's language switch the same waiting changes read in Hindi.

The change must still be waiting when the Hindi page shows it, and going online would push it.
It is held the way a second tab holds it: another tab of the same browser has the push lock
(navigator.locks "hisaab-push", static/js/offline/outbox.js), so this tab's push waits, with
the change unsent, until that tab is closed.
"""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from ledger.khata import actions as khata
from ledger.khata.models import Entry
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online
from tests.e2e.test_offline_e2e import visit
from tests.e2e.test_phone_e2e import PHONE

_HOLD_THE_PUSH_LOCK = """() => new Promise((held) => {
  navigator.locks.request("hisaab-push", () => { held(true); return new Promise(() => {}); });
})"""


_ADD_AN_OLD_ROW = """(user) => hisaabOutbox.add({
  user: user, kind: "khata-entry", method: "POST", path: "/api/none", body: {}, list: "elsewhere", effects: [],
  slots: { what: "You got · an old row" }, summary: "You got ₹5.00 · an old row",
}).then((row) => row.key)"""
_WRITE_OUT = "(data) => data.map((x) => hisaabOfflineForms.words(x))"
_DATA = [
    {
        "say": "Transaction %(what)s %(amount)s",
        "with": {"what": {"direction": "expense"}, "amount": {"money": "1234.5", "currency": "INR", "minus": True}},
    },
    {"day": "2025-12-04", "year": True},
    {
        "say": "Edit: %(change)s",
        "with": {
            "change": {
                "join": [{"say": "You got %(amount)s", "with": {"amount": {"money": "70", "currency": "INR"}}}, "", "Ramesh"],
                "by": " · ",
            }
        },
    },
    "just a string",
    None,
]


def test_waiting_changes_made_on_an_english_page_read_in_hindi_after_the_switch(new_page, alice):
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    sugar = khata.record_entry(
        alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("300"), note="sugar"
    )
    dal = khata.record_entry(
        alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("1200"), note="dal"
    )
    page = new_page(**PHONE)
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    party = f"/khata/parties/{ramesh.pk}/"
    visit(page, party)
    wait_online(page)
    assert page.get_attribute("html", "lang") == "en"

    # The other tab: a static file (no page script of its own that would push).
    holder = ctx.new_page()
    holder.goto("/static/js/offline/words.js")
    assert holder.evaluate(_HOLD_THE_PUSH_LOCK) is True

    ctx.set_offline(True)
    page.fill("#id_amount", "1234.5")
    page.fill("#id_note", "rice")
    page.click("form[data-offline=khata-entry] button[value=got]")
    expect(page.locator("#party-ledger [data-offline-state=waiting]")).to_contain_text("You got · rice")
    page.click("#party-ledger tr:has-text('sugar') button:has-text('Edit')")
    page.fill("#id_amount", "350.50")
    page.click("form[data-offline=khata-entry] button[value=gave]")
    page.once("dialog", lambda d: d.accept())
    page.click("#party-ledger tr:has-text('dal') button:has-text('Delete')")
    listed = page.locator("#outbox li a")
    expect(listed).to_have_count(3)
    page.click("#outbox summary")
    expect(listed).to_have_text(
        [
            "You got ₹1,234.50 · Ramesh",
            "Edit: You gave ₹350.50 · Ramesh",
            "Delete: You gave ₹1,200.00 · dal",
        ]
    )

    # Back online, the push waits for the other tab; meanwhile the header switch.
    ctx.set_offline(False)
    page.get_by_role("button", name="हिन्दी").click()
    page.wait_for_url(f"**{party}")
    assert page.get_attribute("html", "lang") == "hi"
    expect(page.locator("#outbox summary")).to_have_text("3 बदलाव भेजे जा रहे हैं…")
    page.click("#outbox summary")
    expect(listed).to_have_text(
        [
            "आपको ₹1,234.50 मिले · Ramesh",
            "बदलाव: आपने ₹350.50 दिए · Ramesh",
            "हटाना: आपने ₹1,200.00 दिए · dal",
        ]
    )
    expect(page.locator("#outbox li .pill")).to_have_text(["प्रतीक्षा में"] * 3)
    # The waiting rows of the party's ledger too: the kind's words and the amount.
    added = page.locator("#party-ledger [data-offline-state=waiting]:has-text('rice')")
    expect(added).to_contain_text("आपको मिले · rice")
    expect(added).to_contain_text("₹1,234.50")
    assert not Entry.objects.filter(note="rice").exists()  # still waiting, really
    shot(page, "offline-waiting-after-the-switch-to-hindi")

    # A row a device stored before summaries were data: shown as it was written.
    old = page.evaluate(_ADD_AN_OLD_ROW, str(alice.pk))
    expect(listed).to_have_count(4)
    expect(listed.nth(3)).to_have_text("You got ₹5.00 · an old row")
    assert page.evaluate("(key) => hisaabOutbox.discard(key)", old) is True
    expect(listed).to_have_count(3)
    # The words of the data, one kind at a time, in the page's language.
    assert page.evaluate(_WRITE_OUT, _DATA) == [
        "लेन-देन: खर्च −₹1,234.50",
        "4 दिस॰ 2025",
        "बदलाव: आपको ₹70.00 मिले · Ramesh",
        "just a string",
        "",
    ]

    holder.close()  # the lock is free: the changes go, once
    page.wait_for_selector("#outbox", state="hidden", timeout=8000)
    assert Entry.objects.filter(party=ramesh, note="rice", kind="got", amount=Decimal("1234.5")).count() == 1
    assert Entry.objects.get(pk=sugar.pk).amount == Decimal("350.50")
    assert Entry.objects.get(pk=dal.pk).deleted_at is not None
