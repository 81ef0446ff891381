from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from ledger.finance import actions, tasks
from ledger.finance.dates import today_for
from ledger.finance.models import BudgetAlert, Transaction
from realtime.models import Change, Notification
from tests.helpers import assert_error, assert_hidden_from, client_for

from .conftest import category, expense


@pytest.mark.django_db
def test_budget_progress_for_current_period_counts_subcategories(alice_client, alice, inr):
    today = today_for(alice)
    food, groceries = category(alice, "Food & Dining"), category(alice, "Groceries")
    b = alice_client.post("/api/finance/budgets", {"name": "Food", "amount": "1000", "category_id": str(food.id)},
                          format="json")
    assert b.status_code == 201, b.json()
    assert b.json()["thresholds"] == [80, 100] and b.json()["currency"] == "INR"
    expense(alice, inr, "300", on=today, cat=groceries)
    expense(alice, inr, "33.33", on=today, cat=food)
    expense(alice, inr, "500", on=today, cat=category(alice, "Travel"))  # another category
    expense(alice, inr, "400", on=today - timedelta(days=40), cat=food)  # another month
    body = alice_client.get("/api/finance/budgets").json()["results"][0]
    assert body["progress"]["spent"] == "333.33"
    assert body["progress"]["remaining"] == "666.67"
    assert body["progress"]["percentage"] == "33.33"
    assert body["progress"]["period_start"] == today.replace(day=1).isoformat()


@pytest.mark.django_db
def test_crossing_alerts_once_and_not_again_on_next_expense(alice, inr):
    today = today_for(alice)
    budget = actions.create_budget(alice, name="All", amount=Decimal("100"))
    expense(alice, inr, "79.99", on=today)
    assert not BudgetAlert.objects.exists()
    expense(alice, inr, "0.01", on=today)
    expense(alice, inr, "5", on=today)
    alerts = list(BudgetAlert.objects.filter(budget=budget).values_list("threshold", flat=True))
    assert alerts == [80]
    assert Notification.objects.filter(user=alice, kind="budget.threshold_crossed").count() == 1
    assert Change.objects.filter(user=alice, event="budget.threshold_crossed").count() == 1
    expense(alice, inr, "50", on=today)
    assert sorted(BudgetAlert.objects.filter(budget=budget).values_list("threshold", flat=True)) == [80, 100]
    note = Notification.objects.filter(user=alice, kind="budget.threshold_crossed").order_by("created_at").last()
    assert note.dedupe_key == f"budget:{budget.id}:100:{today.replace(day=1).isoformat()}"
    assert note.data["threshold"] == 100


@pytest.mark.django_db
def test_backdated_expense_in_a_past_period_does_not_alert(alice, inr):
    actions.create_budget(alice, name="All", amount=Decimal("100"))
    expense(alice, inr, "500", on=today_for(alice) - timedelta(days=400))
    assert not BudgetAlert.objects.exists()


def _race(alice, account_id, category_id, amount: str, n: int = 2) -> list[BaseException]:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def record():
        try:
            barrier.wait(timeout=10)
            actions.record_transaction(alice, account_id=account_id, direction="expense", amount=Decimal(amount),
                                       date=today_for(alice), category_id=category_id)
        except BaseException as exc:  # pragma: no cover - surfaced by the assert below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_threshold_crossed_exactly_once_when_devices_record_at_once(alice, inr):
    """Two expenses recorded at the same time: in rounds where each alone stays under 80%
    but together cross it, and rounds where each alone crosses it: one alert every time."""
    names = ["Shopping", "Health", "Entertainment", "Education", "Travel", "Personal care"]
    budgets = {}
    for i, name in enumerate(names):
        cat = category(alice, name)
        budgets[name] = actions.create_budget(alice, name=name, amount=Decimal("1000"), category_id=cat.id)
        expense(alice, inr, "700", on=today_for(alice), cat=cat)
        step = "60" if i % 2 == 0 else "140"  # together 820 (neither alone) / each alone 840
        assert _race(alice, inr.id, cat.id, step) == []
    for name, budget in budgets.items():
        assert list(BudgetAlert.objects.filter(budget=budget).values_list("threshold", flat=True)) == [80], name
        key = f"budget:{budget.id}:80:{today_for(alice).replace(day=1).isoformat()}"
        assert Notification.objects.filter(user=alice, dedupe_key=key).count() == 1
    assert Change.objects.filter(user=alice, event="budget.threshold_crossed").count() == len(names)
    assert Transaction.objects.filter(owner=alice).count() == 3 * len(names)


@pytest.mark.django_db
def test_beat_sweep_catches_crossings_made_without_a_recorded_expense(alice, inr):
    budget = actions.create_budget(alice, name="All", amount=Decimal("100"))
    # As an import or a data fix would: rows written without the recording path.
    Transaction.objects.create(owner=alice, account=inr, direction="expense", amount=Decimal("95"), currency="INR",
                               date=today_for(alice))
    assert tasks.sweep_budget_thresholds() == 1
    assert tasks.sweep_budget_thresholds() == 0
    assert list(BudgetAlert.objects.filter(budget=budget).values_list("threshold", flat=True)) == [80]
    assert Notification.objects.filter(user=alice, kind="budget.threshold_crossed").count() == 1


@pytest.mark.django_db
def test_budget_in_default_currency_converts_other_currency_spending(alice, alice_client):
    usd = actions.create_account(alice, name="US", kind="card", currency="USD")
    actions.set_rate(alice, base="USD", quote="INR", rate=Decimal("83.1234"), effective_date=today_for(alice) - timedelta(days=400))
    actions.create_budget(alice, name="All", amount=Decimal("1000.00"))
    expense(alice, usd, "10.01", on=today_for(alice))  # 832.065234 INR -> 832.07 shown
    body = alice_client.get("/api/finance/budgets").json()["results"][0]["progress"]
    assert (body["spent"], body["percentage"]) == ("832.07", "83.21")
    assert BudgetAlert.objects.filter(threshold=80).count() == 1


@pytest.mark.django_db
def test_budget_field_errors_and_access(alice_client, alice, bob):
    r = alice_client.post("/api/finance/budgets", {"name": "", "amount": "0", "period": "decade",
                                                  "thresholds": [0, 2000]}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"name", "amount", "period", "thresholds"}
    salary = category(alice, "Salary")
    r = alice_client.post("/api/finance/budgets", {"name": "S", "amount": "5", "category_id": str(salary.id)}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"category_id"}
    b = alice_client.post("/api/finance/budgets", {"name": "B", "amount": "5", "period": "week",
                                                  "thresholds": [100, 50]}, format="json").json()
    assert b["thresholds"] == [50, 100]
    assert_hidden_from(client_for(bob), f"/api/finance/budgets/{b['id']}")
    assert client_for(bob).get("/api/finance/budgets").json()["count"] == 0
