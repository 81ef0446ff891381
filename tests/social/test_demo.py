from __future__ import annotations

import pytest

from social import balances, demo
from social.models import IOU, Expense, Group, Settlement

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_consistent(alice, bob, carol, dave):
    users = {"alice": alice, "bob": bob, "carol": carol, "dave": dave}
    demo.seed(users)
    demo.seed(users)
    trip = Group.objects.get(name="Goa trip")
    assert Expense.objects.filter(group=trip).count() == 4
    assert Settlement.objects.count() == 1 and IOU.objects.count() == 2
    assert balances.group_balances(trip.pk) == balances.recompute_group_balances(trip.pk)
