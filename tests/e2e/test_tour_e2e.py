"""A tour of the main pages with demo-like data: each renders in the browser without a
console error, and a screenshot of each is saved to test-artifacts/ for a reviewer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib.util import find_spec

from django.utils import timezone

from social.actions import befriend, create_group, record_expense, update_account
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online


def _khata(alice) -> list[tuple[str, str]]:
    from ledger.khata import actions

    shop = actions.create_business(alice, name="Sharma Kirana", currency="INR")
    party = actions.create_party(alice, business=shop, kind="customer", name="Ramesh", phone="+919876511111")
    actions.record_entry(alice, business=shop, party_id=party.pk, kind="gave", amount=Decimal("125000"))
    bill = actions.create_bill(alice, business=shop, party_id=party.pk, lines=[
        {"description": "Rice 25kg", "quantity": Decimal("2"), "unit_price": Decimal("1000"), "tax_rate": Decimal("5")}])
    staff = actions.create_staff(alice, business=shop, name="Raju", salary_type="monthly", salary_amount=Decimal("15000"))
    return [("khata-parties", f"/khata/{shop.pk}/"), ("khata-party-ledger", f"/khata/parties/{party.pk}/"),
            ("khata-bill", f"/khata/bills/{bill.pk}/"), ("khata-cashbook", f"/khata/{shop.pk}/cashbook/"),
            ("khata-staff-month", f"/khata/staff/{staff.pk}/"), ("khata-settings", f"/khata/{shop.pk}/settings/")]


def _finance(alice) -> list[tuple[str, str]]:
    from ledger.finance import actions, selectors

    actions.ensure_finance(alice)
    bank = actions.create_account(alice, name="HDFC", kind="bank", currency="INR", opening_balance=Decimal("250000"))
    food = selectors.categories_of(alice).filter(kind="expense").first()
    today = timezone.localdate()
    actions.create_budget(alice, name="Food", amount=Decimal("10000"), category_id=food.pk)
    for months_ago, amount in enumerate([Decimal("8200"), Decimal("6400"), Decimal("9100")]):
        day = today - dt.timedelta(days=30 * months_ago)
        actions.record_transaction(alice, account_id=bank.pk, direction="expense", amount=amount, date=day,
                                   category_id=food.pk, payee="Big Bazaar")
        actions.record_transaction(alice, account_id=bank.pk, direction="income", amount=Decimal("60000"), date=day,
                                   payee="Salary")
    actions.create_bill(alice, name="Electricity", amount=Decimal("1800"), due_date=today + dt.timedelta(days=3))
    return [("finance-accounts", "/finance/"), ("finance-transactions", "/finance/transactions/"),
            ("finance-budgets", "/finance/budgets/"), ("finance-bills", "/finance/bills/"),
            ("finance-reports", "/finance/reports/"), ("finance-import", "/finance/import/")]


def _market(alice) -> list[tuple[str, str]]:
    from invoicing import actions

    today = timezone.localdate()
    inv = actions.create_invoice(
        alice, buyer_name="Tata Steel", number="INV-7", face_amount=Decimal("500000"), currency="INR",
        issue_date=today, due_date=today + dt.timedelta(days=90), discount_rate=Decimal("14"),
        min_ticket=Decimal("5000"))
    actions.list_invoice(alice, invoice_id=inv.pk)
    return [("market-listings", "/market/"), ("market-invoice", f"/market/invoices/{inv.pk}/"),
            ("market-mine", "/market/mine/"), ("market-portfolio", "/market/portfolio/"),
            ("market-wallet", "/market/wallet/")]


def test_tour_of_the_main_pages(new_page, alice, bob, carol):
    befriend(alice, other=bob)
    befriend(alice, other=carol)
    update_account(alice, changes={"upi_id": "alice@okhdfc"})
    trip = create_group(alice, name="Goa trip", currency="INR", members=[bob.pk, carol.pk])
    record_expense(alice, group=trip, description="Villa", amount=Decimal("36000.00"), currency="INR",
                   date=timezone.localdate(), paid_by=[{"user": alice.pk, "amount": Decimal("36000.00")}],
                   split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    pages = [("dashboard", "/"), ("friends", "/friends/"), ("groups", "/groups/"),
             ("group-settle-up", f"/groups/{trip.pk}/"), ("ious", "/ious/"), ("profile", "/profile/"),
             ("notifications", "/notifications/")]
    for area, make in (("ledger.khata.actions", _khata), ("ledger.finance.actions", _finance),
                       ("invoicing.actions", _market)):
        if find_spec(area) is not None:
            pages += make(alice)

    page = new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    log_in(page, "alice@example.com", PASSWORD)
    wait_online(page)
    for name, url in pages:
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        shot(page, f"tour-{name}")
    page.set_viewport_size({"width": 390, "height": 820})
    page.goto("/")
    shot(page, "tour-dashboard-phone")
    assert errors == []
