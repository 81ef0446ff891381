"""CSV exports of real services: header names ignoring case and spaces, presets (PayPal,
Venmo, debit/credit bank), detected date format, no confirmation of a preview with nothing
to import."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from ledger.finance import actions
from ledger.finance.models import Transaction
from tests.helpers import assert_error

from .statements import rows_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def usd(alice):
    actions.ensure_finance(alice)
    return actions.create_account(alice, name="PayPal", kind="wallet", currency="USD", opening_balance=Decimal(0))


SPACED = [(2, "2026-01-05", "-45.50", "Café Zoë", "new", ""), (3, "2026-01-06", "50000.00", "Employer", "new", "")]


def test_a_header_with_a_space_after_each_comma_is_detected(alice_client, inr):
    body = upload(alice_client, inr, "spaced_header.csv").json()
    assert rows_of(body) == SPACED and body["settings"]["preset"] == "simple"


def test_named_columns_match_ignoring_case_and_surrounding_spaces(alice_client, inr):
    mapping = {"date": " date", "amount": "AMOUNT ", "payee": "payee"}
    body = upload(alice_client, inr, "spaced_header.csv", mapping=mapping).json()
    assert rows_of(body) == SPACED and body["settings"]["preset"] == "custom"


def test_paypal_export(alice_client, alice, usd):
    body = upload(alice_client, usd, "paypal.csv").json()
    assert body["settings"]["preset"] == "paypal" and body["settings"]["date_order"] == "mdy"
    assert rows_of(body) == [
        (2, "2026-01-05", "-20.00", "Zoë's Shop", "new", ""),
        (3, "2026-01-06", "96.80", "Client Inc", "new", ""),
        (4, "2026-01-13", None, "Pending Co", "invalid", "status Pending: not completed"),
        (5, "2026-01-14", None, "Euro Shop", "invalid", "in EUR, the account is in USD"),
    ]
    alice_client.post(f"/api/finance/imports/{body['id']}/confirm")
    assert set(Transaction.objects.filter(owner=alice).values_list("fitid", flat=True)) == {
        "5XY11111AB222222C", "6XY11111AB222222D"}
    assert upload(alice_client, usd, "paypal.csv").json()["counts"] == {"duplicate": 2, "invalid": 2}


def test_venmo_statement(alice_client, usd):
    body = upload(alice_client, usd, "venmo.csv").json()
    assert body["settings"]["preset"] == "venmo"
    assert body["warnings"] == ["The first 2 line(s) before the header were skipped."]
    assert [r[:5] for r in rows_of(body)] == [
        (4, None, None, "", "invalid"),
        (5, "2026-01-05", "-12.50", "Bob M", "new"),
        (6, "2026-01-06", "300.00", "Carol D", "new"),
        (7, None, None, "", "invalid"),
    ]
    assert body["rows"][1]["notes"] == "Pizza 🍕"


def test_bank_export_with_debit_and_credit_columns(alice_client, inr):
    body = upload(alice_client, inr, "bank_debit_credit.csv").json()
    assert body["settings"]["preset"] == "bank" and body["settings"]["date_order"] == "dmy"
    assert rows_of(body) == [(2, "2026-01-05", "-450.00", "UPI-SWIGGY", "new", ""),
                             (3, "2026-01-06", "50000.00", "NEFT-SALARY ACME", "new", ""),
                             (4, "2026-01-28", "-2000.00", "ATM WDL", "new", "")]
    assert [r["fitid"] for r in body["rows"]] == ["R001", "R002", "R003"]


def test_a_preset_is_selectable_and_refuses_a_file_without_its_columns(alice_client, inr):
    body = upload(alice_client, inr, "bank_debit_credit.csv", preset="bank").json()
    assert body["counts"] == {"new": 3}
    error = assert_error(upload(alice_client, inr, "bank_debit_credit.csv", preset="paypal"), 400, "unreadable_file")
    assert "columns of a PayPal export" in error["fields"]["preset"][0]
    other = alice_client.post(f"/api/finance/imports/{body['id']}/reread", {"preset": "venmo"}, format="json")
    assert "preset" in assert_error(other, 400, "unreadable_file")["fields"]


def test_the_date_format_is_detected(alice_client, inr):
    body = upload(alice_client, inr, "month_first.csv").json()
    assert [r["date"] for r in body["rows"]] == ["2026-01-31", "2026-02-01"]
    assert body["settings"]["date_order"] == "mdy"


def test_windows_1252_semicolons_and_decimal_commas(alice_client, inr):
    mapping = {"date": "datum", "amount": "BETRAG", "payee": "empfänger"}
    body = upload(alice_client, inr, "latin1_semicolon.csv", mapping=mapping, date_order="dmy").json()
    assert rows_of(body) == [(2, "2026-01-05", "-12.50", "Bäckerei Müller", "new", ""),
                             (3, "2026-01-06", "1234.56", "Gehalt", "new", "")]


def test_every_row_invalid_is_a_preview_with_nothing_to_confirm(alice_client, alice, inr):
    body = upload(alice_client, inr, "all_invalid.csv").json()
    assert body["counts"] == {"invalid": 2}
    assert [r["reason"] for r in body["rows"]] == ["date 'yesterday' is not a date", "amount is not a number"]
    page = Client()
    page.force_login(alice)
    html = page.get(f"/finance/import/{body['id']}/").content.decode()
    assert "Confirm import" not in html and "Nothing to import" in html
    html = page.get(f"/finance/import/{upload(alice_client, inr, 'spaced_header.csv').json()['id']}/").content.decode()
    assert "Confirm import" in html


def test_a_preset_chosen_in_the_preview_replaces_the_named_columns(alice_client, inr):
    named = upload(alice_client, inr, "spaced_header.csv", mapping={"date": "date", "amount": "amount"}).json()
    assert named["settings"]["preset"] == "custom" and [r["payee"] for r in named["rows"]] == ["", ""]
    again = alice_client.post(f"/api/finance/imports/{named['id']}/reread", {"preset": "simple"}, format="json").json()
    assert again["settings"]["preset"] == "simple" and rows_of(again) == SPACED
