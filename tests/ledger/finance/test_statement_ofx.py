"""OFX/QFX as banks write them: a strict pass (ofxtools), then a lenient reading that imports
what the spec-bending file holds, exactly, with a warning for the file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.finance import actions
from ledger.finance.models import Transaction
from tests.helpers import assert_error

from .statements import rows_of, upload

pytestmark = pytest.mark.django_db

THREE = [(1, "2026-01-05", "-45.50", "Café Zoë", "new", ""), (2, "2026-01-06", "50000.00", "Employer Ltd", "new", ""),
         (3, "2026-01-07", "-1200.00", "Électricité Münch", "new", "")]

QUIRKS = {
    "bankid_too_long.ofx": "The bank id SBIN0001234567 is longer than OFX allows (9).",
    "banktranlist_not_closed.ofx": "The transaction list is not closed (no </BANKTRANLIST>).",
    "no_ledgerbal.ofx": "No ledger balance (LEDGERBAL).",
    "empty_balamt.ofx": "An empty balance amount (BALAMT).",
    "language_not_eng.ofx": "LANGUAGE is EN-IN.",
    "header_blank_lines.ofx": "Blank lines inside the SGML header.",
    "charset_8859_1.ofx": "CHARSET:8859-1 is not an OFX character set name; the text was read by its bytes.",
}


def test_a_clean_statement_has_no_warning(alice_client, inr):
    body = upload(alice_client, inr, "clean.ofx").json()
    assert rows_of(body) == THREE and body["warnings"] == []


@pytest.mark.parametrize("name", sorted(QUIRKS))
def test_a_statement_that_bends_the_spec_imports_exactly_with_a_warning(name, alice_client, alice, inr):
    response = upload(alice_client, inr, name)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert rows_of(body) == THREE
    assert QUIRKS[name] in body["warnings"]
    assert any(w.startswith("The file does not follow the OFX specification (") for w in body["warnings"])
    done = alice_client.post(f"/api/finance/imports/{body['id']}/confirm").json()
    assert done["counts"] == {"imported": 3}
    got = sorted(Transaction.objects.filter(owner=alice).values_list("fitid", "date", "direction", "amount", "payee"))
    assert got == [("T1", date(2026, 1, 5), "expense", Decimal("45.50"), "Café Zoë"),
                   ("T2", date(2026, 1, 6), "income", Decimal("50000.00"), "Employer Ltd"),
                   ("T3", date(2026, 1, 7), "expense", Decimal("1200.00"), "Électricité Münch")]


def test_a_lenient_file_and_its_clean_twin_are_the_same_transactions(alice_client, inr):
    first = upload(alice_client, inr, "no_ledgerbal.ofx").json()
    alice_client.post(f"/api/finance/imports/{first['id']}/confirm")
    again = upload(alice_client, inr, "clean.ofx").json()
    assert again["counts"] == {"duplicate": 3}


def test_utf8_text_under_a_1252_header_keeps_its_letters(alice_client, inr):
    body = upload(alice_client, inr, "utf8_declared_1252.ofx").json()
    assert rows_of(body)[3][3] == "Société Générale ₹"
    assert [r["payee"] for r in body["rows"][:3]] == ["Café Zoë", "Employer Ltd", "Électricité Münch"]
    assert body["warnings"] == ["The header says CHARSET:1252 but the text is UTF-8; it was read as UTF-8."]


def test_ofx2_xml_card_statement_with_intuit_tags(alice_client, inr):
    body = upload(alice_client, inr, "card_v2.qfx").json()
    assert rows_of(body) == [(1, "2026-01-10", "-560.00", "São Paulo Café & Bar", "new", ""),
                             (2, "2026-01-12", "560.00", "Refund Zoë", "new", "")]
    assert body["warnings"] == []


def test_too_many_decimals_is_skipped_per_row_never_rounded(alice_client, alice, inr):
    body = upload(alice_client, inr, "too_many_decimals.ofx").json()
    assert rows_of(body) == [(1, "2026-01-05", None, "Rounding Cafe", "invalid", "more decimal places than INR has"),
                             (2, "2026-01-06", "-10.25", "Decimal comma", "new", ""),
                             (3, "2026-01-07", "-3.10", "Fine", "new", "")]
    alice_client.post(f"/api/finance/imports/{body['id']}/confirm")
    assert sorted(Transaction.objects.filter(owner=alice).values_list("amount", flat=True)) == [
        Decimal("3.10"), Decimal("10.25")]


def test_a_midnight_posting_east_of_greenwich_keeps_its_day(alice_client, inr):
    assert rows_of(upload(alice_client, inr, "ist_midnight.ofx").json())[0][1] == "2026-01-05"


def test_a_row_in_another_currency_is_skipped(alice_client, alice, inr):
    usd = actions.create_account(alice, name="US card", kind="card", currency="USD", opening_balance=Decimal(0))
    text = (b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>"
            b"<CURDEF>USD<BANKTRANLIST><STMTTRN><DTPOSTED>20260105<TRNAMT>-5.00<FITID>A<NAME>Here</STMTTRN>"
            b"<STMTTRN><DTPOSTED>20260106<TRNAMT>-7.00<FITID>B<NAME>Abroad<CURRENCY><CURRATE>1.1<CURSYM>EUR"
            b"</CURRENCY></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>")
    body = upload(alice_client, usd, "x.ofx", content=text).json()
    assert [(r["status"], r["reason"]) for r in body["rows"]] == [("new", ""), ("invalid", "in EUR, the account is in USD")]


def test_a_file_with_no_readable_transaction_is_refused(alice_client, inr):
    no_rows = b"OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>INR</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    error = assert_error(upload(alice_client, inr, "a.ofx", content=no_rows), 400, "unreadable_file")
    assert error["message"].startswith("No transaction could be read from this OFX/QFX file")
    assert_error(upload(alice_client, inr, "b.ofx", content=b"%PDF-1.4 not a statement"), 400, "unreadable_file")
