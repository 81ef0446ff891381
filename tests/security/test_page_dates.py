"""Pages refuse impossible dates, reversed or overlong ranges and non-numeric versions with a
400 page (before: 500, or silently another range), and the API answers the same in its error
shape (issue 16)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from ledger.khata import actions as khata
from social.actions import befriend, create_group, record_expense

pytestmark = pytest.mark.django_db

BAD_DAYS = ["2026-02-30", "2026-13-01", "0001-01-01", "9999-12-31", "yesterday"]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def shop(alice):
    return khata.create_business(alice, name="Sharma Kirana", currency="INR")


def _refused(response) -> None:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("query", [
    "start=0001-01-01&end=9999-12-31", "start=2026-02-30&end=2026-03-31", "start=2026-05-01&end=2026-04-01",
    "start=1900-01-01&end=2026-01-01", "end=2026-02-29",
])
def test_finance_report_page(alice, query):
    _refused(login(alice).get(f"/finance/reports/?{query}"))


def test_finance_report_page_good_range_still_renders(alice):
    assert login(alice).get("/finance/reports/?start=2026-01-01&end=2026-06-30").status_code == 200


@pytest.mark.parametrize("query", ["start=2026-02-30", "start=2026-05-01&end=2026-04-01", "end=0001-01-01"])
def test_finance_transaction_filters(alice, query):
    _refused(login(alice).get(f"/finance/transactions/?{query}"))


@pytest.mark.parametrize("day", BAD_DAYS)
def test_khata_cashbook_day(alice, shop, day):
    _refused(login(alice).get(f"/khata/{shop.pk}/cashbook/?day={day}"))


@pytest.mark.parametrize("month", ["0001-01", "2026-13", "9999-12", "soon"])
def test_khata_staff_month(alice, shop, month):
    staff = khata.create_staff(alice, business=shop, name="Raju")
    _refused(login(alice).get(f"/khata/staff/{staff.pk}/?month={month}"))


@pytest.mark.parametrize("query", ["start=2026-02-30", "start=2026-05-01&end=2026-04-01",
                                   "start=0001-01-01&end=9999-12-31"])
def test_khata_printed_statement(alice, shop, query):
    party = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    client = login(alice)
    assert client.get(f"/khata/print/parties/{party.pk}/statement?start=2026-01-01&end=2026-02-01").status_code == 200
    _refused(client.get(f"/khata/print/parties/{party.pk}/statement?{query}"))


def test_non_numeric_version_on_expense_forms(alice, bob):
    befriend(alice, other=bob)
    trip = create_group(alice, name="Goa", currency="INR", members=[bob.pk])
    e = record_expense(alice, group=trip, description="Taxi", amount=Decimal("90.00"), currency="INR",
                       date=datetime.date(2026, 11, 2), paid_by=[{"user": alice.pk, "amount": Decimal("90.00")}],
                       split={"method": "equal", "between": [alice.pk, bob.pk]})
    client = login(alice)
    form = {"description": "Taxi back", "amount": "120.00", "currency": "INR", "date": "2026-11-02",
            "method": "equal", f"in_{alice.pk.hex}": "on", f"in_{bob.pk.hex}": "on"}
    for version in ("x", "1e3", "٣", "99999999999999999999999"):
        _refused(client.post(f"/expenses/{e.pk}/edit/", {**form, "version": version}))
        _refused(client.post(f"/expenses/{e.pk}/delete/", {"version": version}))
    e.refresh_from_db()
    assert e.description == "Taxi" and e.deleted_at is None and e.version == 1


@pytest.mark.parametrize("path", [
    "/api/finance/reports/spending-by-category?from=2026-02-30",
    "/api/finance/reports/spending-by-category?from=2026-05-01&to=2026-04-01",
    "/api/finance/reports/spending-by-category?from=0001-01-01&to=9999-12-31",
    "/api/khata/businesses/{shop}/cashbook?start=2026-02-30",
    "/api/khata/businesses/{shop}/cashbook?start=2026-05-01&end=2026-04-01",
    "/api/khata/businesses/{shop}/cashbook?start=0001-01-01&end=9999-12-31",
])
def test_the_api_answers_400_in_its_error_shape(alice, shop, path):
    client = login(alice)
    response = client.get(path.format(shop=shop.pk))
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response.json()["error"]["code"] and response.json()["error"]["fields"]
