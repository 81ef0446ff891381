from __future__ import annotations

import pytest

from ledger.finance import demo
from ledger.finance.models import Bill, Budget, Recurring, Transaction
from ledger.finance.reports import budget_progress
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_has_a_budget_near_its_threshold(alice, bob, carol, dave):
    users = {"alice": alice, "bob": bob, "carol": carol, "dave": dave}
    demo.seed(users)
    count = Transaction.objects.count()
    demo.seed(users)
    assert Transaction.objects.count() == count > 20
    food = Budget.objects.get(owner=alice, name="Food")
    pct = budget_progress(alice, [food])[0]["percentage"]
    assert 70 <= pct < 80
    assert Bill.objects.filter(owner=alice).count() == 2 and Recurring.objects.filter(owner=alice).count() == 1
    assert client_for(alice).get("/api/finance/reports/monthly").status_code == 200
