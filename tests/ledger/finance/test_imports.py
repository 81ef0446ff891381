from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ledger.finance import actions
from ledger.finance.models import ImportBatch, Transaction
from tests.helpers import assert_error, assert_hidden_from, client_for

from .conftest import ofx

pytestmark = pytest.mark.django_db

LINES = [("F1", "20260105", "-45.50", "Coffee"), ("F2", "20260106", "50000.00", "Salary"),
         ("F3", "20260107", "-1.999", "Bad precision"), ("F2", "20260106", "50000.00", "Salary")]


def _preview(client, account, fmt, content, **extra):
    return client.post("/api/finance/imports", {"account_id": str(account.id), "format": fmt, "content": content, **extra},
                       format="json")


def test_ofx_preview_adds_nothing_and_reports_each_row(alice_client, alice, inr):
    r = _preview(alice_client, inr, "ofx", ofx(LINES))
    assert r.status_code == 201, r.json()
    body = r.json()
    assert [(row["line"], row["status"]) for row in body["rows"]] == [
        (1, "new"), (2, "new"), (3, "invalid"), (4, "duplicate")]
    assert body["rows"][2]["reason"] == "more decimal places than INR has"
    assert body["rows"][3]["reason"] == "bank id F2 repeated in this file"
    assert body["counts"] == {"new": 2, "invalid": 1, "duplicate": 1}
    assert not Transaction.objects.filter(owner=alice).exists()


def test_importing_the_same_ofx_twice_adds_nothing_the_second_time(alice_client, alice, inr):
    batch = _preview(alice_client, inr, "ofx", ofx(LINES)).json()
    done = alice_client.post(f"/api/finance/imports/{batch['id']}/confirm").json()
    assert done["status"] == "committed" and done["counts"]["imported"] == 2
    t = Transaction.objects.get(fitid="F1")
    assert (t.amount, t.direction, t.payee, t.date) == (Decimal("45.50"), "expense", "Coffee", date(2026, 1, 5))
    again = _preview(alice_client, inr, "ofx", ofx(LINES)).json()
    assert again["counts"] == {"duplicate": 3, "invalid": 1}
    assert alice_client.post(f"/api/finance/imports/{again['id']}/confirm").json()["counts"].get("imported") is None
    assert Transaction.objects.filter(owner=alice).count() == 2
    assert_error(alice_client.post(f"/api/finance/imports/{batch['id']}/confirm"), 409, "import_committed")


def test_two_previews_of_one_file_confirmed_one_after_another_import_once(alice, inr):
    content = "Date,Amount,Description\n2026-01-01,-10.00,Tea\n2026-01-01,-10.00,Tea\n2026-01-02,5,Refund\n"
    mapping = {"date": "Date", "amount": "Amount", "payee": "Description"}
    batches = [actions.preview_import(alice, account_id=inr.id, format="csv", content=content, mapping=mapping)
               for _ in range(2)]
    for b in batches:
        actions.confirm_import(alice, batch=b)
    assert Transaction.objects.filter(owner=alice).count() == 3  # both teas once, then nothing


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_of_overlapping_files(alice, inr):
    content = "Date,Amount,Description\n2026-01-01,-10.00,Tea\n2026-01-01,-10.00,Tea\n"
    mapping = {"date": "Date", "amount": "Amount", "payee": "Description"}
    batches = [actions.preview_import(alice, account_id=inr.id, format="csv", content=content, mapping=mapping)
               for _ in range(2)]
    barrier = threading.Barrier(2)

    def confirm(b):
        try:
            barrier.wait(timeout=10)
            actions.confirm_import(alice, batch=b)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Transaction.objects.filter(owner=alice).count() == 2


def test_qif_import_with_duplicates_by_date_amount_payee(alice_client, alice, inr):
    actions.record_transaction(alice, account_id=inr.id, direction="expense", amount=Decimal("45.50"),
                               date=date(2026, 1, 15), payee="coffee shop")
    qif = "!Type:Bank\nD01/15/2026\nT-45.50\nPCoffee Shop\n^\nD01/16/2026\nT1,200.00\nPEmployer\n^\n"
    upload = SimpleUploadedFile("stmt.qif", qif.encode(), content_type="application/qif")
    r = alice_client.post("/api/finance/imports", {"account_id": str(inr.id), "format": "qif", "file": upload},
                          format="multipart")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert [(row["status"], row["amount"]) for row in body["rows"]] == [("duplicate", "45.50"), ("new", "1200.00")]
    assert body["filename"] == "stmt.qif"
    alice_client.post(f"/api/finance/imports/{body['id']}/confirm")
    assert Transaction.objects.filter(owner=alice, direction="income", amount=Decimal("1200")).count() == 1


def test_csv_with_debit_credit_mapping_and_bad_rows(alice_client, alice, inr):
    csv_text = ("Txn Date;Details;Withdrawal;Deposit;Ref\n"
                "05/01/2026;ATM;1.000,00;;R1\n"
                "06/01/2026;Interest;;12,34;R2\n"
                "31/02/2026;Bad date;5,00;;R3\n"
                "07/01/2026;Huh;abc;;R4\n")
    mapping = {"date": "Txn Date", "debit": "Withdrawal", "credit": "Deposit", "payee": "Details", "id": "Ref",
               "date_format": "%d/%m/%Y", "delimiter": ";", "decimal_comma": True}
    body = _preview(alice_client, inr, "csv", csv_text, mapping=mapping).json()
    assert [(r["line"], r["status"], r["direction"], r["amount"]) for r in body["rows"][:2]] == [
        (2, "new", "expense", "1000.00"), (3, "new", "income", "12.34")]
    assert [r["reason"] for r in body["rows"][2:]] == [
        "date '31/02/2026' does not match %d/%m/%Y", "amount is not a number"]


def test_csv_upload_with_mapping_as_form_field(alice_client, alice, inr):
    import json

    upload = SimpleUploadedFile("s.csv", b"When,Amt,Who\n2026-01-01,-5,Tea\n", content_type="text/csv")
    r = alice_client.post("/api/finance/imports", {
        "account_id": str(inr.id), "format": "csv", "file": upload,
        "mapping": json.dumps({"date": "When", "amount": "Amt", "payee": "Who"}),
    }, format="multipart")
    assert r.status_code == 201, r.json()
    assert r.json()["counts"] == {"new": 1}


def test_import_field_errors(alice_client, alice, inr, bob):
    r = _preview(alice_client, inr, "csv", "a,b\n1,2\n")
    assert set(assert_error(r, 400)["fields"]) == {"mapping"}
    r = _preview(alice_client, inr, "csv", "a,b\n1,2\n", mapping={"date": "Date", "amount": "Amt"})
    assert assert_error(r, 400, "unreadable_file")["fields"]["mapping"] == ["Columns not in the file's header: Date, Amt."]
    assert_error(_preview(alice_client, inr, "ofx", "garbage"), 400, "unreadable_file")
    assert_error(_preview(alice_client, inr, "ofx", ofx(LINES, currency="USD")), 400, "currency_mismatch")
    r = alice_client.post("/api/finance/imports", {"account_id": str(inr.id), "format": "pdf"}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"format"}
    r = alice_client.post("/api/finance/imports", {"account_id": str(inr.id), "format": "qif"}, format="json")
    assert set(assert_error(r, 400)["fields"]) == {"file"}
    assert_error(_preview(client_for(bob), inr, "qif", "!Type:Bank\n"), 400, "not_found")


def test_import_routes_hidden_from_others(alice_client, bob, inr):
    batch = _preview(alice_client, inr, "ofx", ofx(LINES)).json()
    bob_client = client_for(bob)
    assert_hidden_from(bob_client, f"/api/finance/imports/{batch['id']}", methods=("get", "delete"))
    assert_hidden_from(bob_client, f"/api/finance/imports/{batch['id']}/confirm", methods=("post",))
    assert ImportBatch.objects.get(pk=batch["id"]).status == "preview"
    assert alice_client.delete(f"/api/finance/imports/{batch['id']}").json()["status"] == "discarded"


def test_a_preview_left_for_a_day_can_no_longer_be_read_again(alice_client, alice, inr):
    from datetime import timedelta

    from django.utils import timezone

    from ledger.finance.models import ImportSource

    old = _preview(alice_client, inr, "ofx", ofx(LINES)).json()
    ImportBatch.objects.filter(pk=old["id"]).update(created_at=timezone.now() - timedelta(days=2))
    fresh = _preview(alice_client, inr, "qif", "!Type:Bank\nD01/15/2026\nT-4.50\nPTea\n^\n").json()
    assert [str(b) for b in ImportSource.objects.values_list("batch_id", flat=True)] == [fresh["id"]]
    assert_error(alice_client.post(f"/api/finance/imports/{old['id']}/reread", {}, format="json"), 409, "import_no_file")
    alice_client.post(f"/api/finance/imports/{fresh['id']}/confirm")
    assert not ImportSource.objects.exists()  # confirmation drops the file


def test_the_daily_job_drops_every_users_stale_files_and_keeps_the_previews(alice_client, alice, inr):
    """Only a user's own next preview dropped their old files; the beat job (run through the
    task beat sends) drops everyone's, and the previews can still be confirmed."""
    from datetime import timedelta

    from django.utils import timezone

    from ledger.finance.models import ImportSource
    from ledger.finance.tasks import drop_stale_import_files

    old = _preview(alice_client, inr, "ofx", ofx(LINES)).json()
    fresh = _preview(alice_client, inr, "qif", "!Type:Bank\nD01/15/2026\nT-4.50\nPTea\n^\n").json()
    ImportBatch.objects.filter(pk=old["id"]).update(created_at=timezone.now() - timedelta(days=2))
    assert drop_stale_import_files.apply().get() == 1
    assert [str(b) for b in ImportSource.objects.values_list("batch_id", flat=True)] == [fresh["id"]]
    done = alice_client.post(f"/api/finance/imports/{old['id']}/confirm").json()
    assert done["status"] == "committed" and done["counts"]["imported"] == 2
