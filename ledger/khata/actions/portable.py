"""Restore a business from its document (ledger/khata/portable.py): a NEW business owned by
the actor, every row made again, with a new id, through the ordinary actions, so balances,
statements, bill numbers, bill states and the cashbook are computed as the original's were,
and every row reaches the change feed.

All or nothing: one action, so one transaction; a row an action refuses, a row naming one
the document lacks, or a figure the rebuilt books do not reach (a party's balance, a bill's
total, the cashbook's balance) refuses the whole document with a 400 naming the row, and
nothing is left behind.

Order: rows are replayed in the order they were created (`created_at`), so movements of
one day keep their order on statements and in the cashbook. Bill numbers are taken again
in each series in number order (a draft issued late took a later number than bills created
after it: such a bill is issued ahead of its turn); a purchase bill keeps its supplier's
number, and credit notes take theirs again in the order they were made. Postings of cash payments and cash
entries to the cashbook follow the document: where the original had none (its business did
not post automatically then) the copy has none either.

Receipts come last: each file the upload holds (the ZIP's `hisaab-khata/receipts/<id>-<name>`)
is attached to the new entry or bill through attach_entry_receipt / attach_bill_receipt (their
checks: type from the bytes, 10 MB); one whose file is missing (a JSON upload) is left out and
counted (`receipts_left_out`). A refused import deletes the files it stored."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import DataError
from django.db.models import Q, Sum

from config import money
from config.api.errors import DomainError, Invalid
from config.receipt_archive import Stored
from ledger.khata.actions.bills import (
    cancel_bill,
    create_bill,
    record_payment,
    record_purchase_bill,
)
from ledger.khata.actions.business import create_business, update_settings
from ledger.khata.actions.cashbook import record_cash
from ledger.khata.actions.credit_notes import cancel_credit_note, issue_credit_note
from ledger.khata.actions.entries import record_entry, settled
from ledger.khata.actions.parties import create_party, delete_party
from ledger.khata.actions.receipts import attach_bill_receipt, attach_entry_receipt
from ledger.khata.actions.staff import create_staff, punch, set_day_status
from ledger.khata.models import (
    Bill,
    BillKind,
    BillState,
    Business,
    CashEntry,
    CashSource,
    CreditNote,
    CreditNoteState,
    Entry,
    Party,
    Settlement,
    Staff,
)
from realtime.feed import action

ZERO = Decimal(0)
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
# Settings that the replay moves on its way (bill numbering, cash postings) and sets last.
REPLAYED_SETTINGS = ("invoice_prefix", "next_invoice_number", "auto_cashbook")
_ROW_ONLY = {"id", "created_at"}


@contextlib.contextmanager
def _at(path: str) -> Iterator[None]:
    """Name the document's row in any refusal of the actions replaying it."""
    try:
        yield
    except DomainError as exc:
        raise Invalid(f"{path}: {exc.message}", fields={path: exc.fields or [exc.message]}) from exc
    except DataError as exc:
        # Each amount is within the limit, but thousands of them can carry a party's totals
        # past what the books hold: the document is refused (its savepoint is rolled back).
        raise _refuse(path, "The amounts add up to more than the books can hold.") from exc


def _refuse(path: str, problem: str) -> Invalid:
    return Invalid(f"{path}: {problem}", fields={path: [problem]})


def _fields(row: dict[str, Any], *leave_out: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in _ROW_ONLY and k not in leave_out}


def _index(document: dict[str, Any], table: str) -> dict[UUID, int]:
    """Row id -> position, refusing a repeated id."""
    seen: dict[UUID, int] = {}
    for i, row in enumerate(document[table]):
        if row["id"] in seen:
            raise _refuse(f"{table}[{i}]", f"The id {row['id']} is also {table}[{seen[row['id']]}].")
        seen[row["id"]] = i
    return seen


def check_references(document: dict[str, Any]) -> None:
    """Every row names rows the document holds; ids and bill numbers are not repeated."""
    ids = {table: _index(document, table) for table in
           ("parties", "entries", "bills", "payments", "credit_notes", "cashbook", "staff", "punches", "attendance")}
    names = [("entries", "party", "parties"), ("bills", "party", "parties"), ("payments", "bill", "bills"),
             ("credit_notes", "bill", "bills"),
             ("punches", "staff", "staff"), ("attendance", "staff", "staff"),
             ("receipts", "entry", "entries"), ("receipts", "bill", "bills")]
    _index(document, "receipts")
    for table, column, target in names:
        for i, row in enumerate(document[table]):
            if table == "receipts" and row.get(column) is None:
                continue  # a receipt names an entry or a bill
            if row[column] not in ids[target]:
                raise _refuse(f"{table}[{i}].{column}", f"No row of {target} has the id {row[column]}.")
    sources = {CashSource.ENTRY: "entries", CashSource.PAYMENT: "payments"}
    for i, row in enumerate(document["cashbook"]):
        if row["source"] != CashSource.MANUAL and row["source_id"] not in ids[sources[row["source"]]]:
            raise _refuse(f"cashbook[{i}].source_id", f"No row of {sources[row['source']]} has the id"
                                                      f" {row['source_id']}.")
    numbers: dict[tuple[str, int], int] = {}
    for i, row in enumerate(document["bills"]):
        if not _numbered(row):
            continue
        key = (row["series"], row["seq"])
        if key in numbers:
            raise _refuse(f"bills[{i}].seq", f"Number {row['seq']} of series {row['series']!r} is also"
                                             f" bills[{numbers[key]}]'s.")
        numbers[key] = i


def _numbered(row: dict[str, Any]) -> bool:
    """A sale bill with a number of ours (a purchase bill has its supplier's)."""
    return row["state"] != BillState.DRAFT and row.get("kind", BillKind.SALE) == BillKind.SALE


class _Replay:
    """The new business being built, and the document's ids mapped to its rows."""

    def __init__(self, actor: Any, business: Business, document: dict[str, Any]) -> None:
        self.actor, self.business, self.doc = actor, business, document
        self.parties: dict[UUID, Party] = {}
        self.staff: dict[UUID, Staff] = {}
        self.bills: dict[UUID, Bill] = {}
        self.notes: dict[UUID, CreditNote] = {}
        self.entries: dict[UUID, Entry] = {}
        self.posted = {row["source_id"] for row in document["cashbook"] if row["source"] != CashSource.MANUAL}
        self.unmatched_postings = set(self.posted)
        self.bill_at = {row["id"]: i for i, row in enumerate(document["bills"])}
        self.queues: dict[str, deque[int]] = defaultdict(deque)
        numbered = [i for i, row in enumerate(document["bills"]) if _numbered(row)]
        for i in sorted(numbered, key=lambda i: document["bills"][i]["seq"]):
            self.queues[document["bills"][i]["series"]].append(i)

    # --- settings the replay moves ---------------------------------------------------------

    def _settle(self, **wanted: Any) -> None:
        business = Business.objects.get(pk=self.business.pk)
        changes = {k: v for k, v in wanted.items() if getattr(business, k) != v}
        if "invoice_prefix" in changes and "next_invoice_number" in wanted:
            # Another series starts after its last bill unless told where (actions.business).
            changes["next_invoice_number"] = wanted["next_invoice_number"]
        if changes:
            self.business = update_settings(self.actor, business=business, **changes)
        else:
            self.business = business

    def _post_cash_if_original_did(self, source_id: UUID, moves_cash: bool) -> None:
        if moves_cash:
            self._settle(auto_cashbook=source_id in self.posted)
            self.unmatched_postings.discard(source_id)

    # --- rows --------------------------------------------------------------------------------

    def parties_and_staff(self) -> None:
        for i, row in enumerate(self.doc["parties"]):
            with _at(f"parties[{i}]"):
                self.parties[row["id"]] = create_party(self.actor, business=self.business,
                                                       **_fields(row, "balance", "deleted"))
        for i, row in enumerate(self.doc["staff"]):
            with _at(f"staff[{i}]"):
                self.staff[row["id"]] = create_staff(self.actor, business=self.business, **_fields(row))

    def timeline(self) -> None:
        """Entries, bills, payments, credit notes and hand-written cash rows, in the order they
        were made."""
        rank = {"bills": 0, "entries": 1, "payments": 2, "credit_notes": 3, "cashbook": 4}
        steps = [(row.get("created_at") or EARLIEST, rank[table], i, table)
                 for table in rank for i, row in enumerate(self.doc[table])
                 if table != "cashbook" or row["source"] == CashSource.MANUAL]
        for _when, _rank, i, table in sorted(steps, key=lambda s: s[:3]):
            getattr(self, f"_{table}")(i)

    def _entries(self, i: int) -> None:
        row = self.doc["entries"][i]
        with _at(f"entries[{i}]"):
            settlement, mode = settled(row.get("settlement"), row.get("mode"))
            self._post_cash_if_original_did(row["id"], settlement == Settlement.PAYMENT and mode == "cash")
            self.entries[row["id"]] = record_entry(self.actor, business=self.business,
                                                   party_id=self.parties[row["party"]].pk,
                                                   override_credit_limit=True, **_fields(row, "party"))

    def _bills(self, i: int) -> None:
        row = self.doc["bills"][i]
        if row["id"] in self.bills:
            return
        if row.get("kind") == BillKind.PURCHASE:
            return self._purchase_bill(i)
        if row["state"] != BillState.DRAFT:
            queue = self.queues[row["series"]]
            while queue[0] != i:  # a lower number of the series goes first (module docstring)
                self._bills(queue[0])
            queue.popleft()
        with _at(f"bills[{i}]"):
            if row["state"] != BillState.DRAFT:
                self._settle(invoice_prefix=row["series"], next_invoice_number=row["seq"])
            lines = [_fields(line, "position", "taxable", "cgst", "sgst", "igst", "amount") for line in row["lines"]]
            bill = create_bill(
                self.actor, business=self.business, party_id=self.parties[row["party"]].pk, lines=lines,
                issue_date=row["issue_date"], due_date=row["due_date"], discount=row.get("discount"),
                notes=row.get("notes", ""), issue=row["state"] != BillState.DRAFT, override_credit_limit=True,
            )
            if row["state"] == BillState.CANCELLED:
                bill = cancel_bill(self.actor, bill=bill)
        self.bills[row["id"]] = bill

    def _purchase_bill(self, i: int) -> None:
        row = self.doc["bills"][i]
        with _at(f"bills[{i}]"):
            lines = [_fields(line, "position", "taxable", "cgst", "sgst", "igst", "amount") for line in row["lines"]]
            bill = record_purchase_bill(
                self.actor, business=self.business, party_id=self.parties[row["party"]].pk, number=row["number"],
                lines=lines, issue_date=row["issue_date"], due_date=row["due_date"], discount=row.get("discount"),
                notes=row.get("notes", ""),
            )
            if row["state"] == BillState.CANCELLED:
                bill = cancel_bill(self.actor, bill=bill)
        self.bills[row["id"]] = bill

    def _credit_notes(self, i: int) -> None:
        row = self.doc["credit_notes"][i]
        self._bills(self.bill_at[row["bill"]])
        with _at(f"credit_notes[{i}]"):
            lines = [_fields(line, "position", "taxable", "cgst", "sgst", "igst", "amount") for line in row["lines"]]
            note = issue_credit_note(self.actor, bill=self.bills[row["bill"]], lines=lines, reason=row["reason"],
                                     date=row["date"])
            if row["state"] == CreditNoteState.CANCELLED:
                note = cancel_credit_note(self.actor, note=note)
        self.notes[row["id"]] = note

    def _payments(self, i: int) -> None:
        row = self.doc["payments"][i]
        self._bills(self.bill_at[row["bill"]])
        with _at(f"payments[{i}]"):
            mode = row.get("mode", "cash")
            self._post_cash_if_original_did(row["id"], mode == "cash")
            record_payment(self.actor, bill=self.bills[row["bill"]], **_fields(row, "bill"))

    def _cashbook(self, i: int) -> None:
        with _at(f"cashbook[{i}]"):
            record_cash(self.actor, business=self.business, **_fields(self.doc["cashbook"][i], "source", "source_id"))

    def receipts(self, receipt_file: Callable[[str, str], Any] | None, stored: Stored) -> tuple[int, int]:
        """Attach each receipt whose file the upload holds; (attached, left out)."""
        attached = left_out = 0
        for i, row in enumerate(self.doc["receipts"]):
            upload = receipt_file(str(row["id"]), row["name"]) if receipt_file else None
            if upload is None:
                left_out += 1
                continue
            with _at(f"receipts[{i}]"), upload:
                if row.get("entry") is not None:
                    receipt = attach_entry_receipt(self.actor, entry=self.entries[row["entry"]], upload=upload)
                else:
                    receipt = attach_bill_receipt(self.actor, bill=self.bills[row["bill"]], upload=upload)
            stored.add(receipt)
            attached += 1
        return attached, left_out

    def attendance(self) -> None:
        for i, row in enumerate(self.doc["punches"]):
            with _at(f"punches[{i}]"):
                punch(self.actor, staff=self.staff[row["staff"]], **_fields(row, "staff"))
        for i, row in enumerate(self.doc["attendance"]):
            with _at(f"attendance[{i}]"):
                set_day_status(self.actor, staff=self.staff[row["staff"]], **_fields(row, "staff"))

    def finish(self) -> None:
        """Parties deleted in the original go last (their rows were made while they were
        live); then the settings the replay moved are set to the original's."""
        for i, row in enumerate(self.doc["parties"]):
            if row.get("deleted"):
                with _at(f"parties[{i}]"):
                    delete_party(self.actor, party=self.parties[row["id"]])
        with _at("business"):
            original = self.doc["business"]
            self._settle(**{k: original[k] for k in REPLAYED_SETTINGS if k in original})


# --- the rebuilt books must reach the document's figures ---------------------------------------


def _differs(path: str, what: str, stated: Any, rebuilt: Any, currency: str) -> Invalid:
    def shown(value: Any) -> Any:
        return money.format_amount(value, currency) if isinstance(value, Decimal) else value

    return _refuse(path, f"The document says {what} {shown(stated)}; its rows make {shown(rebuilt)}.")


def check_figures(replay: _Replay) -> None:
    doc, currency = replay.doc, replay.business.currency
    fresh_parties = Party.objects.in_bulk([p.pk for p in replay.parties.values()])
    for i, row in enumerate(doc["parties"]):
        party = fresh_parties[replay.parties[row["id"]].pk]
        if row.get("balance") is not None and party.balance != row["balance"]:
            raise _differs(f"parties[{i}].balance", "a balance of", row["balance"], party.balance, currency)
    fresh_bills = Bill.objects.in_bulk([b.pk for b in replay.bills.values()])
    for i, row in enumerate(doc["bills"]):
        bill = fresh_bills[replay.bills[row["id"]].pk]
        for name in ("number", "tax_mode", "subtotal", "tax_total", "round_off", "total", "paid", "credited"):
            if row.get(name) not in (None, "") and getattr(bill, name) != row[name]:
                raise _differs(f"bills[{i}].{name}", f"the {name.replace('_', ' ')}", row[name], getattr(bill, name),
                               currency)
    fresh_notes = CreditNote.objects.in_bulk([n.pk for n in replay.notes.values()])
    for i, row in enumerate(doc.get("credit_notes", [])):
        note = fresh_notes[replay.notes[row["id"]].pk]
        for name in ("number", "tax_mode", "tax_total", "round_off", "total"):
            if row.get(name) not in (None, "") and getattr(note, name) != row[name]:
                raise _differs(f"credit_notes[{i}].{name}", f"the {name.replace('_', ' ')}", row[name],
                               getattr(note, name), currency)
    if replay.unmatched_postings:
        i = next(i for i, row in enumerate(doc["cashbook"]) if row["source_id"] in replay.unmatched_postings)
        raise _refuse(f"cashbook[{i}].source_id", "Posted from a row that moved no cash.")
    stated = sum((row["amount"] if row["direction"] == "in" else -row["amount"] for row in doc["cashbook"]), ZERO)
    sums = CashEntry.objects.filter(business=replay.business, deleted_at=None).aggregate(
        cin=Sum("amount", filter=Q(direction="in")), cout=Sum("amount", filter=Q(direction="out")))
    rebuilt = (sums["cin"] or ZERO) - (sums["cout"] or ZERO)
    if rebuilt != stated:
        raise _differs("cashbook", "a cash balance of", stated, rebuilt, currency)


@action
def restore_business(actor: Any, *, document: dict[str, Any],
                     receipt_file: Callable[[str, str], Any] | None = None) -> tuple[Business, dict[str, int]]:
    """`document`: validated by ledger.khata.api.portable_serializers.BusinessDocumentIn;
    `receipt_file(receipt id, name)`: that receipt's file in the upload, or None
    (ledger.khata.portable.Upload). Returns the new business and how many rows of each table
    were made (and how many receipts were left out)."""
    document = {"receipts": [], **document}  # a document made before receipts travelled
    check_references(document)
    settings = _fields(document["business"], *REPLAYED_SETTINGS)
    with _at("business"):
        business = create_business(actor, **settings)
    replay = _Replay(actor, business, document)
    replay.parties_and_staff()
    replay.timeline()
    replay.attendance()
    replay.finish()
    check_figures(replay)
    stored = Stored()
    with stored.removed_on_failure():
        attached, left_out = replay.receipts(receipt_file, stored)
    tables = ("parties", "entries", "bills", "payments", "credit_notes", "cashbook", "staff", "punches", "attendance")
    return replay.business, {**{table: len(document[table]) for table in tables},
                             "receipts": attached, "receipts_left_out": left_out}
