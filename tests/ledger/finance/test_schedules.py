from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from ledger.finance import actions
from ledger.finance.dates import nth, today_for
from ledger.finance.models import Recurring, RecurringOccurrence, Transaction
from realtime.models import Notification
from tests.helpers import assert_error, assert_hidden_from, client_for

from .conftest import category


def test_monthly_repeat_keeps_its_day_through_short_months():
    anchor = date(2026, 1, 31)
    assert [nth(anchor, "monthly", i) for i in range(4)] == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert nth(date(2024, 2, 29), "yearly", 1) == date(2025, 2, 28)


@pytest.mark.django_db
def test_bill_reminders_once_per_occurrence_when_beat_runs_twice(alice, inr):
    today = date(2026, 3, 10)
    bill = actions.create_bill(alice, name="Rent", amount=Decimal("15000"), due_date=date(2026, 3, 12),
                               account_id=inr.id, remind_days=3)
    far = actions.create_bill(alice, name="Insurance", amount=Decimal("900"), due_date=date(2026, 6, 1), remind_days=3)
    for _ in range(2):
        actions.remind_bills(today=today)
    notes = Notification.objects.filter(user=alice)
    assert list(notes.values_list("kind", "dedupe_key")) == [("bill.due_soon", f"bill:{bill.id}:due_soon:2026-03-12")]
    assert notes.get().data["days_until_due"] == 2
    for _ in range(2):
        actions.remind_bills(today=date(2026, 3, 13))
    assert sorted(Notification.objects.filter(user=alice).values_list("kind", flat=True)) == ["bill.due_soon", "bill.overdue"]
    assert not Notification.objects.filter(data__bill_id=str(far.id)).exists()


@pytest.mark.django_db
def test_paying_a_bill_records_the_expense_and_moves_to_next_occurrence(alice_client, alice, inr):
    util = category(alice, "Utilities")
    b = alice_client.post("/api/finance/bills", {
        "name": "Electricity", "amount": "1200", "amount_max": "2000", "due_date": "2026-01-31",
        "account_id": str(inr.id), "category_id": str(util.id), "repeat": "monthly", "remind_days": 5,
    }, format="json")
    assert b.status_code == 201, b.json()
    url = f"/api/finance/bills/{b.json()['id']}"
    r = alice_client.post(f"{url}/pay", {"amount": "1534.20", "date": "2026-01-30", "version": 1}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["bill"]["next_due"] == "2026-02-28" and r.json()["bill"]["last_paid_on"] == "2026-01-30"
    txn = Transaction.objects.get(pk=r.json()["transaction"]["id"])
    assert (txn.amount, txn.direction, txn.category_id, txn.source) == (Decimal("1534.20"), "expense", util.id, "bill")
    # A second device paying the same occurrence with the old version is refused.
    assert_error(alice_client.post(f"{url}/pay", {"version": 1}, format="json"), 412)
    assert alice_client.post(f"{url}/pay", {}, format="json").json()["bill"]["next_due"] == "2026-03-31"
    # Reminders follow the occurrence: the paid one is no longer reminded.
    actions.remind_bills(today=date(2026, 3, 28))
    assert list(Notification.objects.filter(user=alice).values_list("dedupe_key", flat=True)) == [
        f"bill:{b.json()['id']}:due_soon:2026-03-31"]


@pytest.mark.django_db
def test_one_off_bill_is_settled_after_payment(alice, inr):
    bill = actions.create_bill(alice, name="Fee", amount=Decimal("10"), due_date=date(2026, 1, 1), repeat="none",
                               account_id=inr.id)
    actions.pay_bill(alice, bill=bill)
    bill.refresh_from_db()
    assert bill.next_due is None
    with pytest.raises(Exception) as exc:
        actions.pay_bill(alice, bill=bill)
    assert getattr(exc.value, "code", "") == "bill_settled"


@pytest.mark.django_db
def test_bill_field_errors_and_access(alice_client, alice, bob, inr):
    r = alice_client.post("/api/finance/bills", {"name": "X", "amount": "10", "amount_max": "5", "due_date": "2026-01-01",
                                                "remind_days": 400, "repeat": "hourly"}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"remind_days", "repeat"}
    r = alice_client.post("/api/finance/bills", {"name": "X", "amount": "10", "amount_max": "5", "due_date": "2026-01-01"},
                          format="json")
    assert set(assert_error(r, 400)["fields"]) == {"amount_max"}
    r = alice_client.post("/api/finance/bills", {"name": "X", "amount": "10", "due_date": "2026-01-01"}, format="json")
    assert_error(alice_client.post(f"/api/finance/bills/{r.json()['id']}/pay", {}, format="json"), 400, "account_required")
    bob_client = client_for(bob)
    assert_hidden_from(bob_client, f"/api/finance/bills/{r.json()['id']}")
    assert_hidden_from(bob_client, f"/api/finance/bills/{r.json()['id']}/pay", methods=("post",))


@pytest.mark.django_db
def test_recurring_catches_up_missed_days_exactly_once_when_beat_runs_twice(alice, inr):
    start = date(2026, 1, 30)
    item = actions.create_recurring(alice, account_id=inr.id, direction="expense", amount=Decimal("99"),
                                    repeat="monthly", start_date=today_for(alice) + timedelta(days=1), payee="Netflix")
    Recurring.objects.filter(pk=item.pk).update(start_date=start, next_date=start, next_index=0)
    for _ in range(2):
        actions.materialise_all_recurring(today=date(2026, 4, 2))  # beat was down for two months
    dates = sorted(Transaction.objects.filter(owner=alice, source="recurring").values_list("date", flat=True))
    assert dates == [date(2026, 1, 30), date(2026, 2, 28), date(2026, 3, 30)]
    item.refresh_from_db()
    assert item.next_date == date(2026, 4, 30)
    assert RecurringOccurrence.objects.filter(recurring=item).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_materialise_each_occurrence_once(alice, inr):
    item = actions.create_recurring(alice, account_id=inr.id, direction="income", amount=Decimal("5"),
                                    repeat="daily", start_date=today_for(alice) + timedelta(days=1))
    Recurring.objects.filter(pk=item.pk).update(start_date=date(2026, 1, 1), next_date=date(2026, 1, 1))
    barrier = threading.Barrier(2)

    def beat():
        try:
            barrier.wait(timeout=10)
            actions.materialise_all_recurring(today=date(2026, 1, 20))
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Transaction.objects.filter(owner=alice, source="recurring").count() == 20
    assert Transaction.objects.filter(owner=alice, source="recurring").values("date").distinct().count() == 20


@pytest.mark.django_db
def test_recurring_created_in_the_past_records_due_dates_and_stops_at_end(alice_client, alice, bob, inr):
    r = alice_client.post("/api/finance/recurring", {
        "account_id": str(inr.id), "direction": "expense", "amount": "10", "repeat": "weekly",
        "start_date": (today_for(alice) - timedelta(days=14)).isoformat(),
        "end_date": (today_for(alice) - timedelta(days=7)).isoformat(),
    }, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["next_date"] is None
    assert Transaction.objects.filter(owner=alice, source="recurring").count() == 2
    assert_hidden_from(client_for(bob), f"/api/finance/recurring/{r.json()['id']}")
