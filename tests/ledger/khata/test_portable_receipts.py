"""The receipts of a business travel with it (issue 21): the export's ZIP holds each live
receipt's file, an import of the ZIP attaches them to the new entries and bills byte for byte
(through the receipt actions, so devices hear of them), one of the JSON alone leaves them out
and says how many, and a file that fails the receipt checks refuses the whole import."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from ledger.khata import actions
from ledger.khata.models import Business, EntryReceipt
from realtime.models import Change
from tests.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 3 + b"\xff\xd9"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def receipted(shop, customer, alice):
    entry = actions.record_entry(alice, business=shop, party_id=customer.id, kind="gave", amount=Decimal("500.00"))
    actions.attach_entry_receipt(alice, entry=entry, upload=SimpleUploadedFile("chit 1.jpg", JPEG))
    gone = actions.attach_entry_receipt(alice, entry=entry, upload=SimpleUploadedFile("wrong.pdf", PDF))
    actions.remove_entry_receipt(alice, receipt=gone)
    bill = actions.create_bill(alice, business=shop, party_id=customer.id,
                               lines=[{"description": "Rice", "quantity": Decimal("1"), "unit": "kg",
                                       "unit_price": Decimal("100.00"), "tax_rate": Decimal("0")}])
    actions.attach_bill_receipt(alice, bill=bill, upload=SimpleUploadedFile("signed.pdf", PDF))
    return shop


def _zip(user, business) -> bytes:
    response = client_for(user).get(f"/api/khata/businesses/{business.id}/export.zip")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _import(user, body: bytes, name: str = "khata.zip"):
    upload = SimpleUploadedFile(name, body, content_type="application/octet-stream")
    return client_for(user).post("/api/khata/businesses/import", {"file": upload}, format="multipart")


def _files(business) -> set[tuple[str, str, bytes]]:
    out = set()
    for r in EntryReceipt.objects.filter(business=business, deleted_at=None).select_related("entry", "bill"):
        with default_storage.open(r.file.name, "rb") as f:
            out.add(("entry" if r.entry_id else "bill", r.name, f.read()))
    return out


def test_receipts_travel_in_the_zip_and_come_back_byte_for_byte(receipted, alice, dave):
    body = _zip(alice, receipted)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        document = json.loads(archive.read("hisaab-khata/data.json"))
        assert sorted(r["name"] for r in document["receipts"]) == ["chit 1.jpg", "signed.pdf"]
        assert sorted(archive.read(n) for n in archive.namelist() if "/receipts/" in n) == sorted([JPEG, PDF])
    response = _import(dave, body)
    assert response.status_code == 201, response.content[:800]
    assert response.json()["counts"]["receipts"] == 2 and response.json()["counts"]["receipts_left_out"] == 0
    copy = Business.objects.get(pk=response.json()["business"]["id"])
    assert _files(copy) == _files(receipted) == {("entry", "chit 1.jpg", JPEG), ("bill", "signed.pdf", PDF)}
    copied = EntryReceipt.objects.filter(business=copy)
    assert Change.objects.filter(user=dave, entity="khata.receipt", event="receipt.attached",
                                 object_id__in=[r.pk for r in copied]).count() == 2


def test_the_json_alone_imports_without_files_and_counts_them(receipted, alice, dave):
    document = client_for(alice).get(f"/api/khata/businesses/{receipted.id}/export").json()
    response = client_for(dave).post("/api/khata/businesses/import", document, format="json")
    assert response.status_code == 201, response.content[:800]
    assert response.json()["counts"]["receipts"] == 0 and response.json()["counts"]["receipts_left_out"] == 2
    assert not EntryReceipt.objects.filter(business_id=response.json()["business"]["id"]).exists()


def test_a_file_that_is_no_receipt_refuses_the_import_and_leaves_nothing(receipted, alice, dave):
    source = zipfile.ZipFile(io.BytesIO(_zip(alice, receipted)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            bad = "/receipts/" in info.filename and source.read(info) == PDF  # attached last
            target.writestr(info, b"MZ not a photo" if bad else source.read(info))
    before = set(default_storage.listdir("receipts/khata")[1])
    assert_error(_import(dave, out.getvalue()), 400)
    assert not Business.objects.filter(owner=dave).exists()
    assert set(default_storage.listdir("receipts/khata")[1]) == before  # the photo stored first is gone
