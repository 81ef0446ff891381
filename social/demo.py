"""Demo data for shared expenses (called by manage.py seed_demo), through the actions.

Idempotent: friendships are made only if missing, and the rest is skipped once alice has a
"Goa trip" group."""

from __future__ import annotations

import datetime
from decimal import Decimal

from social import actions, selectors
from social.models import Group


def seed(users: dict) -> None:
    """`users` maps alice, bob, carol, dave to User objects."""
    alice, bob, carol, dave = (users[k] for k in ("alice", "bob", "carol", "dave"))
    for a, b in ((alice, bob), (alice, carol), (alice, dave), (bob, carol), (carol, dave)):
        if not selectors.are_friends(a.pk, b.pk):
            actions.befriend(a, other=b)
    if Group.objects.filter(created_by=alice, name="Goa trip", deleted_at=None).exists():
        return
    if not alice.profile.upi_id:
        actions.update_account(alice, changes={"upi_id": "alice@okhdfc"})
    trip = actions.create_group(alice, name="Goa trip", currency="INR", members=[bob.pk, carol.pk, dave.pk])
    day = datetime.date(2026, 11, 14)
    people = [alice.pk, bob.pk, carol.pk, dave.pk]
    actions.record_expense(
        alice, group=trip, description="Beach villa (2 nights)", amount=Decimal("18000.00"), currency="INR",
        date=day, category="accommodation", paid_by=[{"user": alice.pk, "amount": Decimal("18000.00")}],
        split={"method": "equal", "between": people},
    )
    actions.record_expense(
        bob, group=trip, description="Seafood dinner", amount=Decimal("4350.00"), currency="INR", date=day,
        category="food", paid_by=[{"user": bob.pk, "amount": Decimal("3000.00")}, {"user": carol.pk, "amount": Decimal("1350.00")}],
        split={"method": "shares", "shares": {alice.pk: 1, bob.pk: 2, carol.pk: 1, dave.pk: 1}},
    )
    actions.record_expense(
        carol, group=trip, description="Scooter rental", amount=Decimal("2400.00"), currency="INR",
        date=day + datetime.timedelta(days=1), category="transport", paid_by=[{"user": carol.pk, "amount": Decimal("2400.00")}],
        split={"method": "exact", "amounts": {alice.pk: Decimal("600.00"), bob.pk: Decimal("600.00"),
                                                carol.pk: Decimal("1200.00")}},
    )
    actions.record_expense(
        dave, group=trip, description="Parasailing", amount=Decimal("100.00"), currency="USD",
        date=day + datetime.timedelta(days=1), category="fun", paid_by=[{"user": dave.pk, "amount": Decimal("100.00")}],
        split={"method": "percent", "percents": {alice.pk: Decimal("40"), dave.pk: Decimal("60")}},
    )
    actions.record_settlement(
        bob, group=trip, payer_id=bob.pk, payee_id=alice.pk, amount=Decimal("2000.00"), currency="INR",
        date=day + datetime.timedelta(days=2), note="Part of the villa",
    )
    actions.record_iou(
        alice, direction="lent", amount=Decimal("500.00"), currency="INR", date=day, friend_id=dave.pk,
        note="Auto fare to the airport",
    )
    actions.record_iou(
        carol, direction="borrowed", amount=Decimal("250.00"), currency="INR", date=day, contact_name="Ravi (landlord)",
        note="Cooking gas",
    )
