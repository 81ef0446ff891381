"""Splitting while adding a transaction (issue 21), in a phone-sized browser: the part rows
and the running "left to split" online, and a split made offline that waits on the device
with its parts and reaches the server once when the network returns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from playwright.sync_api import expect

from ledger.finance import actions as finance
from ledger.finance.models import Category, Transaction
from realtime.models import PushedMutation
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot


def _fill_split(page, wallet, payee: str) -> None:
    page.select_option("#id_account_id", str(wallet.pk))
    page.fill("#id_amount", "500")
    page.fill("#id_payee", payee)
    expect(page.locator("[data-split-rows]")).to_be_hidden()
    page.check("#id_split")
    expect(page.locator("[data-split-rows]")).to_be_visible()
    expect(page.locator("#id_category_id")).to_be_hidden()  # each part has its category
    page.select_option("#id_part_category_0", label="Groceries")
    page.fill("#id_part_amount_0", "320.50")
    expect(page.locator("#split-left")).to_have_text("₹179.50 left to split")


def test_a_split_added_online_counts_what_is_left(new_page, alice):
    finance.ensure_finance(alice)
    wallet = finance.create_account(alice, name="Wallet", kind="cash", currency="INR")
    page = new_page(360, 780)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/finance/transactions/")
    _fill_split(page, wallet, "Big Bazaar")
    page.select_option("#id_part_category_1", label="Shopping")
    page.fill("#id_part_amount_1", "200")
    expect(page.locator("#split-left")).to_have_text("₹20.50 more than the total")
    page.fill("#id_part_amount_1", "150")
    page.click("[data-split-add]")
    expect(page.locator("#id_part_category_3")).to_be_visible()
    expect(page.locator("label[for=id_part_amount_3]")).to_have_text("Amount of part 4")
    page.fill("#id_part_amount_3", "29.50")
    expect(page.locator("#split-left")).to_have_text("₹0.00 left to split")
    page.click("[data-split-row]:nth-of-type(3) [data-split-remove]")  # the empty third row
    expect(page.locator("label[for=id_part_amount_2]")).to_have_text("Amount of part 3")
    expect(page.locator("#id_part_amount_2")).to_have_value("29.50")
    shot(page, "split-on-add-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("form[data-offline=transaction] button.primary")
    expect(page.locator("#transaction-list")).to_contain_text("Groceries ₹320.50 · Shopping ₹150.00 · — ₹29.50")
    txn = Transaction.objects.get(owner=alice)
    assert txn.split and [p.amount for p in txn.parts.order_by("id")] == [Decimal("320.50"), Decimal("150.00"),
                                                                         Decimal("29.50")]


def test_a_split_made_offline_waits_with_its_parts_and_is_applied_once(new_page, alice):
    finance.ensure_finance(alice)
    wallet = finance.create_account(alice, name="Wallet", kind="cash", currency="INR")
    page = new_page(360, 780)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/finance/transactions/")
    page.wait_for_selector("html[data-offline=ready]", timeout=15000)
    page.context.set_offline(True)
    _fill_split(page, wallet, "Kirana offline")
    page.select_option("#id_part_category_1", label="Shopping")
    page.fill("#id_part_amount_1", "179.50")
    expect(page.locator("#split-left")).to_have_text("₹0.00 left to split")
    page.click("form[data-offline=transaction] button.primary")
    pending = page.locator("#transaction-list [data-offline-state=waiting]")
    expect(pending).to_contain_text("Kirana offline")
    expect(pending).to_contain_text("Groceries ₹320.50 · Shopping ₹179.50")
    expect(page.locator("#outbox summary")).to_have_text("Offline — 1 change waiting")
    expect(page.locator("[data-split-rows]")).to_be_hidden()  # the form is empty again
    shot(page, "split-offline-waiting-phone")
    assert Transaction.objects.filter(owner=alice).count() == 0

    page.context.set_offline(False)
    expect(page.locator("#transaction-list [data-offline-state]")).to_have_count(0, timeout=8000)
    expect(page.locator("#transaction-list")).to_contain_text("Groceries ₹320.50 · Shopping ₹179.50")
    expect(page.locator("#outbox")).to_be_hidden()
    page.reload()
    expect(page.locator("#transaction-list")).to_contain_text("Kirana offline")
    txn = Transaction.objects.get(owner=alice)
    assert txn.split and [(p.category.name, p.amount) for p in txn.parts.order_by("id")] == [
        ("Groceries", Decimal("320.50")), ("Shopping", Decimal("179.50"))]
    assert PushedMutation.objects.filter(client__user=alice).count() == 1


def test_editing_a_split_offline_fills_its_parts_and_sends_them(new_page, alice):
    finance.ensure_finance(alice)
    wallet = finance.create_account(alice, name="Wallet", kind="cash", currency="INR")
    cats = {c.name: c for c in Category.objects.filter(owner=alice, name__in=["Groceries", "Shopping"])}
    txn = finance.record_transaction(alice, account_id=wallet.id, direction="expense", amount=Decimal("500.00"),
                                     date=dt.date.today(), payee="Split shop", parts=[
                                         {"category_id": cats["Groceries"].id, "amount": Decimal("320.50")},
                                         {"category_id": cats["Shopping"].id, "amount": Decimal("179.50")}])
    page = new_page(360, 780)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/finance/transactions/")
    page.wait_for_selector("html[data-offline=ready]", timeout=15000)
    page.context.set_offline(True)
    page.click("#transaction-list [data-offline-action=item-edit]")
    expect(page.locator("#id_split")).to_be_checked()
    expect(page.locator("#id_part_amount_0")).to_have_value("320.50")
    expect(page.locator("#id_part_amount_1")).to_have_value("179.50")
    expect(page.locator("#split-left")).to_have_text("₹0.00 left to split")
    page.fill("#id_part_amount_0", "300")
    expect(page.locator("#split-left")).to_have_text("₹20.50 left to split")
    page.fill("#id_part_amount_1", "200")
    page.click("form[data-offline=transaction] button.primary")
    expect(page.locator("#transaction-list [data-offline-op-mark]")).to_have_text("edit waiting")
    page.context.set_offline(False)
    expect(page.locator("#outbox")).to_be_hidden(timeout=8000)
    expect(page.locator("#transaction-list")).to_contain_text("Groceries ₹300.00 · Shopping ₹200.00")
    txn.refresh_from_db()
    assert txn.split and txn.version == 2
    assert [p.amount for p in txn.parts.order_by("id")] == [Decimal("300.00"), Decimal("200.00")]
