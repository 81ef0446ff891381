"""Concurrent writers in one group: no deadlock, no lost update of the stored totals."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from social import actions, balances
from social.models import Expense


@pytest.mark.django_db(transaction=True)
def test_concurrent_expenses_keep_the_totals_exact(alice, bob, carol):
    actions.befriend(alice, other=bob)
    actions.befriend(alice, other=carol)
    group = actions.create_group(alice, name="Flat", currency="INR", members=[bob.pk, carol.pk])
    people = [alice, bob, carol]
    barrier = threading.Barrier(6)
    errors = []

    def add(i):
        payer = people[i % 3]
        try:
            barrier.wait()
            for j in range(5):
                amount = Decimal(10 + i + j) + Decimal("0.01")
                actions.record_expense(
                    payer, group=group, description=f"t{i}-{j}", amount=amount, currency="INR", date="2026-11-21",
                    paid_by=[{"user": payer.pk, "amount": amount}],
                    split={"method": "equal", "between": [p.pk for p in people]},
                )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Expense.objects.count() == 30
    stored = balances.group_balances(group.pk)
    assert stored == balances.recompute_group_balances(group.pk)
    assert sum(stored["INR"].values()) == 0
