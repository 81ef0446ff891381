from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.finance import actions
from tests.helpers import assert_error, client_for

from .conftest import category, expense

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(alice, inr):
    food, groceries, travel = category(alice, "Food & Dining"), category(alice, "Groceries"), category(alice, "Travel")
    salary = category(alice, "Salary")
    expense(alice, inr, "100", on=date(2026, 1, 10), cat=groceries)
    expense(alice, inr, "50", on=date(2026, 1, 11), cat=food)
    expense(alice, inr, "300", on=date(2026, 2, 1), cat=travel)
    expense(alice, inr, "7", on=date(2026, 2, 2))
    actions.record_transaction(alice, account_id=inr.id, direction="income", amount=Decimal("1000"), date=date(2026, 2, 1),
                               category_id=salary.id)
    card = actions.create_account(alice, name="Card", kind="card", currency="INR", opening_balance=Decimal("-200"))
    actions.record_transaction(alice, account_id=inr.id, direction="transfer", amount=Decimal("200"), date=date(2026, 2, 5),
                               transfer_account_id=card.id)
    return inr


def test_spending_by_category_rolls_subcategories_up(alice_client, history):
    body = alice_client.get("/api/finance/reports/spending-by-category?from=2026-01-01&to=2026-02-28").json()
    assert body["currency"] == "INR" and body["total"] == "457.00"
    assert [(c["name"], c["amount"], c["share"]) for c in body["categories"]] == [
        ("Travel", "300.00", "65.65"), ("Food & Dining", "150.00", "32.82"), ("Uncategorised", "7.00", "1.53")]
    assert body["labels"] == ["Travel", "Food & Dining", "Uncategorised"]
    assert body["series"] == ["300.00", "150.00", "7.00"]


def test_income_vs_expense_per_month_excludes_transfers(alice_client, history):
    body = alice_client.get("/api/finance/reports/income-expense?from=2025-12-01&to=2026-02-28").json()
    assert [(m["month"], m["income"], m["expense"], m["net"]) for m in body["months"]] == [
        ("2025-12", "0.00", "0.00", "0.00"), ("2026-01", "0.00", "150.00", "-150.00"),
        ("2026-02", "1000.00", "307.00", "693.00")]


def test_net_worth_over_time(alice_client, history):
    body = alice_client.get("/api/finance/reports/net-worth?from=2025-12-01&to=2026-02-15").json()
    # opening 1000 + (-200 card); Jan -150; Feb +1000 -307 (transfer nets to zero)
    assert [(p["date"], p["amount"]) for p in body["points"]] == [
        ("2025-12-31", "800.00"), ("2026-01-31", "650.00"), ("2026-02-15", "1343.00")]


def test_monthly_report(alice_client, history):
    body = alice_client.get("/api/finance/reports/monthly?month=2026-02").json()
    assert (body["income"], body["expense"], body["net"]) == ("1000.00", "307.00", "693.00")
    assert [c["name"] for c in body["categories"]] == ["Travel", "Uncategorised"]


def test_report_parameter_errors(alice_client):
    assert set(assert_error(alice_client.get("/api/finance/reports/net-worth?from=2026-02-01&to=2026-01-01"), 400)["fields"]) == {"from"}
    assert set(assert_error(alice_client.get("/api/finance/reports/income-expense?from=1900-01-01&to=2026-01-01"), 400)["fields"]) == {"from"}
    assert set(assert_error(alice_client.get("/api/finance/reports/monthly?month=2026-13"), 400)["fields"]) == {"month"}
    assert set(assert_error(alice_client.get("/api/finance/reports/spending-by-category?to=x"), 400)["fields"]) == {"to"}
    # Dates whose arithmetic would leave the calendar are refused, not a 500.
    assert set(assert_error(alice_client.get("/api/finance/reports/monthly?month=0000-01"), 400)["fields"]) == {"month"}
    assert set(assert_error(alice_client.get("/api/finance/reports/net-worth?to=9999-12-31"), 400)["fields"]) == {"to"}
    assert set(assert_error(alice_client.get("/api/finance/reports/income-expense?to=0001-01-05"), 400)["fields"]) == {"to"}


def test_reports_only_show_own_money(history, bob):
    body = client_for(bob).get("/api/finance/reports/spending-by-category?from=2026-01-01&to=2026-02-28").json()
    assert body["total"] == "0.00" and body["categories"] == []
