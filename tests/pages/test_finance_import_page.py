"""The statement import page: a refused preview keeps the chosen file and settings; the
preview shows what was unusual and can read the file again with another preset or date order."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ledger.finance import actions
from ledger.finance.models import ImportBatch
from tests.ledger.finance.statements import fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(alice):
    actions.ensure_finance(alice)
    return actions.create_account(alice, name="HDFC", kind="bank", currency="INR", opening_balance=Decimal(0))


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _kept(html: str) -> str:
    return re.search(r'name="kept" value="([^"]+)"', html).group(1)


def test_a_refused_preview_keeps_the_file_and_settings(alice, bob, bank):
    page = _page(alice)
    response = page.post("/finance/import/", {
        "account_id": str(bank.pk), "format": "csv", "preset": "paypal",
        "file": SimpleUploadedFile("hdfc.csv", fixture("bank_debit_credit.csv"))})
    html = response.content.decode()
    assert response.status_code == 200 and "columns of a PayPal export" in html
    assert "hdfc.csv" in html and 'value="paypal" selected' in html
    token = _kept(html)
    # Someone else cannot use the kept file.
    actions.ensure_finance(bob)
    bobs = actions.create_account(bob, name="Bob's", kind="bank", currency="INR", opening_balance=Decimal(0))
    other = _page(bob).post("/finance/import/", {"account_id": str(bobs.pk), "format": "csv", "preset": "bank",
                                                 "kept": token})
    assert "has expired; choose it again" in other.content.decode() and not ImportBatch.objects.exists()
    response = page.post("/finance/import/", {"account_id": str(bank.pk), "format": "csv", "preset": "bank",
                                              "kept": token})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get()
    assert batch.filename == "hdfc.csv" and batch.settings["preset"] == "bank"
    assert batch.rows.filter(status="new").count() == 3


def test_the_preview_shows_warnings_and_reads_again_in_the_other_date_order(alice, bank):
    page = _page(alice)
    response = page.post("/finance/import/", {"account_id": str(bank.pk), "format": "qif",
                                              "file": SimpleUploadedFile("a.qif", fixture("ambiguous_dates.qif"))})
    assert response.status_code == 302
    html = page.get(response["Location"]).content.decode()
    assert "Unusual in this file" in html and "could be day first or month first" in html
    assert "4 Mar 2026" in html and 'name="verb" value="reread"' in html
    again = page.post(response["Location"], {"verb": "reread", "date_order": "dmy"})
    assert again.status_code == 302 and again["Location"] != response["Location"]
    html = page.get(again["Location"]).content.decode()
    assert "3 Apr 2026" in html and "dates day first" in html and "Unusual in this file" not in html


def test_a_bent_ofx_shows_its_warning_in_the_preview(alice, bank):
    page = _page(alice)
    response = page.post("/finance/import/", {"account_id": str(bank.pk), "format": "ofx",
                                              "file": SimpleUploadedFile("s.ofx", fixture("no_ledgerbal.ofx"))})
    html = page.get(response["Location"]).content.decode()
    assert "No ledger balance (LEDGERBAL)." in html and "Café Zoë" in html and "Confirm import" in html


def test_a_form_error_keeps_the_file_too_and_a_too_large_file_is_refused(alice, bank):
    page = _page(alice)
    response = page.post("/finance/import/", {
        "account_id": str(bank.pk), "format": "csv", "preset": "columns", "date_column": "Date",
        "amount_column": "Amount", "date_format": "yyyy-mm-dd",
        "file": SimpleUploadedFile("s.csv", fixture("spaced_header.csv"))})
    html = response.content.decode()
    assert response.status_code == 200 and "A format such as %d/%m/%Y" in html and "s.csv" in html
    response = page.post("/finance/import/", {"account_id": str(bank.pk), "format": "csv", "preset": "columns",
                                              "date_column": "Date", "amount_column": "Amount", "kept": _kept(html)})
    assert response.status_code == 302 and ImportBatch.objects.get().rows.filter(status="new").count() == 2
    big = page.post("/finance/import/", {"account_id": str(bank.pk), "format": "csv",
                                         "file": SimpleUploadedFile("big.csv", b"x" * 5_000_001)})
    assert "too large" in big.content.decode() and ImportBatch.objects.count() == 1
