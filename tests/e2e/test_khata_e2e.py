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


def test_entry_form_offers_credit_first_and_only_cash_reaches_the_cashbook(new_page, alice):
    from decimal import Decimal

    from ledger.khata.models import CashEntry, Party

    shop = actions.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = actions.create_party(alice, business=shop, kind="customer", name="Ramesh")
    page = new_page()
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/khata/parties/{ramesh.pk}/")
    assert page.is_checked("#entry-settled input[value='credit']")  # preselected
    page.fill("#id_amount", "2500.50")
    page.click("button:has-text('You gave')")
    page.wait_for_selector("[data-party-balance]:has-text('₹2,500.50')")
    assert not CashEntry.objects.filter(business=shop).exists()  # goods on credit: no cash moved
    page.check("#entry-settled input[value='cash']")
    page.fill("#id_amount", "500")
    page.click("button:has-text('You got')")
    page.wait_for_selector("[data-party-balance]:has-text('₹2,000.50')")
    shot(page, "khata-entry-credit-cash")
    page.goto(f"/khata/{shop.pk}/cashbook/")
    page.wait_for_selector("#cash-summary .amount.pos:has-text('₹500.00')")
    assert [c.amount for c in CashEntry.objects.filter(business=shop)] == [Decimal("500.00")]
    assert Party.objects.get(pk=ramesh.pk).balance == Decimal("2000.50")


def test_a_clerk_is_refused_the_cashbook_and_warned_at_the_credit_limit(new_page, alice, bob):
    from decimal import Decimal

    from ledger.khata.models import Party

    shop = actions.create_business(alice, name="Sharma Kirana", currency="INR")
    actions.add_member(alice, business=shop, user=bob, role="clerk")
    ramesh = actions.create_party(alice, business=shop, kind="customer", name="Ramesh", credit_limit=Decimal(1000))
    clerk = new_page()
    log_in(clerk, "bob@example.com", PASSWORD)
    clerk.goto(f"/khata/parties/{ramesh.pk}/")
    assert clerk.locator("nav.tabs a:has-text('Cashbook')").count() == 0
    clerk.fill("#id_amount", "1200")
    clerk.click("button:has-text('You gave')")
    clerk.wait_for_selector("#credit-warning:has-text('over the credit limit')")
    shot(clerk, "khata-credit-limit-warning")
    assert Party.objects.get(pk=ramesh.pk).balance == 0  # held back before submitting
    response = clerk.goto(f"/khata/{shop.pk}/cashbook/")
    assert response.status == 403
    shot(clerk, "khata-clerk-cashbook-refused")


def test_the_bill_form_warns_before_issuing_over_the_credit_limit(new_page, alice):
    from decimal import Decimal

    from ledger.khata.models import Bill

    shop = actions.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = actions.create_party(alice, business=shop, kind="customer", name="Ramesh", credit_limit=Decimal(1000))
    actions.record_entry(alice, business=shop, party_id=ramesh.id, kind="gave", amount=Decimal(900))
    page = new_page()
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/khata/{shop.pk}/bills/new/")
    page.select_option("[name=party]", str(ramesh.pk))
    page.fill("[name=lines-0-description]", "Rice")
    page.fill("[name=lines-0-quantity]", "1")
    page.fill("[name=lines-0-unit_price]", "200")
    page.fill("[name=lines-0-tax_rate]", "18")
    page.click("button:has-text('Save and issue')")
    page.wait_for_selector("#credit-warning:has-text('1136.00')")  # 900 + 200 + 18% tax
    shot(page, "khata-bill-credit-warning")
    assert not Bill.objects.filter(party=ramesh).exists()
    page.check("[name=override_credit_limit]")
    page.click("button:has-text('Save and issue')")
    page.wait_for_url("**/khata/bills/**")
    assert Bill.objects.get(party=ramesh).total == Decimal("236.00")


def test_the_owner_lists_a_bill_from_its_page_and_the_manager_cannot(new_page, alice, bob):
    """Issue 15: only the owner is offered "Finance on the marketplace"; listing goes to the
    invoice, and the bill then says it is paid through it (no payment form)."""
    import datetime as dt
    from decimal import Decimal

    from invoicing.models import Invoice

    shop = actions.create_business(alice, name="Sharma Traders", currency="INR")
    actions.add_member(alice, business=shop, user=bob, role="manager")
    party = actions.create_party(alice, business=shop, kind="customer", name="Tata Steel Ltd")
    today = shop.today()
    bill = actions.create_bill(alice, business=shop, party_id=party.id, issue_date=today,
                               due_date=today + dt.timedelta(days=45),
                               lines=[{"description": "Coils", "quantity": Decimal(10), "unit_price": Decimal(10000)}])

    manager = new_page()
    log_in(manager, "bob@example.com", PASSWORD)
    manager.goto(f"/khata/bills/{bill.pk}/")
    manager.wait_for_selector("#bill-detail")
    assert manager.locator("#bill-list").count() == 0

    owner = new_page()
    log_in(owner, "alice@example.com", PASSWORD)
    owner.goto(f"/khata/bills/{bill.pk}/")
    owner.fill("#id_listing_rate", "14")
    owner.fill("#id_listing_min_ticket", "5000")
    shot(owner, "khata-bill-list-on-market")
    owner.click("#bill-list button")
    owner.wait_for_url("**/market/invoices/**")
    invoice = Invoice.objects.get(source_bill_id=bill.pk)
    assert invoice.status == "listed" and invoice.seller_id == alice.pk and invoice.discount_rate == Decimal(14)
    owner.click(f"a[href='/khata/bills/{bill.pk}/']")
    owner.wait_for_selector("#bill-financed")
    assert owner.locator("#bill-list").count() == 0 and owner.locator("text=Record payment").count() == 0
    shot(owner, "khata-bill-financed")
