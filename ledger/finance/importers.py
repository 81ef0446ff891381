"""Parsing bank statements into rows (no database here).

- OFX/QFX: `ofxtools` (actively maintained, strict and typed: amounts come out as
  Decimal, dates as aware datetimes, FITIDs as given; it reads OFX 1.x SGML and 2.x XML).
  `ofxparse` was the alternative; its last release is from 2021 and it reads amounts
  through float-prone paths in places, so ofxtools is the better-kept choice.
- QIF: `quiffen` (maintained, typed with pydantic, Decimal amounts, gives each record's
  line number for the report).
- CSV: the standard library, with a column mapping given by the client.

Every parser returns `ParsedRow`s; a row that cannot be read carries an `error` and is
reported as skipped, the file itself is refused only when it cannot be read at all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_ROWS = 20_000


class UnreadableFile(ValueError):
    pass


@dataclass
class ParsedRow:
    line: int
    date: date | None = None
    amount: Decimal | None = None  # signed: negative is money out
    payee: str = ""
    notes: str = ""
    fitid: str | None = None
    error: str = ""


def _text(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("The file is not text.")


def parse_ofx(raw: bytes | str) -> tuple[list[ParsedRow], str | None]:
    """Rows and the statement currency (CURDEF)."""
    from ofxtools.Parser import OFXTree

    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    tree = OFXTree()
    try:
        tree.parse(io.BytesIO(data))
        ofx = tree.convert()
    except Exception as exc:  # ofxtools raises many kinds; all mean "not a readable OFX file"
        raise UnreadableFile(f"Not a readable OFX/QFX file: {str(exc)[:200]}")
    rows: list[ParsedRow] = []
    currency = None
    for stmt in ofx.statements:
        currency = currency or getattr(stmt, "curdef", None)
        for trn in stmt.transactions or []:
            if len(rows) >= MAX_ROWS:
                raise UnreadableFile(f"More than {MAX_ROWS} transactions in one file.")
            payee = trn.name or ""
            if not payee and getattr(trn, "payee", None) is not None:
                payee = getattr(trn.payee, "name", "") or ""
            rows.append(ParsedRow(
                line=len(rows) + 1,
                date=trn.dtposted.date() if trn.dtposted else None,
                amount=trn.trnamt,
                payee=payee[:200],
                notes=(trn.memo or "")[:2000],
                fitid=(trn.fitid or None),
            ))
    return rows, currency


def parse_qif(raw: bytes | str, *, day_first: bool = False) -> list[ParsedRow]:
    from quiffen import Qif

    text = _text(raw).replace("\r\n", "\n")
    try:
        qif = Qif.parse_string(text, day_first=day_first)
    except Exception as exc:
        raise UnreadableFile(f"Not a readable QIF file: {str(exc)[:200]}")
    rows: list[ParsedRow] = []
    for account in qif.accounts.values():
        for txns in account.transactions.values():
            for t in txns:
                if len(rows) >= MAX_ROWS:
                    raise UnreadableFile(f"More than {MAX_ROWS} transactions in one file.")
                d = t.date.date() if isinstance(t.date, datetime) else t.date
                rows.append(ParsedRow(
                    line=getattr(t, "line_number", None) or len(rows) + 1, date=d,
                    amount=Decimal(t.amount) if t.amount is not None else None,
                    payee=(t.payee or "")[:200], notes=(t.memo or "")[:2000],
                ))
    rows.sort(key=lambda r: r.line)
    return rows


def _amount(value: str, decimal_comma: bool) -> Decimal:
    v = value.strip().replace(" ", "").replace("\u00a0", "")
    for sym in ("₹", "$", "€", "£"):
        v = v.replace(sym, "")
    negative = v.startswith("(") and v.endswith(")")
    v = v.strip("()")
    v = v.replace(".", "").replace(",", ".") if decimal_comma else v.replace(",", "")
    if v.endswith("-"):
        negative, v = True, v[:-1]
    amount = Decimal(v)
    if not amount.is_finite():
        raise InvalidOperation
    return -amount if negative else amount


def parse_csv(raw: bytes | str, *, mapping: dict[str, Any]) -> list[ParsedRow]:
    text = _text(raw)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=mapping.get("delimiter", ","))
    header = reader.fieldnames or []
    missing = [mapping[k] for k in ("date", "amount", "debit", "credit", "payee", "notes", "id")
               if k in mapping and mapping[k] not in header]
    if missing:
        raise UnreadableFile(f"Columns not in the file's header: {', '.join(missing)}.")
    fmt = mapping.get("date_format", "%Y-%m-%d")
    comma = bool(mapping.get("decimal_comma"))
    rows: list[ParsedRow] = []
    for i, rec in enumerate(reader, start=2):  # line 1 is the header
        if len(rows) >= MAX_ROWS:
            raise UnreadableFile(f"More than {MAX_ROWS} rows in one file.")
        row = ParsedRow(line=i)
        rows.append(row)
        if not any((v or "").strip() for v in rec.values() if isinstance(v, str)):
            row.error = "empty line"
            continue
        try:
            row.date = datetime.strptime((rec.get(mapping["date"]) or "").strip(), fmt).date()
        except ValueError:
            row.error = f"date {rec.get(mapping['date'])!r} does not match {fmt}"
            continue
        try:
            if "amount" in mapping:
                row.amount = _amount(rec.get(mapping["amount"]) or "", comma)
            else:
                debit = (rec.get(mapping["debit"]) or "").strip() if "debit" in mapping else ""
                credit = (rec.get(mapping["credit"]) or "").strip() if "credit" in mapping else ""
                if debit and credit:
                    row.error = "both debit and credit are filled"
                    continue
                row.amount = -abs(_amount(debit, comma)) if debit else abs(_amount(credit, comma))
        except (InvalidOperation, ValueError):
            row.error = "amount is not a number"
            continue
        row.payee = (rec.get(mapping["payee"]) or "").strip()[:200] if "payee" in mapping else ""
        row.notes = (rec.get(mapping["notes"]) or "").strip()[:2000] if "notes" in mapping else ""
        if "id" in mapping:
            row.fitid = (rec.get(mapping["id"]) or "").strip()[:255] or None
    return rows
