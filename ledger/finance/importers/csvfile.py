"""CSV statements: the standard library's reader, columns by mapping or preset.

Header names match ignoring case and surrounding spaces, and a space after each comma is
read as a separator's (`Date, Amount`). The header may come after a few title lines (Venmo).
Without `date_format` the date format is detected (see `dates`); without `delimiter` it is
the one of , ; tab | that the header line uses most."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_noop

from ledger.finance.importers.amounts import parse_amount
from ledger.finance.importers.base import (
    MAX_ROWS,
    ParsedRow,
    Statement,
    UnreadableFile,
    decode_text,
)
from ledger.finance.importers.dates import choose_order, parse_day
from ledger.finance.importers.presets import PRESETS, Preset, columns_for, norm

FIELDS = ("date", "amount", "debit", "credit", "payee", "notes", "id", "currency")
HEADER_SEARCH = 30  # title lines allowed before the header


class NeedsColumns(UnreadableFile):
    """The columns could not be found: the person has to name them or pick a preset."""

    def __init__(self, text: str, field: str = "mapping", **details: Any) -> None:
        super().__init__(text, **details)
        self.field = field


def parse_csv(raw: bytes | str, *, mapping: dict[str, Any] | None = None, preset: str | None = None,
              date_order: str | None = None) -> Statement:
    mapping = mapping or {}
    text = decode_text(raw)
    delimiter = mapping.get("delimiter") or _sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
            if len(records) > MAX_ROWS + HEADER_SEARCH:
                raise UnreadableFile(gettext_noop("More than %(rows)s rows in one file."), rows=MAX_ROWS)
    except csv.Error as exc:
        raise UnreadableFile(gettext_noop("Line %(line)s: not readable as CSV (%(why)s)."), line=reader.line_num, why=str(exc))
    at, columns, used = _header(records, mapping, preset)
    body = [(line, cells) for line, cells in records[at + 1:] if cells]
    header = records[at][1]
    index = {name: header.index(col) for name, col in columns.items()}

    def cell(cells: list[str], name: str) -> str:
        i = index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    stmt = Statement(rows=[], settings={"preset": used.key if used else "custom", "delimiter": delimiter,
                                        "columns": {k: v[:100] for k, v in columns.items()}})
    if at:
        stmt.warnings.append(f"The first {at} line(s) before the header were skipped.")
    fmt = mapping.get("date_format")
    order = None
    if not fmt:
        order, notes = choose_order([cell(c, "date") for _, c in body], date_order,
                                    used.date_order if used else "dmy")
        stmt.warnings += notes
        stmt.settings["date_order"] = order
    for line, cells in body:
        row = stmt.add(ParsedRow(line=line))
        row.error = _read(row, lambda name, cells=cells: cell(cells, name), used, fmt, order,
                          mapping.get("decimal_comma"))
    return stmt


def _sniff(text: str) -> str:
    first = next((line for line in text.splitlines()[:HEADER_SEARCH] if line.count(",") + line.count(";")
                  + line.count("\t") + line.count("|") > 1), "")
    return max(",;\t|", key=lambda d: (first.count(d), d == ","))


def _header(records: list[tuple[int, list[str]]], mapping: dict[str, Any], preset: str | None,
            ) -> tuple[int, dict[str, str], Preset | None]:
    """(index of the header record, field -> header cell, the preset used or None)."""
    wanted = {k: mapping[k] for k in FIELDS if mapping.get(k)}
    candidates = [(i, cells) for i, (_, cells) in enumerate(records[:HEADER_SEARCH]) if cells]
    if not candidates:
        raise UnreadableFile(gettext_noop("The file is empty."))
    if wanted:
        for i, cells in candidates:
            present = {norm(c): c for c in reversed(cells)}
            if all(norm(v) in present for v in wanted.values()):
                return i, {k: present[norm(v)] for k, v in wanted.items()}, None
        present = {norm(c) for c in candidates[0][1]}
        missing = [v for v in wanted.values() if norm(v) not in present]
        raise NeedsColumns(gettext_noop("Columns not in the file's header: %(columns)s."), columns=", ".join(missing))
    presets = [PRESETS[preset]] if preset else list(PRESETS.values())
    for i, cells in candidates:
        for p in presets:
            if (found := columns_for(p, cells)) is not None:
                return i, found, p
    heading = ", ".join(c.strip() for c in candidates[0][1])[:200]
    if preset:
        raise NeedsColumns(gettext_noop("The file does not have the columns of a %(bank)s export (its header: %(header)s)."),
                           field="preset", bank=PRESETS[preset].label, header=heading)
    raise NeedsColumns(gettext_noop("No preset fits the columns (%(header)s); choose the date and amount columns."),
                       header=heading)


def _read(row: ParsedRow, cell, preset: Preset | None, fmt: str | None, order: str | None,
          decimal_comma: bool | None) -> str:
    """Fill the row; the reason it is skipped, or ''."""
    values = [cell(name) for name in ("date", "amount", "debit", "credit")]
    if not any(values):
        return "not a transaction line (no date, no amount)"
    try:
        row.date = datetime.strptime(values[0], fmt).date() if fmt else parse_day(values[0], order or "dmy")
    except ValueError as exc:
        return f"date {values[0]!r} does not match {fmt}" if fmt else str(exc)
    try:
        if values[1] or not (values[2] or values[3]):
            row.amount = parse_amount(values[1], decimal_comma)
        else:
            debit = parse_amount(values[2], decimal_comma) if values[2] else 0
            credit = parse_amount(values[3], decimal_comma) if values[3] else 0
            if debit and credit:
                return "both debit and credit are filled"
            row.amount = -abs(debit) if debit else abs(credit)
    except ValueError:
        return "amount is not a number"
    row.currency = cell("currency").upper() or None
    row.notes = cell("notes")[:2000]
    row.fitid = cell("id")[:255] or None
    row.payee = cell("payee")[:200]
    if preset and preset.payee_by_direction:
        row.payee = cell(preset.payee_by_direction[0 if row.amount < 0 else 1])[:200]
    status = cell("status")
    if preset and preset.completed and status and norm(status) not in preset.completed:
        return f"status {status}: not completed"
    return ""
