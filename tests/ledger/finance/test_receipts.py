"""Receipts on personal transactions: the owner's alone (404 for anyone else, file too), the
same type and size checks as expenses, live on the owner's devices, removed and purged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ledger.finance import actions
from ledger.finance.models import Transaction, TransactionReceipt
from realtime.models import Change
from tests.helpers import assert_error, assert_hidden_from, client_for

from .conftest import expense

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(client, txn_id, content: bytes, name: str = "bill.pdf"):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(f"/api/finance/transactions/{txn_id}/receipts", {"file": file}, format="multipart")


def test_attach_read_download_and_remove(alice_client, alice, bob, inr, django_capture_on_commit_callbacks):
    txn = expense(alice, inr, "799.00", on=date(2026, 11, 3), payee="Croma")
    made = upload(alice_client, txn.id, PDF, name="croma-invoice.pdf")
    assert made.status_code == 201, made.content
    receipt = made.json()
    assert receipt["content_type"] == "application/pdf" and receipt["transaction_id"] == str(txn.id)
    got = alice_client.get(receipt["url"])
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert "attachment" in got["Content-Disposition"]  # a PDF downloads
    assert Change.objects.filter(user=alice, entity="finance_receipt", event="receipt.attached").count() == 1
    assert not Change.objects.filter(user=bob, entity="finance_receipt").exists()
    listed = alice_client.get(f"/api/finance/transactions/{txn.id}/receipts").json()
    assert [r["id"] for r in listed["results"]] == [receipt["id"]]
    bob_client = client_for(bob)
    assert_hidden_from(bob_client, f"/api/finance/receipts/{receipt['id']}", methods=("get", "delete"))
    assert_hidden_from(bob_client, receipt["url"], methods=("get",))
    assert_error(upload(bob_client, txn.id, PNG), 404, "not_found")
    name = TransactionReceipt.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert alice_client.delete(f"/api/finance/receipts/{receipt['id']}").status_code == 200
    assert not default_storage.exists(name)
    assert_error(alice_client.get(receipt["url"]), 404)


def test_type_is_checked_from_the_bytes(alice_client, alice, inr):
    txn = expense(alice, inr, "10.00", on=date(2026, 11, 3))
    assert_error(upload(alice_client, txn.id, b"MZ\x90\x00 an exe", name="receipt.pdf"), 400, "receipt_type")
    assert not TransactionReceipt.objects.exists()


def test_receipts_of_a_transaction_deleted_past_retention_are_purged(alice, inr, django_capture_on_commit_callbacks):
    txn = expense(alice, inr, "10.00", on=date(2026, 11, 3))
    receipt = actions.attach_transaction_receipt(alice, transaction=txn, upload=SimpleUploadedFile("p.png", PNG))
    actions.delete_transaction(alice, transaction=txn)
    assert actions.purge_transaction_receipts() == 0
    Transaction.objects.filter(pk=txn.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.purge_transaction_receipts() == 1
    assert not default_storage.exists(receipt.file.name)


def test_erasing_the_account_deletes_the_files(alice, inr, django_capture_on_commit_callbacks):
    from ledger.finance.personal_data import erase

    txn = expense(alice, inr, "10.00", on=date(2026, 11, 3))
    receipt = actions.attach_transaction_receipt(alice, transaction=txn, upload=SimpleUploadedFile("p.png", PNG))
    with django_capture_on_commit_callbacks(execute=True):
        erase(alice)
    assert not TransactionReceipt.objects.exists() and not default_storage.exists(receipt.file.name)


def test_the_transaction_page_uploads_shows_and_removes_receipts(alice, inr):
    page = client_for(None)
    page.force_login(alice)
    txn = expense(alice, inr, "10.00", on=date(2026, 11, 3), payee="Chai")
    assert f"/finance/transactions/{txn.id}/split/#receipts" in page.get("/finance/transactions/").content.decode()
    sent = page.post(f"/finance/transactions/{txn.id}/receipts/", {"file": SimpleUploadedFile("chai.png", PNG)})
    assert sent.status_code == 302
    receipt = TransactionReceipt.objects.get()
    html = page.get(f"/finance/transactions/{txn.id}/split/").content.decode()
    assert f"/finance/receipts/{receipt.pk}/" in html and "chai.png" in html
    shown = page.get(f"/finance/receipts/{receipt.pk}/")
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PNG
    assert page.post(f"/finance/receipts/{receipt.pk}/remove/").status_code == 302
    assert TransactionReceipt.objects.get().deleted_at is not None
