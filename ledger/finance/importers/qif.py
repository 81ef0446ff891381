"""QIF statements, record by record.

QIF is lines of a one-letter code and a value, records ended by `^`, sections opened by
`!Type:...`. quiffen (the maintained QIF library) reads a whole file or nothing: one record
with an impossible date or no amount refuses the file, its dates go through dateutil (which
swaps day and month silently when a value only fits the other way), it reads `T12,50` as
1250, and its investment records have no payee, which made `!Type:Invst` files fail. So
records are read here, each on its own: a bad record becomes an invalid row with the line
number where it starts and the rest imports.

- Bank-like sections (Bank, Cash, CCard, Oth A, Oth L, Invoice): D date, T (or U) signed
  amount, P payee, M memo; split lines (S, E, $) are parts of T and are not rows.
- `!Type:Invst`: the cash side of each record, where it moves this account's cash: Buy,
  MiscExp, MargInt, XOut, CvrShrt take T out; Sell, Div, IntInc, CG*, MiscInc, RtrnCap,
  XIn, ShtSell bring T in; Cash is T as signed. An `...X` action moved the cash to or from
  another account (its L line), and share-only actions (ReinvDiv, ShrsIn, StkSplit ...)
  move none: those records are skipped with that reason.
- Other sections (categories, classes, securities, prices, account lists) hold no rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop

from ledger.finance.importers.amounts import parse_amount
from ledger.finance.importers.base import ParsedRow, Statement, UnreadableFile, decode_text
from ledger.finance.importers.dates import choose_order, parse_day

_BANK = {"bank", "cash", "ccard", "otha", "othl", "invoice"}
_CASH_IN = {"sell", "div", "intinc", "cglong", "cgmid", "cgshort", "miscinc", "rtrncap", "xin", "shtsell"}
_CASH_OUT = {"buy", "miscexp", "margint", "xout", "cvrshrt"}
_NO_CASH = {"shrsin", "shrsout", "stksplit", "reinvdiv", "reinvint", "reinvlg", "reinvmd", "reinvsh",
            "reminder", "grant", "vest", "exercise", "expire"}


@dataclass
class _Record:
    kind: str  # bank | invst
    line: int
    fields: dict[str, str] = field(default_factory=dict)  # first value of each code


def parse_qif(raw: bytes | str, *, date_order: str | None = None) -> Statement:
    text = decode_text(raw).replace("\r\n", "\n").replace("\r", "\n")
    if not text.lstrip().startswith(("!", "D", "T", "^")):
        raise UnreadableFile(gettext_noop("Not a QIF file: it does not start with a !Type header."))
    warnings: list[str] = []
    records = list(_records(text, warnings))
    order, notes = choose_order([r.fields["D"] for r in records if r.fields.get("D")], date_order, "mdy")
    stmt = Statement(rows=[], warnings=warnings + notes, settings={"date_order": order})
    for rec in records:
        row = stmt.add(ParsedRow(line=rec.line, payee=rec.fields.get("P", "")[:200],
                                 notes=rec.fields.get("M", "")[:2000]))
        row.error = _read(rec, row, order)
    return stmt


def _records(text: str, warnings: list[str]) -> Iterator[_Record]:
    kind: str | None = None
    current: _Record | None = None
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.strip()
        if not line:
            continue
        if line.startswith("!"):
            name = line[1:].split(":", 1)
            if name[0].strip().lower() == "type":
                section = "".join(name[1].split()).lower() if len(name) > 1 else ""
                kind = "bank" if section in _BANK else "invst" if section == "invst" else "other"
            elif name[0].strip().lower() == "account":
                kind = "other"  # the account list that follows; its !Type comes next
            current = None
            continue
        if line == "^":
            if current is not None and current.kind != "other" and current.fields:
                yield current
            current = None
            continue
        if kind is None:
            kind = "bank"
            warnings.append("The file has no !Type header; it was read as a bank account.")
        if current is None:
            current = _Record(kind=kind, line=number)
        current.fields.setdefault(line[0].upper(), line[1:].strip())
    if current is not None and current.kind != "other" and current.fields:
        yield current  # a last record without its closing ^


def _read(rec: _Record, row: ParsedRow, order: str) -> str:
    """Fill the row from the record; the reason it is skipped, or ''."""
    if "D" not in rec.fields:
        return "no date (D line)"
    try:
        row.date = parse_day(rec.fields["D"], order)
    except ValueError as exc:
        return str(exc)
    total = rec.fields.get("T", rec.fields.get("U"))
    sign = Decimal(0)  # bank records: T is signed
    if rec.kind == "invst":
        action = rec.fields.get("N", "")
        sign, reason = _cash_side(action, rec.fields.get("L", ""))
        if reason:
            return reason
        row.payee = row.payee or rec.fields.get("Y", "")[:200]
        row.notes = " ".join(p for p in (action, rec.fields.get("Y", ""), row.notes) if p)[:2000]
    if not total:
        return "no amount (T line)"
    try:
        amount = parse_amount(total)
    except ValueError as exc:
        return str(exc)
    # Investment totals are written unsigned; the action says which way the cash went
    # (a Cash record is the exception: its sign is the direction).
    row.amount = amount if sign == 0 else abs(amount) * sign
    return ""


def _cash_side(action: str, to_account: str) -> tuple[Decimal, str]:
    """(+1 in / -1 out / 0 as signed, '') for an action that moves this account's cash, else
    (0, why the record is skipped)."""
    name = action.strip().lower()
    if name == "cash":
        return Decimal(0), ""  # signed as written
    if name in _CASH_IN:
        return Decimal(1), ""
    if name in _CASH_OUT:
        return Decimal(-1), ""
    if name.endswith("x") and (name[:-1] in _CASH_IN | _CASH_OUT or name[:-1] in ("contrib", "withdrw")):
        where = to_account.strip("[] ") or "another account"
        return Decimal(0), f"investment {action}: the cash moved to or from {where}, not this account"
    if name in _NO_CASH:
        return Decimal(0), f"investment {action}: no cash moved"
    if not name:
        return Decimal(0), "investment record without an action (N line)"
    return Decimal(0), f"investment action {action!r} is not one this import knows"
