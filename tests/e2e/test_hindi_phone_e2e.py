"""Hindi on a phone, and axe-core over every page (the npm package's axe.min.js, vendored in
tests/e2e/vendor/axe-core, evaluated by Playwright: nothing is fetched at run time).

- The language switch in the header turns the pages Hindi (kept in the profile), the pages walk
  in Hindi at 360×740 without sideways scrolling, and the browser's formatter
  (static/js/pages.js, window.hisaab.money/date) writes amounts and dates exactly as the server.
- axe-core finds no serious or critical violation on any page, in English and in Hindi.
"""

from __future__ import annotations

from pathlib import Path

from social.actions import update_account
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot
from tests.e2e.test_phone_e2e import PHONE, _too_wide
from tests.e2e.world import SIGNED_OUT_PAGES, build_world

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"

_RUN_AXE = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
}"""


def _axe(page) -> list[str]:
    # Evaluated through the DevTools protocol: the page's Content-Security-Policy (scripts from
    # this origin only) does not apply to it, and the page itself never loads axe.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text() + "\n;true")
    return page.evaluate(_RUN_AXE)


def test_the_switch_turns_the_pages_hindi_on_a_phone(new_page, alice, bob, carol):
    pages = dict(build_world(alice, bob, carol))
    page = new_page(**PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/")
    page.get_by_role("button", name="हिन्दी").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "hi"
    assert page.get_by_role("button", name="मेन्यू").is_visible()
    alice.profile.refresh_from_db()
    assert alice.profile.locale == "hi_IN"
    wide = {}
    for name in ("dashboard", "friends", "group-settle-up", "expense-new", "khata-party-ledger", "khata-bill-new",
                 "finance-transactions", "finance-budgets", "market-invoice", "profile"):
        page.goto(pages[name])
        assert page.get_attribute("html", "lang") == "hi", name
        if (m := _too_wide(page)) is not None:
            wide[name] = m
        shot(page, f"hi-phone-{name}")
    assert wide == {}, wide
    # The party page's balance, rendered by the server, and the browser's formatter agree.
    page.goto(pages["khata-party-ledger"])
    from ledger.khata.models import Party

    balance = Party.objects.get(name="Ramesh").balance  # 9,55,412.50 given + a 2,100.00 bill
    server_text = page.inner_text("[data-party-balance]")
    client = page.evaluate("(v) => window.hisaab.money(v, 'INR')", str(balance))
    assert client == "₹9,57,512.50" and client in server_text, (client, server_text)
    assert "मिलेंगे" in server_text
    assert page.evaluate("() => window.hisaab.date('2026-12-04T12:00:00')") == "4 दिस॰ 2026"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"


def test_axe_finds_no_serious_or_critical_violation_on_any_page(new_page, alice, bob, carol):
    pages = build_world(alice, bob, carol)
    found = {}
    visitor = new_page(**PHONE)
    for name, url in SIGNED_OUT_PAGES:
        visitor.goto(url)
        if problems := _axe(visitor):
            found[f"en:{name}"] = problems
    page = new_page(**PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    for locale in ("en_IN", "hi_IN"):
        update_account(alice, changes={"locale": locale})
        for name, url in pages:
            page.goto(url)
            if problems := _axe(page):
                found[f"{locale}:{name}"] = problems
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_expense_form_shows_what_is_left_to_split_as_you_type(new_page, alice, bob, carol):
    pages = dict(build_world(alice, bob, carol))
    page = new_page(**PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(pages["expense-new"])
    page.fill("#id_description", "Groceries")
    page.fill("#id_amount", "1000")
    page.select_option("#id_method", "exact")
    cells = page.locator("input[name^='exact_']")
    cells.nth(0).fill("400.50")
    assert page.inner_text("#left-to-split") == "₹599.50 left to split"
    cells.nth(1).fill("700")
    assert page.inner_text("#left-to-split") == "₹100.50 more than the total"
    page.select_option("#id_method", "percent")
    page.locator("input[name^='percent_']").nth(0).fill("33.3333")
    assert page.inner_text("#left-to-split") == "66.6667% left to split"
    update_account(alice, changes={"locale": "hi_IN"})
    page.goto(pages["expense-new"])
    page.fill("#id_amount", "1000")
    page.select_option("#id_method", "exact")
    page.locator("input[name^='exact_']").nth(0).fill("1")
    assert page.inner_text("#left-to-split") == "₹999.00 बँटना बाकी"


def test_the_invite_link_is_copied_with_one_tap(new_page, alice):
    page = new_page(**PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/friends/")
    page.locator("#invite form").get_by_role("button").click()
    page.wait_for_selector("#invite-link")
    link = page.input_value("#invite-link")
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("() => document.querySelector('[data-copy]').textContent === 'Copied'")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    share = page.get_by_role("link", name="Share").get_attribute("href")
    from urllib.parse import unquote

    assert share.startswith("https://wa.me/?text=") and unquote(share).endswith(f"Hisaab to split expenses: {link}")


def test_a_refused_form_focuses_its_first_wrong_field(new_page, alice, bob, carol):
    pages = dict(build_world(alice, bob, carol))
    page = new_page(**PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(pages["khata-party-ledger"])
    page.fill("#id_amount", "")  # required: the server sends the form back
    page.locator("#entry-form").get_by_role("button", name="You got").click()
    page.wait_for_selector(".field.has-error")
    assert page.evaluate("() => document.activeElement.id") == "id_amount"
    box = page.locator("#id_amount").bounding_box()
    assert box is not None and 0 <= box["y"] <= PHONE["height"]
