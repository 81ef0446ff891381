"""An invoice's day is its seller's (issue 15: the right zone on every schedule). At 01:00 IST
(19:30 UTC the evening before) an invoice of a seller in India that is due that IST day can no
longer be funded and the hourly beat expires it; a seller in New York is still on the day before.
The clock is the one thing mocked."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from invoicing import actions
from invoicing.models import Invoice
from invoicing.tasks import mark_overdue_and_defaulted
from tests.helpers import assert_error, client_for, replay_feed, snapshot_entities
from tests.invoicing.conftest import invoice_fields, wallet

pytestmark = pytest.mark.django_db

AFTER_IST_MIDNIGHT = dt.datetime(2026, 11, 2, 19, 30, tzinfo=dt.UTC)  # 01:00 IST on 3 Nov, 14:30 on 2 Nov in New York
DUE = dt.date(2026, 11, 3)


def _listed(seller, zone: str, number: str) -> Invoice:
    seller.profile.time_zone = zone
    seller.profile.save()
    draft = actions.create_invoice(seller, **invoice_fields(number=number, issue_date=dt.date(2026, 9, 1), due_date=DUE))
    return actions.list_invoice(seller, invoice_id=draft.pk, on=dt.date(2026, 10, 1))


@pytest.fixture
def at_one_am_ist(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: AFTER_IST_MIDNIGHT)


def test_funding_closes_on_the_sellers_due_date_not_the_servers(alice, bob, carol, at_one_am_ist):
    indian = _listed(alice, "Asia/Kolkata", "IN-1")
    american = _listed(carol, "America/New_York", "US-1")
    wallet(bob)
    actions.top_up_wallet(bob, amount=Decimal("5000"), currency="INR")
    client = client_for(bob)
    assert_error(client.post(f"/api/invoicing/invoices/{indian.pk}/fund", {"amount": "1000.00"}, format="json"),
                 409, "listing_expired")
    ok = client.post(f"/api/invoicing/invoices/{american.pk}/fund", {"amount": "1000.00"}, format="json")
    assert ok.status_code == 201, ok.content


def test_the_hourly_beat_expires_each_listing_on_its_sellers_day(alice, carol, monkeypatch, at_one_am_ist):
    indian = _listed(alice, "Asia/Kolkata", "IN-1")
    american = _listed(carol, "America/New_York", "US-1")
    assert mark_overdue_and_defaulted() == {"overdue": 0, "defaulted": 0, "expired": 1}
    indian.refresh_from_db()
    american.refresh_from_db()
    assert indian.status == "expired" and american.status == "listed"
    # 05:00 UTC on the 3rd: midnight has passed in New York too.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 3, 5, 0, tzinfo=dt.UTC))
    assert mark_overdue_and_defaulted() == {"overdue": 0, "defaulted": 0, "expired": 1}
    american.refresh_from_db()
    assert american.status == "expired"


def test_a_funded_invoice_goes_overdue_after_its_sellers_due_date(alice, bob, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 10, 5, 12, 0, tzinfo=dt.UTC))
    invoice = _listed(alice, "Asia/Kolkata", "IN-2")
    actions.top_up_wallet(bob, amount=invoice.advance_amount, currency="INR")
    actions.fund_invoice(bob, invoice_id=invoice.pk, amount=invoice.advance_amount)
    # 19:00 UTC on the 3rd = 00:30 IST on the 4th: the day after the due date, in the seller's zone.
    monkeypatch.setattr(timezone, "now", lambda: DUE_EVENING)
    assert mark_overdue_and_defaulted()["overdue"] == 1
    invoice.refresh_from_db()
    assert invoice.status == "overdue"


DUE_EVENING = dt.datetime.combine(DUE, dt.time(19, 0), tzinfo=dt.UTC)


def test_an_explicit_day_still_replays_for_everyone(alice, carol):
    indian = _listed(alice, "Asia/Kolkata", "IN-1")
    american = _listed(carol, "America/New_York", "US-1")
    assert mark_overdue_and_defaulted(str(DUE - timedelta(days=1)))["expired"] == 0
    assert mark_overdue_and_defaulted(str(DUE))["expired"] == 2
    assert {i.status for i in Invoice.objects.filter(pk__in=[indian.pk, american.pk])} == {"expired"}


# --- days_to_due and "due within N days" count from the invoice's (its seller's) day -------------
DUE_LATER = dt.date(2026, 11, 20)  # 17 days after 3 Nov (India's day at 01:00 IST), 18 after 2 Nov


def _listed_due_later(seller, zone: str, number: str) -> Invoice:
    seller.profile.time_zone = zone
    seller.profile.save()
    draft = actions.create_invoice(seller, **invoice_fields(number=number, issue_date=dt.date(2026, 9, 1),
                                                            due_date=DUE_LATER))
    return actions.list_invoice(seller, invoice_id=draft.pk)


def test_days_to_due_counts_from_the_sellers_day_on_every_path(alice, bob, carol, at_one_am_ist):
    bob.profile.time_zone = "America/Los_Angeles"  # the reader's zone plays no part
    bob.profile.save()
    indian = _listed_due_later(alice, "Asia/Kolkata", "IN-3")
    american = _listed_due_later(carol, "America/New_York", "US-3")
    expected = {str(indian.pk): 17, str(american.pk): 18}
    actions.top_up_wallet(bob, amount=Decimal("5000"), currency="INR")
    for invoice in (indian, american):
        actions.fund_invoice(bob, invoice_id=invoice.pk, amount=invoice.min_ticket)
    client = client_for(bob)
    market = client.get("/api/invoicing/marketplace").json()["results"]
    assert {row["id"]: row["days_to_due"] for row in market} == expected
    for invoice_id, days in expected.items():
        assert client.get(f"/api/invoicing/invoices/{invoice_id}").json()["days_to_due"] == days
    portfolio = client.get("/api/invoicing/portfolio").json()["results"]
    assert {row["invoice"]["id"]: row["invoice"]["days_to_due"] for row in portfolio} == expected
    assert {i: o["days_to_due"] for i, o in snapshot_entities(client)["invoice"].items()} == expected
    assert {i: o["days_to_due"] for i, o in replay_feed(client)["invoice"].items()} == expected
    own = client_for(alice).get("/api/invoicing/invoices").json()["results"]
    assert [row["days_to_due"] for row in own] == [17]


def test_due_within_n_days_keeps_exactly_the_listings_that_show_at_most_n(alice, bob, carol, at_one_am_ist):
    indian = _listed_due_later(alice, "Asia/Kolkata", "IN-3")
    american = _listed_due_later(carol, "America/New_York", "US-3")
    client = client_for(bob)

    def within(days: int) -> set[str]:
        response = client.get(f"/api/invoicing/marketplace?max_days_to_due={days}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert within(16) == set()
    assert within(17) == {str(indian.pk)}
    assert within(18) == {str(indian.pk), str(american.pk)}
    # The marketplace page filters and counts the same way.
    browser = Client()
    browser.force_login(bob)
    page = browser.get("/market/?max_days_to_due=17")
    assert page.status_code == 200
    assert str(indian.pk) in page.content.decode() and str(american.pk) not in page.content.decode()


def test_invoice_lists_read_no_row_per_invoice_for_the_sellers_day(alice, bob, carol, at_one_am_ist):
    client = client_for(alice)
    investor = client_for(bob)

    def statements(c, url: str) -> tuple[int, int]:
        c.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = c.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        return len(queries.captured_queries), len(body.get("results", body.get("entities", {}).get("invoice", [])))

    actions.top_up_wallet(bob, amount=Decimal("50000"), currency="INR")
    urls = ((client, "/api/invoicing/invoices"), (investor, "/api/invoicing/portfolio"),
            (investor, "/api/sync/snapshot"))
    counts = []
    for batch in (2, 5):
        for n in range(batch):
            invoice = _listed_due_later(alice if n % 2 else carol, "Asia/Kolkata", f"N-{batch}-{n}")
            actions.fund_invoice(bob, invoice_id=invoice.pk, amount=invoice.min_ticket)
        counts.append([statements(c, url) for c, url in urls])
    few, many = counts
    assert [n for _, n in few] == [1, 2, 2] and [n for _, n in many] == [3, 7, 7], counts
    assert [q for q, _ in many] == [q for q, _ in few], counts
