"""A client-chosen id that is already someone else's answers 409 `id_taken`, on every kind of
create (budgets, bills to pay and recurring items answered 500)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from ledger.finance import actions as finance
from ledger.finance.models import Bill, Budget, Recurring
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db


def _account(user):
    finance.ensure_finance(user)
    return finance.create_account(user, name="Bank", kind="bank", currency="INR", opening_balance=Decimal(0))


def _bodies(user) -> dict[str, dict]:
    account = _account(user)
    return {
        "/api/finance/budgets": {"name": "Food", "amount": "100.00", "currency": "INR"},
        "/api/finance/bills": {"name": "Rent", "amount": "10.00", "currency": "INR", "due_date": "2026-12-20"},
        "/api/finance/recurring": {"account_id": str(account.id), "direction": "expense", "amount": "5.00",
                                   "repeat": "monthly", "start_date": "2026-12-20"},
        "/api/finance/accounts": {"name": "Cash", "kind": "cash", "currency": "INR", "opening_balance": "1.00"},
    }


@pytest.mark.parametrize("url", ["/api/finance/budgets", "/api/finance/bills", "/api/finance/recurring",
                                 "/api/finance/accounts"])
def test_someone_elses_id_is_taken(alice, bob, url):
    taken = uuid.uuid4()
    created = client_for(bob).post(url, {"id": str(taken), **_bodies(bob)[url]}, format="json")
    assert created.status_code == 201, created.content
    before = (Budget.objects.count(), Bill.objects.count(), Recurring.objects.count())
    error = assert_error(client_for(alice).post(url, {"id": str(taken), **_bodies(alice)[url]}, format="json"),
                         409, "id_taken")
    assert "id" in error["fields"]
    assert (Budget.objects.count(), Bill.objects.count(), Recurring.objects.count()) == before
    # The owner replaying the same create (an offline queue) is still fine.
    again = client_for(bob).post(url, {"id": str(taken), **_bodies(bob)[url]}, format="json")
    assert again.status_code in (200, 201), again.content
