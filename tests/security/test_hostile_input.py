"""Hostile text and numbers: amounts in other digit systems or with separators, currencies
that are not money in circulation, bidi controls and invisible characters in names."""

from __future__ import annotations

import pytest
from django.test import Client

from config.money import currencies, parse_amount
from social.models import Group
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def _account(client, **over):
    body = {"name": "Cash", "kind": "cash", "currency": "INR", "opening_balance": "10.00", **over}
    return client.post("/api/finance/accounts", body, format="json")


@pytest.mark.parametrize("amount", ["１２３", "٣٤٥", "1_000", " 10.00", "10.00 ", "1e3", "1.2.3", "+5", "१२", "0x10"])
def test_amounts_in_anything_but_ascii_digits_are_refused(alice_client, amount):
    error = assert_error(_account(alice_client, opening_balance=amount), 400)
    assert "opening_balance" in error["fields"]


def test_plain_amounts_are_still_taken(alice_client):
    assert _account(alice_client, opening_balance="1234.50").status_code == 201
    assert _account(alice_client, name="Debt", opening_balance="-3").status_code == 201
    assert parse_amount("0.5") == parse_amount("0.50")


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU", "XAG", "DEM", "XDR"])
def test_currencies_not_in_circulation_are_refused(alice_client, code):
    assert_error(_account(alice_client, currency=code), 400)
    assert_error(alice_client.post("/api/groups", {"name": "Trip", "currency": code}, format="json"), 400)


def test_currencies_in_circulation_are_taken():
    assert {"INR", "USD", "EUR", "JPY", "KWD", "XOF", "GBP"} <= currencies()


@pytest.mark.parametrize("text", ["Dinner \u202eRS 0001", "a\u2066b\u2069", "x\u202ay"])
def test_bidi_controls_are_refused_in_descriptions_and_names(alice_client, text):
    assert_error(alice_client.post("/api/groups", {"name": text, "currency": "INR"}, format="json"), 400)
    assert_error(alice_client.patch("/api/me", {"name": text}, format="json"), 400)


@pytest.mark.parametrize("name", ["al\u200bice", "ali\u200dce", "\u200calice", "alice\u2060", "\ufeffalice"])
def test_zero_width_characters_are_refused_in_names(alice_client, name):
    assert_error(alice_client.patch("/api/me", {"name": name}, format="json"), 400, "invalid")
    assert_error(alice_client.post("/api/groups", {"name": name, "currency": "INR"}, format="json"), 400)


def test_scripts_that_need_joiners_still_work(alice_client):
    # Devanagari half forms (क्‍ष) and emoji sequences use ZWJ between non-ASCII characters.
    for name in ["क्\u200dष", "👩\u200d👩\u200d👧 trip"]:
        response = alice_client.patch("/api/me", {"name": name}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["name"] == name


def test_page_forms_refuse_bidi_controls_too(alice):
    client = Client()
    client.force_login(alice)
    response = client.post("/groups/", {"name": "Rent \u202eevil", "currency": "INR", "simplify_debts": "on"})
    assert response.status_code == 200  # the form again, with the error on the field
    assert not Group.objects.filter(name__contains="\u202e").exists()
    assert "bidirectional" in response.content.decode()
