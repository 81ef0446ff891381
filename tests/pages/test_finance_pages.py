"""Personal-finance pages: accounts, transactions with filters, budgets, bills, import, reports."""

from __future__ import annotations

import pytest

pytest.importorskip("ledger.finance.actions", reason="the area has not landed yet")

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ledger.finance import actions, selectors

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def bank(alice):
    actions.ensure_finance(alice)
    return actions.create_account(alice, name="HDFC", kind="bank", currency="INR", opening_balance=Decimal("100000"))


def test_accounts_page_creates_and_shows_balance(alice):
    client = login(alice)
    assert client.post("/finance/", {"name": "SBI", "kind": "bank", "currency": "INR",
                                     "opening_balance": "250000"}).status_code == 302
    assert "₹2,50,000.00" in client.get("/finance/").content.decode()


def test_add_and_filter_transactions(alice, bank):
    client = login(alice)
    food = selectors.categories_of(alice).filter(kind="expense").first()
    today = timezone.localdate().isoformat()
    response = client.post("/finance/transactions/", {"direction": "expense", "account_id": str(bank.pk),
                                                      "amount": "1234.50", "date": today, "category_id": str(food.pk),
                                                      "payee": "Big Bazaar", "tags": "home, monthly"})
    assert response.status_code == 302
    client.post("/finance/transactions/", {"direction": "income", "account_id": str(bank.pk), "amount": "50000",
                                           "date": today, "payee": "Salary"})
    html = client.get("/finance/transactions/?direction=expense").content.decode()
    listing = html.split('id="transaction-list"')[1].split("</section>")[0]
    assert "Big Bazaar" in listing and "₹1,234.50" in listing and "Salary" not in listing
    bad = client.post("/finance/transactions/", {"direction": "expense", "account_id": str(bank.pk),
                                                 "amount": "1.999", "date": today}).content.decode()
    assert 'id="id_amount_error"' in bad


def test_budget_progress_bar(alice, bank):
    client = login(alice)
    food = selectors.categories_of(alice).filter(kind="expense").first()
    client.post("/finance/budgets/", {"name": "Food", "amount": "1000", "category_id": str(food.pk), "period": "month"})
    actions.record_transaction(alice, account_id=bank.pk, direction="expense", amount=Decimal("850"),
                               date=timezone.localdate(), category_id=food.pk)
    html = client.get("/finance/budgets/").content.decode()
    assert 'aria-valuenow="85.0"' in html and "bar warn" in html
    assert "Food" in client.get("/").content.decode()


def test_bill_created_and_marked_paid(alice, bank):
    client = login(alice)
    due = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    client.post("/finance/bills/", {"name": "Electricity", "amount": "1500", "due_date": due, "repeat": "monthly",
                                    "remind_days": "3"})
    bill = selectors.bills_of(alice).get()
    assert "Electricity" in client.get("/").content.decode()  # due soon on the dashboard
    assert client.post(f"/finance/bills/{bill.pk}/pay/", {"account_id": str(bank.pk)}).status_code == 302
    bill.refresh_from_db()
    assert bill.next_due > timezone.localdate() + dt.timedelta(days=2)


def test_import_preview_then_confirm(alice, bank):
    client = login(alice)
    csv = b"date,amount,payee\n2026-11-01,-500.00,Zomato\n2026-11-02,-120.00,Uber\nbad,1,x\n"
    response = client.post("/finance/import/", {"account_id": str(bank.pk), "format": "csv",
                                                "file": SimpleUploadedFile("nov.csv", csv), "date_column": "date",
                                                "amount_column": "amount", "payee_column": "payee"})
    assert response.status_code == 302, response.content.decode()[:3000]
    preview = client.get(response["Location"]).content.decode()
    assert "Zomato" in preview and "not readable" in preview
    client.post(response["Location"], {"verb": "confirm"})
    assert selectors.transactions_of(alice).filter(payee="Zomato").exists()


def test_reports_render_svg_charts(alice, bank):
    actions.record_transaction(alice, account_id=bank.pk, direction="expense", amount=Decimal("700"),
                               date=timezone.localdate())
    html = login(alice).get("/finance/reports/").content.decode()
    assert html.count("<svg class=\"chart\"") == 2 and "Spending by category" in html
