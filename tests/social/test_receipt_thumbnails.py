"""Thumbnails of receipt photos (config/thumbnails.py): `?size=thumb` on a receipt's file route
serves a JPEG of at most 320 px, made once and kept beside the original, deleted with it; a
file Pillow cannot read (or a PDF, or HEIC) is served as the original; the access check is the
file's own; the pages' lists use the thumbnail."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from config import thumbnails
from ledger.finance import actions as finance
from ledger.khata import actions as khata
from social.models import Receipt
from tests.helpers import assert_error, client_for
from tests.social.test_receipts import JPEG, PDF, upload

pytestmark = pytest.mark.django_db


def photo(width: int, height: int, fmt: str = "JPEG", exif_rotated: bool = False) -> bytes:
    """A real image: a gradient, so the encoder has something to keep."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    if exif_rotated:  # stored sideways, EXIF says "rotate 90° clockwise to show" (a phone held upright)
        exif = Image.Exif()
        exif[0x0112] = 6
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def _read(response) -> bytes:
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    return b"".join(response.streaming_content)


@pytest.fixture
def dinner(trip, alice, bob, carol, alice_client):
    from tests.social.factories import equal, expense_body

    response = alice_client.post("/api/expenses", expense_body({alice: "90.00"}, equal(alice, bob, carol),
                                                                amount="90.00", group=trip), format="json")
    return response.json()


@pytest.mark.parametrize("fmt,name", [("JPEG", "bill.jpg"), ("PNG", "scan.png"), ("WEBP", "shot.webp")])
def test_a_photo_gets_a_small_jpeg_made_once_and_kept(dinner, alice_client, bob, fmt, name):
    original = photo(1600, 1200, fmt)
    receipt = upload(alice_client, dinner["id"], original, name=name).json()
    stored = Receipt.objects.get(pk=receipt["id"]).file.name
    first = client_for(bob).get(f"{receipt['url']}?size=thumb")
    thumb = _read(first)
    assert first["Content-Type"] == "image/jpeg" and "sandbox" in first["Content-Security-Policy"]
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.format == "JPEG" and image.size == (320, 240)
    assert len(thumb) < len(original) and default_storage.exists(thumbnails.name_for(stored))
    assert _read(client_for(bob).get(f"{receipt['url']}?size=thumb")) == thumb  # from the storage
    assert _read(client_for(bob).get(receipt["url"])) == original  # the original is untouched


def test_a_sideways_phone_photo_is_turned_upright(dinner, alice_client):
    receipt = upload(alice_client, dinner["id"], photo(800, 600, exif_rotated=True)).json()
    with Image.open(io.BytesIO(_read(alice_client.get(f"{receipt['url']}?size=thumb")))) as image:
        assert image.size == (240, 320)


def test_what_has_no_thumbnail_is_served_as_it_is(dinner, alice_client):
    unreadable = upload(alice_client, dinner["id"], JPEG, name="odd.jpg").json()  # JPEG magic, no image
    assert _read(alice_client.get(f"{unreadable['url']}?size=thumb")) == JPEG
    pdf = upload(alice_client, dinner["id"], PDF, name="bill.pdf", content_type="application/pdf").json()
    got = alice_client.get(f"{pdf['url']}?size=thumb")
    assert _read(got) == PDF and got["Content-Type"] == "application/pdf" and "attachment" in got["Content-Disposition"]


def test_a_photo_over_the_pixel_limit_is_served_as_it_is(dinner, alice_client, monkeypatch):
    monkeypatch.setattr(thumbnails, "MAX_PIXELS", 1000 * 1000)
    big = photo(1200, 1000)
    receipt = upload(alice_client, dinner["id"], big).json()
    assert _read(alice_client.get(f"{receipt['url']}?size=thumb")) == big


def test_another_size_is_refused_and_a_stranger_gets_404(dinner, alice_client, dave):
    receipt = upload(alice_client, dinner["id"], photo(400, 300)).json()
    assert_error(alice_client.get(f"{receipt['url']}?size=huge"), 400, "invalid_size")
    assert_error(client_for(dave).get(f"{receipt['url']}?size=thumb"), 404)
    page = client_for(None)
    page.force_login(dave)
    assert page.get(f"/receipts/{receipt['id']}/?size=thumb").status_code == 404
    assert not default_storage.exists(thumbnails.name_for(Receipt.objects.get(pk=receipt["id"]).file.name))


def test_removing_the_receipt_deletes_its_thumbnail_too(dinner, alice_client, django_capture_on_commit_callbacks):
    receipt = upload(alice_client, dinner["id"], photo(400, 300)).json()
    _read(alice_client.get(f"{receipt['url']}?size=thumb"))
    name = Receipt.objects.get(pk=receipt["id"]).file.name
    assert default_storage.exists(thumbnails.name_for(name))
    with django_capture_on_commit_callbacks(execute=True):
        assert alice_client.delete(f"/api/receipts/{receipt['id']}").status_code == 200
    assert not default_storage.exists(name) and not default_storage.exists(thumbnails.name_for(name))


def test_the_pages_show_thumbnails_for_expenses_transactions_and_khata_entries(dinner, alice):
    page = client_for(None)
    page.force_login(alice)
    page.post(f"/expenses/{dinner['id']}/receipts/", {"file": SimpleUploadedFile("lunch.jpg", photo(900, 600))})
    receipt = Receipt.objects.get()
    html = page.get(f"/expenses/{dinner['id']}/edit/").content.decode()
    assert f'src="/receipts/{receipt.pk}/?size=thumb"' in html
    with Image.open(io.BytesIO(_read(page.get(f"/receipts/{receipt.pk}/?size=thumb")))) as image:
        assert image.size == (320, 213)

    account = finance.create_account(alice, name="Bank", kind="bank", currency="INR")
    txn = finance.record_transaction(alice, account_id=account.pk, direction="expense", amount=Decimal("12.00"),
                                     date=dt.date(2026, 11, 1), payee="Chemist")
    slip = finance.attach_transaction_receipt(alice, transaction=txn,
                                              upload=SimpleUploadedFile("slip.png", photo(640, 640, "PNG")))
    thumb = _read(client_for(alice).get(f"/api/finance/receipts/{slip.pk}/file?size=thumb"))
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.size == (320, 320)
    assert _read(page.get(f"/finance/receipts/{slip.pk}/?size=thumb")) == thumb

    shop = khata.create_business(alice, name="Sharma Kirana", currency="INR")
    ramesh = khata.create_party(alice, business=shop, kind="customer", name="Ramesh")
    entry = khata.record_entry(alice, business=shop, party_id=ramesh.pk, kind="gave", amount=Decimal("300"))
    chit = khata.attach_entry_receipt(alice, entry=entry, upload=SimpleUploadedFile("chit.jpg", photo(480, 960)))
    thumb = _read(client_for(alice).get(f"/api/khata/receipts/{chit.pk}/file?size=thumb"))
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.size == (160, 320)
    assert _read(page.get(f"/khata/receipts/{chit.pk}/?size=thumb")) == thumb
    assert f'src="/khata/receipts/{chit.pk}/?size=thumb"' in page.get(f"/khata/entries/{entry.pk}/receipts/").content.decode()
