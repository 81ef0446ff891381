"""Expense search and filters: `GET /api/expenses?q=&person=&category=&from=&to=&min_amount=
&max_amount=&currency=&group=`, the expenses page and the admin's search."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from social import actions
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db


def _spend(actor, *, group, payer, between, description, amount, date, currency="INR", category="", notes=""):
    return actions.record_expense(
        actor, group=group, description=description, amount=Decimal(amount), currency=currency,
        date=dt.date.fromisoformat(date), paid_by=[{"user": payer.pk, "amount": Decimal(amount)}],
        split={"method": "equal", "between": [u.pk for u in between]}, category=category, notes=notes,
    )


@pytest.fixture
def book(friends, trip):
    """Five expenses alice can see: four in the trip, one between alice and dave only."""
    alice, bob, carol, dave = friends
    made = {
        "taxi": _spend(alice, group=trip, payer=alice, between=[alice, bob], description="Taxi to airport",
                       amount="450.00", date="2026-10-01", category="Transport"),
        "dinner": _spend(bob, group=trip, payer=bob, between=[alice, bob, carol], description="Fish thali dinner",
                         amount="1200.00", date="2026-10-02", category="Food", notes="beach shack"),
        "ferry": _spend(carol, group=trip, payer=carol, between=[bob, carol], description="Ferry tickets",
                        amount="300.00", date="2026-10-03", category="transport"),
        "usd": _spend(alice, group=trip, payer=alice, between=[alice, carol], description="Museum",
                      amount="20.00", date="2026-10-04", currency="USD", category="Fun"),
        "dave": _spend(alice, group=None, payer=dave, between=[alice, dave], description="Dinner with Dave",
                       amount="800.00", date="2026-11-05", category="Food"),
    }
    return made


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content[:400]
    return {row["description"] for row in response.json()["results"]}


def _search(user, **query) -> set[str]:
    return _ids(client_for(user).get("/api/expenses", query))


def test_without_filters_every_visible_expense_is_listed(alice, book):
    assert _search(alice) == {e.description for e in book.values()}


def test_text_matches_every_word_in_description_notes_or_category_any_case(alice, book):
    assert _search(alice, q="DINNER") == {"Fish thali dinner", "Dinner with Dave"}
    assert _search(alice, q="dinner shack") == {"Fish thali dinner"}  # "shack" is in the notes
    assert _search(alice, q="transport") == {"Taxi to airport", "Ferry tickets"}  # the category
    assert _search(alice, q="nothing-like-this") == set()


def test_person_means_paid_or_owes_a_part(alice, bob, carol, dave, book):
    # bob paid the dinner, owes half the taxi and half the ferry; takes no part in the museum.
    assert _search(alice, person=str(bob.pk)) == {"Taxi to airport", "Fish thali dinner", "Ferry tickets"}
    assert _search(alice, person=str(dave.pk)) == {"Dinner with Dave"}
    # carol's own search cannot reach the alice-dave expense, whoever she names
    assert _search(carol, person=str(dave.pk)) == set()


def test_category_is_exact_but_any_case(alice, book):
    assert _search(alice, category="TRANSPORT") == {"Taxi to airport", "Ferry tickets"}
    assert _search(alice, category="Trans") == set()


def test_date_range_is_inclusive(alice, book):
    assert _search(alice, **{"from": "2026-10-02", "to": "2026-10-03"}) == {"Fish thali dinner", "Ferry tickets"}
    assert _search(alice, **{"from": "2026-11-01"}) == {"Dinner with Dave"}


def test_amount_range_is_inclusive_and_exact(alice, book):
    assert _search(alice, min_amount="300.00", max_amount="800") == {"Taxi to airport", "Ferry tickets",
                                                                       "Dinner with Dave"}
    assert _search(alice, min_amount="1200.01") == set()
    assert _search(alice, max_amount="20", currency="usd") == {"Museum"}


def test_group_and_filters_combine(alice, trip, book):
    assert _search(alice, group=str(trip.pk), category="food") == {"Fish thali dinner"}
    assert _search(alice, group=str(trip.pk), person=str(trip.created_by_id), currency="INR") == {
        "Taxi to airport", "Fish thali dinner"}


def test_someone_elses_group_is_404(dave, trip, book):
    assert_error(client_for(dave).get("/api/expenses", {"group": str(trip.pk)}), 404, "not_found")


@pytest.mark.parametrize(("query", "field"), [
    ({"from": "2026-10-05", "to": "2026-10-01"}, "from"),
    ({"min_amount": "10", "max_amount": "5"}, "min_amount"),
    ({"min_amount": "-1"}, "min_amount"),
    ({"min_amount": "ten"}, "min_amount"),
    ({"from": "2026-13-01"}, "from"),
    ({"person": "not-a-uuid"}, "person"),
    ({"currency": "XXQ"}, "currency"),
    ({"q": "a b c d e f g h i j k"}, "q"),
])
def test_bad_filters_are_field_errors(alice, book, query, field):
    error = assert_error(client_for(alice).get("/api/expenses", query), 400)
    assert field in error["fields"], error


def test_an_unknown_parameter_is_refused_not_ignored(alice, book):
    error = assert_error(client_for(alice).get("/api/expenses", {"search": "taxi"}), 400, "unknown_parameter")
    assert error["fields"] == {"search": ["Unknown parameter."]}


def test_the_filters_are_in_the_schema():
    from tests.security.routes import openapi

    names = {p["name"] for p in openapi()["paths"]["/api/expenses"]["get"]["parameters"]}
    assert {"q", "person", "category", "from", "to", "min_amount", "max_amount", "currency", "group",
            "limit", "offset"} <= names


def test_the_expenses_page_filters_the_same_way(alice, bob, client, book):
    client.force_login(alice)
    page = client.get("/expenses/", {"q": "dinner", "person": str(bob.pk)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fish thali dinner" in html
    assert "Dinner with Dave" not in html and "Taxi to airport" not in html
    everything = client.get("/expenses/").content.decode()
    assert "Dinner with Dave" in everything and "Taxi to airport" in everything


def test_the_expenses_page_shows_a_bad_filter_next_to_its_field(alice, client, book):
    client.force_login(alice)
    page = client.get("/expenses/", {"min_amount": "10", "max_amount": "5"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Must not be more than" in html
    assert "Taxi to airport" not in html  # nothing listed for a refused filter


def test_the_group_page_links_to_its_search(alice, client, trip, book):
    client.force_login(alice)
    html = client.get(f"/groups/{trip.pk}/").content.decode()
    assert f'name="group" value="{trip.pk}"' in html


def test_admin_searches_description_notes_category_and_people(book, db):
    from social.models import User

    staff = User.objects.create_superuser(email="support@example.com", password="x", name="Support")
    from django.test import Client

    client = Client()
    client.force_login(staff)
    html = client.get("/admin/social/expense/", {"q": "shack"}).content.decode()
    assert "Fish thali dinner" in html and "Taxi to airport" not in html
    html = client.get("/admin/social/expense/", {"q": "bob@example.com"}).content.decode()
    assert "Fish thali dinner" in html and "Museum" not in html
