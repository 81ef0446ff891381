"""A whole business to take away: the versioned document (`FORMAT`, `VERSION`) that
`GET .../export` answers and `POST /api/khata/businesses/import` reads back
(actions.portable.restore_business), and the same as CSV files in a ZIP.

What is in it: the business's settings, its parties (deleted ones too, marked, so the
records that name them stay whole), the live gave/got entries, bills (sale and purchase)
with their lines, payments, credit notes with their lines, the cashbook, staff, punches and day statuses, and
the receipts of live entries and bills (their rows in the document; their files in the ZIP only,
`hisaab-khata/receipts/<id>-<name>`: an import of the ZIP attaches them again, one of the JSON
alone leaves them out and counts them). Left out: members (other people's access does not
move), reminders (derived), entry histories, tombstones.

Money rules: every amount is a decimal string at the business currency's precision
(config.money.format_amount), never a float; rates and quantities are decimal strings too.
Ids are the original's, so rows can name each other; an import gives every row a new id.
Each table is in creation order (`created_at`), which an import replays."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from config import money, receipt_archive
from config.api.errors import Invalid
from ledger.khata import selectors
from ledger.khata.models import (
    AttendanceDay,
    Bill,
    Business,
    CreditNote,
    Entry,
    EntryReceipt,
    Party,
    Payment,
    Punch,
    Role,
    Staff,
)

FORMAT = "hisaab.khata"
VERSION = 1

# Who may take the business away: everything in it must be theirs to read (the cashbook and
# staff pay are managers' and owners', selectors.READ_ROLE / PAY_ROLE), so a clerk may not.
EXPORT_ROLE = Role.MANAGER

BUSINESS_FIELDS = (
    "name", "address", "phone", "gstin", "state_code", "currency", "time_zone", "invoice_prefix",
    "next_invoice_number", "default_tax_rate", "default_payment_terms_days", "upi_id", "reminders_enabled",
    "reminder_after_days", "reminder_every_days", "logo_url", "auto_cashbook", "shift_minutes", "half_day_minutes",
    "grace_minutes",
)
# Per table: its columns, and which of them are amounts in the business's currency.
TABLES: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    "parties": (("id", "kind", "name", "phone", "email", "address", "gstin", "state_code", "opening_balance",
                 "credit_limit", "notes", "balance", "deleted", "created_at"),
                frozenset({"opening_balance", "credit_limit", "balance"})),
    "entries": (("id", "party", "kind", "amount", "date", "note", "attachment_url", "settlement", "mode",
                 "created_at"), frozenset({"amount"})),
    "bills": (("id", "party", "kind", "state", "series", "seq", "number", "issue_date", "due_date", "tax_mode",
               "discount", "subtotal", "tax_total", "round_off", "total", "paid", "credited", "notes", "created_at"),
              frozenset({"discount", "subtotal", "tax_total", "round_off", "total", "paid", "credited"})),
    "bill_lines": (("bill", "position", "description", "hsn", "quantity", "unit", "unit_price", "discount",
                    "tax_rate", "taxable", "cgst", "sgst", "igst", "amount"),
                   frozenset({"unit_price", "discount", "taxable", "cgst", "sgst", "igst", "amount"})),
    "payments": (("id", "bill", "amount", "date", "mode", "note", "created_at"), frozenset({"amount"})),
    "credit_notes": (("id", "bill", "state", "number", "date", "reason", "tax_mode", "tax_total", "round_off",
                      "total", "created_at"), frozenset({"tax_total", "round_off", "total"})),
    "credit_note_lines": (("credit_note", "position", "description", "hsn", "quantity", "unit", "unit_price",
                           "discount", "tax_rate", "taxable", "cgst", "sgst", "igst", "amount"),
                          frozenset({"unit_price", "discount", "taxable", "cgst", "sgst", "igst", "amount"})),
    "cashbook": (("id", "direction", "amount", "date", "category", "mode", "note", "source", "source_id",
                  "created_at"), frozenset({"amount"})),
    "staff": (("id", "name", "phone", "role", "status", "salary_type", "salary_amount", "joining_date"),
              frozenset({"salary_amount"})),
    "punches": (("id", "staff", "kind", "at", "date", "device"), frozenset()),
    "attendance": (("id", "staff", "date", "status", "note"), frozenset()),
    "receipts": (("id", "entry", "bill", "name", "content_type", "size", "sha256", "created_at"), frozenset()),
}
# Foreign keys written as the other row's id.
_REFERENCES = {"party": "party_id", "bill": "bill_id", "staff": "staff_id", "credit_note": "note_id",
               "entry": "entry_id"}


def get_business_to_export(user: Any, business_id: Any) -> Business:
    """The business, if `user` may export it: NotFound for non-members, Forbidden
    (`insufficient_role`) for a clerk."""
    business = selectors.get_business_for(user, business_id)
    selectors.require_role(user, business.id, EXPORT_ROLE)
    return business


def _cell(value: Any, *, amount: bool, currency: str) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return money.format_amount(value, currency) if amount else _decimal(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"No document form for {type(value).__name__}.")


def _decimal(value: Decimal) -> str:
    """A rate or a quantity without trailing zeros ("18", "2.5")."""
    return format(value.normalize(), "f")


def _row(obj: Model, table: str, currency: str) -> dict[str, Any]:
    columns, amounts = TABLES[table]
    row = {}
    for name in columns:
        if name == "deleted":
            value: Any = obj.deleted_at is not None  # type: ignore[attr-defined]
        else:
            value = getattr(obj, _REFERENCES.get(name, name))
        row[name] = _cell(value, amount=name in amounts, currency=currency)
    return row


def _rows(qs: QuerySet, table: str, currency: str) -> list[dict[str, Any]]:
    return [_row(obj, table, currency) for obj in qs]


def _with_lines(qs: QuerySet, table: str, line_table: str, parent: str, currency: str) -> list[dict[str, Any]]:
    """Rows of a bill or credit note table, each with its lines (in position order)."""
    out = []
    for obj in qs.prefetch_related("lines").order_by("created_at", "id"):
        row = _row(obj, table, currency)
        row["lines"] = [{k: v for k, v in _row(line, line_table, currency).items() if k != parent}
                        for line in sorted(obj.lines.all(), key=lambda x: x.position)]
        out.append(row)
    return out


def document_of(business: Business) -> dict[str, Any]:
    """The business as one versioned document (see the module docstring)."""
    currency = business.currency
    live = {"business": business, "deleted_at": None}
    first = ("created_at", "id")
    bill_rows = _with_lines(Bill.objects.filter(**live), "bills", "bill_lines", "bill", currency)
    note_rows = _with_lines(CreditNote.objects.filter(**live), "credit_notes", "credit_note_lines", "credit_note",
                            currency)
    cash = selectors.cash_entries_of(business)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "business": {"id": str(business.id),
                     **{name: _cell(getattr(business, name), amount=False, currency=currency)
                        for name in BUSINESS_FIELDS}},
        "parties": _rows(Party.objects.filter(business=business).order_by(*first), "parties", currency),
        "entries": _rows(Entry.objects.filter(**live).order_by(*first), "entries", currency),
        "bills": bill_rows,
        "payments": _rows(Payment.objects.filter(**live).order_by(*first), "payments", currency),
        "credit_notes": note_rows,
        "cashbook": _rows(cash.order_by(*first), "cashbook", currency),
        "staff": _rows(Staff.objects.filter(**live).order_by(*first), "staff", currency),
        "punches": _rows(Punch.objects.filter(**live, staff__deleted_at=None).order_by("at", "id"), "punches",
                         currency),
        "attendance": _rows(AttendanceDay.objects.filter(**live, staff__deleted_at=None).order_by("date", "id"),
                            "attendance", currency),
        "receipts": _rows(_receipts(business).order_by(*first), "receipts", currency),
    }


def _receipts(business: Business) -> QuerySet:
    """The live receipts of the business's live entries and bills."""
    return EntryReceipt.objects.filter(Q(entry__isnull=False, entry__deleted_at=None)
                                       | Q(bill__isnull=False, bill__deleted_at=None),
                                       business=business, deleted_at=None)


def tables_of(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The document as flat tables, one per CSV: bill lines in a table of their own."""
    tables = {name: document[name] for name in TABLES if name in document}
    tables["bills"] = [{k: v for k, v in bill.items() if k != "lines"} for bill in document["bills"]]
    tables["bill_lines"] = [{"bill": bill["id"], **line} for bill in document["bills"] for line in bill["lines"]]
    notes = document.get("credit_notes", [])
    tables["credit_notes"] = [{k: v for k, v in note.items() if k != "lines"} for note in notes]
    tables["credit_note_lines"] = [{"credit_note": note["id"], **line} for note in notes for line in note["lines"]]
    tables["business"] = [document["business"]]
    return tables


ZIP_ROOT = "hisaab-khata"


def zip_of(document: dict[str, Any]) -> IO[bytes]:
    """`hisaab-khata/data.json` (the document, importable as it is), one CSV per table, every
    cell through the one formula-escaping CSV writer, and the file of each receipt the document
    lists (social.personal_data.zip_file): a temporary file, for a streaming response."""
    from social.personal_data import zip_file

    ids = [row["id"] for row in document.get("receipts", [])]
    files = receipt_archive.paths(EntryReceipt.objects.filter(pk__in=ids).order_by("pk"))
    return zip_file(ZIP_ROOT, document, tables_of(document), files)


def filename(business: Business, extension: str) -> str:
    return f"khata-{business.today().isoformat()}-{str(business.id)[:8]}.{extension}"


# --- reading a document back -------------------------------------------------------------------

# An uploaded export's JSON file may be as large as a statement import (5 MB); its ZIP, which
# carries receipt files, as large as the multipart body limit (config/body_limit.py). The
# JSON inside a ZIP may inflate to at most
# MAX_JSON_BYTES (read no further: a ZIP bomb stops there). A JSON body is bounded by
# DATA_UPLOAD_MAX_MEMORY_SIZE like every other.
MAX_FILE_BYTES = 5_000_000
MAX_JSON_BYTES = 25_000_000


def _refused(problem: str) -> Invalid:
    return Invalid(problem, fields={"file": [problem]})


@dataclass
class Upload:
    """An uploaded export: its parsed JSON and, for a ZIP, the receipt files in it (read while
    the import runs: keep the upload open until then)."""

    document: Any
    archive: zipfile.ZipFile | None = None
    files: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def receipt_file(self, receipt_id: str, name: str) -> UploadedFile | None:
        info = self.files.get(receipt_id)
        if self.archive is None or info is None:
            return None
        return receipt_archive.upload_of(self.archive, info, name)


def read_upload(upload: Any) -> Upload:
    """An uploaded export: its JSON file, or `data.json` and the receipt files in its ZIP (a
    ZIP may be as large as the multipart limit allows, MAX_UPLOAD_BODY_SIZE; a JSON file
    MAX_FILE_BYTES)."""
    head = upload.read(4)
    upload.seek(0)
    archive = None
    if head.startswith(b"PK"):
        try:
            archive = zipfile.ZipFile(upload)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
                zlib.error):
            raise _refused("The ZIP cannot be read.")
        raw = _json_in_zip(archive)
    else:
        if upload.size > MAX_FILE_BYTES:
            raise _refused(f"The file is too large ({MAX_FILE_BYTES // 1_000_000} MB at most).")
        raw = upload.read()
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refused("The file is neither an export's JSON nor its ZIP.")
    files = receipt_archive.in_zip(archive, ZIP_ROOT) if archive is not None else {}
    return Upload(document, archive, files)


def _json_in_zip(archive: zipfile.ZipFile) -> bytes:
    try:
        found = [i for i in archive.infolist() if i.filename.rsplit("/", 1)[-1] == "data.json"]
        if len(found) != 1:
            raise _refused("The ZIP holds no data.json (export the business again).")
        if found[0].file_size > MAX_JSON_BYTES:
            raise _refused("The data.json in the ZIP is too large.")
        with archive.open(found[0]) as member:
            data = member.read(MAX_JSON_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
            zlib.error):
        raise _refused("The ZIP cannot be read.")
    if len(data) > MAX_JSON_BYTES:
        raise _refused("The data.json in the ZIP is too large.")
    return data
