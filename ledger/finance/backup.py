"""Reading a finance export back: the ZIP that `GET /api/finance/export` gives (its
`finance/data.json` and the receipt files under `finance/receipts/`), or that JSON alone,
into what ledger.finance.restore restores. Only the reading is here: limits, formats and
the document's outer shape.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_noop

from config import receipt_archive
from config.api.errors import Invalid
from config.phrases import sentence

MAX_JSON_BYTES = 64 << 20  # data.json inside the ZIP, decompressed
ROOT = "finance"
DATA_PATH = f"{ROOT}/data.json"
# The entities an export holds and a restore reads (alerts are worked out again).
RESTORED = ("finance_category", "finance_account", "finance_transaction", "finance_rule", "finance_budget",
            "finance_bill", "finance_recurring", "finance_settings", "exchange_rate", "finance_receipt")
IGNORED = ("finance_budget_alert",)


@dataclass
class Backup:
    """An export as read: its entities and, for a ZIP, its receipt files by receipt id."""

    entities: dict[str, list[dict[str, Any]]]
    archive: zipfile.ZipFile | None = None
    files: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def arguments(self) -> dict[str, Any]:
        """restore_finance's keyword arguments."""
        return {"entities": self.entities, "receipt_file": self.receipt_file}

    def receipt_file(self, receipt_id: str, name: str) -> UploadedFile | None:
        info = self.files.get(receipt_id)
        if self.archive is None or info is None:
            return None
        return receipt_archive.upload_of(self.archive, info, name)


def _refuse(text: str, **details: Any) -> Invalid:
    message = sentence(text, **details)
    return Invalid(message, code="invalid_backup", fields={"file": [message]})


def read(upload: Any) -> Backup:
    """The uploaded export: {entity: [objects]} for the RESTORED ones and, for a ZIP, its
    receipt files (read from the upload while the restore runs: keep it open until then)."""
    head = upload.read(4)
    upload.seek(0)
    archive = _zip(upload) if head.startswith(b"PK") else None
    raw = _data_in(archive) if archive is not None else upload.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        raise _refuse(gettext_noop("The export is too large."))
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _refuse(gettext_noop("This is not a Hisaab finance export (finance/data.json).")) from None
    files = receipt_archive.in_zip(archive, ROOT) if archive is not None else {}
    return Backup(entities_of(document), archive, files)


_UNREADABLE = (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError)


def _zip(upload: Any) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(upload)
    except _UNREADABLE:
        raise _refuse(gettext_noop("The ZIP cannot be read.")) from None


def _data_in(archive: zipfile.ZipFile) -> bytes:
    try:
        info = archive.getinfo(DATA_PATH)
    except KeyError:
        raise _refuse(gettext_noop("The ZIP holds no %(path)s: export it again from Hisaab."), path=DATA_PATH) from None
    if info.file_size > MAX_JSON_BYTES:
        raise _refuse(gettext_noop("The export is too large."))
    try:
        with archive.open(info) as source:
            return source.read(MAX_JSON_BYTES + 1)
    except _UNREADABLE:
        raise _refuse(gettext_noop("The ZIP cannot be read.")) from None


def entities_of(document: Any) -> dict[str, list[dict[str, Any]]]:
    entities = document.get("entities") if isinstance(document, dict) else None
    if not isinstance(entities, dict):
        raise _refuse(gettext_noop("This is not a Hisaab finance export (no entities)."))
    unknown = sorted(set(entities) - set(RESTORED) - set(IGNORED))
    if unknown:
        raise _refuse(gettext_noop("Unknown kinds of record: %(kinds)s."), kinds=", ".join(unknown[:5]))
    out: dict[str, list[dict[str, Any]]] = {}
    for name in RESTORED:
        objects = entities.get(name, [])
        if not isinstance(objects, list) or not all(isinstance(o, dict) for o in objects):
            raise _refuse(gettext_noop("%(kind)s is not a list of records."), kind=name)
        out[name] = objects
    return out
