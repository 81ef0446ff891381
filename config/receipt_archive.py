"""Receipt files in an app's export ZIP and back (the finance backup, the khata business):
each file is `<root>/receipts/<receipt id>-<name>`, its row is in the export's data.json, and a
restore attaches it again through the app's own receipt action (config/receipts.py's checks:
type from the bytes, 10 MB).

A restore is one transaction, but files are stored as they are attached: `Stored` remembers
them, and a restore that fails deletes them again, so a refused restore leaves no file behind.
"""

from __future__ import annotations

import contextlib
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.utils.text import get_valid_filename

FOLDER = "receipts"


def paths(receipts: Iterable[Any]) -> list[tuple[str, str]]:
    """(path in the ZIP under its root, storage name) of each receipt row."""
    return [(f"{FOLDER}/{r.pk}-{get_valid_filename(r.name) or 'file'}", r.file.name) for r in receipts]


def in_zip(archive: zipfile.ZipFile, root: str) -> dict[str, zipfile.ZipInfo]:
    """The receipt files in an export's ZIP, by receipt id (as a string)."""
    prefix = f"{root}/{FOLDER}/"
    found = {}
    for info in archive.infolist():
        if info.filename.startswith(prefix) and not info.is_dir():
            head = info.filename[len(prefix):].split("-", 5)
            with contextlib.suppress(ValueError):
                found[str(UUID("-".join(head[:5])))] = info
    return found


def upload_of(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> UploadedFile:
    """The member as an upload for a receipt action: read to at most one byte past the limit
    (so an oversized or inflating member is refused by the action's check, not read whole),
    in a temporary file past 1 MiB."""
    buffer = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115 - closed with the upload
    limit = settings.RECEIPT_MAX_BYTES + 1
    with archive.open(info) as member:
        while buffer.tell() < limit and (chunk := member.read(min(1 << 20, limit - buffer.tell()))):
            buffer.write(chunk)
    size = buffer.tell()
    buffer.seek(0)
    return InMemoryUploadedFile(buffer, "file", name, "application/octet-stream", size, None)


class Stored:
    """The files attached during a restore, deleted again if it fails (see the docstring)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def add(self, receipt: Any) -> None:
        self.names.append(receipt.file.name)

    @contextlib.contextmanager
    def removed_on_failure(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            for name in self.names:
                default_storage.delete(name)
            raise
