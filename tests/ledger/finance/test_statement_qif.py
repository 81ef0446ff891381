"""QIF record by record: investment sections import their cash side, a bad record is one
invalid row with its line number, dates are read in the file's order (or the chosen one)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.finance.models import ImportBatch, Transaction
from tests.helpers import assert_error

from .statements import rows_of, upload

pytestmark = pytest.mark.django_db


def test_an_investment_file_imports_its_cash_side_and_says_why_it_skips_the_rest(alice_client, alice, inr):
    response = upload(alice_client, inr, "investment.qif")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert rows_of(body) == [
        (6, "2026-01-05", "-3000.00", "INFY", "new", ""),
        (13, "2026-01-10", "45.00", "INFY", "new", ""),
        (18, "2026-01-12", None, "", "invalid", "investment BuyX: the cash moved to or from Savings, not this account"),
        (27, "2026-01-15", None, "", "invalid", "investment ReinvDiv: no cash moved"),
        (33, "2026-01-20", "10000.00", "From savings", "new", ""),
        (40, "2026-01-25", "-25.00", "Brokerage fee", "new", ""),
    ]
    alice_client.post(f"/api/finance/imports/{body['id']}/confirm")
    assert Transaction.objects.filter(owner=alice).count() == 4
    assert Transaction.objects.get(owner=alice, payee="INFY", direction="expense").notes == "Buy INFY"


def test_one_bad_record_is_reported_with_its_line_and_the_rest_imports(alice_client, alice, inr):
    body = upload(alice_client, inr, "bad_records.qif").json()
    assert rows_of(body) == [
        (2, "2026-01-05", "-45.50", "Café Zoë", "new", ""),
        (6, "2026-01-06", None, "No amount here", "invalid", "no amount (T line)"),
        (9, None, None, "Impossible date", "invalid", "date '13/45/2026' is not a date read month first"),
        (13, "2026-01-08", "1200.00", "Employer", "new", ""),
    ]
    assert "could be day first or month first" in body["warnings"][0]  # 13/45 says nothing about the order
    alice_client.post(f"/api/finance/imports/{body['id']}/confirm")
    assert sorted(Transaction.objects.filter(owner=alice).values_list("payee", flat=True)) == ["Café Zoë", "Employer"]


@pytest.mark.parametrize("name, order", [("day_first.qif", "dmy"), ("month_first.qif", "mdy")])
def test_the_date_order_is_detected_per_file(name, order, alice_client, inr):
    body = upload(alice_client, inr, name).json()
    assert [(r["date"], r["payee"]) for r in body["rows"]] == [("2026-01-05", "Tea"), ("2026-01-25", "Lunch")]
    assert body["settings"]["date_order"] == order and body["warnings"] == []


def test_ambiguous_dates_warn_and_the_other_order_can_be_chosen_in_the_preview(alice_client, inr):
    body = upload(alice_client, inr, "ambiguous_dates.qif").json()
    assert [r["date"] for r in body["rows"]] == ["2026-03-04", "2026-05-06"]
    assert body["settings"]["date_order"] == "mdy" and "could be day first or month first" in body["warnings"][0]
    response = alice_client.post(f"/api/finance/imports/{body['id']}/reread", {"date_order": "dmy"}, format="json")
    assert response.status_code == 201, response.json()
    again = response.json()
    assert [r["date"] for r in again["rows"]] == ["2026-04-03", "2026-06-05"]
    assert again["settings"]["date_order"] == "dmy" and again["warnings"] == []
    assert ImportBatch.objects.get(pk=body["id"]).status == "discarded"
    assert_error(alice_client.post(f"/api/finance/imports/{body['id']}/reread", {"date_order": "mdy"}, format="json"),
                 409, "import_discarded")


def test_the_order_chosen_up_front_wins_and_a_date_that_does_not_fit_is_a_row_error(alice_client, inr):
    body = upload(alice_client, inr, "month_first.qif", date_order="dmy").json()
    assert rows_of(body)[1][5] == "date \"1/25'26\" is not a date read day first"
    legacy = upload(alice_client, inr, "ambiguous_dates.qif", day_first="true").json()
    assert legacy["settings"]["date_order"] == "dmy" and legacy["rows"][0]["date"] == "2026-04-03"


def test_qif_amounts_with_a_decimal_comma_are_exact(alice_client, inr):
    qif = "!Type:Bank\nD05/01/2026\nT-12,50\nPBäckerei\n^\nD06/01/2026\nT1.234,56\nPGehalt\n^\n".encode("cp1252")
    body = upload(alice_client, inr, "de.qif", content=qif, date_order="dmy").json()
    assert [(r["amount"], r["payee"]) for r in body["rows"]] == [("12.50", "Bäckerei"), ("1234.56", "Gehalt")]
    assert Decimal(body["rows"][1]["amount"]) == Decimal("1234.56")
