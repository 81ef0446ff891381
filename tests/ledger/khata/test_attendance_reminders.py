"""Attendance hours and salary; reminders and overdue bills from the beat jobs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ledger.khata import actions, tasks
from ledger.khata.models import Reminder
from realtime.models import Change, Notification
from tests.ledger.khata.conftest import line

pytestmark = pytest.mark.django_db


def at(day, hhmm):
    return f"2026-10-{day:02d}T{hhmm}:00+05:30"  # the shop's (IST) wall clock


def test_hours_overtime_and_month_salary(clients, shop):
    c = clients["clerk"]
    staff = clients["owner"].post(f"/api/khata/businesses/{shop.id}/staff",
                                  {"name": "Raju", "salary_type": "monthly", "salary_amount": "31000"},
                                  format="json").json()
    url = f"/api/khata/staff/{staff['id']}/punches"
    # Day 1: two stints from two devices, 4h + 5h = 9h -> 60 min overtime (beyond 8h shift + 15 grace)
    for kind, when, device in [("in", at(1, "09:00"), "phone"), ("out", at(1, "13:00"), "tablet"),
                               ("in", at(1, "14:00"), "tablet"), ("in", at(1, "14:05"), "phone"),
                               ("out", at(1, "19:00"), "phone")]:
        assert c.post(url, {"kind": kind, "at": when, "device": device}, format="json").status_code == 201
    # Day 2: 5h -> half day; Day 3: marked leave; Day 4: 7h50 -> present within grace
    for kind, when in [("in", at(2, "09:00")), ("out", at(2, "14:00")), ("in", at(4, "09:00")),
                       ("out", at(4, "16:50"))]:
        c.post(url, {"kind": kind, "at": when}, format="json")
    assert c.put(f"/api/khata/staff/{staff['id']}/attendance/2026-10-03", {"status": "leave"},
                 format="json").status_code == 200
    sheet = clients["owner"].get(f"/api/khata/staff/{staff['id']}/month?month=2026-10").json()
    days = {d["date"]: d for d in sheet["days"]}
    assert days["2026-10-01"]["worked_minutes"] == 540 and days["2026-10-01"]["overtime_minutes"] == 60
    assert days["2026-10-01"]["status"] == "present"
    assert days["2026-10-02"]["status"] == "half_day"
    assert days["2026-10-03"]["status"] == "leave"
    assert days["2026-10-04"]["status"] == "present" and days["2026-10-04"]["overtime_minutes"] == 0
    assert sheet["counts"] == {"present": 2, "half_day": 1, "absent": 0, "leave": 1, "holiday": 0}
    # 31000 x 3.5 / 31 days
    assert sheet["implied_salary"] == "3500.00" and sheet["payable_units"] == "3.50"


def test_hourly_salary_counts_worked_hours(shop, alice):
    staff = actions.create_staff(alice, business=shop, name="Part-timer", salary_type="hourly",
                                 salary_amount=Decimal("120"))
    actions.punch(alice, staff=staff, kind="in", at=dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC))
    actions.punch(alice, staff=staff, kind="out", at=dt.datetime(2026, 10, 5, 12, 30, tzinfo=dt.UTC))
    from ledger.khata.selectors import month_sheet

    sheet = month_sheet(staff, year=2026, month=10)
    assert sheet["worked_minutes"] == 150 and sheet["implied_salary"] == "300.00"


def test_reminders_run_once_per_party_per_day_with_upi_link(shop, customer, alice, bob):
    actions.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=Decimal("1250.50"),
                         date=dt.date(2026, 10, 1))
    customer.refresh_from_db()
    day = (customer.owed_since + dt.timedelta(days=shop.reminder_after_days)).isoformat()
    assert tasks.send_payment_reminders(day) == 1
    assert tasks.send_payment_reminders(day) == 0  # beat fired twice
    reminder = Reminder.objects.get(party=customer)
    assert reminder.upi_link.startswith("upi://pay?pa=sharma%40upi&pn=Sharma+Kirana&am=1250.50&cu=INR")
    assert "Ramesh" in reminder.message and reminder.upi_link in reminder.message
    assert Notification.objects.filter(kind="khata.reminder").count() == 2  # alice and bob (owner, manager)
    # Not again inside the repeat interval, again after it.
    next_day = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    assert tasks.send_payment_reminders(next_day) == 0
    later = (dt.date.fromisoformat(day) + dt.timedelta(days=shop.reminder_every_days)).isoformat()
    assert tasks.send_payment_reminders(later) == 1


def test_no_reminder_before_the_schedule_or_for_settled_parties(shop, customer, alice):
    actions.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=Decimal(10))
    customer.refresh_from_db()
    assert tasks.send_payment_reminders(customer.owed_since.isoformat()) == 0
    actions.record_entry(alice, business=shop, party_id=customer.id, kind="got", amount=Decimal(10))
    far = (customer.owed_since + dt.timedelta(days=60)).isoformat()
    assert tasks.send_payment_reminders(far) == 0


def test_bill_overdue_is_emitted_once(clients, shop, customer):
    bill = clients["owner"].post(f"/api/khata/businesses/{shop.id}/bills",
                                 {"party": str(customer.id), "issue_date": "2026-01-01", "due_date": "2026-01-10",
                                  "lines": [line()]}, format="json").json()
    assert tasks.flag_overdue_bills("2026-01-10") == 0
    assert tasks.flag_overdue_bills("2026-01-11") == 1
    assert tasks.flag_overdue_bills("2026-01-12") == 0
    events = Change.objects.filter(object_id=bill["id"], event="bill.overdue")
    assert events.count() == 3  # once, to each of the three members
    assert Notification.objects.filter(kind="khata.bill_overdue").count() == 2
