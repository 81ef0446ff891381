"""Offline first: changes made without a network wait on the device (IndexedDB), are shown at
once, survive closing the page, and reach the server exactly once when the network returns.

The browser is taken offline with Playwright's `context.set_offline(True)` (no request leaves
the page or its service worker). Pages opened offline come from the service worker's cache:
the tests change the data on the server meanwhile and check the page still shows what it
last showed.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from decimal import Decimal

from playwright.sync_api import expect

from ledger.finance import actions as finance
from ledger.finance import selectors as finance_selectors
from ledger.finance.models import Transaction
from ledger.khata import actions as khata
from ledger.khata.models import Entry
from realtime.models import PushClient, PushedMutation
from social.actions import (
    befriend,
    create_group,
    edit_iou,
    record_expense,
    record_iou,
    record_iou_payment,
    record_settlement,
    update_group,
)
from social.models import IOU, Expense, IOUPayment, Settlement
from social.splits import match, owed_shares
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online


def offline_ready(page) -> None:
    """The service worker controls the site and has stored this page and its files."""
    page.wait_for_selector("html[data-offline=ready]", timeout=15000)


def visit(page, url: str) -> None:
    page.goto(url)
    offline_ready(page)


def waiting(page, region: str):
    return page.locator(f"{region} [data-offline-state=waiting]")


def test_offline_changes_wait_survive_reopening_and_sync_exactly_once(new_page, alice, bob):
    befriend(alice, other=bob)
    group = create_group(alice, name="Goa trip", currency="INR", members=[bob.pk])
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    khata.add_member(alice, business=shop, user=bob, role="clerk")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    finance.ensure_finance(alice)
    wallet = finance.create_account(alice, name="Wallet", kind="cash", currency="INR")

    # Bob watches the group and the party in another browser.
    bob_group = new_page()
    log_in(bob_group, "bob@example.com", PASSWORD)
    bob_group.goto(f"/groups/{group.pk}/")
    wait_online(bob_group)
    bob_party = bob_group.context.new_page()
    bob_party.goto(f"/khata/parties/{ramesh.pk}/")
    wait_online(bob_party)

    page = new_page(390, 820)
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    for url in (f"/groups/{group.pk}/", f"/khata/parties/{ramesh.pk}/", "/finance/transactions/"):
        visit(page, url)

    ctx.set_offline(True)
    update_group(alice, group=group, changes={"name": "Goa trip 2027"})  # the cached page shows what it showed
    page.goto(f"/groups/{group.pk}/expenses/new/")  # prefetched from the group page's link
    page.fill("#id_description", "Beach shack dinner")
    page.fill("#id_amount", "2400")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/groups/{group.pk}/")
    assert page.inner_text("h1") == "Goa trip"
    row = waiting(page, "#group-expenses")
    expect(row).to_have_count(1)  # drawn once the page has read the outbox
    assert "Beach shack dinner" in row.inner_text() and "₹2,400.00" in row.inner_text()

    page.goto(f"/khata/parties/{ramesh.pk}/")
    page.fill("#id_amount", "150")
    page.fill("#id_note", "sugar")
    page.click("button:has-text('You gave')")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]:has-text('sugar')")

    page.goto("/finance/transactions/")
    page.select_option("#id_account_id", str(wallet.pk))
    page.fill("#id_amount", "99.50")
    page.fill("#id_payee", "Chai stall")
    page.click("#transaction-list ~ section button.primary, form[data-offline=transaction] button.primary")
    page.wait_for_selector("#transaction-list [data-offline-state=waiting]:has-text('Chai stall')")
    assert page.inner_text("#outbox summary") == "Offline — 3 changes waiting"
    shot(page, "offline-waiting-phone")

    # Close the page and open the site again, still offline: the changes are still there.
    page.close()
    page = ctx.new_page()
    page.goto("/finance/transactions/")
    page.wait_for_selector("#transaction-list [data-offline-state=waiting]:has-text('Chai stall')")
    assert page.inner_text("#outbox summary") == "Offline — 3 changes waiting"
    second = ctx.new_page()  # a second tab of the same profile: it must not push them again
    second.goto(f"/groups/{group.pk}/")
    second.wait_for_selector("#group-expenses [data-offline-state=waiting]:has-text('Beach shack dinner')")
    assert Expense.objects.filter(description="Beach shack dinner").count() == 0

    ctx.set_offline(False)
    started = time.monotonic()
    page.wait_for_selector("#transaction-list [data-offline-state]", state="detached", timeout=5000)
    page.wait_for_selector("#transaction-list >> text=Chai stall", timeout=5000)
    second.wait_for_selector("#group-expenses [data-offline-state]", state="detached", timeout=5000)
    second.wait_for_selector("#group-expenses >> text=Beach shack dinner", timeout=5000)
    assert time.monotonic() - started < 5
    page.wait_for_selector("#outbox", state="hidden")

    # Bob's browser receives them live, once.
    bob_group.wait_for_selector("#group-expenses >> text=Beach shack dinner", timeout=5000)
    bob_party.wait_for_selector("#party-ledger >> text=sugar", timeout=5000)
    time.sleep(1)  # a duplicate would arrive as a second row
    assert bob_group.locator("#group-expenses tr:has-text('Beach shack dinner')").count() == 1
    assert bob_party.locator("#party-ledger tr:has-text('sugar')").count() == 1
    shot(bob_group, "offline-synced-bob")

    assert Expense.objects.filter(description="Beach shack dinner", deleted_at=None).count() == 1
    assert Entry.objects.filter(note="sugar", deleted_at=None).count() == 1
    assert Transaction.objects.filter(owner=alice, payee="Chai stall").count() == 1
    client = PushClient.objects.get(user=alice)
    assert client.last_mutation_id == 3
    assert sorted(client.mutations.values_list("mutation_id", flat=True)) == [1, 2, 3]


def test_flapping_network_during_a_push_of_50_applies_each_once(new_page, alice):
    finance.ensure_finance(alice)
    wallet = finance.create_account(alice, name="Wallet", kind="cash", currency="INR")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, "/finance/transactions/")
    other = ctx.new_page()  # a second tab: both try to push when the network returns
    visit(other, "/finance/transactions/")

    ctx.set_offline(True)
    page.evaluate(
        """(account) => {
          const form = document.querySelector("form[data-offline=transaction]");
          for (let i = 1; i <= 50; i++) {
            form.elements.account_id.value = account;
            form.elements.amount.value = String(i) + ".25";
            form.elements.payee.value = "Flap " + i;
            form.requestSubmit();
          }
        }""",
        str(wallet.pk),
    )
    page.wait_for_function("() => document.querySelector('#outbox') && document.querySelector('#outbox').dataset.waiting === '50'")
    other.wait_for_function("() => document.querySelector('#outbox').dataset.waiting === '50'")

    ctx.set_offline(False)
    for _ in range(10):
        time.sleep(0.15)
        ctx.set_offline(True)
        time.sleep(0.1)
        ctx.set_offline(False)
    page.wait_for_function("() => document.querySelector('#outbox').dataset.waiting === '0'", timeout=30000)
    other.wait_for_function("() => document.querySelector('#outbox').dataset.waiting === '0'", timeout=10000)

    payees = list(Transaction.objects.filter(owner=alice).values_list("payee", flat=True))
    assert len(payees) == 50
    assert sorted(payees) == sorted(f"Flap {i}" for i in range(1, 51))
    client = PushClient.objects.get(user=alice)
    assert client.last_mutation_id == 50
    assert PushedMutation.objects.filter(client=client).count() == 50
    assert not PushedMutation.objects.filter(client=client, status__gte=300).exists()


def test_a_refused_change_shows_the_reason_and_can_be_discarded(new_page, alice):
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, f"/khata/parties/{ramesh.pk}/")

    ctx.set_offline(True)
    page.fill("#id_amount", "70")
    page.fill("#id_note", "rice")
    page.click("button:has-text('You got')")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]:has-text('rice')")
    khata.delete_party(alice, party=ramesh)  # meanwhile, on another device

    ctx.set_offline(False)
    refused = page.locator("#party-ledger [data-offline-state=refused]")
    refused.wait_for(timeout=5000)
    assert "No such party" in refused.inner_text()
    assert "1 change refused" in page.inner_text("#outbox summary")
    shot(page, "offline-refused")
    assert not Entry.objects.filter(note="rice").exists()

    refused.locator("button:has-text('Discard')").click()
    page.wait_for_selector("#party-ledger [data-offline-key]", state="detached")
    page.wait_for_selector("#outbox", state="hidden")


def test_sign_out_warns_then_clears_and_the_worker_never_keeps_api_answers(new_page, alice, bob):
    befriend(alice, other=bob)
    group = create_group(alice, name="Alice only", currency="INR", members=[])
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, f"/groups/{group.pk}/")
    assert page.evaluate("fetch('/api/me').then(r => r.status)") == 200
    assert page.evaluate("fetch('/api/sync/changes?after=0').then(r => r.status)") == 200
    cached = page.evaluate("""async () => {
        const out = [];
        for (const name of await caches.keys()) {
          for (const req of await (await caches.open(name)).keys()) out.push(name + " " + new URL(req.url).pathname);
        }
        return out;
    }""")
    assert any(c.startswith(f"hisaab-pages-{alice.pk} /groups/") for c in cached), cached
    assert not [c for c in cached if " /api/" in c], cached

    # A change waits (its push cannot get through); signing out warns about it, and
    # declining keeps everything.
    page.route("**/api/sync/push", lambda route: route.abort())
    ctx.set_offline(True)
    page.fill("#id_amount", "10")  # the record-a-payment form
    page.click("form[data-offline=settlement] button")
    page.wait_for_selector("#group-activity [data-offline-state=waiting]")
    ctx.set_offline(False)
    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.click("text=Log out")
    page.wait_for_timeout(500)
    assert page.url.endswith(f"/groups/{group.pk}/")
    assert dialogs and "1 change made on this device has not been saved" in dialogs[0]
    page.wait_for_selector("#group-activity [data-offline-state=waiting]")

    # Accepting signs out and leaves nothing of Alice's on the device.
    page.once("dialog", lambda d: d.accept())
    page.click("text=Log out")
    page.wait_for_url("**/login/")
    names = page.evaluate("caches.keys()")
    assert not [n for n in names if n.startswith("hisaab-pages-")], names
    assert page.evaluate(f"hisaabDB.items('{alice.pk}').then(rows => rows.length)") == 0
    assert not Settlement.objects.exists()

    log_in(page, "bob@example.com", PASSWORD)
    visit(page, "/")
    ctx.set_offline(True)
    page.goto(f"/groups/{group.pk}/")
    assert "Alice only" not in page.content()
    assert "You are offline" in page.content()


def test_a_refused_change_can_be_edited_and_retried(new_page, alice):
    finance.ensure_finance(alice)
    old = finance.create_account(alice, name="Old wallet", kind="cash", currency="INR")
    new = finance.create_account(alice, name="New wallet", kind="cash", currency="INR")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, "/finance/transactions/")

    ctx.set_offline(True)
    page.select_option("#id_account_id", str(old.pk))
    page.fill("#id_amount", "42")
    page.fill("#id_payee", "Retry me")
    page.click("form[data-offline=transaction] button.primary")
    page.wait_for_selector("#transaction-list [data-offline-state=waiting]:has-text('Retry me')")
    finance.delete_account(alice, account=old)  # meanwhile, on another device

    ctx.set_offline(False)
    refused = page.locator("#transaction-list [data-offline-state=refused]")
    refused.wait_for(timeout=5000)
    refused.locator("button:has-text('Edit and retry')").click()
    page.wait_for_function("() => document.querySelector('#id_payee').value === 'Retry me'")  # filled from IndexedDB
    assert page.input_value("#id_amount") == "42"
    page.select_option("#id_account_id", str(new.pk))
    page.click("form[data-offline=transaction] button.primary")
    page.wait_for_selector("#transaction-list [data-offline-key]", state="detached", timeout=5000)
    page.wait_for_selector("#transaction-list >> text=Retry me", timeout=5000)
    saved = Transaction.objects.get(owner=alice, payee="Retry me")
    assert saved.account_id == new.pk


WATCH = """([region, texts, balanceSel, balanceText]) => {
  // Every DOM change: each text must still be in a row of the region (a row that vanished
  // and came back shows here), and the balance must show the figure it settles on.
  window.__gaps = [];
  const check = () => {
    for (const t of texts) {
      const rows = [...document.querySelectorAll(region + " tr, " + region + " li")];
      if (!rows.some(r => r.textContent.includes(t))) window.__gaps.push("row " + t);
    }
    if (balanceSel) {
      const b = document.querySelector(balanceSel);
      if (!b || !b.textContent.includes(balanceText)) window.__gaps.push("balance " + (b && b.textContent));
    }
  };
  check();
  new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def test_a_khata_balance_moves_at_once_and_settles_on_the_servers_figure(new_page, alice):
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    khata.record_entry(alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("1000"))
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, f"/khata/parties/{ramesh.pk}/")
    wait_online(page)
    balance = page.locator("#party-balance [data-party-balance]")
    assert balance.inner_text() == "you'll get ₹1,000.00"

    ctx.set_offline(True)
    page.fill("#id_amount", "150.25")
    page.fill("#id_note", "sugar")
    page.click("button:has-text('You gave')")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]:has-text('sugar')")
    assert balance.inner_text() == "you'll get ₹1,150.25"
    expect(balance).to_have_attribute("data-offline-pending", "1150.25")
    page.fill("#id_amount", "2000")
    page.fill("#id_note", "milk")
    page.click("button:has-text('You got')")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]:has-text('milk')")
    assert balance.inner_text() == "you'll give ₹849.75"  # 1000 + 150.25 - 2000, to the paisa
    assert "neg" in balance.get_attribute("class")
    assert page.locator("#party-balance [data-offline-pending-mark]").inner_text() == "waiting"
    shot(page, "offline-khata-balance-pending")

    # Reopened offline, the figure is still there (computed from the outbox, not memory).
    page.reload()
    page.wait_for_selector("#party-balance [data-offline-pending]")
    assert page.locator("#party-balance [data-party-balance]").inner_text() == "you'll give ₹849.75"

    page.evaluate(WATCH, ["#party-ledger", ["sugar", "milk"], "#party-balance [data-party-balance]", "you'll give ₹849.75"])
    ctx.set_offline(False)
    page.wait_for_selector("#party-ledger [data-offline-key]", state="detached", timeout=5000)
    page.wait_for_selector("#party-balance [data-offline-pending]", state="detached", timeout=5000)
    assert page.locator("#party-balance [data-offline-pending-mark]").count() == 0
    assert page.locator("#party-balance [data-party-balance]").inner_text() == "you'll give ₹849.75"
    ramesh.refresh_from_db()
    assert ramesh.balance == Decimal("-849.75")
    # The rows and the balance never went missing between the confirmation and the server's rows.
    assert page.evaluate("window.__gaps") == []
    assert page.locator("#party-ledger tr:has-text('sugar')").count() == 1


def test_dashboard_and_party_list_totals_move_offline_and_settle_on_the_servers(new_page, alice, bob, carol):
    """Totals that count one side (what you'll get, what you owe) are recomputed on the device
    from each party's or friend's balance after the waiting changes, not by adding them up."""
    befriend(alice, other=bob)
    befriend(alice, other=carol)
    record_expense(alice, group=None, description="Dinner", amount=Decimal("200.00"), currency="INR",
                   date=dt.date.today(), paid_by=[{"user": alice.pk, "amount": Decimal("200.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk]})
    record_iou(alice, direction="borrowed", amount=Decimal("30.50"), currency="INR", date=dt.date.today(),
               friend_id=carol.pk)
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    suresh = khata.create_party(alice, business=shop, kind="supplier", name="Suresh")
    mohan = khata.create_party(alice, business=shop, kind="customer", name="Mohan")
    khata.record_entry(alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("1000"))
    khata.record_entry(alice, business=shop, party_id=suresh.pk, kind="got", amount=Decimal("200.25"))
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    for url in ("/", f"/khata/{shop.pk}/", f"/khata/parties/{mohan.pk}/", f"/khata/parties/{ramesh.pk}/", "/ious/"):
        visit(page, url)
    khata_get = page.locator("#panel-khata [data-offline-total][data-sign=pos]")
    khata_give = page.locator("#panel-khata [data-offline-total][data-sign=neg]")
    owed = page.locator("#panel-social [data-offline-total][data-sign=pos]")
    owe = page.locator("#panel-social [data-offline-total][data-sign=neg]")

    ctx.set_offline(True)
    page.goto(f"/khata/parties/{mohan.pk}/")
    page.fill("#id_amount", "300")
    page.click("button:has-text('You gave')")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]")
    page.goto(f"/khata/parties/{ramesh.pk}/")
    page.fill("#id_amount", "1500")
    page.click("button:has-text('You got')")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]")
    page.goto("/ious/")
    page.select_option("#id_friend", str(carol.pk))
    page.select_option("#id_direction", "lent")
    page.fill("#id_amount", "50")
    page.click("form[data-offline=iou] button.primary")
    page.wait_for_selector("#iou-list [data-offline-state=waiting]")

    # The business's party list (cached): each party's balance with its waiting entries.
    page.goto(f"/khata/{shop.pk}/")
    page.wait_for_selector("#party-list [data-offline-pending]")
    assert page.inner_text(f"#party-list [data-offline-balance='party:{mohan.pk}']") == "you'll get ₹300.00"
    assert page.inner_text(f"#party-list [data-offline-balance='party:{ramesh.pk}']") == "you'll give ₹500.00"
    assert page.inner_text(f"#party-list [data-offline-balance='party:{suresh.pk}']") == "you'll give ₹200.25"

    # The dashboard (cached): Ramesh crossed from "you'll get" to "you'll give".
    page.goto("/")
    page.wait_for_selector("#panel-khata [data-offline-pending]")
    offline = [khata_get.inner_text(), khata_give.inner_text(), owed.inner_text(), owe.inner_text()]
    assert offline == ["you'll get ₹300.00", "you'll give ₹700.25", "₹119.50", "₹0.00"]
    expect(khata_give).to_have_attribute("data-offline-pending", "700.25")
    assert page.locator("#panel-khata [data-offline-pending-mark]").count() == 2
    assert page.locator("#panel-social [data-offline-pending-mark]").count() == 2
    shot(page, "offline-dashboard-totals")

    ctx.set_offline(False)
    page.wait_for_selector("#outbox", state="hidden", timeout=8000)
    page.wait_for_selector("#panel-khata [data-offline-pending]", state="detached", timeout=8000)
    page.wait_for_selector("#panel-social [data-offline-pending]", state="detached", timeout=8000)
    page.reload()
    assert [khata_get.inner_text(), khata_give.inner_text(), owed.inner_text(), owe.inner_text()] == offline
    assert page.locator("[data-offline-pending]").count() == 0


def test_a_friend_expense_and_balances_of_groups_friends_and_accounts_offline(new_page, alice, bob, carol):
    befriend(alice, other=bob)
    befriend(alice, other=carol)
    group = create_group(alice, name="Flat", currency="INR", members=[bob.pk, carol.pk])
    finance.ensure_finance(alice)
    wallet = finance.create_account(alice, name="Wallet", kind="cash", currency="INR", opening_balance=Decimal("500"))
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    for url in (f"/groups/{group.pk}/", "/friends/", "/ious/", "/finance/", "/finance/transactions/"):
        visit(page, url)

    ctx.set_offline(True)
    # A group expense split three ways: 100.00 does not divide, the odd paisa goes by id order.
    page.goto(f"/groups/{group.pk}/expenses/new/")
    page.fill("#id_description", "Groceries")
    page.fill("#id_amount", "100")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/groups/{group.pk}/")
    page.wait_for_selector("#group-balances [data-offline-pending]")
    pending_group = {str(u.pk): page.locator(f"#group-balances [data-offline-balance='member:{group.pk}:{u.pk}']")
                     for u in (alice, bob, carol)}
    offline_group = {u: loc.get_attribute("data-offline-pending") for u, loc in pending_group.items()}
    owed = owed_shares(Decimal("100.00"), "INR", {"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    assert offline_group == {str(alice.pk): str(Decimal("100.00") - owed[alice.pk]),
                             str(bob.pk): str(-owed[bob.pk]), str(carol.pk): str(-owed[carol.pk])}
    assert sum(Decimal(v) for v in offline_group.values()) == 0
    texts_group = {u: loc.inner_text() for u, loc in pending_group.items()}

    # An expense with one friend, outside any group, from its own page (prefetched by /friends/).
    page.goto("/friends/")
    page.click(f"a[href='/friends/{bob.pk}/expenses/new/']")
    assert "with" in page.inner_text("h1")
    page.fill("#id_description", "Movie")
    page.fill("#id_amount", "501")
    page.click("button[type=submit]")
    page.wait_for_url("**/friends/")
    row = waiting(page, "#friend-expenses")
    expect(row).to_have_count(1)  # drawn once the page has read the outbox
    assert "Movie" in row.inner_text() and "₹501.00" in row.inner_text()
    bob_balance = page.locator(f"#friend-list [data-offline-balance='friend:{bob.pk}']")
    expect(bob_balance).to_have_attribute("data-offline-pending", str(owed[bob.pk] + Decimal("250.50")))
    assert bob_balance.inner_text().startswith("owes you ")
    carol_balance = page.locator(f"#friend-list [data-offline-balance='friend:{carol.pk}']")
    expect(carol_balance).to_have_attribute("data-offline-pending", str(owed[carol.pk]))
    texts_friends = {"bob": bob_balance.inner_text(), "carol": carol_balance.inner_text()}
    shot(page, "offline-friend-balances")

    page.goto("/finance/transactions/")
    page.select_option("#id_account_id", str(wallet.pk))
    page.fill("#id_amount", "99.50")
    page.fill("#id_payee", "Kirana")
    page.click("form[data-offline=transaction] button.primary")
    page.wait_for_selector("#transaction-list [data-offline-state=waiting]:has-text('Kirana')")
    page.goto("/finance/")
    account = page.locator(f"#account-list [data-offline-balance='account:{wallet.pk}']")
    page.wait_for_selector(f"#account-list [data-offline-balance='account:{wallet.pk}'][data-offline-pending]", timeout=10000)
    expect(account).to_have_attribute("data-offline-pending", "400.50")
    assert account.inner_text() == "₹400.50"

    # An IOU: lent to Carol, so she owes that much more.
    page.goto("/ious/")
    page.select_option("#id_friend", str(carol.pk))
    page.select_option("#id_direction", "lent")
    page.fill("#id_amount", "50")
    page.click("form[data-offline=iou] button.primary")
    page.wait_for_selector("#iou-list [data-offline-state=waiting]")
    page.goto("/friends/")
    # the device applies its waiting changes after the page loads (IndexedDB): wait for it
    page.wait_for_selector(f"#friend-list [data-offline-balance='friend:{carol.pk}']"
                           f"[data-offline-pending='{owed[carol.pk] + Decimal('50.00')}']", timeout=10000)
    expect(carol_balance).to_have_attribute("data-offline-pending", str(owed[carol.pk] + Decimal("50.00")))
    texts_friends["carol"] = carol_balance.inner_text()

    # Online: every figure settles on the server's, which is the one shown offline.
    page.goto("/finance/")
    ctx.set_offline(False)
    page.wait_for_selector("#account-list [data-offline-pending]", state="detached", timeout=8000)
    assert account.inner_text() == "₹400.50"
    assert finance_selectors.balances([wallet.pk])[wallet.pk] == Decimal("400.50")
    page.wait_for_selector("#outbox", state="hidden", timeout=8000)
    page.goto(f"/groups/{group.pk}/")
    assert page.locator("#group-balances [data-offline-pending]").count() == 0
    assert {u: loc.inner_text() for u, loc in pending_group.items()} == texts_group
    page.goto("/friends/")
    assert page.locator("#friend-list [data-offline-pending]").count() == 0
    assert {"bob": bob_balance.inner_text(), "carol": carol_balance.inner_text()} == texts_friends
    assert Expense.objects.filter(group=None, description="Movie", amount=Decimal("501")).count() == 1


def test_offline_edit_and_delete_with_a_conflict_shown_and_chosen(new_page, alice):
    finance.ensure_finance(alice)
    wallet = finance.create_account(alice, name="Wallet", kind="cash", currency="INR", opening_balance=Decimal("5000"))
    today = dt.date.today()
    rent = finance.record_transaction(alice, account_id=wallet.pk, direction="expense", amount=Decimal("1000"),
                                      date=today, payee="Rent")
    tea = finance.record_transaction(alice, account_id=wallet.pk, direction="expense", amount=Decimal("20"),
                                     date=today, payee="Tea")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, "/finance/")
    visit(page, "/finance/transactions/")
    wait_online(page)

    ctx.set_offline(True)
    page.click("#transaction-list tr:has-text('Rent') button:has-text('Edit')")
    assert page.input_value("#id_payee") == "Rent" and page.input_value("#id_amount") == "1000.00"
    page.fill("#id_amount", "1200")
    page.click("form[data-offline=transaction] button.primary")
    page.wait_for_selector("#transaction-list [data-offline-state=waiting]:has-text('₹1,200.00')")
    assert page.get_attribute(f"#transaction-list tr[data-offline-item*='{rent.pk}']", "data-offline-pending-op") == "edit"
    page.once("dialog", lambda d: d.accept())
    page.click("#transaction-list tr:has-text('Tea') button:has-text('Delete')")
    page.wait_for_selector(f"#transaction-list tr[data-offline-item*='{tea.pk}'][data-offline-pending-op=delete]")
    assert page.inner_text("#outbox summary") == "Offline — 2 changes waiting"
    page.goto("/finance/")  # from the cache: the balance counts the edit and the delete
    balance = page.locator(f"#account-list [data-offline-balance='account:{wallet.pk}']")
    expect(balance).to_have_attribute("data-offline-pending", "3800.00")  # 5000 - 1200 (Tea deleted)
    page.goto("/finance/transactions/")

    # Meanwhile, on another device, Rent became 1100 (version 2).
    finance.update_transaction(alice, transaction=rent, amount=Decimal("1100"))
    ctx.set_offline(False)
    refused = page.locator("#transaction-list [data-offline-state=refused]")
    refused.wait_for(timeout=8000)
    assert "Changed on the server meanwhile: amount 1000.00 → 1100.00" in refused.inner_text()
    shot(page, "offline-conflict")
    assert Transaction.objects.get(pk=tea.pk).deleted_at is not None  # the delete went through
    assert Transaction.objects.get(pk=rent.pk).amount == Decimal("1100")  # nothing merged silently

    refused.locator("button:has-text('Keep mine')").click()
    page.wait_for_selector("#transaction-list [data-offline-key]", state="detached", timeout=8000)
    page.wait_for_selector("#transaction-list tr:has-text('Rent'):has-text('₹1,200.00')", timeout=8000)
    saved = Transaction.objects.get(pk=rent.pk)
    assert saved.amount == Decimal("1200") and saved.version == 3
    assert page.locator("#transaction-list tr:has-text('Tea')").count() == 0


def test_ious_edited_and_deleted_offline_with_a_conflict_kept_mine(new_page, alice, bob):
    befriend(alice, other=bob)
    today = dt.date.today()
    lent = record_iou(alice, direction="lent", amount=Decimal("750"), currency="INR", date=today, friend_id=bob.pk,
                      note="rent")
    raju = record_iou(alice, direction="borrowed", amount=Decimal("60"), currency="INR", date=today,
                      contact_name="Raju", note="chai")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, "/friends/")
    visit(page, "/ious/")
    wait_online(page)

    ctx.set_offline(True)
    page.click(f"#iou-list tr[data-offline-item*='{lent.pk}'] button:has-text('Edit')")
    assert page.input_value("#id_amount") == "750.00" and page.input_value("#id_friend") == str(bob.pk)
    page.fill("#id_amount", "900.50")
    page.click("form[data-offline=iou] button.primary")
    page.wait_for_selector("#iou-list [data-offline-state=waiting]:has-text('₹900.50')")
    assert page.get_attribute(f"#iou-list tr[data-offline-item*='{lent.pk}']", "data-offline-pending-op") == "edit"
    page.once("dialog", lambda d: d.accept())
    page.click(f"#iou-list tr[data-offline-item*='{raju.pk}'] button:has-text('Delete')")
    page.wait_for_selector(f"#iou-list tr[data-offline-item*='{raju.pk}'][data-offline-pending-op=delete]")
    assert page.inner_text("#outbox summary") == "Offline — 2 changes waiting"
    page.goto("/friends/")  # from the cache: bob owes the edited amount
    bob_balance = page.locator(f"#friend-list [data-offline-balance='friend:{bob.pk}']")
    expect(bob_balance).to_have_attribute("data-offline-pending", "900.50")
    assert bob_balance.inner_text() == "owes you ₹900.50"
    page.goto("/ious/")

    # Meanwhile, on another device, alice made it 800 (version 2).
    edit_iou(alice, iou=lent, changes={"amount": Decimal("800")})
    ctx.set_offline(False)
    refused = page.locator("#iou-list [data-offline-state=refused]")
    refused.wait_for(timeout=8000)
    assert "Changed on the server meanwhile: amount 750.00 → 800.00" in refused.inner_text()
    assert IOU.objects.get(pk=raju.pk).deleted_at is not None  # the delete went through
    assert IOU.objects.get(pk=lent.pk).amount == Decimal("800")  # nothing merged silently

    refused.locator("button:has-text('Keep mine')").click()
    page.wait_for_selector("#iou-list [data-offline-key]", state="detached", timeout=8000)
    page.wait_for_selector("#iou-list tr:has-text('rent'):has-text('₹900.50')", timeout=8000)
    saved = IOU.objects.get(pk=lent.pk)
    assert saved.amount == Decimal("900.50") and saved.version == 3
    assert page.locator("#iou-list tr:has-text('Raju')").count() == 0
    page.goto("/friends/")
    assert page.inner_text(f"#friend-list [data-offline-balance='friend:{bob.pk}']") == "owes you ₹900.50"


def test_an_iou_settled_a_repayment_recorded_and_one_confirmed_offline(new_page, alice, bob):
    """The settle and repayment pages are prefetched by the IOUs page, so both work offline;
    the lender's Confirm on a repayment too."""
    befriend(alice, other=bob)
    today = dt.date.today()
    lent = record_iou(alice, direction="lent", amount=Decimal("750"), currency="INR", date=today, friend_id=bob.pk,
                      note="rent")
    borrowed = record_iou(bob, direction="lent", amount=Decimal("300"), currency="INR", date=today, friend_id=alice.pk,
                          note="books")
    repaid = record_iou_payment(bob, iou=lent, amount=Decimal("50"))  # for alice to confirm
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, "/friends/")
    visit(page, "/ious/")
    wait_online(page)
    bob_balance = page.locator(f"#friend-list [data-offline-balance='friend:{bob.pk}']")

    ctx.set_offline(True)
    page.click(f"a[href='/ious/{lent.pk}/settle/']")
    page.wait_for_url(f"**/ious/{lent.pk}/settle/")
    page.fill("#id_amount", "250")
    page.click("form[data-offline=iou-settle] button.primary")
    page.wait_for_url("**/ious/")
    page.wait_for_selector("#iou-list [data-offline-state=waiting]:has-text('Settled ₹250.00')")
    outstanding = page.locator(f"#iou-list [data-offline-balance='iou:{lent.pk}']")
    expect(outstanding).to_have_attribute("data-offline-pending", "500.00")
    assert outstanding.inner_text() == "₹500.00"
    page.click(f"a[href='/ious/{borrowed.pk}/pay/']")
    page.wait_for_url(f"**/ious/{borrowed.pk}/pay/")
    page.fill("#id_amount", "100")
    page.click("form[data-offline=iou-payment] button.primary")
    page.wait_for_url("**/ious/")
    page.wait_for_selector("#iou-list [data-offline-state=waiting]:has-text('Repaid ₹100.00')")
    # Bob's repayment of 50, confirmed offline: it settles that much.
    page.click(f"form[data-offline-payment='{repaid.pk}'] button:has-text('Confirm')")
    page.wait_for_selector("#iou-list [data-offline-state=waiting]:has-text('Confirmed ₹50.00')")
    assert outstanding.inner_text() == "₹450.00"
    assert page.inner_text("#outbox summary") == "Offline — 3 changes waiting"
    page.goto("/friends/")  # 750 - 300 owed, less 250 settled and 50 confirmed; alice's repayment waits for bob
    expect(bob_balance).to_have_attribute("data-offline-pending", "150.00")
    assert bob_balance.inner_text() == "owes you ₹150.00"

    page.goto("/ious/")
    ctx.set_offline(False)
    page.wait_for_selector("#outbox", state="hidden", timeout=8000)
    page.wait_for_selector("#iou-list [data-offline-key]", state="detached", timeout=8000)
    assert outstanding.inner_text() == "₹450.00"
    assert IOU.objects.get(pk=lent.pk).settled == Decimal("300.00")
    assert IOUPayment.objects.get(pk=repaid.pk).status == "confirmed"
    assert [(p.amount, p.status) for p in IOUPayment.objects.filter(iou=borrowed)] == [(Decimal("100.00"), "pending")]
    page.goto("/friends/")
    assert bob_balance.inner_text() == "owes you ₹150.00"


def test_khata_entries_edited_and_deleted_offline_move_the_balance_and_sync(new_page, alice):
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    sugar = khata.record_entry(alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("300"), note="sugar")
    rice = khata.record_entry(alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("200"), note="rice")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, f"/khata/parties/{ramesh.pk}/")
    wait_online(page)
    balance = page.locator("#party-balance [data-party-balance]")
    assert balance.inner_text() == "you'll get ₹500.00"

    ctx.set_offline(True)
    page.click("#party-ledger tr:has-text('sugar') button:has-text('Edit')")
    assert page.input_value("#id_amount") == "300.00" and page.input_value("#id_note") == "sugar"
    page.fill("#id_amount", "350.50")
    page.click("button:has-text('You gave')")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]:has-text('₹350.50')")
    page.once("dialog", lambda d: d.accept())
    page.click("#party-ledger tr:has-text('rice') button:has-text('Delete')")
    page.wait_for_selector(f"#party-ledger tr[data-offline-item*='{rice.pk}'][data-offline-pending-op=delete]")
    assert balance.inner_text() == "you'll get ₹350.50"  # 500 - 300 + 350.50 - 200
    expect(balance).to_have_attribute("data-offline-pending", "350.50")

    ctx.set_offline(False)
    page.wait_for_selector("#party-balance [data-offline-pending]", state="detached", timeout=8000)
    page.wait_for_selector("#party-ledger [data-offline-key]", state="detached", timeout=8000)
    assert balance.inner_text() == "you'll get ₹350.50"
    ramesh.refresh_from_db()
    assert ramesh.balance == Decimal("350.50")
    assert Entry.objects.get(pk=sugar.pk).amount == Decimal("350.50")
    assert Entry.objects.get(pk=rice.pk).deleted_at is not None
    assert page.locator("#party-ledger tr:has-text('rice')").count() == 0


def test_expenses_edited_and_deleted_offline_from_the_group_and_friends_pages(new_page, alice, bob):
    befriend(alice, other=bob)
    group = create_group(alice, name="Trip", currency="INR", members=[bob.pk])
    today = dt.date.today()
    both = {"method": "equal", "between": [alice.pk, bob.pk]}
    dinner = record_expense(alice, group=group, description="Dinner", amount=Decimal("600.00"), currency="INR",
                            date=today, paid_by=[{"user": alice.pk, "amount": Decimal("600.00")}], split=both)
    cab = record_expense(alice, group=None, description="Cab", amount=Decimal("90.00"), currency="INR",
                         date=today, paid_by=[{"user": alice.pk, "amount": Decimal("90.00")}], split=both)
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, "/friends/")
    visit(page, f"/groups/{group.pk}/")
    bob_friend = page.locator(f"#friend-list [data-offline-balance='friend:{bob.pk}']")

    ctx.set_offline(True)
    # The row's Edit link opens the (prefetched) add-expense page filled with the expense.
    page.click("#group-expenses tr:has-text('Dinner') a:has-text('Edit')")
    page.wait_for_url(f"**/groups/{group.pk}/expenses/new/")
    page.wait_for_function("() => document.querySelector('#id_description').value === 'Dinner'")
    assert page.input_value("#id_amount") == "600.00"
    page.fill("#id_amount", "900")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/groups/{group.pk}/")
    page.wait_for_selector("#group-expenses [data-offline-state=waiting]:has-text('₹900.00')")
    assert page.get_attribute(f"#group-expenses tr[data-expense='{dinner.pk}']", "data-offline-pending-op") == "edit"
    bob_member = page.locator(f"#group-balances [data-offline-balance='member:{group.pk}:{bob.pk}']")
    expect(bob_member).to_have_attribute("data-offline-pending", "-450.00")
    assert bob_member.inner_text() == "owes ₹450.00"

    page.goto("/friends/")
    page.once("dialog", lambda d: d.accept())
    page.click("#friend-expenses tr:has-text('Cab') button:has-text('Delete')")
    page.wait_for_selector(f"#friend-expenses tr[data-expense='{cab.pk}'][data-offline-pending-op=delete]")
    expect(bob_friend).to_have_attribute("data-offline-pending", "450.00")  # 300 + 45, then +150 and -45

    ctx.set_offline(False)
    page.wait_for_selector("#friend-list [data-offline-pending]", state="detached", timeout=8000)
    page.wait_for_selector(f"#friend-expenses tr[data-expense='{cab.pk}']", state="detached", timeout=8000)
    assert bob_friend.inner_text() == "owes you ₹450.00"
    dinner.refresh_from_db()
    assert dinner.amount == Decimal("900.00") and dinner.version == 2
    assert Expense.objects.get(pk=cab.pk).deleted_at is not None


def test_a_cashbook_entry_edited_and_another_deleted_offline(new_page, alice):
    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    rent = khata.record_cash(alice, business=shop, direction="out", amount=Decimal("500"), note="rent")
    sale = khata.record_cash(alice, business=shop, direction="in", amount=Decimal("80"), note="sale")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, f"/khata/parties/{ramesh.pk}/")
    visit(page, f"/khata/{shop.pk}/cashbook/")
    wait_online(page)

    ctx.set_offline(True)
    # Ramesh pays 200 in cash on his page: the cashbook's cash in counts it too.
    page.goto(f"/khata/parties/{ramesh.pk}/")
    page.fill("#id_amount", "200")
    page.check("input[name=settled][value=cash]")
    page.click("button:has-text('You got')")
    page.wait_for_selector("#party-ledger [data-offline-state=waiting]")
    page.goto(f"/khata/{shop.pk}/cashbook/")
    page.click("#cash-entries tr:has-text('rent') button:has-text('Edit')")
    assert page.input_value("#id_amount") == "500.00"
    page.fill("#id_note", "shop rent")
    page.click("form[data-offline=cash] button.primary")
    page.wait_for_selector("#cash-entries [data-offline-state=waiting]:has-text('shop rent')")
    page.once("dialog", lambda d: d.accept())
    page.click("#cash-entries tr:has-text('sale') button:has-text('Delete')")
    page.wait_for_selector(f"#cash-entries tr[data-offline-item*='{sale.pk}'][data-offline-pending-op=delete]")
    # Cash counted yesterday: today's opening and closing move, today's in and out do not.
    yesterday = (dt.date.fromisoformat(page.input_value("#id_date")) - dt.timedelta(days=1)).isoformat()
    page.select_option("#id_direction", "in")
    page.fill("#id_amount", "1000")
    page.fill("#id_date", yesterday)
    page.fill("#id_note", "float")
    page.click("form[data-offline=cash] button.primary")
    page.wait_for_selector("#cash-entries [data-offline-state=waiting]:has-text('float')")
    figures = ["Opening", "Cash in", "Cash out", "Closing"]

    def summary() -> list[str]:
        return [page.inner_text(f"#cash-summary li:has-text('{name}') .amount") for name in figures]

    assert summary() == ["₹1,000.00", "₹200.00", "₹500.00", "₹700.00"]  # was 0, 80, 500, -420
    assert page.locator("#cash-summary [data-offline-pending]").count() == 3  # cash out did not move

    ctx.set_offline(False)
    page.wait_for_selector("#cash-entries [data-offline-key]", state="detached", timeout=8000)
    page.wait_for_selector(f"#cash-entries tr[data-offline-item*='{sale.pk}']", state="detached", timeout=8000)
    page.wait_for_selector("#cash-summary [data-offline-pending]", state="detached", timeout=8000)
    assert summary() == ["₹1,000.00", "₹200.00", "₹500.00", "₹700.00"]
    rent.refresh_from_db()
    sale.refresh_from_db()
    assert rent.note == "shop rent" and rent.amount == Decimal("500") and rent.version == 2
    assert sale.deleted_at is not None


def test_device_arithmetic_equals_the_servers_splits_and_pairings(new_page, alice):
    """The device's BigInt splits equal social.splits / config.money to the unit, for random
    amounts, methods, people and currencies with 0, 2 and 3 decimals."""
    page = new_page()
    log_in(page, "alice@example.com", PASSWORD)
    rng = random.Random(20)
    cases = []
    for _ in range(300):
        currency = rng.choice(["INR", "JPY", "KWD"])
        places = {"INR": 2, "JPY": 0, "KWD": 3}[currency]
        amount = Decimal(rng.randint(1, 10**7)).scaleb(-places)
        people = sorted(str(uuid.uuid4()) for _ in range(rng.randint(1, 6)))
        method = rng.choice(["equal", "percent", "shares"])
        if method == "equal":
            split = {"method": "equal", "between": people}
        elif method == "shares":
            split = {"method": "shares", "shares": {p: rng.randint(1, 9) for p in people}}
        else:
            cuts = sorted(rng.randint(0, 10**6) for _ in people[1:])
            edges = [0, *cuts, 10**6]
            split = {"method": "percent",
                     "percents": {p: str(Decimal(edges[i + 1] - edges[i]).scaleb(-4)) for i, p in enumerate(people)}}
        owed = {str(k): v for k, v in owed_shares(amount, currency, split).items()}
        nets = {p: (amount if p == people[0] else Decimal(0)) - owed.get(p, Decimal(0)) for p in people}
        pairs = [[str(t.debtor), str(t.creditor), str(t.amount)] for t in match(nets)]
        cases.append({"amount": str(amount), "currency": currency, "split": split,
                      "owed": {k: str(v) for k, v in owed.items() if v}, "pairs": pairs, "people": people})
    bad = page.evaluate("""(cases) => {
      const M = window.hisaabMinor, bad = [];
      for (const c of cases) {
        const total = M.toMinor(c.amount, c.currency);
        const owed = M.owed(total, c.currency, c.split);
        const got = Object.fromEntries(Object.entries(owed).filter(([, v]) => v !== 0n).map(([k, v]) => [k, M.toText(v, c.currency)]));
        const paid = {}; paid[c.people[0]] = total;
        const pairs = M.match(M.nets(paid, owed)).map(t => [t.debtor, t.creditor, M.toText(t.amount, c.currency)]);
        if (JSON.stringify(got, Object.keys(got).sort()) !== JSON.stringify(c.owed, Object.keys(c.owed).sort())
            || JSON.stringify(pairs) !== JSON.stringify(c.pairs)) bad.push({c, got, pairs});
      }
      return bad;
    }""", cases)
    assert bad == []


def test_a_payment_deleted_offline_moves_the_group_balances_back(new_page, alice, bob):
    befriend(alice, other=bob)
    group = create_group(alice, name="Trip", currency="INR", members=[bob.pk])
    record_expense(alice, group=group, description="Dinner", amount=Decimal("600.00"), currency="INR",
                   date=dt.date.today(), paid_by=[{"user": alice.pk, "amount": Decimal("600.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk]})
    paid = record_settlement(alice, group=group, payer_id=bob.pk, payee_id=alice.pk, amount=Decimal("100.00"),
                             currency="INR")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, f"/groups/{group.pk}/")
    wait_online(page)
    bob_member = page.locator(f"#group-balances [data-offline-balance='member:{group.pk}:{bob.pk}']")
    assert bob_member.inner_text() == "owes ₹200.00"

    ctx.set_offline(True)
    row = page.locator(f"#group-activity li[data-offline-item*='{paid.pk}']")
    assert row.locator("button:has-text('Edit')").count() == 0  # a payment is deleted, not edited
    page.once("dialog", lambda d: d.accept())
    row.locator("button:has-text('Delete')").click()
    page.wait_for_selector(f"#group-activity li[data-offline-item*='{paid.pk}'][data-offline-pending-op=delete]")
    assert bob_member.inner_text() == "owes ₹300.00"
    expect(bob_member).to_have_attribute("data-offline-pending", "-300.00")

    ctx.set_offline(False)
    page.wait_for_selector("#group-balances [data-offline-pending]", state="detached", timeout=8000)
    assert bob_member.inner_text() == "owes ₹300.00"
    assert Settlement.objects.get(pk=paid.pk).deleted_at is not None


def test_a_push_whose_answer_is_lost_is_resent_from_a_reopened_tab_and_applied_once(new_page, alice):
    finance.ensure_finance(alice)
    wallet = finance.create_account(alice, name="Wallet", kind="cash", currency="INR")
    page = new_page()
    ctx = page.context
    log_in(page, "alice@example.com", PASSWORD)
    visit(page, "/finance/transactions/")

    ctx.set_offline(True)
    page.evaluate(
        """(account) => {
          const form = document.querySelector("form[data-offline=transaction]");
          for (let i = 1; i <= 5; i++) {
            form.elements.account_id.value = account;
            form.elements.amount.value = String(i);
            form.elements.payee.value = "Lost " + i;
            form.requestSubmit();
          }
        }""",
        str(wallet.pk),
    )
    page.wait_for_function("() => document.querySelector('#outbox').dataset.waiting === '5'")

    # The server applies the push, but the tab never hears back (it is closed meanwhile).
    applied = []

    def lose_answer(route):
        body = route.request.post_data_json or {}
        response = route.fetch()
        if body.get("mutations"):
            applied.append(len(body["mutations"]))
            route.abort()
        else:
            route.fulfill(response=response)

    page.route("**/api/sync/push", lose_answer)
    ctx.set_offline(False)
    page.wait_for_function("() => document.querySelector('#outbox').dataset.waiting === '5'")
    deadline = time.monotonic() + 10
    while not applied and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert applied == [5]
    assert Transaction.objects.filter(owner=alice, payee__startswith="Lost ").count() == 5
    page.close()

    again = ctx.new_page()  # reopened: the same ids go again and get the recorded answers
    again.goto("/finance/transactions/")
    again.wait_for_selector("#outbox[data-waiting='0']", state="attached", timeout=10000)
    again.wait_for_selector("#transaction-list [data-offline-key]", state="detached", timeout=8000)
    assert Transaction.objects.filter(owner=alice, payee__startswith="Lost ").count() == 5
    assert again.locator("#transaction-list tr:has-text('Lost 3')").count() == 1
    client = PushClient.objects.get(user=alice)
    assert client.last_mutation_id == 5 and client.mutations.count() == 5
