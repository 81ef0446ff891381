"""Reading a finance export back: the ZIP that `GET /api/finance/export` gives (its
`finance/data.json`), or that JSON alone, into the document ledger.finance.actions.restore
restores. Only the reading is here: limits, formats and the document's outer shape.
"""

from __future__ import annotations

import json
import zipfile
from typing import Any

from django.utils.translation import gettext_noop

from config.api.errors import Invalid
from config.phrases import sentence

MAX_JSON_BYTES = 64 << 20  # data.json inside the ZIP, decompressed
DATA_PATH = "finance/data.json"
# The entities an export holds and a restore reads (alerts are worked out again, receipts'
# files are not in this export).
RESTORED = ("finance_category", "finance_account", "finance_transaction", "finance_rule", "finance_budget",
            "finance_bill", "finance_recurring", "finance_settings", "exchange_rate")
IGNORED = ("finance_budget_alert", "finance_receipt")


def _refuse(text: str, **details: Any) -> Invalid:
    message = sentence(text, **details)
    return Invalid(message, code="invalid_backup", fields={"file": [message]})


def read(upload: Any) -> dict[str, list[dict[str, Any]]]:
    """The entities of an uploaded export: {entity: [objects]} for the RESTORED ones."""
    head = upload.read(4)
    upload.seek(0)
    raw = _from_zip(upload) if head.startswith(b"PK") else upload.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        raise _refuse(gettext_noop("The export is too large."))
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _refuse(gettext_noop("This is not a Hisaab finance export (finance/data.json).")) from None
    return entities_of(document)


def _from_zip(upload: Any) -> bytes:
    try:
        with zipfile.ZipFile(upload) as archive:
            try:
                info = archive.getinfo(DATA_PATH)
            except KeyError:
                raise _refuse(gettext_noop("The ZIP holds no %(path)s: export it again from Hisaab."), path=DATA_PATH) from None
            if info.file_size > MAX_JSON_BYTES:
                raise _refuse(gettext_noop("The export is too large."))
            with archive.open(info) as source:
                return source.read(MAX_JSON_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
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
