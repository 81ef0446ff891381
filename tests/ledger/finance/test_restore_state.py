"""A finance export restored keeps what a backup is for: receipt files byte for byte, bills as
far as they were paid (no reminder again for a paid occurrence), recurring items where they had
got to (the beat records nothing twice); a JSON-only restore says which receipts it left out;
a refused restore leaves no file behind."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from ledger.finance import actions, tasks
from ledger.finance.models import Bill, Recurring, Transaction, TransactionReceipt
from realtime.models import Change
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _export(user) -> bytes:
    response = client_for(user).get("/api/finance/export")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _restore(user, content: bytes, name: str = "finance.zip"):
    return client_for(user).post("/api/finance/restore", {"file": SimpleUploadedFile(name, content)},
                                 format="multipart")


def _bank(user):
    actions.ensure_finance(user)
    return actions.create_account(user, name="HDFC", kind="bank", currency="INR", opening_balance=Decimal("5000"))


def _with_receipts(user):
    bank = _bank(user)
    txn = actions.record_transaction(user, account_id=bank.id, direction="expense", amount=Decimal("799.00"),
                                     date=date(2026, 11, 3), payee="Croma")
    for name, content in (("croma invoice.pdf", PDF), ("photo.png", PNG)):
        actions.attach_transaction_receipt(user, transaction=txn, upload=SimpleUploadedFile(name, content))
    removed = actions.attach_transaction_receipt(user, transaction=txn, upload=SimpleUploadedFile("x.pdf", PDF))
    actions.remove_transaction_receipt(user, receipt=removed)
    return txn


def _files(user) -> dict[tuple[str, str], bytes]:
    out = {}
    for r in TransactionReceipt.objects.filter(transaction__owner=user, deleted_at=None).select_related("transaction"):
        with default_storage.open(r.file.name, "rb") as f:
            out[(r.transaction.payee, r.name)] = f.read()
    return out


def test_receipt_files_travel_in_the_zip_and_come_back_byte_for_byte(alice, carol):
    _with_receipts(alice)
    content = _export(alice)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        data = json.loads(archive.read("finance/data.json"))
        listed = data["receipt_files"]
        assert len(listed) == 2 and all(archive.read(f"finance/{p}") in (PDF, PNG) for p in listed)
        assert len(data["entities"]["finance_receipt"]) == 2  # the removed one is not there
    restored = _restore(carol, content)
    assert restored.status_code == 201, restored.content
    assert restored.json()["created"]["finance_receipt"] == 2 and not restored.json()["skipped"]
    assert _files(carol) == _files(alice) == {("Croma", "croma invoice.pdf"): PDF, ("Croma", "photo.png"): PNG}
    # through the receipt action: on carol's devices, checked and stored like any upload
    assert Change.objects.filter(user=carol, entity="finance_receipt", event="receipt.attached").count() == 2
    again = _restore(carol, content)
    assert again.json()["already_there"]["finance_receipt"] == 2 and len(_files(carol)) == 2


def test_a_json_only_restore_leaves_the_receipts_out_and_says_so(alice, carol):
    _with_receipts(alice)
    with zipfile.ZipFile(io.BytesIO(_export(alice))) as archive:
        data = archive.read("finance/data.json")
    restored = _restore(carol, data, name="data.json")
    assert restored.status_code == 201, restored.content
    assert restored.json()["skipped"] == {"finance_receipt": 2}
    assert Transaction.objects.filter(owner=carol, payee="Croma").count() == 1
    assert not TransactionReceipt.objects.filter(transaction__owner=carol).exists()


def test_a_receipt_file_that_fails_the_checks_refuses_all_and_leaves_no_file(alice, carol):
    _with_receipts(alice)
    source = zipfile.ZipFile(io.BytesIO(_export(alice)))
    last = "finance/" + json.loads(source.read("finance/data.json"))["receipt_files"][-1]  # restored last
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, b"MZ not a receipt" if info.filename == last else source.read(info))
    stored_before = set(default_storage.listdir("receipts/finance")[1])
    refused = _restore(carol, out.getvalue())
    assert_error(refused, 400, "invalid_backup")
    assert not Transaction.objects.filter(owner=carol).exists()
    assert set(default_storage.listdir("receipts/finance")[1]) == stored_before  # the file stored first is gone


def test_a_restored_bill_keeps_its_payments(alice, carol):
    bank = _bank(alice)
    rent = actions.create_bill(alice, name="Rent", amount=Decimal("25000"), due_date=date(2026, 1, 31),
                               account_id=bank.id, repeat="monthly")
    for paid_on in (date(2026, 1, 30), date(2026, 2, 27)):
        rent, _ = actions.pay_bill(alice, bill=rent, on=paid_on)
    fee = actions.create_bill(alice, name="Passport fee", amount=Decimal("1500"), due_date=date(2026, 3, 1),
                              account_id=bank.id, repeat="none")
    actions.pay_bill(alice, bill=fee, on=date(2026, 2, 20))
    assert _restore(carol, _export(alice)).status_code == 201

    def state(user):
        return sorted((b.name, b.anchor_date, b.occurrence, b.next_due, b.last_paid_on)
                      for b in Bill.objects.filter(owner=user, deleted_at=None))

    assert state(carol) == state(alice) == [
        ("Passport fee", date(2026, 3, 1), 0, None, date(2026, 2, 20)),
        ("Rent", date(2026, 1, 31), 2, date(2026, 3, 31), date(2026, 2, 27))]
    assert actions.remind_bills(today=date(2026, 3, 2)) == 0  # nothing paid is due again
    copy = Bill.objects.get(owner=carol, name="Rent")
    copy, _ = actions.pay_bill(carol, bill=copy, on=date(2026, 3, 30))
    assert copy.next_due == date(2026, 4, 30)  # the month's end, as the anchor on the 31st says


def test_a_restored_recurring_item_records_nothing_twice(alice, carol, django_capture_on_commit_callbacks):
    bank = _bank(alice)
    actions.create_recurring(alice, account_id=bank.id, direction="expense", amount=Decimal("499"),
                             repeat="monthly", start_date=date(2026, 1, 31), payee="Netflix")
    done = actions.create_recurring(alice, account_id=bank.id, direction="expense", amount=Decimal("99"),
                                    repeat="weekly", start_date=date(2026, 2, 2), end_date=date(2026, 2, 20),
                                    payee="Gym")
    assert done.next_date is None
    made = Transaction.objects.filter(owner=alice, deleted_at=None).count()
    assert _restore(carol, _export(alice)).status_code == 201
    assert Transaction.objects.filter(owner=carol, deleted_at=None).count() == made

    def state(user):
        return sorted((r.payee, r.start_date, r.next_date and r.next_index, r.next_date)
                      for r in Recurring.objects.filter(owner=user, deleted_at=None))

    assert state(carol) == state(alice)
    tasks.materialise_recurring()  # the beat's task, today
    assert Transaction.objects.filter(owner=carol, deleted_at=None).count() == made
    actions.materialise_all_recurring(today=date(2027, 3, 1))  # and later: the same dates for both

    def dates(user):
        return sorted((t.payee, t.date) for t in Transaction.objects.filter(owner=user, deleted_at=None))

    assert dates(carol) == dates(alice)
    assert (("Netflix", date(2027, 2, 28)) in dates(carol)) and ("Gym", date(2026, 2, 23)) not in dates(carol)
