"""Demo-like data for browser tests that walk every page: one call builds alice's world
(friends, a group with an expense, an IOU, a shop, a finance book, an invoice on the market)
and returns the pages to visit as (name, path) pairs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib.util import find_spec

from django.utils import timezone

from social.actions import (
    befriend,
    create_group,
    create_invite,
    record_expense,
    record_iou,
    update_account,
)


def _social(alice, bob, carol) -> list[tuple[str, str]]:
    befriend(alice, other=bob)
    befriend(alice, other=carol)
    update_account(alice, changes={"upi_id": "alice@okhdfc"})
    trip = create_group(alice, name="Goa trip", currency="INR", members=[bob.pk, carol.pk])
    expense = record_expense(
        alice, group=trip, description="Villa", amount=Decimal("36000.00"), currency="INR",
        date=timezone.localdate(), paid_by=[{"user": alice.pk, "amount": Decimal("36000.00")}],
        split={"method": "equal", "between": [alice.pk, bob.pk, carol.pk]})
    iou = record_iou(alice, direction="lent", amount=Decimal("1250.50"), currency="INR",
                     date=timezone.localdate(), friend_id=bob.pk, note="Lunch")
    create_invite(alice, name="Dev")
    return [("dashboard", "/"), ("friends", "/friends/"), ("groups", "/groups/"),
            ("group-settle-up", f"/groups/{trip.pk}/"), ("group-settings", f"/groups/{trip.pk}/settings/"),
            ("expense-new", f"/groups/{trip.pk}/expenses/new/"),
            ("expense-edit", f"/expenses/{expense.pk}/edit/"), ("ious", "/ious/"),
            ("iou-settle", f"/ious/{iou.pk}/settle/"), ("profile", "/profile/"),
            ("notifications", "/notifications/"), ("invite-code", "/invite/"),
            ("expenses", "/expenses/")]


def _khata(alice) -> list[tuple[str, str]]:
    from ledger.khata import actions

    shop = actions.create_business(alice, name="Sharma Kirana", currency="INR")
    party = actions.create_party(alice, business=shop, kind="customer", name="Ramesh", phone="+919876511111")
    entry = actions.record_entry(alice, business=shop, party_id=party.pk, kind="gave", amount=Decimal("955412.50"))
    bill = actions.create_bill(alice, business=shop, party_id=party.pk, lines=[
        {"description": "Rice 25kg", "quantity": Decimal("2"), "unit_price": Decimal("1000"), "tax_rate": Decimal("5")}])
    # A second customer's bill with a sales return on it (Ramesh's balance stays as the tests know it).
    sunita = actions.create_party(alice, business=shop, kind="customer", name="सुनीता")
    returned = actions.create_bill(alice, business=shop, party_id=sunita.pk, lines=[
        {"description": "Rice 25kg", "quantity": Decimal("2"), "unit_price": Decimal("1000"), "tax_rate": Decimal("5")}])
    note = actions.issue_credit_note(alice, bill=returned, reason="एक बोरी वापस", lines=[
        {"description": "Rice 25kg", "quantity": Decimal("1"), "unit_price": Decimal("1000"), "tax_rate": Decimal("5")}])
    mill = actions.create_party(alice, business=shop, kind="supplier", name="आटा मिल")
    actions.record_purchase_bill(alice, business=shop, party_id=mill.pk, number="AM/118", lines=[
        {"description": "Atta 50kg", "quantity": Decimal("4"), "unit_price": Decimal("1500"), "tax_rate": Decimal("5")}])
    staff = actions.create_staff(alice, business=shop, name="Raju", salary_type="monthly", salary_amount=Decimal("15000"))
    actions.invite_staff(alice, business=shop, role="clerk", name="Mohan", phone="+919876522222")
    from ledger.khata.statement_links import share_path

    return [("khata-home", "/khata/"), ("khata-parties", f"/khata/{shop.pk}/"),
            ("khata-team", f"/khata/{shop.pk}/team/"), ("khata-import", "/khata/import/"),
            ("khata-shared-statement", share_path(party)),
            ("khata-party-ledger", f"/khata/parties/{party.pk}/"), ("khata-bills", f"/khata/{shop.pk}/bills/"),
            ("khata-bill-new", f"/khata/{shop.pk}/bills/new/"), ("khata-bill", f"/khata/bills/{bill.pk}/"),
            ("khata-cashbook", f"/khata/{shop.pk}/cashbook/"), ("khata-staff", f"/khata/{shop.pk}/staff/"),
            ("khata-staff-month", f"/khata/staff/{staff.pk}/"), ("khata-settings", f"/khata/{shop.pk}/settings/"),
            ("khata-entry-receipts", f"/khata/entries/{entry.pk}/receipts/"),
            ("khata-print-statement", f"/khata/print/parties/{party.pk}/statement"),
            ("khata-print-invoice", f"/khata/print/bills/{bill.pk}"),
            ("khata-purchases", f"/khata/{shop.pk}/purchases/"),
            ("khata-bill-credited", f"/khata/bills/{returned.pk}/"),
            ("khata-party-credited", f"/khata/parties/{sunita.pk}/"),
            ("khata-print-credit-note", f"/khata/print/credit-notes/{note.pk}")]


def _finance(alice) -> list[tuple[str, str]]:
    from ledger.finance import actions, selectors

    actions.ensure_finance(alice)
    bank = actions.create_account(alice, name="HDFC", kind="bank", currency="INR", opening_balance=Decimal("250000"))
    food = selectors.categories_of(alice).filter(kind="expense").first()
    today = timezone.localdate()
    actions.create_budget(alice, name="Food", amount=Decimal("10000"), category_id=food.pk)
    for months_ago, amount in enumerate([Decimal("8200"), Decimal("6400"), Decimal("9100")]):
        day = today - dt.timedelta(days=30 * months_ago)
        bought = actions.record_transaction(alice, account_id=bank.pk, direction="expense", amount=amount, date=day,
                                            category_id=food.pk, payee="Big Bazaar")
        actions.record_transaction(alice, account_id=bank.pk, direction="income", amount=Decimal("60000"), date=day,
                                   payee="Salary")
    actions.create_bill(alice, name="Electricity", amount=Decimal("1800"), due_date=today + dt.timedelta(days=3))
    rule = actions.create_rule(alice, name="Kirana", payee_contains="bazaar", add_tags=["kirana"])
    return [("finance-split", f"/finance/transactions/{bought.pk}/split/"), ("finance-rules", "/finance/rules/"), ("finance-rule", f"/finance/rules/{rule.pk}/"),
            ("finance-accounts", "/finance/"), ("finance-transactions", "/finance/transactions/"),
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


def build_world(alice, bob, carol) -> list[tuple[str, str]]:
    """Alice's world; the pages she can visit, each as (name, path)."""
    pages = _social(alice, bob, carol)
    for area, make in (("ledger.khata.actions", _khata), ("ledger.finance.actions", _finance),
                       ("invoicing.actions", _market)):
        if find_spec(area) is not None:
            pages += make(alice)
    return pages


SIGNED_OUT_PAGES = [("login", "/login/"), ("signup", "/signup/")]
