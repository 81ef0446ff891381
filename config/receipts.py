"""Receipts: a photo or a PDF attached to a record (an expense today), shared by every app that
attaches them.

Rules:
- The type is read from the file's first bytes, never from its name or the browser's
  Content-Type: JPEG, PNG, WebP, HEIC/HEIF and PDF only; anything else is a field error.
- At most settings.RECEIPT_MAX_BYTES (10 MB); an empty file is refused.
- Files go through Django's storage API (`default_storage`: the file system under `make run`,
  any backend named by FILE_STORAGE_BACKEND), under an unguessable name that carries nothing
  of the uploader's file name; there is no public URL: the file is served by a view that first
  fetches the owning record with the reader's access check (a stranger gets 404).
- Removing a receipt tombstones its row and deletes the stored file (and its thumbnail,
  config.thumbnails) after commit.
- `?size=thumb` on a file route serves a small JPEG of a photo (config.thumbnails) for the
  pages' lists, or the original when none can be made.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from config import thumbnails
from config.api.errors import Conflict, Invalid
from config.api.serializers import StrictSerializer
from realtime.models import Synced

# content type -> the extension the stored file gets
TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/pdf": "pdf",
}
IMAGE_TYPES = frozenset(t for t in TYPES if t.startswith("image/"))
# Browsers draw these in an <img>; HEIC they mostly do not, so pages offer it as a download.
SHOWN_INLINE = frozenset({"image/jpeg", "image/png", "image/webp"})
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def sniff(head: bytes) -> str | None:
    """The content type the first bytes prove, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    size: int
    name: str
    sha256: str


def check_upload(upload: Any, *, field: str = "file") -> CheckedFile:
    """The upload, checked for size and type; a field error (400) otherwise."""
    if not isinstance(upload, UploadedFile):
        raise Invalid("Send the receipt as a file upload.", code="invalid_receipt", fields={field: ["Not a file."]})
    limit = settings.RECEIPT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise Invalid("The file is empty.", code="invalid_receipt", fields={field: ["The file is empty."]})
    if upload.size > limit:
        raise Invalid(f"The file is too large ({limit // 1_000_000} MB at most).", code="receipt_too_large",
                      fields={field: [f"{limit // 1_000_000} MB at most."]})
    upload.seek(0)
    content_type = sniff(upload.read(16))
    if content_type is None:
        raise Invalid("A receipt must be a JPEG, PNG, WebP or HEIC photo or a PDF.", code="receipt_type",
                      fields={field: ["Only JPEG, PNG, WebP, HEIC or PDF."]})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or "receipt").replace("\\", "/").rsplit("/", 1)[-1][:120] or "receipt"
    return CheckedFile(upload, content_type, upload.size, name, digest.hexdigest())


def storage_name(kind: str, content_type: str) -> str:
    """An unguessable storage name: receipts/<kind>/<random>.<ext>."""
    return f"receipts/{kind}/{uuid.uuid4().hex}.{TYPES[content_type]}"


class ReceiptBase(Synced):
    """The fields every app's receipt model has; the app adds the record it belongs to."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(max_length=200)
    name = models.CharField(max_length=120)  # the uploader's file name, shown and used on download
    content_type = models.CharField(max_length=40, choices=[(t, t) for t in TYPES])
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        abstract = True

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    @property
    def shown_inline(self) -> bool:
        return self.content_type in SHOWN_INLINE


def store(receipt: ReceiptBase, checked: CheckedFile, *, kind: str) -> None:
    """Write the file (call inside the action, before saving the row). If the transaction
    does not commit, the file would be left behind: the caller deletes it on failure."""
    receipt.file.name = default_storage.save(storage_name(kind, checked.content_type), checked.upload)


def save_with_file(receipt: ReceiptBase, checked: CheckedFile, *, kind: str, then: Callable[[], None]) -> None:
    """Store the file, insert the row and run `then` (history, publish); if any of it fails the
    file is deleted again, so a refused or failed attach leaves nothing behind."""
    store(receipt, checked, kind=kind)
    try:
        receipt.save(force_insert=True)
        then()
    except BaseException:
        receipt.file.storage.delete(receipt.file.name)
        raise


def check_room(live_count: int) -> None:
    """Refuse an attachment past RECEIPTS_PER_RECORD (call with the record's row locked)."""
    limit = settings.RECEIPTS_PER_RECORD
    if live_count >= limit:
        raise Conflict(f"A record holds {limit} receipts at most.", code="too_many_receipts",
                       fields={"file": [f"{limit} receipts at most: remove one first."]})


def tombstone(receipt: ReceiptBase, event: str) -> None:
    """Call with the row locked, inside an action: the receipt is gone from every device, its
    file deleted once this commits."""
    from django.utils import timezone

    from realtime.feed import publish

    receipt.deleted_at = timezone.now()
    receipt.version += 1
    receipt.save(update_fields=["deleted_at", "version", "updated_at"])
    delete_file_after_commit(receipt.file.name)
    publish(receipt, event)


def delete_file_after_commit(name: str) -> None:
    """The stored file and its thumbnail go once the tombstone is committed (never for a
    rolled-back one)."""
    if name:
        transaction.on_commit(lambda: _delete(name, thumbnails.name_for(name)))


def _delete(*names: str) -> None:
    for name in names:
        default_storage.delete(name)


SIZES = ("thumb",)
# The file routes' one query parameter, for the OpenAPI schema.
SIZE_PARAMETER = OpenApiParameter("size", str, enum=list(SIZES), required=False,
                                  description="thumb: a photo's thumbnail (a JPEG of at most 320 px), "
                                              "or the original when none can be made.")


def wants_thumbnail(request: Any) -> bool:
    """`?size=thumb` (the only size there is); any other value is refused."""
    size = request.GET.get("size")
    if size is not None and size not in SIZES:
        raise Invalid("The only size of a receipt is “thumb”.", code="invalid_size", fields={"size": ["Only “thumb”."]})
    return size == "thumb"


def file_response(receipt: ReceiptBase, request: Any = None) -> FileResponse:
    """The stored file, as a download for PDFs and HEIC, shown in place for the other images;
    with `?size=thumb` on the request, a photo's thumbnail. nosniff (set site-wide) keeps a
    browser from second-guessing the type."""
    name, content_type = receipt.file.name, receipt.content_type
    if request is not None and wants_thumbnail(request) and receipt.shown_inline:
        thumb = thumbnails.ensure(receipt.file.name)
        if thumb is not None:
            name, content_type = thumb, "image/jpeg"
    handle = default_storage.open(name, "rb")
    response = FileResponse(handle, content_type=content_type, as_attachment=not receipt.shown_inline,
                            filename=receipt.name)
    response["Cache-Control"] = "private, max-age=3600"
    # A PDF or an image is never a page: nothing in it may run or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


class ReceiptIn(StrictSerializer):
    """An upload through the API (multipart): the file, and optionally the client's id."""

    file = serializers.FileField(help_text="JPEG, PNG, WebP, HEIC or PDF; 10 MB at most.")
    id = serializers.UUIDField(required=False, help_text="Chosen by the client, so a retried upload adds one receipt.")


def upload_fields(request: Any) -> Any:
    """A multipart body as a plain dict (one value per key), for the strict serializer."""
    data = request.data
    return {k: data.get(k) for k in data} if hasattr(data, "getlist") else data
