"""Receipts on expenses: type and size checked from the bytes, stored through the storage API,
served only to people who can see the expense, live on their devices, removed and purged."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from realtime.models import Change
from social import actions
from social.models import Expense, Receipt
from tests.helpers import assert_error, assert_hidden_from, client_for
from tests.social.factories import equal, expense_body

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 50
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40


def upload(client, expense_id, content: bytes, name: str = "bill.jpg", content_type: str = "image/jpeg", **extra):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(f"/api/expenses/{expense_id}/receipts", {"file": file, **extra}, format="multipart")


@pytest.fixture
def dinner(trip, alice, bob, carol, alice_client):
    body = expense_body({alice: "90.00"}, equal(alice, bob, carol), amount="90.00", group=trip)
    response = alice_client.post("/api/expenses", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.parametrize("content,name,expected", [
    (JPEG, "photo.jpg", "image/jpeg"), (PNG, "scan.png", "image/png"), (PDF, "invoice.pdf", "application/pdf"),
    (HEIC, "IMG_0001.HEIC", "image/heic"), (WEBP, "shot.webp", "image/webp"),
])
def test_each_allowed_type_is_stored_and_a_member_downloads_the_same_bytes(dinner, alice_client, bob, content, name,
                                                                          expected):
    response = upload(alice_client, dinner["id"], content, name=name, content_type="application/octet-stream")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == expected and body["size"] == len(content) and body["name"] == name
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    stored = Receipt.objects.get(pk=body["id"])
    assert default_storage.exists(stored.file.name) and name not in stored.file.name  # an unguessable name
    got = client_for(bob).get(body["url"])  # bob is in the group
    assert got.status_code == 200 and got["Content-Type"] == expected
    assert b"".join(got.streaming_content) == content
    assert "sandbox" in got["Content-Security-Policy"]
    listed = client_for(bob).get(f"/api/expenses/{dinner['id']}/receipts").json()["results"]
    assert [r["id"] for r in listed] == [body["id"]]


def test_type_comes_from_the_bytes_not_the_name(dinner, alice_client):
    script = b"<html><script>alert(1)</script></html>"
    error = assert_error(upload(alice_client, dinner["id"], script, name="receipt.jpg"), 400, "receipt_type")
    assert "file" in error["fields"]
    gif = b"GIF89a" + b"\x00" * 20
    assert_error(upload(alice_client, dinner["id"], gif, name="x.png", content_type="image/png"), 400, "receipt_type")
    assert not Receipt.objects.exists()


def test_too_large_and_empty_files_are_refused(dinner, alice_client, settings):
    settings.RECEIPT_MAX_BYTES = 1000
    assert_error(upload(alice_client, dinner["id"], JPEG + b"\x00" * 1000), 400, "receipt_too_large")
    assert_error(upload(alice_client, dinner["id"], b""), 400)
    assert_error(alice_client.post(f"/api/expenses/{dinner['id']}/receipts", {"other": "x"}, format="multipart"), 400)
    assert not Receipt.objects.exists()


def test_an_expense_holds_a_limited_number_of_receipts(dinner, alice_client, settings):
    settings.RECEIPTS_PER_RECORD = 2
    for _ in range(2):
        assert upload(alice_client, dinner["id"], PDF, name="a.pdf").status_code == 201
    assert_error(upload(alice_client, dinner["id"], PDF, name="c.pdf"), 409, "too_many_receipts")
    assert Receipt.objects.count() == 2


def test_a_retried_upload_with_the_same_id_adds_one_receipt(dinner, alice_client):
    import uuid

    rid = str(uuid.uuid4())
    assert upload(alice_client, dinner["id"], JPEG, id=rid).status_code == 201
    assert_error(upload(alice_client, dinner["id"], JPEG, id=rid), 409, "id_taken")
    assert Receipt.objects.count() == 1


def test_a_stranger_gets_404_for_the_receipt_its_file_and_the_upload(dinner, alice_client, dave):
    receipt = upload(alice_client, dinner["id"], JPEG).json()
    dave_client = client_for(dave)  # alice's friend, not in the group
    assert_hidden_from(dave_client, f"/api/receipts/{receipt['id']}", methods=("get", "delete"))
    assert_hidden_from(dave_client, f"/api/receipts/{receipt['id']}/file", methods=("get",))
    assert_hidden_from(dave_client, f"/api/expenses/{dinner['id']}/receipts", methods=("get",))
    assert_error(upload(dave_client, dinner["id"], JPEG), 404, "not_found")
    assert Receipt.objects.count() == 1
    dave_client.force_authenticate(dave)
    page = client_for(None)
    page.force_login(dave)
    assert page.get(f"/receipts/{receipt['id']}/").status_code == 404


def test_attach_and_remove_reach_every_member_and_remove_deletes_the_file(dinner, alice_client, alice, bob, carol,
                                                                         django_capture_on_commit_callbacks):
    receipt = upload(alice_client, dinner["id"], PNG, name="p.png").json()
    for user in (alice, bob, carol):
        change = Change.objects.filter(user=user, entity="receipt").get()
        assert change.event == "receipt.attached" and change.op == "upsert" and change.data["id"] == receipt["id"]
    name = Receipt.objects.get(pk=receipt["id"]).file.name
    with django_capture_on_commit_callbacks(execute=True):
        removed = client_for(bob).delete(f"/api/receipts/{receipt['id']}")
    assert removed.status_code == 200 and removed.json()["deleted_at"]
    assert not default_storage.exists(name)
    for user in (alice, bob, carol):
        assert Change.objects.filter(user=user, entity="receipt", event="receipt.removed", op="delete").count() == 1
    assert_error(client_for(bob).get(f"/api/receipts/{receipt['id']}/file"), 404)
    verbs = [a["verb"] for a in alice_client.get(f"/api/expenses/{dinner['id']}/activity").json()["results"]]
    assert "receipt.attached" in verbs and "receipt.removed" in verbs


def test_a_deleted_expense_takes_no_new_receipt(dinner, alice_client):
    alice_client.delete(f"/api/expenses/{dinner['id']}")
    assert_error(upload(alice_client, dinner["id"], JPEG), 409, "deleted")


def test_receipts_of_an_expense_deleted_past_retention_are_purged(dinner, alice_client, alice, settings,
                                                                  django_capture_on_commit_callbacks):
    settings.RECEIPT_RETENTION_DAYS = 30
    kept = upload(alice_client, dinner["id"], JPEG).json()
    name = Receipt.objects.get(pk=kept["id"]).file.name
    assert actions.purge_receipts_of_deleted_expenses() == 0  # the expense is live
    alice_client.delete(f"/api/expenses/{dinner['id']}")
    assert actions.purge_receipts_of_deleted_expenses() == 0  # deleted, but restorable for 30 days
    assert default_storage.exists(name)
    Expense.objects.filter(pk=dinner["id"]).update(deleted_at=timezone.now() - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.purge_receipts_of_deleted_expenses() == 1
    assert not default_storage.exists(name)
    assert Receipt.objects.get(pk=kept["id"]).deleted_at is not None
    assert Change.objects.filter(user=alice, event="receipt.purged", op="delete").count() == 1


def test_a_failed_attach_leaves_no_file_behind(dinner, alice, monkeypatch):
    import social.actions.receipts as module

    def boom(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(module, "record_activity", boom)
    expense = Expense.objects.get(pk=dinner["id"])
    with pytest.raises(RuntimeError):
        actions.attach_receipt(alice, expense=expense, upload=SimpleUploadedFile("a.jpg", JPEG))
    assert not Receipt.objects.exists()
    _, files = default_storage.listdir("receipts/expense") if default_storage.exists("receipts/expense") else ([], [])
    assert files == []


def test_the_expense_page_shows_uploads_and_removes_receipts(dinner, alice, bob):
    page = client_for(None)
    page.force_login(alice)
    url = f"/expenses/{dinner['id']}/edit/"
    assert "No receipt attached yet." in page.get(url).content.decode()
    sent = page.post(f"/expenses/{dinner['id']}/receipts/",
                     {"file": SimpleUploadedFile("lunch.jpg", JPEG, content_type="image/jpeg")})
    assert sent.status_code == 302
    receipt = Receipt.objects.get()
    html = page.get(url).content.decode()
    assert f"/receipts/{receipt.pk}/" in html and "lunch.jpg" in html and 'enctype="multipart/form-data"' in html
    shown = page.get(f"/receipts/{receipt.pk}/")
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == JPEG
    bad = page.post(f"/expenses/{dinner['id']}/receipts/",
                    {"file": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")}, follow=True)
    assert "Only JPEG, PNG, WebP, HEIC or PDF." in bad.content.decode()
    assert page.post(f"/receipts/{receipt.pk}/remove/").status_code == 302
    assert Receipt.objects.get().deleted_at is not None
    assert "No receipt attached yet." in page.get(url).content.decode()
