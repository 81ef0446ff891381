"""Fixtures for finance tests: an account for alice, and statement builders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.finance import actions
from ledger.finance.models import Category


@pytest.fixture
def inr(alice):
    actions.ensure_finance(alice)
    return actions.create_account(alice, name="Savings", kind="bank", currency="INR", opening_balance=Decimal("1000.00"))


def category(user, name: str) -> Category:
    actions.ensure_finance(user)
    return Category.objects.get(owner=user, name=name, deleted_at__isnull=True)


def expense(user, account, amount: str, *, on: date, cat: Category | None = None, payee: str = "Shop"):
    return actions.record_transaction(
        user, account_id=account.id, direction="expense", amount=Decimal(amount), date=on,
        category_id=cat.id if cat else None, payee=payee,
    )


def ofx(lines: list[tuple[str, str, str, str]], currency: str = "INR") -> str:
    """An OFX 1.x (SGML) bank statement; lines are (fitid, yyyymmdd, signed amount, name)."""
    body = "".join(
        f"<STMTTRN><TRNTYPE>{'DEBIT' if amt.startswith('-') else 'CREDIT'}<DTPOSTED>{d}<TRNAMT>{amt}"
        f"<FITID>{fitid}<NAME>{name}</STMTTRN>\n"
        for fitid, d, amt, name in lines
    )
    return (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
        "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260101"
        "<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0"
        f"<SEVERITY>INFO</STATUS><STMTRS><CURDEF>{currency}<BANKACCTFROM><BANKID>123<ACCTID>456"
        "<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20200101<DTEND>20301231\n"
        f"{body}</BANKTRANLIST><LEDGERBAL><BALAMT>0<DTASOF>20260101</LEDGERBAL></STMTRS>"
        "</STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    )
