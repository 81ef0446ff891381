"""Receipts on khata entries: every member of the business reads them (as the entry), no one
else (404, the file too); live to the members; removed, purged after retention; a removed
member's devices drop them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ledger.khata import actions
from ledger.khata.models import Entry, EntryReceipt, Role
from realtime.models import Change
from tests.helpers import assert_error, assert_hidden_from, client_for

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"


@pytest.fixture
def shop(alice, bob):
    business = actions.create_business(alice, name="Sharma Kirana")
    actions.add_member(alice, business=business, user=bob, role=Role.CLERK)
    party = actions.create_party(alice, business=business, kind="customer", name="Ramesh")
    entry = actions.record_entry(alice, business=business, party_id=party.pk, kind="gave", amount=Decimal("250"))
    return business, entry


def upload(client, entry_id, content=JPEG, name="chit.jpg"):
    return client.post(f"/api/khata/entries/{entry_id}/receipts",
                       {"file": SimpleUploadedFile(name, content)}, format="multipart")


def test_a_clerk_attaches_every_member_reads_a_stranger_gets_404(shop, alice, bob, carol,
                                                                 django_capture_on_commit_callbacks):
    business, entry = shop
    made = upload(client_for(bob), entry.pk)  # the clerk
    assert made.status_code == 201, made.content
    receipt = made.json()
    got = client_for(alice).get(receipt["url"])
    assert got.status_code == 200 and b"".join(got.streaming_content) == JPEG
    for user in (alice, bob):
        assert Change.objects.filter(user=user, entity="khata.receipt", event="receipt.attached").count() == 1
    carol_client = client_for(carol)
    assert_hidden_from(carol_client, f"/api/khata/receipts/{receipt['id']}", methods=("get", "delete"))
    assert_hidden_from(carol_client, receipt["url"], methods=("get",))
    assert_error(upload(carol_client, entry.pk), 404, "not_found")
    assert_error(upload(client_for(alice), entry.pk, b"not a photo"), 400, "receipt_type")
    name = EntryReceipt.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(alice).delete(f"/api/khata/receipts/{receipt['id']}").status_code == 200
    assert not default_storage.exists(name)
    assert Change.objects.filter(user=bob, entity="khata.receipt", op="delete").count() == 1


def test_a_removed_member_drops_the_receipts(shop, alice, bob):
    business, entry = shop
    upload(client_for(alice), entry.pk)
    membership = business.memberships.get(user=bob, deleted_at=None)
    actions.remove_member(alice, membership=membership)
    assert Change.objects.filter(user=bob, entity="khata.receipt", event="khata.access.revoked", op="delete").exists()
    assert client_for(bob).get(f"/api/khata/entries/{entry.pk}/receipts").status_code == 404


def test_receipts_of_an_entry_deleted_past_retention_are_purged(shop, alice, django_capture_on_commit_callbacks):
    business, entry = shop
    receipt = actions.attach_entry_receipt(alice, entry=entry, upload=SimpleUploadedFile("c.jpg", JPEG))
    Entry.objects.filter(pk=entry.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.purge_entry_receipts() == 1
    assert not default_storage.exists(receipt.file.name)


def test_the_party_page_links_the_entry_receipts_page(shop, alice):
    business, entry = shop
    page = client_for(None)
    page.force_login(alice)
    url = f"/khata/entries/{entry.pk}/receipts/"
    assert url in page.get(f"/khata/parties/{entry.party_id}/").content.decode()
    assert page.post(url, {"file": SimpleUploadedFile("chit.jpg", JPEG)}).status_code == 302
    receipt = EntryReceipt.objects.get()
    html = page.get(url).content.decode()
    assert "chit.jpg" in html and f"/khata/receipts/{receipt.pk}/" in html
    assert page.post(f"/khata/receipts/{receipt.pk}/remove/").status_code == 302
    assert EntryReceipt.objects.get().deleted_at is not None


@pytest.fixture
def bill(shop, alice):
    business, entry = shop
    return actions.create_bill(alice, business=business, party_id=entry.party_id, lines=[
        {"description": "Rice 25kg", "quantity": Decimal("1"), "unit_price": Decimal("1000")}])


def test_a_bill_takes_receipts_every_member_reads_them_a_stranger_gets_404(shop, bill, alice, bob, carol):
    made = client_for(bob).post(f"/api/khata/bills/{bill.pk}/receipts",  # the clerk
                                {"file": SimpleUploadedFile("delivery.jpg", JPEG)}, format="multipart")
    assert made.status_code == 201, made.content
    receipt = made.json()
    assert receipt["bill"] == str(bill.pk) and receipt["entry"] is None
    listed = client_for(alice).get(f"/api/khata/bills/{bill.pk}/receipts").json()["results"]
    assert [r["id"] for r in listed] == [receipt["id"]]
    assert b"".join(client_for(alice).get(receipt["url"]).streaming_content) == JPEG
    assert Change.objects.filter(user=alice, entity="khata.receipt", event="receipt.attached").count() == 1
    assert_hidden_from(client_for(carol), f"/api/khata/receipts/{receipt['id']}", methods=("get", "delete"))
    assert client_for(carol).get(f"/api/khata/bills/{bill.pk}/receipts").status_code == 404
    assert client_for(carol).post(f"/api/khata/bills/{bill.pk}/receipts", {"file": SimpleUploadedFile(
        "x.jpg", JPEG)}, format="multipart").status_code == 404
    assert EntryReceipt.objects.filter(bill=bill).count() == 1


def test_receipts_of_a_bill_deleted_past_retention_are_purged(shop, bill, alice, django_capture_on_commit_callbacks):
    from ledger.khata.models import Bill

    receipt = actions.attach_bill_receipt(alice, bill=bill, upload=SimpleUploadedFile("b.jpg", JPEG))
    Bill.objects.filter(pk=bill.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    assert_error(client_for(alice).post(f"/api/khata/bills/{bill.pk}/receipts", {"file": SimpleUploadedFile(
        "y.jpg", JPEG)}, format="multipart"), 404)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.purge_entry_receipts() == 1
    assert not default_storage.exists(receipt.file.name)


def test_the_bill_page_shows_attaches_and_removes_receipts(shop, bill, alice):
    page = client_for(None)
    page.force_login(alice)
    url = f"/khata/bills/{bill.pk}/"
    assert f'action="/khata/bills/{bill.pk}/receipts/"' in page.get(url).content.decode()
    sent = page.post(f"/khata/bills/{bill.pk}/receipts/", {"file": SimpleUploadedFile("paper-bill.jpg", JPEG)})
    assert sent.status_code == 302 and sent["Location"] == url
    receipt = EntryReceipt.objects.get(bill=bill)
    html = page.get(url).content.decode()
    assert "paper-bill.jpg" in html and f'src="/khata/receipts/{receipt.pk}/?size=thumb"' in html
    removed = page.post(f"/khata/receipts/{receipt.pk}/remove/")
    assert removed.status_code == 302 and removed["Location"] == url
    assert EntryReceipt.objects.get(bill=bill).deleted_at is not None
