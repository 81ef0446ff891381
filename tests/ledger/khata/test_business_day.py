"""The business's own day: at 01:00 IST (19:30 UTC the evening before) a shop in India is
on the next day; "today", default dates, the day of a punch, day summaries, reminder and
overdue schedules and the times on its pages follow the business's zone; personal pages
follow the user's profile zone. The clock is the one thing mocked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from ledger.khata import actions
from ledger.khata.models import Bill, Entry, Punch, Reminder
from ledger.khata.tasks import flag_overdue_bills, send_payment_reminders
from tests.helpers import assert_error
from tests.ledger.khata.conftest import line

pytestmark = pytest.mark.django_db

# 19:30 UTC on 2 Nov = 01:00 IST on 3 Nov = 14:30 EST on 2 Nov.
AFTER_IST_MIDNIGHT = dt.datetime(2026, 11, 2, 19, 30, tzinfo=dt.UTC)
IST_DAY, UTC_DAY = "2026-11-03", "2026-11-02"


@pytest.fixture
def at_one_am_ist(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: AFTER_IST_MIDNIGHT)
    return AFTER_IST_MIDNIGHT


def test_a_punch_at_one_am_ist_belongs_to_that_ist_day(clients, shop, alice, at_one_am_ist):
    staff = actions.create_staff(alice, business=shop, name="Raju")
    now = clients["clerk"].post(f"/api/khata/staff/{staff.id}/punches", {"kind": "in"}, format="json")
    assert now.status_code == 201 and now.json()["date"] == IST_DAY
    given = clients["clerk"].post(f"/api/khata/staff/{staff.id}/punches",
                                  {"kind": "out", "at": "2026-11-02T19:20:00Z"}, format="json")
    assert given.json()["date"] == IST_DAY
    # The punch list's default range (this month to today) is the shop's: both are in it.
    listed = clients["clerk"].get(f"/api/khata/staff/{staff.id}/punches").json()["results"]
    assert [p["date"] for p in listed] == [IST_DAY, IST_DAY]


def test_defaults_after_midnight_ist_are_the_ist_date(clients, shop, customer, at_one_am_ist):
    entry = clients["clerk"].post(f"/api/khata/businesses/{shop.id}/entries",
                                  {"party": str(customer.id), "kind": "gave", "amount": "10"}, format="json")
    assert entry.json()["date"] == IST_DAY
    bill = clients["manager"].post(f"/api/khata/businesses/{shop.id}/bills",
                                   {"party": str(customer.id), "lines": [line()]}, format="json").json()
    assert bill["issue_date"] == IST_DAY and bill["due_date"] == "2026-11-18"  # 15 days' terms
    pay = clients["manager"].post(f"/api/khata/bills/{bill['id']}/payments", {"amount": "1"}, format="json")
    assert pay.json()["date"] == IST_DAY
    cash = clients["manager"].post(f"/api/khata/businesses/{shop.id}/cashbook",
                                   {"direction": "in", "amount": "5"}, format="json")
    assert cash.json()["date"] == IST_DAY
    day = clients["manager"].get(f"/api/khata/businesses/{shop.id}/cashbook/day").json()
    assert day["start"] == IST_DAY and day["cash_in"] == "6.00"  # the payment (cash) and the entry


def test_a_business_elsewhere_keeps_its_own_day(clients, shop, customer, at_one_am_ist):
    assert_error(clients["owner"].patch(f"/api/khata/businesses/{shop.id}", {"time_zone": "Mars/Olympus"},
                                        format="json"), 400)
    r = clients["owner"].patch(f"/api/khata/businesses/{shop.id}", {"time_zone": "America/New_York"}, format="json")
    assert r.status_code == 200 and r.json()["time_zone"] == "America/New_York"
    entry = clients["clerk"].post(f"/api/khata/businesses/{shop.id}/entries",
                                  {"party": str(customer.id), "kind": "gave", "amount": "10"}, format="json")
    assert entry.json()["date"] == UTC_DAY


def test_pages_default_to_the_ist_date_and_show_ist_times(shop, customer, alice, at_one_am_ist):
    staff = actions.create_staff(alice, business=shop, name="Raju")
    actions.punch(alice, staff=staff, kind="in")
    browser = Client()
    browser.force_login(alice)
    party_page = browser.get(f"/khata/parties/{customer.id}/").content.decode()
    assert f'value="{IST_DAY}"' in party_page and f'value="{UTC_DAY}"' not in party_page
    staff_page = browser.get(f"/khata/staff/{staff.id}/").content.decode()
    assert "in 01:00" in staff_page and "19:30" not in staff_page
    # Posting the form without changing the date records on the IST day.
    browser.post(f"/khata/parties/{customer.id}/", {"kind": "got", "amount": "1", "date": IST_DAY,
                                                    "settled": "credit"})
    assert Entry.objects.get(party=customer, kind="got").date == dt.date(2026, 11, 3)
    assert Punch.objects.get(staff=staff).date == dt.date(2026, 11, 3)


def test_overdue_and_reminder_schedules_run_on_each_business_day(shop, customer, alice, bob, at_one_am_ist,
                                                                 monkeypatch):
    elsewhere = actions.create_business(bob, name="Brooklyn Deli", time_zone="America/New_York")
    client_ny = actions.create_party(bob, business=elsewhere, kind="customer", name="Sam")
    lines = [{"description": "x", "quantity": Decimal(1), "unit_price": Decimal(100)}]
    due = dt.date(2026, 11, 2)
    ist_bill = actions.create_bill(alice, business=shop, party_id=customer.id, lines=lines,
                                   issue_date=dt.date(2026, 10, 20), due_date=due)
    ny_bill = actions.create_bill(bob, business=elsewhere, party_id=client_ny.id, lines=lines,
                                  issue_date=dt.date(2026, 10, 20), due_date=due)
    # Due on the 2nd: overdue on the shop's 3rd (IST), not yet in New York (still the 2nd).
    assert flag_overdue_bills() == 1
    assert Bill.objects.get(pk=ist_bill.id).overdue_notified_at is not None
    assert Bill.objects.get(pk=ny_bill.id).overdue_notified_at is None
    # Reminders are dated the business's own day (sent from 09:00 there: 09:30 IST, 23:00 in New York).
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 3, 4, 0, tzinfo=dt.UTC))
    send_payment_reminders()
    assert set(Reminder.objects.values_list("business__name", "day")) >= {("Sharma Kirana", dt.date(2026, 11, 3))}
    ny = Reminder.objects.filter(business=elsewhere).values_list("day", flat=True)
    assert all(d == dt.date(2026, 11, 2) for d in ny)


def test_reminders_go_out_in_each_shops_morning_not_its_night(shop, customer, alice, bob, monkeypatch):
    """The beat runs hourly; a shop is reminded between 09:00 and 21:00 on its own clock,
    so a customer in India is not messaged at 01:00 IST, nor one in New York at 23:00 there."""
    elsewhere = actions.create_business(bob, name="Brooklyn Deli", time_zone="America/New_York",
                                        reminder_every_days=1)
    sam = actions.create_party(bob, business=elsewhere, kind="customer", name="Sam")
    for owner, business, party in ((alice, shop, customer), (bob, elsewhere, sam)):
        actions.record_entry(owner, business=business, party_id=party.id, kind="gave", amount=Decimal(500),
                             date=dt.date(2026, 10, 1))

    def at(hour_utc: int, day: int = 3) -> set:
        monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, day, hour_utc, 0, tzinfo=dt.UTC))
        send_payment_reminders()
        return set(Reminder.objects.values_list("business__name", "day"))

    ny2, ind3, ny3 = ("Brooklyn Deli", dt.date(2026, 11, 2)), ("Sharma Kirana", dt.date(2026, 11, 3)), \
        ("Brooklyn Deli", dt.date(2026, 11, 3))
    assert at(19, day=2) == {ny2}  # 01:00 IST on the 3rd (the shop's night); 14:00 on the 2nd in New York
    assert at(3) == {ny2}  # 08:30 IST; 22:00 in New York
    assert at(4) == {ny2, ind3}  # 09:30 IST
    assert at(13) == {ny2, ind3}  # 08:00 on the 3rd in New York: due again (daily) but not yet
    assert at(14) == {ny2, ind3, ny3}  # 09:00 in New York
    assert at(15) == at(14) and Reminder.objects.count() == 3  # later runs the same day remind nobody again


def test_personal_pages_use_the_profile_zone(alice, bob, at_one_am_ist):
    bob.profile.time_zone = "America/New_York"
    bob.profile.save()
    alice.profile.time_zone = "Asia/Kolkata"
    alice.profile.save()
    for user, day in ((alice, IST_DAY), (bob, UTC_DAY)):
        browser = Client()
        browser.force_login(user)
        page = browser.get("/finance/bills/")
        assert page.status_code == 200 and f'value="{day}"' in page.content.decode(), user.name
