"""Demo data for personal finance (called by manage.py seed_demo), through actions.

alice: a bank account, cash and a USD card, three months of transactions, a food budget
near its 80% threshold, an overall budget, rent due in two days, a monthly subscription
(recurring) and a USD rate. bob: one account and a few expenses. Idempotent: a user who
already has finance accounts is skipped."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from ledger.finance import actions
from ledger.finance.dates import add_months, today_for
from ledger.finance.models import Account, Category


def _cat(user, name: str) -> Category:
    return Category.objects.get(owner=user, name=name, deleted_at__isnull=True)


def _seed_alice(alice) -> None:
    actions.ensure_finance(alice)
    today = today_for(alice)
    bank = actions.create_account(alice, name="HDFC Savings", kind="bank", currency="INR", opening_balance=Decimal("85000"))
    cash = actions.create_account(alice, name="Cash", kind="cash", currency="INR", opening_balance=Decimal("4000"))
    card = actions.create_account(alice, name="Travel card", kind="card", currency="USD")
    actions.set_rate(alice, base="USD", quote="INR", rate=Decimal("83.25"), effective_date=add_months(today, -4))
    groceries, restaurants, fuel = _cat(alice, "Groceries"), _cat(alice, "Restaurants"), _cat(alice, "Fuel")
    salary, utilities, travel = _cat(alice, "Salary"), _cat(alice, "Utilities"), _cat(alice, "Travel")
    month0 = today.replace(day=1)
    for back in (2, 1):
        start = add_months(month0, -back)
        actions.record_transaction(alice, account_id=bank.id, direction="income", amount=Decimal("95000"),
                                   date=start, category_id=salary.id, payee="Acme Pvt Ltd")
        for day, amt, cat, payee, acc in (
            (3, "2450.75", groceries, "BigBasket", bank), (8, "860", restaurants, "Toit", cash),
            (12, "3100", fuel, "HP Petrol", bank), (15, "1890.40", utilities, "BESCOM", bank),
            (20, "3320.10", groceries, "DMart", bank), (25, "1200", restaurants, "Truffles", cash),
        ):
            actions.record_transaction(alice, account_id=acc.id, direction="expense", amount=Decimal(amt),
                                       date=start + timedelta(days=day - 1), category_id=cat.id, payee=payee)
        actions.record_transaction(alice, account_id=card.id, direction="expense", amount=Decimal("42.60"),
                                   date=start + timedelta(days=17), category_id=travel.id, payee="Uber (SFO)")
    actions.record_transaction(alice, account_id=bank.id, direction="transfer", amount=Decimal("5000"),
                               date=month0, transfer_account_id=cash.id, notes="ATM")
    food = _cat(alice, "Food & Dining")
    actions.create_budget(alice, name="Food", amount=Decimal("10000"), category_id=food.id)
    actions.create_budget(alice, name="Everything", amount=Decimal("60000"))
    # This month: food spending at 78% of its budget, so the next meal out crosses 80%.
    actions.record_transaction(alice, account_id=bank.id, direction="expense", amount=Decimal("7800"),
                               date=month0, category_id=groceries.id, payee="Monthly groceries")
    actions.create_bill(alice, name="Rent", amount=Decimal("25000"), due_date=today + timedelta(days=2),
                        account_id=bank.id, category_id=_cat(alice, "Rent").id, payee="Landlord", remind_days=5)
    actions.create_bill(alice, name="Electricity", amount=Decimal("1500"), amount_max=Decimal("2500"),
                        due_date=today + timedelta(days=12), account_id=bank.id, category_id=utilities.id, payee="BESCOM")
    actions.create_recurring(alice, account_id=bank.id, direction="expense", amount=Decimal("649"), repeat="monthly",
                             start_date=add_months(month0, -2) + timedelta(days=4),
                             category_id=_cat(alice, "Bills & Subscriptions").id, payee="Netflix")
    actions.remind_bills(today=today)


def _seed_bob(bob) -> None:
    actions.ensure_finance(bob)
    today = today_for(bob)
    wallet = actions.create_account(bob, name="Paytm wallet", kind="wallet", currency="INR", opening_balance=Decimal("2500"))
    for back, amt, payee in ((1, "180", "Chai Point"), (3, "640", "Swiggy"), (6, "95", "Metro")):
        actions.record_transaction(bob, account_id=wallet.id, direction="expense", amount=Decimal(amt),
                                   date=today - timedelta(days=back), category_id=_cat(bob, "Food & Dining").id, payee=payee)
    actions.create_budget(bob, name="Eating out", amount=Decimal("3000"), category_id=_cat(bob, "Restaurants").id)


def seed(users: dict) -> None:
    """`users` maps alice, bob, carol, dave to User objects."""
    for handle, fn in (("alice", _seed_alice), ("bob", _seed_bob)):
        user = users.get(handle)
        if user is not None and not Account.objects.filter(owner=user).exists():
            fn(user)
